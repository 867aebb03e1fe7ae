import Foundation

/// The latest value of a series as the engine and the store hold it.
public struct CurrentValue: Sendable, Hashable {
    public var value: Double
    public var time: Int64
    public var status: SeriesStatus

    public init(value: Double, time: Int64, status: SeriesStatus) {
        self.value = value
        self.time = time
        self.status = status
    }

    /// The status as of `now`, for a reader that is not the leader: a stored value older than
    /// its indicator's `stale_after` is stale, whatever it was when written (a stopped leader
    /// must not leave a value looking fresh); no value is no data.
    public func status(now: Int64, staleAfter: Int64) -> SeriesStatus {
        if value.isNaN { return .nodata }
        return now - time > staleAfter ? .stale : status
    }
}

/// What one batch or tick changed.
public struct ChangeSet: Sendable, Equatable {
    /// Series whose latest value changed.
    public var values: [SeriesID] = []
    /// Series whose status changed: (series, old, new).
    public var statuses: [StatusChange] = []
    /// Alert transitions and actions, in order.
    public var journal: [JournalEntry] = []

    public init() {}
    public var isEmpty: Bool { values.isEmpty && statuses.isEmpty && journal.isEmpty }

    /// Appends what a later step changed.
    public mutating func merge(_ other: ChangeSet) {
        values += other.values
        statuses += other.statuses
        journal += other.journal
    }
}

public struct StatusChange: Sendable, Hashable {
    public var series: SeriesID
    public var from: SeriesStatus
    public var to: SeriesStatus

    public init(series: SeriesID, from: SeriesStatus, to: SeriesStatus) {
        self.series = series
        self.from = from
        self.to = to
    }
}

/// Latest values and statuses for every series, in dense arrays indexed by `SeriesID`.
public struct SeriesTable: Sendable {
    public private(set) var values: [Double]
    public private(set) var times: [Int64]
    public private(set) var statuses: [SeriesStatus]
    /// Recent values for sparklines: rings of `recentCapacity` in one pool, a ring per series
    /// that has had a value (so memory follows the series in use, and a push is O(1)).
    private var ringOf: [Int32]
    private var ringPool: [Float] = []
    private var ringHead: [UInt8] = []
    private var ringCount: [UInt8] = []
    public static let recentCapacity = 32

    public init(count: Int) {
        values = Array(repeating: .nan, count: count)
        times = Array(repeating: 0, count: count)
        statuses = Array(repeating: .nodata, count: count)
        ringOf = Array(repeating: -1, count: count)
    }

    public subscript(series: SeriesID) -> CurrentValue? {
        let v = values[series.raw]
        return v.isNaN ? nil : CurrentValue(value: v, time: times[series.raw], status: statuses[series.raw])
    }

    public func status(_ series: SeriesID) -> SeriesStatus { statuses[series.raw] }

    /// The time of the newest value in the table, if any (the header's data age at start).
    public var newestTime: Int64? {
        var newest: Int64?
        for raw in values.indices where !values[raw].isNaN { newest = max(newest ?? times[raw], times[raw]) }
        return newest
    }
    /// The series' recent values, oldest first.
    public func recentValues(_ series: SeriesID) -> [Double] {
        let ring = Int(ringOf[series.raw])
        guard ring >= 0 else { return [] }
        let count = Int(ringCount[ring]), head = Int(ringHead[ring]), cap = Self.recentCapacity
        return (0..<count).map { k in Double(ringPool[ring * cap + (head + cap - count + k) % cap]) }
    }

    mutating func set(_ series: SeriesID, value: Double, time: Int64) {
        values[series.raw] = value
        times[series.raw] = time
        push(value, series: series.raw)
    }

    private mutating func push(_ value: Double, series raw: Int) {
        let cap = Self.recentCapacity
        var ring = Int(ringOf[raw])
        if ring < 0 {
            ring = ringHead.count
            ringOf[raw] = Int32(ring)
            ringPool.append(contentsOf: repeatElement(0, count: cap))
            ringHead.append(0)
            ringCount.append(0)
        }
        let head = Int(ringHead[ring])
        ringPool[ring * cap + head] = Float(value)
        ringHead[ring] = UInt8((head + 1) % cap)
        if Int(ringCount[ring]) < cap { ringCount[ring] += 1 }
    }

    mutating func clear(_ series: SeriesID) {
        values[series.raw] = .nan
    }

    mutating func setStatus(_ series: SeriesID, _ status: SeriesStatus) {
        statuses[series.raw] = status
    }
}

/// The indicator engine: applies batches of observations and clock ticks to the series table,
/// computing derived indicators and roll-ups incrementally. It never reads a clock itself;
/// every call is given `now` (Unix seconds).
public struct Engine: Sendable {
    public let catalog: Catalog
    /// Effective values: reported, derived or rolled up.
    public private(set) var table: SeriesTable
    /// Values reported for each series, before roll-ups (NaN: none).
    public private(set) var reported: [Double]
    private var reportedTime: [Int64]
    private var reportedNanos: [Int32]
    /// Why a series that should have a value has none (a formula's missing input, division by zero).
    public private(set) var reasons: [SeriesID: NoValue] = [:]
    /// Alerts and silences, evaluated as statuses change and as the clock ticks.
    public private(set) var alerts: AlertBook
    private var dirty: [Bool]
    private var dirtyByDepth: [[Int]] = [[], [], []]
    private let depthOf: [Int]
    /// What the hot paths need of each indicator, without copying `Indicator` (strings, sets).
    private let profiles: [Profile]

    struct Profile: Sendable {
        enum Rule: Sendable { case sum, mean, weightedMean, min, max, last, recompute, none }
        var rule: Rule
        /// Series base of the weight indicator for weighted_mean, else -1.
        var weightBase: Int
        /// Bit `depth` is set for each level the indicator is reported at.
        var levels: UInt8
        var thresholds: Thresholds?
        /// Bit `depth` is set for each level the thresholds are judged at.
        var alertLevels: UInt8
        var staleAfter: Int64
        var holdFor: Int64
        var preferReported: Bool

        var rollsUp: Bool { rule != .none && rule != .recompute }
        func isReported(atDepth depth: Int) -> Bool { levels & (1 << UInt8(depth)) != 0 }

        init(_ indicator: Indicator, catalog: Catalog) {
            switch indicator.rollup {
            case .sum: rule = .sum
            case .mean: rule = .mean
            case .weightedMean: rule = .weightedMean
            case .min: rule = .min
            case .max: rule = .max
            case .last: rule = .last
            case .recompute: rule = .recompute
            case .none: rule = .none
            }
            if case let .weightedMean(w) = indicator.rollup, let wi = catalog.indicatorIndex[w] {
                weightBase = wi * catalog.regions.count
            } else {
                weightBase = -1
            }
            levels = indicator.levels.reduce(0) { $0 | (1 << UInt8($1.depth)) }
            thresholds = indicator.thresholds
            alertLevels = indicator.alertLevels.reduce(0) { $0 | (1 << UInt8($1.depth)) }
            staleAfter = indicator.staleAfter
            holdFor = indicator.forSeconds
            preferReported = indicator.preferReported
        }
    }

    public init(catalog: Catalog, policy: AlertPolicy = AlertPolicy()) {
        self.catalog = catalog
        alerts = AlertBook(policy: policy, seriesCount: catalog.seriesCount)
        profiles = catalog.indicators.map { Profile($0, catalog: catalog) }
        table = SeriesTable(count: catalog.seriesCount)
        reported = Array(repeating: .nan, count: catalog.seriesCount)
        reportedTime = Array(repeating: 0, count: catalog.seriesCount)
        reportedNanos = Array(repeating: 0, count: catalog.seriesCount)
        dirty = Array(repeating: false, count: catalog.seriesCount)
        depthOf = catalog.regions.map(\.level.depth)
    }

    /// Applies a batch named by codes; observations for unknown codes or with non-finite values are skipped.
    @discardableResult
    public mutating func apply(_ batch: [Observation], now: Int64) -> ChangeSet {
        var resolved: [Sample] = []
        resolved.reserveCapacity(batch.count)
        for o in batch {
            guard let series = catalog.series(indicator: o.indicator, region: o.region) else { continue }
            resolved.append(Sample(series: series, time: o.time, value: o.value, nanos: o.nanos))
        }
        return apply(resolved: resolved, now: now)
    }

    /// Applies a batch of already-resolved observations: the fast path for feeds.
    /// An observation older than its series' latest reported value is history only; of two in
    /// the same second, the later timestamp wins (the same timestamp twice: the later arrival).
    @discardableResult
    public mutating func apply(resolved batch: [Sample], now: Int64) -> ChangeSet {
        var changes = ChangeSet()
        for sample in batch where sample.value.isFinite {
            let raw = sample.series.raw
            if !reported[raw].isNaN, sample.isOlder(than: reportedTime[raw], nanos: reportedNanos[raw]) { continue }
            reported[raw] = sample.value
            reportedTime[raw] = sample.time
            reportedNanos[raw] = sample.nanos
            markDirty(raw)
        }
        propagate(now: now, into: &changes)
        return changes
    }

    /// Re-judges every series with a value against the clock (staleness).
    @discardableResult
    public mutating func tick(now: Int64) -> ChangeSet {
        var changes = ChangeSet()
        for raw in 0..<catalog.seriesCount where !table.values[raw].isNaN {
            reevaluate(SeriesID(raw: raw), now: now, into: &changes, judgeUnchanged: false)
        }
        alerts.tick(catalog: catalog, now: now, journal: &changes.journal)
        return changes
    }

    /// An operator acknowledges an open alert; it stays acknowledged until resolved.
    public mutating func acknowledge(alert id: Int64, by actor: String, note: String = "", now: Int64) throws(AlertActionError) -> [JournalEntry] {
        var journal: [JournalEntry] = []
        try alerts.acknowledge(id, by: actor, note: note, now: now, journal: &journal)
        return journal
    }

    /// A note on an alert's journal (open or recently resolved).
    public mutating func note(alert id: Int64, by actor: String, text: String, now: Int64) throws(AlertActionError) -> [JournalEntry] {
        var journal: [JournalEntry] = []
        try alerts.note(id, by: actor, text: text, now: now, journal: &journal)
        return journal
    }

    /// Ends a running silence now; returns it (with its new end) and the journal, or nil.
    public mutating func expireSilence(_ id: Int64, by actor: String, now: Int64) -> (Silence, [JournalEntry])? {
        var journal: [JournalEntry] = [JournalEntry(alert: 0, time: now, actor: actor, action: "silence expired", from: nil, to: nil,
                                                    reason: "silence \(id)")]
        guard let silence = alerts.expireSilence(id, catalog: catalog, now: now, journal: &journal) else { return nil }
        return (silence, journal)
    }

    /// Adds a silence; matching alerts are muted while it lasts.
    public mutating func silence(_ silence: Silence, now: Int64) -> [JournalEntry] {
        var journal: [JournalEntry] = [JournalEntry(alert: 0, time: now, actor: silence.createdBy, action: "silence added",
                                                    from: nil, to: nil, reason: silence.comment)]
        alerts.addSilence(silence, catalog: catalog, now: now, journal: &journal)
        return journal
    }

    /// Restores a value read back from the store, without treating it as news.
    public mutating func restore(_ series: SeriesID, _ current: CurrentValue) {
        table.set(series, value: current.value, time: current.time)
        table.setStatus(series, current.status)
    }

    /// Restores the value last reported for a series itself (so roll-ups above it can be redone).
    public mutating func restoreReported(_ series: SeriesID, value: Double, time: Int64, nanos: Int32 = 0) {
        reported[series.raw] = value
        reportedTime[series.raw] = time
        reportedNanos[series.raw] = nanos
    }

    /// The time of the value last reported for a series itself, when there is one.
    public func reportedTime(_ series: SeriesID) -> Int64? {
        reported[series.raw].isNaN ? nil : reportedTime[series.raw]
    }

    /// The nanoseconds after `reportedTime` of that value.
    public func reportedNanos(_ series: SeriesID) -> Int32 { reportedNanos[series.raw] }

    /// Alerts that left the book (cancelled or archived) since the last call, in their final state.
    public mutating func takeClosedAlerts() -> [Int64: Alert] { alerts.takeClosed() }

    /// Restores alerts and silences read back from the store, when a process takes the lead.
    public mutating func restoreAlerts(_ alerts: [Alert], silences: [Silence], nextID: Int64) {
        self.alerts.restore(alerts, silences: silences, nextID: nextID)
    }

    public func status(of series: SeriesID, value: Double, time: Int64, previous: SeriesStatus, now: Int64) -> SeriesStatus {
        let profile = profiles[catalog.indicator(of: series)]
        if now - time > profile.staleAfter { return .stale }
        guard let thresholds = profile.thresholds,
              profile.alertLevels & (1 << UInt8(depthOf[catalog.region(of: series)])) != 0 else { return .ok }
        return SeriesStatus(severity: thresholds.severity(of: value, previous: previous.severity))
    }

    // MARK: - Propagation

    private mutating func markDirty(_ raw: Int) {
        guard !dirty[raw] else { return }
        dirty[raw] = true
        dirtyByDepth[depthOf[raw % catalog.regions.count]].append(raw)
    }

    /// Recomputes dirty series from the communes up: each level's own formulas first,
    /// then the parents' roll-ups, so a parent is computed once from its final children.
    private mutating func propagate(now: Int64, into changes: inout ChangeSet) {
        let regionCount = catalog.regions.count
        let plan = catalog.formulaPlan
        for depth in stride(from: 2, through: 0, by: -1) {
            var position = 0
            while position < dirtyByDepth[depth].count {
                let raw = dirtyByDepth[depth][position]
                position += 1
                dirty[raw] = false
                let series = SeriesID(raw: raw)
                guard recompute(series) else { continue }
                changes.values.append(series)
                reevaluate(series, now: now, into: &changes)
                let i = raw / regionCount, r = raw % regionCount
                // Derived indicators are computed only where they are reported.
                for d in plan.dependents[i] where profiles[d].isReported(atDepth: depth) { markDirty(d * regionCount + r) }
                guard let parent = catalog.parentOf[r], profiles[i].isReported(atDepth: depth - 1) else { continue }
                if profiles[i].rollsUp { markDirty(i * regionCount + parent) }
                for j in plan.weighted[i] where profiles[j].isReported(atDepth: depth - 1) { markDirty(j * regionCount + parent) }
            }
            dirtyByDepth[depth].removeAll(keepingCapacity: true)
        }
    }

    /// Sets the series' effective value from its sources; returns whether it changed.
    private mutating func recompute(_ series: SeriesID) -> Bool {
        let raw = series.raw
        let regionCount = catalog.regions.count
        let i = raw / regionCount, r = raw % regionCount
        let profile = profiles[i]
        var value = Double.nan
        var time: Int64 = 0
        var reason: NoValue?

        let hasReported = !reported[raw].isNaN
        if hasReported, profile.preferReported || catalog.children[r].isEmpty {
            value = reported[raw]
            time = reportedTime[raw]
        } else if profile.rollsUp, let rolled = rollUp(i, region: r) {
            (value, time) = rolled
        } else if let formula = catalog.formulaPlan.formulas[i] {
            var latest: Int64 = 0
            let result = formula.evaluate({ input in
                let v = table.values[input * regionCount + r]
                if !v.isNaN { latest = max(latest, table.times[input * regionCount + r]) }
                return v
            }, names: { catalog.indicators[$0].code })
            switch result {
            case let .success(v):
                value = v
                time = latest
            case let .failure(why):
                reason = why
                if hasReported { value = reported[raw]; time = reportedTime[raw] }
            }
        } else if hasReported {
            value = reported[raw]
            time = reportedTime[raw]
        }
        if let reason { reasons[series] = reason } else if reasons[series] != nil { reasons[series] = nil }

        let old = table.values[raw]
        if value.isNaN {
            guard !old.isNaN else { return false }
            table.clear(series)
            return true
        }
        if old == value && table.times[raw] == time { return false }
        table.set(series, value: value, time: time)
        return true
    }

    /// The roll-up of indicator `i` over the children of region `r`, with the newest child time.
    private func rollUp(_ i: IndicatorID, region r: RegionID) -> (Double, Int64)? {
        let regionCount = catalog.regions.count
        let base = i * regionCount
        var count = 0
        var sum = 0.0, weightSum = 0.0
        var lo = Double.infinity, hi = -Double.infinity
        var latest: Int64 = 0
        var lastValue = Double.nan
        let profile = profiles[i]
        let weightBase = profile.weightBase
        for c in catalog.children[r] {
            let v = table.values[base + c]
            guard !v.isNaN else { continue }
            let t = table.times[base + c]
            if weightBase >= 0 {
                let w = table.values[weightBase + c]
                guard !w.isNaN else { continue }
                sum += v * w
                weightSum += w
            } else {
                sum += v
            }
            count += 1
            lo = min(lo, v)
            hi = max(hi, v)
            if t >= latest { latest = t; lastValue = v }
        }
        guard count > 0 else { return nil }
        switch profile.rule {
        case .sum: return (sum, latest)
        case .mean: return (sum / Double(count), latest)
        case .min: return (lo, latest)
        case .max: return (hi, latest)
        case .last: return (lastValue, latest)
        case .weightedMean: return weightSum == 0 ? nil : (sum / weightSum, latest)
        case .none, .recompute: return nil
        }
    }

    /// Re-judges a series' status; alert rules are judged on every new value, and on a tick only
    /// when the status moved (so ticks add no samples to flap detection).
    private mutating func reevaluate(_ series: SeriesID, now: Int64, into changes: inout ChangeSet, judgeUnchanged: Bool = true) {
        let old = table.status(series)
        let new: SeriesStatus = table.values[series.raw].isNaN
            ? .nodata
            : status(of: series, value: table.values[series.raw], time: table.times[series.raw], previous: old, now: now)
        if new != old {
            table.setStatus(series, new)
            changes.statuses.append(StatusChange(series: series, from: old, to: new))
        }
        if judgeUnchanged || new != old { evaluateAlerts(series, old: old, new: new, now: now, into: &changes) }
    }

    private mutating func evaluateAlerts(_ series: SeriesID, old: SeriesStatus, new: SeriesStatus, now: Int64, into changes: inout ChangeSet) {
        let value = table[series]?.value
        // Staleness: data stopped coming. While stale, the threshold rule is not judged (no fresh value).
        if new == .stale || old == .stale {
            alerts.evaluate(.stale, series: series, condition: new == .stale ? .warning : nil, value: value, holdFor: 0,
                            catalog: catalog, now: now, journal: &changes.journal)
        }
        let profile = profiles[catalog.indicator(of: series)]
        guard new != .stale, profile.thresholds != nil,
              profile.alertLevels & (1 << UInt8(depthOf[catalog.region(of: series)])) != 0 else { return }
        alerts.evaluate(.threshold, series: series, condition: new.severity, value: value, holdFor: profile.holdFor,
                        catalog: catalog, now: now, journal: &changes.journal)
    }
}
