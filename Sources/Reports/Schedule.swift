import Foundation
import Localization

/// A report the leader writes on its own once its period is complete (`reports.schedules` in
/// `ioc.yaml`): due at `at` (seconds after midnight) on the day the period ends.
public struct ReportSchedule: Sendable, Hashable, Codable {
    public var period: PeriodKind
    public var at: Int64
    /// The region it covers (nil: the center's root).
    public var region: String?
    public var field: String?
    public var formats: [ReportFormat]

    public init(period: PeriodKind, at: Int64 = 7 * 3_600, region: String? = nil, field: String? = nil, formats: [ReportFormat] = [.md]) {
        self.period = period
        self.at = at
        self.region = region
        self.field = field
        self.formats = formats
    }

    /// The name the store records it by: the same schedule keeps its name across restarts.
    public var key: String {
        "\(period.rawValue)@\(at / 3_600):\(at % 3_600 / 60)/\(region ?? "*")/\(field ?? "*")/" + formats.map(\.rawValue).joined(separator: ",")
    }

    /// The period it should have written by `now`, and whether that is due yet.
    public func due(now: Int64, convention: PeriodConvention, timeZone: TimeZone) -> ReportPeriod? {
        let period = ReportPeriod.lastComplete(self.period, now: now, convention: convention, timeZone: timeZone)
        return now >= period.end + at ? period : nil
    }
}

/// `reports:` in `ioc.yaml`.
public struct ReportSettings: Sendable, Hashable, Codable {
    public var convention: PeriodConvention
    public var schedules: [ReportSchedule]
    /// The language the leader writes scheduled reports and their announcements in; `ioc serve`
    /// gives it the center's.
    public var language = Language.en

    public init(convention: PeriodConvention = .calendar, schedules: [ReportSchedule] = []) {
        self.convention = convention
        self.schedules = schedules
    }
}
