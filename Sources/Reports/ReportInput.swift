import Foundation
import IndicatorEngine

/// What a store gives a report: each observed series' value before the period and its
/// observations in the period in buckets of one step, the alerts the period touches with their
/// journals, and the operator actions of the audit.
public struct ReportInput: Sendable {
    /// One step's observations of a series.
    public struct Bucket: Sendable, Hashable {
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

        /// Folds another part of the same step in (rows and a chunk of one day).
        public mutating func merge(_ other: Bucket) {
            count += other.count
            min = Swift.min(min, other.min)
            max = Swift.max(max, other.max)
            sum += other.sum
            if other.lastTime >= lastTime { last = other.last; lastTime = other.lastTime }
        }
    }

    public struct SeriesData: Sendable {
        /// The last observation before the period, if any.
        public var before: (value: Double, time: Int64)?
        /// Observations in the period, in time order of their steps.
        public var buckets: [Bucket]

        public init(before: (value: Double, time: Int64)?, buckets: [Bucket]) {
            self.before = before
            self.buckets = buckets
        }
    }

    /// An alert and its journal up to the period's end.
    public struct AlertHistory: Sendable, Hashable {
        public var id: Int64
        public var indicator: String
        public var region: String
        public var kind: AlertKind
        public var severity: Severity
        public var events: [JournalEntry]

        public init(id: Int64, indicator: String, region: String, kind: AlertKind, severity: Severity, events: [JournalEntry]) {
            self.id = id
            self.indicator = indicator
            self.region = region
            self.kind = kind
            self.severity = severity
            self.events = events
        }
    }

    public var catalog: Catalog
    public var period: ReportPeriod
    public var region: RegionID
    /// Only this field, when given.
    public var field: String?
    public var series: [SeriesID: SeriesData]
    public var alerts: [AlertHistory]
    public var audit: [AuditEntry]

    public init(catalog: Catalog, period: ReportPeriod, region: RegionID, field: String? = nil, series: [SeriesID: SeriesData],
                alerts: [AlertHistory], audit: [AuditEntry]) {
        self.catalog = catalog
        self.period = period
        self.region = region
        self.field = field
        self.series = series
        self.alerts = alerts
        self.audit = audit
    }

    /// The step of a period: hours for a day, days for anything longer.
    public static func step(for kind: PeriodKind) -> Int64 { kind == .day ? 3_600 : 86_400 }
}

extension Catalog {
    /// The series that get their values from observations, not from other series: an indicator
    /// without a formula where it is reported, unless its children's values roll up into it
    /// (and it does not prefer a reported value).
    public func isObserved(_ i: IndicatorID, at r: RegionID) -> Bool {
        let indicator = indicators[i]
        guard indicator.formula == nil, isReported(i, at: r) else { return false }
        switch indicator.rollup {
        case .none, .recompute: return true
        default: return indicator.preferReported || !children[r].contains { isReported(i, at: $0) }
        }
    }

    /// `region` and every region below it, parents before children.
    public func subtree(_ region: RegionID) -> [RegionID] {
        var result = [region]
        var k = 0
        while k < result.count {
            result += children[result[k]]
            k += 1
        }
        return result
    }
}
