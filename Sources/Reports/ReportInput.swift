import Foundation
import IndicatorEngine

/// What a store gives a report: each observed series' value before the period and its
/// observations in the period by step, the alerts the period touches with their journals, and
/// the operator actions of the audit.
public struct ReportInput: Sendable {
    public var catalog: Catalog
    public var period: ReportPeriod
    public var region: RegionID
    /// Only this field, when given.
    public var field: String?
    public var series: [SeriesID: PeriodSeries]
    public var alerts: [AlertHistory]
    public var audit: [AuditEntry]

    public init(catalog: Catalog, period: ReportPeriod, region: RegionID, field: String? = nil, series: [SeriesID: PeriodSeries],
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
