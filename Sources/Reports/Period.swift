import Foundation

/// The length of a report's period.
public enum PeriodKind: String, Sendable, Hashable, CaseIterable, Codable {
    case day, week, month, quarter, half, year
}

/// Where periods are cut: calendar periods, or the cut-off of Vietnamese administrative
/// reporting (a month runs from the 15th of the month before to the 14th; quarters, halves and
/// years are made of such months). Days and weeks are the same in both.
public enum PeriodConvention: String, Sendable, Hashable, CaseIterable, Codable {
    case calendar, administrative
}

/// A report's period: [start, end) in Unix seconds, named by its label (`2026-11`, `2026-W48`).
public struct ReportPeriod: Sendable, Hashable {
    public var kind: PeriodKind
    public var label: String
    public var start: Int64
    public var end: Int64
    public var convention: PeriodConvention
    public var timeZone: TimeZone

    /// The period before this one, of the same kind and convention.
    public var previous: ReportPeriod { Self.containing(start - 1, kind: kind, convention: convention, timeZone: timeZone) }

    /// The period after this one.
    public var next: ReportPeriod { Self.containing(end, kind: kind, convention: convention, timeZone: timeZone) }

    /// The period of `kind` that holds `time`.
    public static func containing(_ time: Int64, kind: PeriodKind, convention: PeriodConvention, timeZone: TimeZone) -> ReportPeriod {
        let calendar = Self.calendar(timeZone)
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        var year = c.year ?? 1970, month = c.month ?? 1
        let day = c.day ?? 1
        switch kind {
        case .day:
            return dayPeriod(year: year, month: month, day: day, convention: convention, timeZone: timeZone)
        case .week:
            let iso = Self.isoCalendar(timeZone)
            let w = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            return weekPeriod(year: w.yearForWeekOfYear ?? year, week: w.weekOfYear ?? 1, convention: convention, timeZone: timeZone)!
        case .month, .quarter, .half, .year:
            // Under the administrative cut-off, the 15th and after belong to the next month.
            if convention == .administrative, day >= 15 {
                month += 1
                if month > 12 { month = 1; year += 1 }
            }
            let months = kind.months
            let index = (month - 1) / months + 1
            return monthsPeriod(kind: kind, year: year, index: index, convention: convention, timeZone: timeZone)!
        }
    }

    /// The last period of `kind` that has ended by `now`.
    public static func lastComplete(_ kind: PeriodKind, now: Int64, convention: PeriodConvention, timeZone: TimeZone) -> ReportPeriod {
        containing(now, kind: kind, convention: convention, timeZone: timeZone).previous
    }

    /// Reads `kind[:date]` (`month`, `month:2026-11`, `week:2026-W48`, `quarter:2026-Q4`,
    /// `half:2026-H2`, `year:2026`, `day:2026-11-28`); without a date, the last complete period.
    public static func parse(_ spec: String, now: Int64, convention: PeriodConvention, timeZone: TimeZone) throws(PeriodError) -> ReportPeriod {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let kind = PeriodKind(rawValue: parts[0].lowercased()) else {
            throw PeriodError(spec: spec, problem: "unknown period '\(parts[0])'; use one of \(PeriodKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard parts.count == 2 else { return lastComplete(kind, now: now, convention: convention, timeZone: timeZone) }
        let text = parts[1]
        let numbers = text.uppercased().split(whereSeparator: { "-WQH".contains($0) }).map { Int($0) }
        let wrong = PeriodError(spec: spec, problem: "expected \(kind.rawValue):\(kind.example)")
        guard !numbers.isEmpty, !numbers.contains(nil), text.uppercased() == kind.format(numbers.map { $0! }) else { throw wrong }
        let n = numbers.map { $0! }
        guard (1900...9999).contains(n[0]) else { throw wrong }
        switch kind {
        case .day:
            let date = DateComponents(calendar: calendar(timeZone), timeZone: timeZone, year: n[0], month: n[1], day: n[2])
            guard (1...12).contains(n[1]), date.isValidDate else { throw wrong }
            return dayPeriod(year: n[0], month: n[1], day: n[2], convention: convention, timeZone: timeZone)
        case .week:
            guard let p = weekPeriod(year: n[0], week: n[1], convention: convention, timeZone: timeZone) else { throw wrong }
            return p
        case .year:
            return monthsPeriod(kind: kind, year: n[0], index: 1, convention: convention, timeZone: timeZone)!
        case .month, .quarter, .half:
            guard let p = monthsPeriod(kind: kind, year: n[0], index: n[1], convention: convention, timeZone: timeZone) else { throw wrong }
            return p
        }
    }

    // MARK: - Construction

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }

    static func isoCalendar(_ timeZone: TimeZone) -> Calendar {
        var c = Calendar(identifier: .iso8601)
        c.timeZone = timeZone
        return c
    }

    /// Midnight starting a local date (months and days may run over; the calendar carries them).
    static func midnight(_ year: Int, _ month: Int, _ day: Int, _ timeZone: TimeZone) -> Int64 {
        let components = DateComponents(year: year, month: month, day: day)
        return Int64(calendar(timeZone).date(from: components)?.timeIntervalSince1970 ?? 0)
    }

    static func dayPeriod(year: Int, month: Int, day: Int, convention: PeriodConvention, timeZone: TimeZone) -> ReportPeriod {
        ReportPeriod(kind: .day, label: String(format: "%04d-%02d-%02d", year, month, day), start: midnight(year, month, day, timeZone),
                     end: midnight(year, month, day + 1, timeZone), convention: convention, timeZone: timeZone)
    }

    static func weekPeriod(year: Int, week: Int, convention: PeriodConvention, timeZone: TimeZone) -> ReportPeriod? {
        let iso = isoCalendar(timeZone)
        let components = DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: year)
        guard week >= 1, let monday = iso.date(from: components),
              iso.component(.yearForWeekOfYear, from: monday) == year, iso.component(.weekOfYear, from: monday) == week else { return nil }
        let start = Int64(monday.timeIntervalSince1970)
        let d = calendar(timeZone).dateComponents([.year, .month, .day], from: monday)
        return ReportPeriod(kind: .week, label: String(format: "%04d-W%02d", year, week), start: start,
                            end: midnight(d.year!, d.month!, d.day! + 7, timeZone), convention: convention, timeZone: timeZone)
    }

    /// Months, quarters, halves and years: the `index`-th run of `kind.months` months of `year`.
    static func monthsPeriod(kind: PeriodKind, year: Int, index: Int, convention: PeriodConvention, timeZone: TimeZone) -> ReportPeriod? {
        let months = kind.months
        guard index >= 1, index <= 12 / months else { return nil }
        let first = (index - 1) * months + 1
        let (startMonth, day) = convention == .administrative ? (first - 1, 15) : (first, 1)
        let label = switch kind {
        case .month: String(format: "%04d-%02d", year, index)
        case .quarter: String(format: "%04d-Q%d", year, index)
        case .half: String(format: "%04d-H%d", year, index)
        default: String(format: "%04d", year)
        }
        return ReportPeriod(kind: kind, label: label, start: midnight(year, startMonth, day, timeZone),
                            end: midnight(year, startMonth + months, day, timeZone), convention: convention, timeZone: timeZone)
    }

    /// The period's bounds as the center's clock shows them, ISO 8601 with the offset.
    public var startText: String { Self.iso8601(start, timeZone) }
    public var endText: String { Self.iso8601(end, timeZone) }

    public static func iso8601(_ time: Int64, _ timeZone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }

    /// The last day of the period, as people say it ("01/11/2026 – 30/11/2026").
    public var spanText: String {
        let f = DateFormatter()
        f.timeZone = timeZone
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "dd/MM/yyyy"
        let first = f.string(from: Date(timeIntervalSince1970: TimeInterval(start)))
        let last = f.string(from: Date(timeIntervalSince1970: TimeInterval(end - 1)))
        return first == last ? first : "\(first) – \(last)"
    }
}

extension PeriodKind {
    var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .half: 6
        case .year: 12
        case .day, .week: 0
        }
    }

    var example: String {
        switch self {
        case .day: "2026-11-28"
        case .week: "2026-W48"
        case .month: "2026-11"
        case .quarter: "2026-Q4"
        case .half: "2026-H2"
        case .year: "2026"
        }
    }

    /// The label's spelling for these numbers, to check a date was written in the expected form.
    func format(_ n: [Int]) -> String {
        switch self {
        case .day where n.count == 3: String(format: "%04d-%02d-%02d", n[0], n[1], n[2])
        case .week where n.count == 2: String(format: "%04d-W%02d", n[0], n[1])
        case .month where n.count == 2: String(format: "%04d-%02d", n[0], n[1])
        case .quarter where n.count == 2: String(format: "%04d-Q%d", n[0], n[1])
        case .half where n.count == 2: String(format: "%04d-H%d", n[0], n[1])
        case .year where n.count == 1: String(format: "%04d", n[0])
        default: ""
        }
    }
}

/// A period that cannot be read, with how to write it.
public struct PeriodError: Error, CustomStringConvertible, Equatable {
    public var spec: String
    public var problem: String

    public init(spec: String, problem: String) {
        self.spec = spec
        self.problem = problem
    }

    public var description: String { "invalid period '\(spec)': \(problem)" }
}
