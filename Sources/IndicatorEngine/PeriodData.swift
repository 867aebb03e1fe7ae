import Foundation

/// A series' observations in one step of a period (an hour or a day of a report): what a
/// store gives a report for each step.
public struct StepAggregate: Sendable, Hashable {
    /// The step's start.
    public var start: Int64
    public var count: Int
    public var min: Double
    public var max: Double
    public var sum: Double
    public var last: Double
    public var lastTime: Int64

    public init(start: Int64, count: Int, min: Double, max: Double, sum: Double, last: Double, lastTime: Int64) {
        self.start = start
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
        self.last = last
        self.lastTime = lastTime
    }

    /// Folds another part of the same step in (rows and a chunk of one day); the later last wins.
    public mutating func merge(_ other: StepAggregate) {
        count += other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        sum += other.sum
        if other.lastTime >= lastTime { (last, lastTime) = (other.last, other.lastTime) }
    }
}

/// What a report reads of one series: its last observation before the period, and its
/// observations in the period by step, in time order.
public struct PeriodSeries: Sendable {
    public var before: (value: Double, time: Int64)?
    public var steps: [StepAggregate]

    public init(before: (value: Double, time: Int64)?, steps: [StepAggregate]) {
        self.before = before
        self.steps = steps
    }
}

/// An alert and its journal, as a report reads it.
public struct AlertHistory: Sendable, Hashable {
    public var id: Int64
    public var rule: String
    public var indicator: String
    public var region: String
    public var kind: AlertKind
    public var severity: Severity
    public var events: [JournalEntry]

    public init(id: Int64, rule: String? = nil, indicator: String, region: String, kind: AlertKind, severity: Severity, events: [JournalEntry]) {
        self.id = id
        self.rule = rule ?? (kind == .stale ? indicator + ":stale" : indicator)
        self.indicator = indicator
        self.region = region
        self.kind = kind
        self.severity = severity
        self.events = events
    }
}

extension AlertHistory {
    /// The alert as it stood at `time`, from its journal: its state then, since when, whether
    /// and by whom it was acknowledged; nil when it was not open (pending, firing or
    /// recovering) at that moment or its series is not in the catalog.
    public func asOf(_ time: Int64, catalog: Catalog) -> Alert? {
        guard let series = catalog.series(indicator: indicator, region: region) else { return nil }
        var state: AlertState?
        var since: Int64 = 0, activeAt: Int64?, firedAt: Int64?
        var acknowledged: Acknowledgement?
        for e in events.sorted(by: { $0.time < $1.time }) where e.time <= time {
            if let to = e.to {
                state = to
                since = e.time
                if to == .pending || (to == .firing && activeAt == nil) { activeAt = activeAt ?? e.time }
                if to == .firing, firedAt == nil { firedAt = e.time }
                if to == .resolved || to == .inactive { acknowledged = nil }
            } else if e.action == "acknowledged", state?.isOpen == true {
                acknowledged = Acknowledgement(by: e.actor, at: e.time, note: e.reason)
            }
        }
        guard let state, state.isOpen else { return nil }
        var alert = Alert(id: id, rule: rule, kind: kind, series: series, indicator: indicator, region: region, severity: severity, state: state,
                          activeAt: activeAt ?? since, since: since, firedAt: firedAt)
        alert.acknowledged = acknowledged
        return alert
    }
}
