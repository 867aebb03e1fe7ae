import Coordinator
import Feeds
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore
import Runtime

/// The store as it ages (issue 14): a week of the default center's live cadence and a full year
/// of 50 realtime series, written through the compaction path, then what operators feel: bytes
/// per observation, a year's size, ingest into the large store beside `sqlite3 .import`, the
/// `1y` and `24h` charts beside a plain SELECT of the same rows, and an idle console.
func runStoreBenchmark(_ args: [String]) {
    let configDir = args.first ?? "config"
    let config = loadBenchConfig(configDir)
    let catalog = config.catalog, retention = config.settings.retention, zone = config.settings.timeZone
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-store-\(getpid())")
    try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { if ProcessInfo.processInfo.environment["IOC_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: work) } else { print("kept \(work.path)") } }
    let now = Int64(Date().timeIntervalSince1970)
    let simulator = Simulator(catalog: catalog, hints: config.simulatorHints, seed: 1, timeZone: zone)
    func codes(_ s: SeriesID) -> (String, String) {
        (catalog.indicators[catalog.indicator(of: s)].code, catalog.regions[catalog.region(of: s)].code)
    }
    /// A series' simulated history over [from, now) at its live cadence, quiet spells left out.
    func history(_ s: SeriesID, from: Int64) -> (times: [Int64], values: [Double]) {
        let indicator = catalog.indicators[catalog.indicator(of: s)]
        let step = Simulator.updateInterval(indicator)
        var times: [Int64] = [], values: [Double] = []
        var t = (from / step + 1) * step
        while t < now {
            if !simulator.isQuiet(s, indicator, at: t) {
                times.append(t)
                values.append(simulator.value(of: s, at: t))
            }
            t += step
        }
        return (times, values)
    }
    do {
        let path = work.appendingPathComponent("aged.sqlite").path
        let store = try Store(path: path)
        let realtime = simulator.plan.filter { Simulator.updateInterval(catalog.indicators[catalog.indicator(of: $0)]) == 10 }
        let yearSeries = Array(realtime.prefix(50))
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB; \(Date())")

        // 1. A week of every planned series at its live cadence.
        var weekObservations = 0
        var started = Date()
        for s in simulator.plan where !yearSeries.contains(s) {
            let (times, values) = history(s, from: now - 7 * 86_400)
            weekObservations += times.count
            let (indicator, region) = codes(s)
            try store.writeCompactedHistory(indicator: indicator, region: region, times: times, values: values, source: "simulator",
                                            now: now, retention: retention, timeZone: zone)
        }
        let weekSeconds = Date().timeIntervalSince(started)
        let week = try store.tierSizes()
        print(String(format: "a week of the default center (%d series, %d observations) written through compaction in %.1f s",
                     simulator.plan.count - yearSeries.count, weekObservations, weekSeconds))
        let perDay = Double(weekObservations) / 7
        print(String(format: "  raw tier: %.2f bytes per observation (%d observations in chunks, %@)", Double(week.rawBytes) / Double(week.rawObservations),
                     week.rawObservations, StoreSizes.megabytes(week.rawBytes)))
        print(String(format: "  whole file: %@ for %d observations, %.2f bytes each (rows of the last day, chunks, hourly and daily tiers, indexes)",
                     StoreSizes.megabytes(week.fileBytes), weekObservations, Double(week.fileBytes) / Double(weekObservations)))

        // The same week as rows only: what the store kept before tiers (reference).
        let rowsPath = work.appendingPathComponent("rows.sqlite").path
        let rowsStore = try Store(path: rowsPath)
        for s in simulator.plan where !yearSeries.contains(s) {
            let (times, values) = history(s, from: now - 7 * 86_400)
            let (indicator, region) = codes(s)
            try rowsStore.writeCompactedHistory(indicator: indicator, region: region, times: times, values: values, source: "simulator",
                                                now: now - 400 * 86_400, retention: retention, timeZone: zone)
        }
        let rowsBytes = try rowsStore.tierSizes().fileBytes
        print(String(format: "  reference, the same week as rows (no tiers): %@, %.2f bytes each", StoreSizes.megabytes(rowsBytes),
                     Double(rowsBytes) / Double(weekObservations)))

        // A year at the default center's cadence with the default tiers: raw days for 90, the
        // hourly and daily tiers for 365, a day of rows.
        let daysInWeekStore = Double(max(1, week.dailyDays)) / Double(max(1, simulator.plan.count - yearSeries.count))
        let rawPerDay = Double(week.rawBytes) / 7
        let tierPerDay = Double(week.hourlyBytes) / 7 + 110 * Double(week.dailyDays) / max(1, daysInWeekStore)
        let yearBytes = rawPerDay * Double(retention.raw / 86_400) + tierPerDay * 365 + perDay * 31
        print(String(format: "  a year of the default center with the default tiers: about %.2f GB (raw %.0f MB/day for %d days, tiers %.1f MB/day, a day of rows)",
                     yearBytes / 1e9, rawPerDay / 1e6, retention.raw / 86_400, tierPerDay / 1e6))

        // 2. A full year of 50 realtime series (10-second cadence), through the compaction path.
        started = Date()
        var yearObservations = 0
        for s in yearSeries {
            let (times, values) = history(s, from: now - 365 * 86_400)
            yearObservations += times.count
            let (indicator, region) = codes(s)
            try store.writeCompactedHistory(indicator: indicator, region: region, times: times, values: values, source: "simulator",
                                            now: now, retention: retention, timeZone: zone)
        }
        let aged = try store.tierSizes()
        print(String(format: "a year of 50 realtime series (%d observations) written through compaction in %.1f s", yearObservations,
                     Date().timeIntervalSince(started)))
        print("the aged store: \(try store.observationCount()) observations, \(aged.rawObservations + aged.rows) of them raw")
        StoreSizes.lines(aged).forEach { print("  " + $0) }

        // 3. Charts of a realtime series holding a full year, beside a plain SELECT of its rows.
        let (indicator, region) = codes(yearSeries[0])
        let (times, values) = history(yearSeries[0], from: now - 365 * 86_400)
        let plainPath = work.appendingPathComponent("plain.sqlite").path
        let plain = try Store(path: plainPath)
        try plain.writeCompactedHistory(indicator: indicator, region: region, times: times, values: values, source: "simulator",
                                        now: now - 800 * 86_400, retention: retention, timeZone: zone)
        for (label, range) in [("1y", Int64(365 * 86_400)), ("24h", Int64(86_400))] {
            func times(_ s: Store) throws -> [Double] {
                try (0..<200).map { _ in
                    let start = Date()
                    _ = try s.history(indicator: indicator, region: region, from: now - range, to: now + 1, points: 360)
                    return Date().timeIntervalSince(start) * 1_000
                }.sorted()
            }
            let tiered = try times(store), rows = try times(plain)
            print(String(format: "the %@ chart (360 points): tiers p50 %.2f ms, p99 %.2f ms; plain SELECT of the rows p50 %.2f ms, p99 %.2f ms",
                         label, tiered[100], tiered[197], rows[100], rows[197]))
        }
        try? FileManager.default.removeItem(atPath: plainPath)
        try? FileManager.default.removeItem(atPath: rowsPath)

        // 4. Ingest into the aged store, beside an empty one and sqlite3 .import in the same run.
        let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let ioc = binDir.appendingPathComponent("ioc").path
        if FileManager.default.isExecutableFile(atPath: ioc) {
            let inputs = try IngestInput.write(catalog: catalog, total: 2_000_000, into: work)
            let empty = inputs.timedIngest(ioc: ioc, configDir: configDir, store: work.appendingPathComponent("empty.sqlite").path)
            let large = inputs.timedIngest(ioc: ioc, configDir: configDir, store: path)
            let reference = inputs.timedImport(into: work.appendingPathComponent("sqlite3.db").path)
            let rate = { (s: Double) in Double(inputs.total) / s }
            print(String(format: "ioc ingest, 2M observations: empty store %.0f/s, aged store %.0f/s (%.0f%% of empty); sqlite3 .import %.0f rows/s; aged / sqlite3 %.2f",
                         rate(empty), rate(large), 100 * empty / large, rate(reference), rate(large) / rate(reference)))
        }

        // 5. An idle console on the aged store.
        idleConsole(ioc: ioc, configDir: configDir, store: path, work: work)
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
}

/// CPU and memory of a console left alone for 30 s (no simulator: nothing changes but the clock),
/// beside htop on the same terminal size when it is installed.
private func idleConsole(ioc: String, configDir: String, store: String, work: URL) {
    guard FileManager.default.isExecutableFile(atPath: ioc), FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { return }
    let socket = "ioc-bench-idle-\(getpid())"
    func tmux(_ args: [String]) { _ = shell("/usr/bin/tmux", ["-u", "-f", "/dev/null", "-L", socket] + args) }
    func measure(_ command: String, name: String) -> (cpu: Double, rss: Int, privateKB: Int)? {
        tmux(["new-session", "-d", "-x", "160", "-y", "48", "env LANG=C.UTF-8 TERM=xterm-256color " + command])
        defer {
            tmux(["kill-server"])
            usleep(300_000)
        }
        var pid: Int32?
        let deadline = Date().addingTimeInterval(20)
        while pid == nil, Date() < deadline {
            usleep(100_000)
            pid = processes(named: name).first
        }
        guard let pid else { return nil }
        sleep(5)
        let before = cpuTicks(pid)
        sleep(30)
        let ticks = cpuTicks(pid) - before
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let rollup = (try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8)) ?? ""
        return (Double(ticks) / 100 / 30 * 100, field(status, "VmRSS:"), field(rollup, "Private_Dirty:") + field(rollup, "Private_Clean:"))
    }
    if let c = measure("'\(ioc)' --config '\(configDir)' --store '\(store)' --no-simulator", name: "ioc") {
        print(String(format: "idle console (160×48, no simulator, 30 s): %.2f%% of a core, resident %d MB (private %d MB)", c.cpu, c.rss / 1_024,
                     c.privateKB / 1_024))
    }
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/htop"),
       let h = measure("/usr/bin/htop -d 10", name: "htop") {
        print(String(format: "reference, htop -d 10 (160×48, 30 s): %.2f%% of a core, resident %d MB (private %d MB)", h.cpu, h.rss / 1_024,
                     h.privateKB / 1_024))
    }
}

private func processes(named name: String) -> [Int32] {
    let all = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return all.compactMap(Int32.init).filter { pid in
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        let cmdline = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        return comm.trimmingCharacters(in: .whitespacesAndNewlines) == name && !cmdline.contains("serve")
    }
}

private func cpuTicks(_ pid: Int32) -> Int {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command: state is field 3, utime 14 and stime 15 (1-based over the whole line).
    return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
}

private func field(_ text: String, _ name: String) -> Int {
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}
