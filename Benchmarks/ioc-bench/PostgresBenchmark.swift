import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore
import IndicatorStorePostgres

/// The PostgreSQL store beside references measured in the same run on the same data:
/// - ingest: observations committed through `PostgresStore.commit` in batches (the write path a
///   leader uses) against `psql \copy` of the same rows into a table with the same columns and key;
/// - change feed: from the start of a commit to a follower's descriptor (another connection,
///   LISTEN) becoming readable, p50 and p99, beside the commit's own time;
/// - the `1y` chart of a series with a year of 10-minute values, against the SQLite store
///   reading the same rows.
/// Usage: ioc-bench postgres URL [observations] (an empty database; psql on PATH)
func runPostgresBenchmark(_ args: [String]) {
    guard let text = args.first, let url = try? PostgresURL.parse(text) else {
        print("usage: ioc-bench postgres postgresql://USER@/DATABASE?host=SOCKETDIR [observations]  (an empty database)")
        exit(2)
    }
    let total = args.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
    do {
        try benchmarkPostgres(url: url, text: text, total: total)
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
}

private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

private func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
}

private func benchmarkPostgres(url: PostgresURL, text: String, total: Int) throws {
    let now: Int64 = 1_796_000_000
    let store = try PostgresStore.open(url, now: now)
    defer { store.close() }
    guard let lead = try PostgresLeadership.tryLead(url, holder: "ioc-bench") else { throw PostgresProblem(.failed, "another process leads \(url)") }
    defer { lead.release() }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-pg-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }

    // 9 districts × 1,000 indicators, a value every 5 minutes going back from `now`.
    let seriesCount = 9_000
    let keys = (0..<seriesCount).map { (indicator: "bench.i\($0 / 9)", region: "8\(29 + $0 % 9)") }
    let ids = try store.seriesIDs(keys)
    let steps = (total + seriesCount - 1) / seriesCount
    var rows: [(series: Int64, time: Int64, value: Double, nanos: Int32)] = []
    rows.reserveCapacity(steps * seriesCount)
    for step in 0..<steps {
        let time = now - Int64(steps - step) * 300
        for (k, id) in ids.enumerated() where rows.count < total { rows.append((id, time, Double((k * 7 + step * 13) % 1000) / 10, 0)) }
    }
    let batch = 10_000
    let ingest = try seconds {
        for start in stride(from: 0, to: rows.count, by: batch) {
            var b = Batch()
            b.resolved = Array(rows[start..<min(rows.count, start + batch)])
            b.resolvedSource = "bench"
            try store.commit(b, epoch: lead.epoch)
        }
    }
    let csv = work.appendingPathComponent("rows.csv")
    var lines = ""
    lines.reserveCapacity(rows.count * 40)
    for r in rows { lines += "\(r.series),\(r.time),0,\(r.value),bench\n" }
    try lines.write(to: csv, atomically: false, encoding: .utf8)
    // The same columns, key and monthly partitions as the store's table.
    _ = try psql(text, "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (series bigint NOT NULL, time bigint NOT NULL, nanos int NOT NULL DEFAULT 0, value double precision NOT NULL, source text NOT NULL DEFAULT '', PRIMARY KEY (series, time)) PARTITION BY RANGE (time)")
    _ = try psql(text, "CREATE TABLE bench_copy_default PARTITION OF bench_copy DEFAULT")
    for offset in -1...2 {
        let (start, name) = (PostgresStore.monthBounds(now, offset: offset), "bench_copy_\(offset + 1)")
        _ = try psql(text, "CREATE TABLE \(name) PARTITION OF bench_copy FOR VALUES FROM (\(start.start)) TO (\(start.end))")
    }
    let copy = try seconds { _ = try psql(text, "\\copy bench_copy FROM '\(csv.path)' WITH (FORMAT csv)") }
    let stored = try store.observationCount()
    print("ingest: \(rows.count) observations of \(seriesCount) series in batches of \(batch) (\(stored) stored)")
    print(String(format: "  PostgresStore.commit (COPY, one transaction with the epoch check and NOTIFY per batch): %.2f s, %.0f observations/s", ingest, Double(rows.count) / ingest))
    print(String(format: "  psql \\copy (same rows as CSV, same columns, key and monthly partitions, one transaction): %.2f s, %.0f rows/s", copy, Double(rows.count) / copy))
    print(String(format: "  ratio commit / \\copy: %.2f", copy / ingest))

    // Change feed: commit to a follower on another connection.
    let feed = try PostgresChangeFeed(url)
    var latencies: [Double] = [], commits: [Double] = []
    for n in 0..<300 {
        var b = Batch()
        b.current = [CurrentRow(series: ids[n % ids.count], value: CurrentValue(value: Double(n), time: now + Int64(n), status: .ok))]
        let start = DispatchTime.now().uptimeNanoseconds
        try store.commit(b, epoch: lead.epoch)
        let committed = DispatchTime.now().uptimeNanoseconds
        var fd = pollfd(fd: feed.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&fd, 1, 5_000) == 1 else { throw PostgresProblem(.failed, "no notification within 5 s") }
        let seen = DispatchTime.now().uptimeNanoseconds
        _ = feed.drain()
        latencies.append(Double(seen - start) / 1e6)
        commits.append(Double(committed - start) / 1e6)
    }
    print("change feed: 300 commits of one latest value, a follower listening on another connection")
    print(String(format: "  commit start to follower woken: p50 %.2f ms, p99 %.2f ms", percentile(latencies, 0.5), percentile(latencies, 0.99)))
    print(String(format: "  the commit alone (reference): p50 %.2f ms, p99 %.2f ms", percentile(commits, 0.5), percentile(commits, 0.99)))

    // The 1y chart: a year of 10-minute values of one series, in both stores.
    let year = stride(from: now - 365 * 86_400, to: now, by: 600).map { Observation(indicator: "bench.chart", region: "83", time: $0, value: Double($0 % 977)) }
    for start in stride(from: 0, to: year.count, by: 20_000) {
        try store.ensurePartitions(around: now, monthsBack: 13, monthsAhead: 0)
        var b = Batch()
        b.observations = Array(year[start..<min(year.count, start + 20_000)])
        try store.commit(b, epoch: lead.epoch)
    }
    let sqlite = try Store(path: work.appendingPathComponent("chart.sqlite").path)
    var sb = Batch()
    sb.observations = year
    try sqlite.commit(sb)
    var pg: [Double] = [], lite: [Double] = []
    var points = 0
    for _ in 0..<15 {
        pg.append(try seconds { points = try store.history(indicator: "bench.chart", region: "83", from: now - 365 * 86_400, to: now + 1, points: 360).count })
        lite.append(try seconds { _ = try sqlite.history(indicator: "bench.chart", region: "83", from: now - 365 * 86_400, to: now + 1, points: 360) })
    }
    print("1y chart: \(year.count) observations as rows, \(points) points")
    print(String(format: "  PostgreSQL: median %.1f ms; SQLite store, same rows (reference): median %.1f ms; ratio %.2f",
                 percentile(pg, 0.5) * 1000, percentile(lite, 0.5) * 1000, percentile(pg, 0.5) / percentile(lite, 0.5)))
}

func psql(_ url: String, _ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", command]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw PostgresProblem(.failed, "psql failed: \(command)") }
    return String(decoding: data, as: UTF8.self)
}

extension IngestInput {
    /// The whole `ioc ingest` of the line-protocol file into an empty PostgreSQL database (it
    /// leads: parse, engine, commits), and `psql \copy` of the same rows as CSV into a table
    /// with the same columns, key and monthly partitions, one transaction: (ioc, copy) seconds.
    func timedPostgres(ioc: String, configDir: String, url: String) throws -> (ioc: Double, copy: Double) {
        let iocSeconds = timed(ioc, ["ingest", lpPath, "--config", configDir, "--store", url])
        _ = try psql(url, "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (series bigint NOT NULL, time bigint NOT NULL, value double precision NOT NULL, source text NOT NULL DEFAULT '', PRIMARY KEY (series, time)) PARTITION BY RANGE (time)")
        _ = try psql(url, "CREATE TABLE bench_copy_default PARTITION OF bench_copy DEFAULT")
        let now = Int64(Date().timeIntervalSince1970)
        for offset in -1...2 {
            let bounds = PostgresStore.monthBounds(now, offset: offset)
            _ = try psql(url, "CREATE TABLE bench_copy_\(offset + 1) PARTITION OF bench_copy FOR VALUES FROM (\(bounds.start)) TO (\(bounds.end))")
        }
        let start = Date()
        _ = try psql(url, "\\copy bench_copy FROM '\(csvPath)' WITH (FORMAT csv)")
        return (iocSeconds, Date().timeIntervalSince(start))
    }
}
