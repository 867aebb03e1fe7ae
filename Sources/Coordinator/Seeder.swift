import Feeds
import Foundation
import IndicatorEngine
import StoreContract

/// Fills an empty store: the report's figures at their dates, and, for a demonstration or
/// training setup, a year of simulated history for every other indicator (marked `simulated`).
public enum Seeder {
    public struct Outcome: Sendable {
        public var facts: Int
        public var history: Int
        public var seconds: Double
    }

    /// What a leader writes into a store nobody has written to yet (or one whose seeding a
    /// leader left unfinished): the report's figures, and a year of simulated history when
    /// `simulator` gives one, in steps the leader takes between its other duties.
    public static func forEmptyStore(facts: [Observation], simulator: @escaping () -> Simulator?, days: Int = 365, now: @escaping () -> Int64,
                                     log: @escaping (String) -> Void) -> () -> Seeding {
        { Seeding(facts: facts, simulator: simulator(), days: days, now: now(), log: log) }
    }

    /// Why `ioc seed` cannot write: this user may not, or another process leads.
    public struct CannotLead: Error, CustomStringConvertible {
        public var description: String
    }

    /// Seeds as the leader for the time it takes (`ioc seed`), or says why it cannot lead.
    public static func seedWhileLeading(catalog: Catalog, store: any LeaderStore, facts: [Observation], simulator: Simulator?, days: Int,
                                        now: Int64) throws -> Outcome {
        let lock = store.leadershipClaim()
        let readOnly = store.leadRefusal != nil
        guard !readOnly, lock.tryAcquire() else {
            throw CannotLead(description: readOnly
                ? "\(SharedFiles.userName(uid: getuid())) may not write \(store.location); run it as the service account"
                : lock.openProblem ?? "another process leads this store (see 'ioc info'); stop it first")
        }
        defer { lock.release() }
        return try seed(leader: try Leader(catalog: catalog, store: store), facts: facts, simulator: simulator, days: days, now: now)
    }

    /// Seeds facts, then history (when a simulator is given), then one round of live values so
    /// every series has a current value and status: all the steps at once.
    public static func seed(leader: Leader, facts: [Observation], simulator: Simulator?, days: Int = 365, now: Int64) throws -> Outcome {
        let seeding = Seeding(facts: facts, simulator: simulator, days: days, now: now)
        while try !seeding.step(leader) {}
        return seeding.outcome
    }

    /// The moments history is written at: daily at local noon for indicators reported daily or
    /// faster (weekly for communes), month ends, quarter ends and the last year end for the
    /// slower ones.
    struct Calendar {
        var daily: [Int64], weekly: [Int64], monthEnds: [Int64] = [], quarterEnds: [Int64] = [], yearEnd: [Int64]

        init(days: Int, now: Int64, utcOffset offset: Int64) {
            let today = ((now + offset) / 86_400) * 86_400 - offset
            daily = (1...max(1, days)).reversed().map { today - Int64($0) * 86_400 + 12 * 3_600 }
            weekly = daily.enumerated().filter { $0.offset % 7 == 6 }.map(\.element)
            var calendar = Foundation.Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: Int(offset))!
            let startOfMonth = calendar.date(from: calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(now))))!
            for back in (0..<12).reversed() {
                let end = Int64(calendar.date(byAdding: .month, value: -back, to: startOfMonth)!.timeIntervalSince1970) - 3_600
                monthEnds.append(end)
                let month = calendar.component(.month, from: Date(timeIntervalSince1970: TimeInterval(end)))
                if month % 3 == 0 { quarterEnds.append(end) }
            }
            yearEnd = [Int64(calendar.date(from: DateComponents(year: calendar.component(.year, from: Date(timeIntervalSince1970: TimeInterval(now))),
                                                                 month: 1, day: 1))!.timeIntervalSince1970) - 3_600]
        }

        func times(_ indicator: Indicator, _ level: RegionLevel) -> [Int64] {
            switch indicator.frequency.seconds {
            case ...86_400: level == .commune ? weekly : daily
            case ...(31 * 86_400): monthEnds
            case ...(92 * 86_400): quarterEnds
            default: yearEnd
            }
        }
    }

    /// How many points `history` writes for region `r` at most (derived ones may have no value).
    static func pointCount(_ simulator: Simulator, _ calendar: Calendar, region r: RegionID) -> Int {
        let catalog = simulator.catalog
        let level = catalog.regions[r].level
        var count = 0
        for (i, indicator) in catalog.indicators.enumerated() where catalog.isReported(i, at: r) && simulator.simulates(i) {
            count += calendar.times(indicator, level).count
        }
        for i in catalog.formulaPlan.evaluationOrder where catalog.isReported(i, at: r) {
            count += calendar.times(catalog.indicators[i], level).count
        }
        return count
    }

    /// Every history point of region `r`, series by series: base indicators reported there, then
    /// derived ones computed from their inputs at the same moments.
    static func history(_ simulator: Simulator, _ calendar: Calendar, region r: RegionID, _ emit: (Sample) throws -> Void) rethrows {
        let catalog = simulator.catalog
        let level = catalog.regions[r].level
        let plan = catalog.formulaPlan
        var generated: [IndicatorID: [Int64: Double]] = [:]
        for (i, indicator) in catalog.indicators.enumerated() where catalog.isReported(i, at: r) && simulator.simulates(i) {
            let series = catalog.series(i, r)
            var values: [Int64: Double] = [:]
            for t in calendar.times(indicator, level) {
                let v = simulator.value(of: series, at: t)
                values[t] = v
                try emit(Sample(series: series, time: t, value: v))
            }
            generated[i] = values
        }
        for i in plan.evaluationOrder where catalog.isReported(i, at: r) {
            let series = catalog.series(i, r)
            var values: [Int64: Double] = [:]
            for t in calendar.times(catalog.indicators[i], level) {
                if let v = plan.evaluate(i, { generated[$0]?[t] }) {
                    values[t] = v
                    try emit(Sample(series: series, time: t, value: v))
                }
            }
            generated[i] = values
        }
    }
}

/// A leader filling an empty store, a step at a time, so between steps it answers consoles and
/// actions, and consoles follow the center as it fills: each step commits its points with how
/// far the seeding has come (consoles show it), the last one clears that mark. A leader that dies
/// midway leaves the mark, and the next one seeds again (the points are the same; writing them
/// twice stores them once).
public final class Seeding {
    /// Points a step writes at the most: a step holds the writer for tens of milliseconds.
    public static let stepPoints = 40_000

    private let facts: [Observation]
    private var simulator: Simulator?
    private let now: Int64
    private let calendar: Seeder.Calendar?
    private let log: ((String) -> Void)?
    private let started = Date()
    private var nextRegion = 0
    private var begun = false
    private var done = false
    private var written = 0
    /// Points all steps write (at most): the measure of progress.
    private let total: Int

    public init(facts: [Observation], simulator: Simulator?, days: Int, now: Int64, log: ((String) -> Void)? = nil) {
        self.facts = facts
        self.simulator = simulator
        self.now = now
        self.log = log
        let calendar = simulator.map { Seeder.Calendar(days: days, now: now, utcOffset: $0.utcOffset) }
        self.calendar = calendar
        if let simulator, let calendar {
            total = simulator.catalog.regions.indices.reduce(0) { $0 + Seeder.pointCount(simulator, calendar, region: $1) }
        } else {
            total = 0
        }
    }

    /// How far it has come, in thousandths (below `SeedingMark.finished` until the last step).
    public var progress: Int64 {
        guard total > 0 else { return begun ? 999 : 0 }
        return min(999, Int64(written) * 1_000 / Int64(total))
    }

    public var outcome: Seeder.Outcome {
        Seeder.Outcome(facts: facts.count, history: written, seconds: Date().timeIntervalSince(started))
    }

    /// Takes the next step; true when the store is seeded.
    public func step(_ leader: Leader) throws -> Bool {
        guard !done else { return true }
        if !begun {
            // The mark first, so consoles say what is happening from the first commit on.
            try leader.writeHistory([], source: "simulated", seeding: 0)
            if !facts.isEmpty { try leader.ingest(facts, now: now) }
            begun = true
            return false
        }
        if let simulator, let calendar, nextRegion < simulator.catalog.regions.count {
            var chunk: [Sample] = []
            chunk.reserveCapacity(Self.stepPoints)
            while nextRegion < simulator.catalog.regions.count, chunk.count < Self.stepPoints {
                Seeder.history(simulator, calendar, region: nextRegion) { chunk.append($0) }
                nextRegion += 1
            }
            written += chunk.count
            try leader.writeHistory(chunk, source: "simulated", seeding: progress)
            return false
        }
        if simulator != nil { try leader.ingest(resolved: simulator!.next(now: now), source: "simulator", now: now) }
        try leader.writeHistory([], source: "simulated", seeding: SeedingMark.finished)
        done = true
        log?("seeded an empty store: \(facts.count) reported figures, \(written) simulated history points in "
             + String(format: "%.1f", Date().timeIntervalSince(started)) + " s")
        return true
    }
}
