import Coordinator
import Feeds
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore
import Reports
import Runtime

/// The month report of the whole default center on a year of history (issue 16): every series
/// the simulator plans, a year of it (at its live cadence, but at least every 30 minutes so each
/// day is a chunk), written through the compaction path with the default tiers. Beside it, in
/// the same run on the same file, the `sqlite3` shell computing the month's per-series count,
/// min, max and sum from the same rows and daily aggregates.
func runReportBenchmark(_ args: [String]) {
    let configDir = args.first ?? "config"
    let days = args.dropFirst().first.flatMap { Int($0) } ?? 365
    let config = loadBenchConfig(configDir)
    let catalog = config.catalog, zone = config.settings.timeZone
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-report-\(getpid())")
    try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { if ProcessInfo.processInfo.environment["IOC_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: work) } else { print("kept \(work.path)") } }
    let now = Int64(Date().timeIntervalSince1970)
    let simulator = Simulator(catalog: catalog, hints: config.simulatorHints, seed: 1, timeZone: zone)
    print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB; \(Date())")
    do {
        let path = work.appendingPathComponent("year.sqlite").path
        let store = try Store(path: path)
        var written = 0
        let started = Date()
        for s in simulator.plan {
            let indicator = catalog.indicators[catalog.indicator(of: s)]
            let step = max(1_800, Simulator.updateInterval(indicator))
            var times: [Int64] = [], values: [Double] = []
            var t = ((now - Int64(days) * 86_400) / step + 1) * step
            while t < now {
                if !simulator.isQuiet(s, indicator, at: t) {
                    times.append(t)
                    values.append(simulator.value(of: s, at: t))
                }
                t += step
            }
            written += times.count
            try store.writeCompactedHistory(indicator: indicator.code, region: catalog.regions[catalog.region(of: s)].code, times: times,
                                            values: values, source: "simulator", now: now, retention: config.settings.retention, timeZone: zone)
        }
        let sizes = try store.tierSizes()
        print(String(format: "%d days of %d series, %d observations, written in %.0f s; file %@", days, simulator.plan.count, written,
                     Date().timeIntervalSince(started), StoreSizes.megabytes(sizes.fileBytes)))

        let period = ReportPeriod.lastComplete(.month, now: now, convention: config.settings.reports.convention, timeZone: zone)
        var makes: [Double] = []
        var report: Report?
        for _ in 0..<3 {
            let t0 = Date()
            report = try ReportMaker.make(store: try Store(path: path, readOnly: true), catalog: catalog, period: period, region: catalog.rootRegion)
            makes.append(Date().timeIntervalSince(t0))
        }
        guard let report else { return }
        var renders: [String] = []
        for format in ReportFormat.allCases {
            let t0 = Date()
            let data = try format.render(report)
            renders.append(String(format: "%@ %.2f s (%@)", format.rawValue, Date().timeIntervalSince(t0), StoreSizes.megabytes(data.count)))
        }
        makes.sort()
        print(String(format: "month %@ of the whole center (%d indicator lines): built in %.2f s (median of 3, worst %.2f s); written as %@",
                     period.label, report.indicators.count, makes[1], makes[2], renders.joined(separator: ", ")))

        // The whole command, as an operator runs it (configuration, store, build, workbook).
        let ioc = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ioc").path
        let command = timed(ioc, ["report", "--period", "month:\(period.label)", "--config", configDir, "--store", path,
                                  "--output", work.appendingPathComponent("month.xlsx").path])
        print(String(format: "ioc report --period month:%@ --output month.xlsx: %.2f s", period.label, command))

        // Reference: the month's per-series figures straight from the same file with the sqlite3 shell.
        let sql = """
            SELECT series, count(*), min(value), max(value), sum(value) FROM observations WHERE time >= \(period.start) AND time < \(period.end) GROUP BY series;
            SELECT series, sum(count), min(min), max(max), sum(sum) FROM chunks WHERE day >= \(period.start) AND day < \(period.end) GROUP BY series;
            """
        var references: [Double] = []
        for _ in 0..<3 { references.append(timed("/usr/bin/sqlite3", [path, sql])) }
        references.sort()
        print(String(format: "reference, sqlite3 shell summing the month per series from rows and daily aggregates: %.2f s (median of 3); report / reference: %.1f",
                     references[1], makes[1] / references[1]))

        // Time travel (#17): the center as it stood at moments spread over the year, as the console's `:at` reads it.
        var jumps: [Double] = []
        let reader = try Store(path: path, readOnly: true)
        for k in 1...7 {
            let moment = now - Int64(k) * Int64(days) * 86_400 / 8 - 3_600 * Int64(k)
            let t0 = Date()
            _ = try CenterAsOf.read(catalog: catalog, store: reader, at: moment)
            jumps.append(Date().timeIntervalSince(t0))
        }
        jumps.sort()
        let moment = now - Int64(days) * 86_400 / 2
        let lastSQL = """
            SELECT series, max(time), value FROM observations WHERE time <= \(moment) GROUP BY series;
            SELECT series, max(day), last FROM chunks WHERE day <= \(moment) GROUP BY series;
            """
        var lastRefs: [Double] = []
        for _ in 0..<3 { lastRefs.append(timed("/usr/bin/sqlite3", [path, lastSQL])) }
        lastRefs.sort()
        print(String(format: "time travel, the center as of a moment of the year: median %.0f ms, worst %.0f ms (7 moments); reference, sqlite3 selecting each series' last row and chunk before a moment: %.0f ms; ratio %.2f",
                     jumps[3] * 1000, jumps[6] * 1000, lastRefs[1] * 1000, jumps[3] / lastRefs[1]))
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
}
