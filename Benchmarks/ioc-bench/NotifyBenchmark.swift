import Foundation

/// From an alert firing to its receiver running (#15): the real release `ioc serve` with a test
/// indicator that fires at once and a route with `group_wait: 0s`; each round breaches a new
/// commune through `ioc ingest` (which returns once the leader has committed the firing alert)
/// and waits for the receiver script to record when it started. Beside it, in the same run,
/// the same script started directly by this process: what starting a program costs here.
func runNotifyBenchmark(_ args: [String]) {
    let rounds = args.first.flatMap { Int($0) } ?? 60
    let configDir = args.dropFirst().first ?? "config"
    let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let ioc = bin.appendingPathComponent("ioc").path
    guard FileManager.default.isExecutableFile(atPath: ioc) else {
        print("ioc-bench: \(ioc) is missing; run 'swift build -c release' first")
        exit(1)
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-notify-\(getpid())")
    let config = work.appendingPathComponent("config").path, got = work.appendingPathComponent("got").path
    let store = work.appendingPathComponent("ioc.sqlite").path, script = work.appendingPathComponent("receiver.sh").path
    defer { if ProcessInfo.processInfo.environment["IOC_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: work) } }
    do {
        try FileManager.default.createDirectory(atPath: got, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: configDir, toPath: config)
        try """
            indicators:
              - code: bench.notify
                name: "Độ mặn thử"
                field: agri
                unit: "‰"
                direction: lower_is_better
                frequency: realtime
                levels: [province, district, commune]
                rollup: none
                alert_levels: [commune]
                thresholds: { warning: 4, critical: 8, clear: 0.3 }
            """.write(toFile: config + "/indicators/zz_bench.yaml", atomically: true, encoding: .utf8)
        // The receiver notes the moment it starts, then reads its message.
        try "#!/bin/sh\ndate +%s%N > \"\(got)/start.$$\"\ncat > /dev/null\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        try """
            receivers:
              - name: bench
                command: ["\(script)"]
            routes:
              - receiver: bench
                match: { severity: critical }
                group_by: [region]
                group_wait: 0s
            """.write(toFile: config + "/notify.yaml", atomically: true, encoding: .utf8)
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
    let communes = ((try? String(contentsOfFile: config + "/regions.yaml", encoding: .utf8)) ?? "").split(separator: "\n")
        .filter { $0.contains("level: commune") }.compactMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: ioc)
    serve.arguments = ["serve", "--no-simulator", "--config", config, "--store", store]
    FileManager.default.createFile(atPath: work.appendingPathComponent("serve.log").path, contents: nil)
    serve.standardError = FileHandle(forWritingAtPath: work.appendingPathComponent("serve.log").path)
    serve.standardOutput = FileHandle.nullDevice
    try? serve.run()
    defer { serve.terminate() }
    // Wait for it to lead (its socket), so every breach reaches it.
    let ready = Date().addingTimeInterval(20)
    while !FileManager.default.fileExists(atPath: store + ".sock"), Date() < ready { usleep(20_000) }
    func starts() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: got)) ?? []).filter { $0.hasPrefix("start.") } }
    func nanos() -> Int64 { var ts = timespec(); clock_gettime(CLOCK_REALTIME, &ts); return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec) }
    func newest(after seen: Set<String>) -> Int64? {
        guard let name = starts().first(where: { !seen.contains($0) }) else { return nil }
        return (try? String(contentsOfFile: got + "/" + name, encoding: .utf8)).flatMap { Int64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    var latencies: [Double] = []
    for commune in communes.prefix(rounds) {
        let seen = Set(starts())
        let file = work.appendingPathComponent("breach.lp").path
        try? "bench.notify,region=\(commune) value=9.5 \(Int64(Date().timeIntervalSince1970))\n".write(toFile: file, atomically: true, encoding: .utf8)
        guard shell(ioc, ["ingest", file, "--config", config, "--store", store]) == 0 else { continue }
        let fired = nanos()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let started = newest(after: seen) {
                latencies.append(Double(started - fired) / 1e6)
                break
            }
            usleep(1_000)
        }
    }
    // The reference: the same script started directly.
    var direct: [Double] = []
    for _ in 0..<rounds {
        let seen = Set(starts())
        let before = nanos()
        _ = shell("/bin/sh", ["-c", "'\(script)' < /dev/null"])
        if let started = newest(after: seen) { direct.append(Double(started - before) / 1e6) }
    }
    func quantile(_ xs: [Double], _ q: Double) -> Double { xs.sorted()[min(xs.count - 1, Int(Double(xs.count) * q))] }
    guard !latencies.isEmpty, !direct.isEmpty else {
        print("ioc-bench: no notification arrived; the leader said:")
        print((try? String(contentsOfFile: work.appendingPathComponent("serve.log").path, encoding: .utf8)) ?? "")
        exit(1)
    }
    print(String(format: "alert committed → receiver started (%d alerts, group_wait 0s): p50 %.1f ms, p99 %.1f ms", latencies.count,
                 quantile(latencies, 0.5), quantile(latencies, 0.99)))
    print(String(format: "reference, the same receiver started directly (%d runs): p50 %.1f ms, p99 %.1f ms", direct.count,
                 quantile(direct, 0.5), quantile(direct, 0.99)))
}
