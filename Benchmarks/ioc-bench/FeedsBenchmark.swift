import Foundation
import TestSupport
import IOCConfig
import IndicatorEngine
import IndicatorStore

/// Data arriving by itself (#20), beside references measured in the same run on the same data:
/// - observations per second written through the InfluxDB-compatible endpoint by several
///   concurrent writers (HTTP/1.1 keep-alive, 5,000 lines a request) into a store `ioc serve`
///   leads, against the same lines through `ioc ingest` of a file into a fresh store;
/// - latency from a line written on a stream (`ioc ingest -`, a leader running) to its value
///   read by a follower (another connection polling the store), p50 and p99.
/// Usage: ioc-bench feeds [observations] [writers] [config dir]   (after 'swift build -c release')
func runFeedsBenchmark(_ args: [String]) {
    let total = args.first.flatMap { Int($0) } ?? 1_000_000
    let writers = args.dropFirst().first.flatMap { Int($0) } ?? 4
    let configDir = args.dropFirst(2).first ?? "config"
    let ioc = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ioc").path
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-feeds-\(getpid())")
    try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    do {
        let catalog = try ConfigLoader.load(directory: configDir).catalog
        let inputs = try IngestInput.write(catalog: catalog, total: total, into: work)
        print("input: \(total) observations, line protocol \(((try? FileManager.default.attributesOfItem(atPath: inputs.lpPath))?[.size] as? Int ?? 0) / 1_000_000) MB")
        let reference = inputs.timedIngest(ioc: ioc, configDir: configDir, store: work.appendingPathComponent("file.sqlite").path)
        print(String(format: "ioc ingest of the file (reference, same lines): %.2f s, %.0f observations/s", reference, Double(total) / reference))

        // The endpoint: a copy of the configuration with feeds.http on a free port.
        let config = work.appendingPathComponent("config").path
        try FileManager.default.copyItem(atPath: configDir, toPath: config)
        let port = freeLoopbackPort(), token = "bench-0123456789abcdef"
        let settings = config + "/ioc.yaml"
        let anchor = "  inbox: { path: data/inbox }\n"
        try String(contentsOfFile: settings, encoding: .utf8)
            .replacingOccurrences(of: anchor, with: anchor + "  http: { listen: \"127.0.0.1:\(port)\", tokens: tokens.yaml }\n")
            .write(toFile: settings, atomically: true, encoding: .utf8)
        try "tokens:\n  - { name: bench, token: \"\(token)\" }\n".write(toFile: config + "/tokens.yaml", atomically: true, encoding: .utf8)
        chmod(config + "/tokens.yaml", 0o600)
        let store = work.appendingPathComponent("http.sqlite").path
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: ioc)
        serve.arguments = ["serve", "--no-simulator", "--no-history", "--config", config, "--store", store]
        let log = Pipe()
        serve.standardError = log
        serve.standardOutput = FileHandle.nullDevice
        try serve.run()
        defer { serve.terminate(); serve.waitUntilExit() }
        let said = LogReader(log.fileHandleForReading)
        guard said.waitFor("http: listening", seconds: 60) else { throw BenchError("the endpoint did not start: \(said.text)") }

        let lines = try String(contentsOfFile: inputs.lpPath, encoding: .utf8).split(separator: "\n")
        let perRequest = 5_000
        let requests = stride(from: 0, to: lines.count, by: perRequest).map { lines[$0..<min(lines.count, $0 + perRequest)].joined(separator: "\n") }
        let next = Counter()
        let failures = Counter()
        let start = Date()
        let group = DispatchGroup()
        for _ in 0..<writers {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let client = try? HTTPClient(port: port) else { failures.add(1); return }
                while true {
                    let k = next.add(1) - 1
                    guard k < requests.count else { return }
                    let status = (try? client.post("/api/v2/write?bucket=bench&precision=s", token: token, body: requests[k])) ?? 0
                    if status != 204 { failures.add(1) }
                }
            }.start()
        }
        group.wait()
        let http = Date().timeIntervalSince(start)
        print(String(format: "HTTP /api/v2/write, %d writers, %d lines a request, each answered once committed: %.2f s, %.0f observations/s%@",
                     writers, perRequest, http, Double(total) / http, failures.value > 0 ? " (\(failures.value) requests failed)" : ""))
        print(String(format: "ratio HTTP / ioc ingest of the file: %.2f", reference / http))

        // A stream's latency: one line at a time into `ioc ingest -`, read back by a follower.
        let stream = Process()
        stream.executableURL = URL(fileURLWithPath: ioc)
        stream.arguments = ["ingest", "-", "--config", config, "--store", store]
        let input = Pipe()
        stream.standardInput = input
        stream.standardError = FileHandle.nullDevice
        try stream.run()
        let follower = try Store(path: store, readOnly: true)
        var latencies: [Double] = []
        for n in 0..<200 {
            let value = 1_000 + Double(n)
            let sent = DispatchTime.now().uptimeNanoseconds
            input.fileHandleForWriting.write(Data("agri.salinity.max,region=831 value=\(value)\n".utf8))
            let deadline = Date().addingTimeInterval(10)
            while (try? follower.current(indicator: "agri.salinity.max", region: "831"))??.value.value != value, Date() < deadline { usleep(200) }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e6)
        }
        try input.fileHandleForWriting.close()
        stream.waitUntilExit()
        latencies.sort()
        print(String(format: "stream line written → value read by a follower, 200 lines: p50 %.1f ms, p99 %.1f ms", latencies[99], latencies[197]))
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    @discardableResult func add(_ n: Int) -> Int { lock.withLock { count += n; return count } }
    var value: Int { lock.withLock { count } }
}

/// A child's standard error, gathered as it comes.
final class LogReader: @unchecked Sendable {
    private let lock = NSLock()
    private var gathered = ""

    init(_ handle: FileHandle) {
        handle.readabilityHandler = { [weak self] h in
            let data = h.availableData
            self?.lock.withLock { self?.gathered += String(decoding: data, as: UTF8.self) }
        }
    }

    var text: String { lock.withLock { gathered } }

    func waitFor(_ words: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if text.contains(words) { return true }
            usleep(50_000)
        }
        return false
    }
}

/// Just enough HTTP/1.1 for the benchmark: POSTs on one keep-alive connection.
final class HTTPClient {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { throw BenchError("cannot connect to 127.0.0.1:\(port)") }
    }

    deinit { close(fd) }

    /// Sends the request and reads the answer; its status.
    func post(_ path: String, token: String, body: String) throws -> Int {
        let payload = Array(body.utf8)
        let request = Array("POST \(path) HTTP/1.1\r\nHost: bench\r\nAuthorization: Token \(token)\r\nContent-Length: \(payload.count)\r\n\r\n".utf8) + payload
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw BenchError("send failed") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw BenchError("connection closed") }
            received += buffer[0..<n]
            let text = String(decoding: received, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<end.lowerBound]
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            guard text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length else { continue }
            return Int(head.split(separator: " ")[1]) ?? 0
        }
    }
}
