import Foundation
import IOCConfig
import IndicatorEngine

/// Durable ingest through the real `ioc ingest` (release build beside this binary) of a
/// line-protocol file, against the `sqlite3` shell importing the same rows as CSV into an
/// equivalent table with the same pragmas. Prints both rates and their ratio.
func runIngestBenchmark(_ args: [String]) {
    let total = args.first.flatMap { Int($0) } ?? 2_000_000
    let configDir = args.dropFirst().first ?? "config"
    // args: [observations] [config] [postgresql URL of an empty database]
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

    let inputs: IngestInput
    do {
        inputs = try IngestInput.write(catalog: catalog, total: total, into: work)
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
    print("input: \(total) observations (\(inputs.perStep / 9) indicators × 9 districts), line protocol \(fileSize(inputs.lpPath) / 1_000_000) MB")
    let iocSeconds = inputs.timedIngest(ioc: ioc, configDir: configDir, store: work.appendingPathComponent("ioc.sqlite").path)
    let sqliteSeconds = inputs.timedImport(into: work.appendingPathComponent("sqlite3.db").path)
    let tunedSeconds = inputs.timedImport(into: work.appendingPathComponent("sqlite3-tuned.db").path, tuned: true)
    let iocRate = Double(total) / iocSeconds, sqliteRate = Double(total) / sqliteSeconds, tunedRate = Double(total) / tunedSeconds
    print(String(format: "ioc ingest (line protocol, parse + engine + durable commit): %.2f s, %.0f observations/s", iocSeconds, iocRate))
    print(String(format: "sqlite3 .import --csv (same rows, same table, WAL, synchronous=NORMAL): %.2f s, %.0f rows/s", sqliteSeconds, sqliteRate))
    print(String(format: "sqlite3 .import --csv with ioc's cache and mmap (64 MB, 1 GB): %.2f s, %.0f rows/s", tunedSeconds, tunedRate))
    print(String(format: "ratio ioc / sqlite3: %.2f; ioc / tuned sqlite3: %.2f", iocRate / sqliteRate, iocRate / tunedRate))
    // A third argument, an empty PostgreSQL database: the same file into it, beside psql \copy.
    guard let url = args.dropFirst(2).first else { return }
    do {
        let (pg, copy) = try inputs.timedPostgres(ioc: ioc, configDir: configDir, url: url)
        print(String(format: "ioc ingest into PostgreSQL (parse + engine + commits, leading): %.2f s, %.0f observations/s", pg, Double(total) / pg))
        print(String(format: "psql \\copy (same rows as CSV, same columns, key and monthly partitions): %.2f s, %.0f rows/s", copy, Double(total) / copy))
        print(String(format: "ratio ioc / psql \\copy: %.2f", copy / pg))
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
}

/// The same rows as line protocol (for `ioc ingest`) and as CSV of the store's columns (for
/// `sqlite3 .import`): every district-level indicator in every district, stepping through time.
struct IngestInput {
    let total: Int
    let perStep: Int
    let lpPath: String
    let csvPath: String

    static func write(catalog: Catalog, total: Int, into work: URL) throws -> IngestInput {
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
        let input = IngestInput(total: total, perStep: perStep, lpPath: work.appendingPathComponent("bench.lp").path,
                                csvPath: work.appendingPathComponent("bench.csv").path)
        try lp.write(toFile: input.lpPath, atomically: false, encoding: .utf8)
        try csv.write(toFile: input.csvPath, atomically: false, encoding: .utf8)
        return input
    }

    /// Seconds `ioc ingest` takes for the line protocol into `store`.
    func timedIngest(ioc: String, configDir: String, store: String) -> Double {
        timed(ioc, ["ingest", lpPath, "--config", configDir, "--store", store])
    }

    /// Seconds `sqlite3 .import` takes for the CSV into a fresh table like the store's;
    /// `tuned`: with the page cache and mmap ioc's writer uses.
    func timedImport(into db: String, tuned: Bool = false) -> Double {
        _ = timed("/usr/bin/sqlite3", [db, """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE observations (series INTEGER NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL,
                source TEXT NOT NULL DEFAULT '', PRIMARY KEY (series, time)) WITHOUT ROWID;
            """])
        let pragmas = tuned ? ["-cmd", "PRAGMA cache_size=-65536", "-cmd", "PRAGMA mmap_size=1073741824"] : []
        return timed("/usr/bin/sqlite3", [db, "-cmd", "PRAGMA synchronous=NORMAL"] + pragmas + [".import --csv \(csvPath) observations"])
    }
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}

/// Runs a command to completion, its output discarded; returns the wall-clock seconds.
func timed(_ executable: String, _ arguments: [String]) -> Double {
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

/// A benchmark's configuration, or its error and exit.
func loadBenchConfig(_ directory: String) -> LoadedConfig {
    do {
        return try ConfigLoader.load(directory: directory)
    } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
}
