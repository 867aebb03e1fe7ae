import Feeds
import Foundation
import IndicatorEngine
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix

/// InfluxDB's write API for anything that writes to InfluxDB (Telegraf, Node-RED, the official
/// clients, curl): `POST /api/v2/write` and the 1.x `POST /write`, line protocol (gzip too),
/// a token per writer, InfluxDB's answers (204; 400 naming the first bad line, the good lines
/// kept; 401; 413), `GET /health` and `GET /ping`. Requests are read on SwiftNIO's loops with
/// a bounded body and an idle timeout per connection; their observations wait in a queue the
/// leader takes from (`ExternalWrites`), and each writer is answered once its write is committed.
public final class InfluxWriteServer: ExternalWrites, @unchecked Sendable {
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var tokens: [FeedToken]
        /// The largest body taken, in bytes (after gzip is undone).
        public var maxBody: Int
        /// A connection quiet this long is closed (slow and half-open writers).
        public var idleTimeout: TimeAmount = .seconds(30)

        public init(host: String, port: Int, tokens: [FeedToken], maxBody: Int = 32 << 20) {
            self.host = host
            self.port = port
            self.tokens = tokens
            self.maxBody = maxBody
        }
    }

    let settings: Settings
    let catalog: Catalog
    let log: @Sendable (String) -> Void
    private let channel: any Channel
    private let lock = NSLock()
    private var waiting: [ExternalWrite] = []
    private var stopped = false
    /// Readable while writes wait: one end of a socket pair, written on each arrival.
    public let descriptor: Int32
    private let wakeEnd: Int32

    /// The port it listens on (the one asked for, or the one given for port 0).
    public var port: Int { channel.localAddress?.port ?? settings.port }

    public init(settings: Settings, catalog: Catalog, log: @escaping @Sendable (String) -> Void) throws {
        self.settings = settings
        self.catalog = catalog
        self.log = log
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0 else {
            throw InfluxWriteError("cannot make a wake-up pair: \(String(cString: strerror(errno)))")
        }
        descriptor = fds[0]
        wakeEnd = fds[1]
        let box = ServerBox()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let server = box.server!
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: server.settings.idleTimeout))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(NIOHTTPRequestDecompressor(limit: .size(server.settings.maxBody)))
                    try channel.pipeline.syncOperations.addHandler(WriteHandler(server: server))
                }
            }
        do {
            channel = try bootstrap.bind(host: settings.host, port: settings.port).wait()
        } catch {
            close(fds[0])
            close(fds[1])
            throw InfluxWriteError("cannot listen on \(settings.host):\(settings.port): \(error)")
        }
        box.server = self
        log("http: listening on \(settings.host):\(port) (InfluxDB's /api/v2/write and /write; \(settings.tokens.count) token\(settings.tokens.count == 1 ? "" : "s"))")
    }

    deinit {
        close(descriptor)
        close(wakeEnd)
    }

    /// Hands a decoded write to the leader (false once stopped).
    func enqueue(_ write: ExternalWrite) -> Bool {
        let taken = lock.withLock { () -> Bool in
            guard !stopped else { return false }
            waiting.append(write)
            return true
        }
        if taken {
            var one: UInt8 = 1
            _ = Glibc.write(wakeEnd, &one, 1)
        }
        return taken
    }

    public func take() -> [ExternalWrite] {
        var bytes = [UInt8](repeating: 0, count: 256)
        while read(descriptor, &bytes, bytes.count) > 0 {}
        return lock.withLock {
            defer { waiting = [] }
            return waiting
        }
    }

    public func stop() {
        let left = lock.withLock { () -> [ExternalWrite] in
            stopped = true
            defer { waiting = [] }
            return waiting
        }
        left.forEach { $0.finish(InfluxWriteError("this process no longer leads the center; write again")) }
        _ = try? channel.close().wait()
        log("http: stopped listening")
    }

    /// The token a request presents: `Authorization: Token X` (or `Bearer X`), 1.x's
    /// `?u=NAME&p=X` or Basic authentication with the token as the password.
    func token(head: HTTPRequestHead, query: [String: String]) -> FeedToken? {
        var presented = query["p"]
        if let header = head.headers.first(name: "Authorization") {
            let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2, ["token", "bearer"].contains(parts[0].lowercased()) { presented = parts[1] }
            if parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: parts[1]),
               let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") {
                presented = String(text[text.index(after: colon)...])
            }
        }
        guard let presented, !presented.isEmpty else { return nil }
        // Every token is compared, in constant time each, so timing says nothing of which nearly matched.
        var found: FeedToken?
        for candidate in settings.tokens where Self.same(candidate.token, presented) { found = candidate }
        return found
    }

    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { difference |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return difference == 0
    }
}

struct InfluxWriteError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The server, set once it is made (the channel initializer runs only after).
final class ServerBox: @unchecked Sendable {
    var server: InfluxWriteServer?
}
