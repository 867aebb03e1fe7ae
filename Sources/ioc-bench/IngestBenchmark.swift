import Foundation
import IOCConfig
import IndicatorEngine

/// Durable ingest through the real `ioc ingest` (release build beside this binary) of a
/// line-protocol file, against the `sqlite3` shell importing the same rows as CSV into an
/// equivalent table with the same pragmas. Prints both rates and their ratio.
func runIngestBenchmark(_ args: [String]) {
    let total = args.first.flatMap { Int($0) } ?? 2_000_000
    let configDir = args.dropFirst().first ?? "config"
    let catalog: Catalog
    do {
        catalog = try ConfigLoader.load(directory: configDir).catalog
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
    let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let ioc = binDir.appendingPathComponent("ioc").path
    guard FileManager.default.isExecutableFile(atPath: ioc) else {
        print("ioc-bench: \(ioc) is missing; run 'swift build -c release' first")
        exit(1)
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    // IOC_BENCH_KEEP=1 keeps the inputs and stores for profiling.
    defer { if ProcessInfo.processInfo.environment["IOC_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: work) } else { print("kept \(work.path)") } }

    // Every district-level indicator in every district, stepping through time: distinct rows.
    let districts = catalog.children[catalog.rootRegion]
    let indicators = catalog.indicators.indices.filter { i in districts.allSatisfy { catalog.isReported(i, at: $0) } }
    let perStep = indicators.count * districts.count
    let now = Int64(Date().timeIntervalSince1970)
    let base = now - Int64(total / perStep) - 3_600
    var lp = ""
    var csv = ""
    lp.reserveCapacity(total * 52)
    csv.reserveCapacity(total * 40)
    for k in 0..<total {
        let i = indicators[k % indicators.count]
        let d = districts[(k / indicators.count) % districts.count]
        let value = Double((k * 7) % 1_000) / 10
        let time = base + Int64(k / perStep)
        lp += "\(catalog.indicators[i].code),region=\(catalog.regions[d].code) value=\(value) \(time)\n"
        csv += "\(i * catalog.regions.count + d + 1),\(time),\(value),ingest:bench.lp\n"
    }
    let lpPath = work.appendingPathComponent("bench.lp").path
    let csvPath = work.appendingPathComponent("bench.csv").path
    try? lp.write(toFile: lpPath, atomically: false, encoding: .utf8)
    try? csv.write(toFile: csvPath, atomically: false, encoding: .utf8)
    lp = ""
    csv = ""
    print("input: \(total) observations (\(indicators.count) indicators × \(districts.count) districts), line protocol \(fileSize(lpPath) / 1_000_000) MB")

    let iocSeconds = timed(ioc, ["ingest", lpPath, "--config", configDir, "--store", work.appendingPathComponent("ioc.sqlite").path])
    let db = work.appendingPathComponent("sqlite3.db").path
    _ = timed("/usr/bin/sqlite3", [db, """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE observations (series INTEGER NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL,
            source TEXT NOT NULL DEFAULT '', PRIMARY KEY (series, time)) WITHOUT ROWID;
        """])
    let sqliteSeconds = timed("/usr/bin/sqlite3", [db, "-cmd", "PRAGMA synchronous=NORMAL", ".import --csv \(csvPath) observations"])
    let iocRate = Double(total) / iocSeconds, sqliteRate = Double(total) / sqliteSeconds
    print(String(format: "ioc ingest (line protocol, parse + engine + durable commit): %.2f s, %.0f observations/s", iocSeconds, iocRate))
    print(String(format: "sqlite3 .import --csv (same rows, same table and pragmas): %.2f s, %.0f rows/s", sqliteSeconds, sqliteRate))
    print(String(format: "ratio ioc / sqlite3: %.2f", iocRate / sqliteRate))
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}

/// Runs a command to completion, its output discarded; returns the wall-clock seconds.
private func timed(_ executable: String, _ arguments: [String]) -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = Date()
    do {
        try process.run()
    } catch {
        print("ioc-bench: cannot run \(executable): \(error)")
        exit(1)
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        print("ioc-bench: \(executable) \(arguments.first ?? "") exited with \(process.terminationStatus)")
        exit(1)
    }
    return Date().timeIntervalSince(start)
}
