import Coordinator
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore
import Runtime

/// Operator actions end to end: a real `ioc serve` (release build beside this binary) leads,
/// `consoles` followers watch the store as consoles do, and this process acknowledges alerts one
/// at a time through the socket, as a console's key does. For each ack: the time until the
/// leader answers (applied and committed), and until every follower shows it. The reference,
/// measured in the same run on the same machine: one bare durable commit of one audit row
/// through the same store code, the floor of any action that must survive a crash.
func runActionBenchmark(_ args: [String]) {
    let count = args.first.flatMap { Int($0) } ?? 200
    let consoles = args.dropFirst().first.flatMap { Int($0) } ?? 12
    let configDir = args.dropFirst(2).first ?? "config"
    let config: LoadedConfig
    do { config = try ConfigLoader.load(directory: configDir) } catch {
        print("ioc-bench: \(error)")
        exit(1)
    }
    let catalog = config.catalog
    let ioc = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ioc").path
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-actions-\(getpid())")
    try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let storePath = work.appendingPathComponent("ioc.sqlite").path

    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: ioc)
    serve.arguments = ["serve", "--no-simulator", "--no-history", "--config", configDir, "--store", storePath]
    serve.standardError = FileHandle.nullDevice
    do { try serve.run() } catch {
        print("ioc-bench: cannot start \(ioc): \(error); run 'swift build -c release' first")
        exit(1)
    }
    defer { serve.terminate(); serve.waitUntilExit() }
    let client = CommandClient(storePath: storePath)
    for _ in 0..<600 where !FileManager.default.fileExists(atPath: client.socketPath) { usleep(50_000) }

    // A critical breach of every indicator with thresholds, in every region where it alerts:
    // an alert each, to acknowledge one by one.
    let now = Int64(Date().timeIntervalSince1970)
    var samples: [WireSample] = []
    for (i, indicator) in catalog.indicators.enumerated() {
        guard let critical = indicator.thresholds?.critical, indicator.formula == nil else { continue }
        let value = critical.above.map { $0 + abs($0) + 10 } ?? critical.below.map { $0 - abs($0) - 10 }
        guard let value else { continue }
        for r in catalog.regions.indices where catalog.isReported(i, at: r) && indicator.alertLevels.contains(catalog.regions[r].level) {
            samples.append(WireSample(indicator: indicator.code, region: catalog.regions[r].code, time: now, value: value))
        }
    }
    do {
        _ = try client.send(CommandRequest(.ingest(samples: samples, source: "bench")), timeout: 120)
    } catch {
        print("ioc-bench: the leader did not take the ingest: \(error)")
        exit(1)
    }
    let followers = (0..<consoles).compactMap { _ in try? Follower(catalog: catalog, store: Store(path: storePath, readOnly: true)) }
    let alerts = (try? Store(path: storePath, readOnly: true).alerts()) ?? []
    let ids = alerts.prefix(count).map(\.id)
    var answered: [Double] = [], seenByAll: [Double] = []
    for id in ids {
        let start = DispatchTime.now().uptimeNanoseconds
        guard let response = try? client.send(CommandRequest(.ack(alert: id, note: "bench"))), response.ok else {
            print("ioc-bench: ack \(id) failed")
            exit(1)
        }
        let answer = DispatchTime.now().uptimeNanoseconds
        var pending = Set(followers.indices)
        while !pending.isEmpty {
            for n in pending where (try? followers[n].catchUp()) != nil && followers[n].engine.alerts.alerts[id]?.acknowledged != nil {
                pending.remove(n)
            }
        }
        let seen = DispatchTime.now().uptimeNanoseconds
        answered.append(Double(answer - start) / 1e6)
        seenByAll.append(Double(seen - start) / 1e6)
    }

    // The reference: bare durable commits of one audit row through the same store code.
    var bare: [Double] = []
    if let reference = try? Store(path: work.appendingPathComponent("reference.sqlite").path) {
        for n in 0..<ids.count {
            var batch = Batch()
            batch.audit = [AuditEntry(time: now, user: "bench", action: "ack", target: "alert \(n)")]
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try? reference.commit(batch)
            bare.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
    }
    func pct(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
    func line(_ name: String, _ values: [Double]) -> String {
        String(format: "%@ p50 %.2f ms, p99 %.2f ms", name, pct(values, 0.5), pct(values, 0.99))
    }
    print("actions: \(ids.count) acknowledgements through the socket, \(followers.count) consoles following")
    print(line("  key → applied (leader's answer, committed):       ", answered))
    print(line("  key → shown on every console (followers polling): ", seenByAll))
    print(line("  reference: one bare durable commit, same store:   ", bare))
    print(String(format: "  ratio (applied p50 / bare commit p50): %.1f", pct(answered, 0.5) / pct(bare, 0.5)))
    print("  consoles look at the store every \(Participant.pollInterval) ms: add up to that for what an operator's screen shows")
}
