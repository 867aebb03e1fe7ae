import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore

/// Fills an empty store: the report's figures at their dates, and, for a demonstration or
/// training setup, a year of simulated history for every other indicator (marked `simulated`).
public enum Seeder {
    public struct Outcome: Sendable {
        public var facts: Int
        public var history: Int
        public var seconds: Double
    }

    /// What a leader writes into a store nobody has written to yet: the report's figures, and a
    /// year of simulated history when `simulator` gives one.
    public static func forEmptyStore(facts: [Observation], simulator: @escaping () -> Simulator?, now: @escaping () -> Int64,
                                     log: @escaping (String) -> Void) -> (Leader) throws -> Void {
        { leader in
            let outcome = try seed(leader: leader, facts: facts, simulator: simulator(), now: now())
            log("seeded an empty store: \(outcome.facts) reported figures, \(outcome.history) simulated history points in "
                + String(format: "%.1f", outcome.seconds) + " s")
        }
    }

    /// Seeds facts, then history (when a simulator is given), then one round of live values so
    /// every series has a current value and status.
    /// Why `ioc seed` cannot write: this user may not, or another process leads.
    public struct CannotLead: Error, CustomStringConvertible {
        public var description: String
    }

    /// Seeds as the leader for the time it takes (`ioc seed`), or says why it cannot lead.
    public static func seedWhileLeading(catalog: Catalog, store: Store, facts: [Observation], simulator: Simulator?, days: Int,
                                        now: Int64) throws -> Outcome {
        let lock = LeaderLock(storePath: store.path)
        guard !store.isReadOnly, lock.tryAcquire() else {
            throw CannotLead(description: store.isReadOnly
                ? "\(SharedFiles.userName(uid: getuid())) may not write \(store.path); run it as the service account"
                : lock.openProblem ?? "another process leads this store (see 'ioc info'); stop it first")
        }
        defer { lock.release() }
        return try seed(leader: try Leader(catalog: catalog, store: store), facts: facts, simulator: simulator, days: days, now: now)
    }

    public static func seed(leader: Leader, facts: [Observation], simulator: Simulator?, days: Int = 365, now: Int64) throws -> Outcome {
        let started = Date()
        if !facts.isEmpty { try leader.ingest(facts, now: now) }
        var written = 0
        if var simulator {
            var chunk: [Sample] = []
            chunk.reserveCapacity(200_000)
            try history(simulator, days: days, now: now) { point in
                chunk.append(point)
                if chunk.count == 200_000 {
                    try leader.writeHistory(chunk, source: "simulated")
                    written += chunk.count
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            try leader.writeHistory(chunk, source: "simulated")
            written += chunk.count
            try leader.ingest(resolved: simulator.next(now: now), source: "simulator", now: now)
        }
        return Outcome(facts: facts.count, history: written, seconds: Date().timeIntervalSince(started))
    }

    /// Every history point, series by series: daily at local noon for indicators reported daily
    /// or faster (weekly for communes), month ends, quarter ends and the last year end for the
    /// slower ones. Derived indicators are computed from their inputs at the same moments.
    static func history(_ simulator: Simulator, days: Int, now: Int64, _ emit: (Sample) throws -> Void) rethrows {
        let catalog = simulator.catalog
        let offset = simulator.utcOffset
        let today = ((now + offset) / 86_400) * 86_400 - offset
        let daily = (1...days).reversed().map { today - Int64($0) * 86_400 + 12 * 3_600 }
        let weekly = daily.enumerated().filter { $0.offset % 7 == 6 }.map(\.element)
        var monthEnds: [Int64] = [], quarterEnds: [Int64] = []
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: Int(offset))!
        let startOfMonth = calendar.date(from: calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(now))))!
        for back in (0..<12).reversed() {
            let end = Int64(calendar.date(byAdding: .month, value: -back, to: startOfMonth)!.timeIntervalSince1970) - 3_600
            monthEnds.append(end)
            let month = calendar.component(.month, from: Date(timeIntervalSince1970: TimeInterval(end)))
            if month % 3 == 0 { quarterEnds.append(end) }
        }
        let yearEnd = [Int64(calendar.date(from: DateComponents(year: calendar.component(.year, from: Date(timeIntervalSince1970: TimeInterval(now))), month: 1, day: 1))!.timeIntervalSince1970) - 3_600]

        func times(_ indicator: Indicator, _ level: RegionLevel) -> [Int64] {
            switch indicator.frequency.seconds {
            case ...86_400: level == .commune ? weekly : daily
            case ...(31 * 86_400): monthEnds
            case ...(92 * 86_400): quarterEnds
            default: yearEnd
            }
        }
        let plan = catalog.formulaPlan
        for (r, region) in catalog.regions.enumerated() {
            // Base indicators reported here, then derived ones from their inputs at the same moments.
            var generated: [IndicatorID: [Int64: Double]] = [:]
            for (i, indicator) in catalog.indicators.enumerated() where catalog.isReported(i, at: r) && simulator.simulates(i) {
                let series = catalog.series(i, r)
                var values: [Int64: Double] = [:]
                for t in times(indicator, region.level) {
                    let v = simulator.value(of: series, at: t)
                    values[t] = v
                    try emit(Sample(series: series, time: t, value: v))
                }
                generated[i] = values
            }
            for i in plan.evaluationOrder where catalog.isReported(i, at: r) {
                let series = catalog.series(i, r)
                var values: [Int64: Double] = [:]
                for t in times(catalog.indicators[i], region.level) {
                    if let v = plan.evaluate(i, { generated[$0]?[t] }) {
                        values[t] = v
                        try emit(Sample(series: series, time: t, value: v))
                    }
                }
                generated[i] = values
            }
        }
    }
}
