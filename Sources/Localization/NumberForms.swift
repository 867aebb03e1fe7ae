import Foundation

/// Numbers, dates and periods as each language writes them: Vietnamese writes `39.589` and
/// `6,28`, dates `07/12/2026`, `tuần 49/2026`, `tháng 11/2026`, `quý IV/2026`; English keeps
/// the forms ioc has always printed.
public struct NumberForms: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    private var grouping: Character { language == .vi ? "." : "," }
    private var decimalMark: Character { language == .vi ? "," : "." }

    /// A whole number with its thousands grouped: `39.589` (vi), `39,589` (en).
    public func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped.append(grouping) }
            grouped.append(c)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A count as the output for people writes it: grouped in Vietnamese (`1.038`); English keeps
    /// the plain digits ioc has always printed (`1038`).
    public func count(_ value: Int) -> String { language == .vi ? integer(value) : String(value) }

    /// A number with `places` decimals (rounded half away from zero), thousands grouped:
    /// `6,28` and `4.794,5` (vi), `6.28` and `4,794.5` (en). Not finite: `–`.
    public func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "–" }
        let places = max(0, min(places, 9))
        let scale = pow(10, Double(places))
        let scaled = (value.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return String(format: "%.\(places)e", value) }
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard places > 0 else { return sign + integer(whole) }
        let digits = String(fraction)
        return sign + integer(whole) + String(decimalMark) + String(repeating: "0", count: places - digits.count) + digits
    }

    /// A number written the English way (`4,794.5`, as the console's formats give it) in this
    /// language's form: the grouping and decimal marks exchanged for Vietnamese (`4.794,5`).
    public func fromEnglish(_ number: String) -> String {
        guard language == .vi else { return number }
        return String(number.map { $0 == "," ? "." : $0 == "." ? "," : $0 })
    }

    /// A percentage: `6,28 %` (vi, a space as Vietnamese writes it), `6.28%` (en).
    public func percent(_ value: Double, places: Int) -> String {
        decimal(value, places: places) + (language == .vi ? " %" : "%")
    }

    /// A calendar date in `timeZone`: `07/12/2026` (vi), `2026-12-07` (en).
    public func date(_ time: Int64, timeZone: TimeZone) -> String {
        let c = components(time, timeZone)
        return language == .vi
            ? String(format: "%02d/%02d/%04d", c.day ?? 0, c.month ?? 0, c.year ?? 0)
            : String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// A time of day on the 24-hour clock: `23:40`.
    public func time(_ time: Int64, timeZone: TimeZone) -> String {
        let c = components(time, timeZone)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// An ISO week: `tuần 49/2026` (vi), `week 49 of 2026` (en).
    public func week(_ week: Int, of year: Int) -> String {
        language == .vi ? "tuần \(week)/\(year)" : "week \(week) of \(year)"
    }

    /// A month: `tháng 11/2026` (vi), `November 2026` (en).
    public func month(_ month: Int, of year: Int) -> String {
        guard (1...12).contains(month) else { return "\(month)/\(year)" }
        return language == .vi ? "tháng \(month)/\(year)" : "\(Self.englishMonths[month - 1]) \(year)"
    }

    /// A quarter: `quý IV/2026` (vi, in Roman numerals as administrative reports write it), `Q4 2026` (en).
    public func quarter(_ quarter: Int, of year: Int) -> String {
        guard (1...4).contains(quarter) else { return "\(quarter)/\(year)" }
        return language == .vi ? "quý \(["I", "II", "III", "IV"][quarter - 1])/\(year)" : "Q\(quarter) \(year)"
    }

    /// A half year: `6 tháng đầu năm 2026` or `6 tháng cuối năm 2026` (vi), `H1 2026` (en).
    public func half(_ half: Int, of year: Int) -> String {
        language == .vi ? "6 tháng \(half == 1 ? "đầu" : "cuối") năm \(year)" : "H\(half) \(year)"
    }

    /// A year: `năm 2026` (vi), `2026` (en).
    public func year(_ year: Int) -> String { language == .vi ? "năm \(year)" : "\(year)" }

    /// A length of time in its largest whole unit: `5 giây`, `13 phút`, `2 giờ`, `3 ngày` (vi);
    /// `5s`, `13m`, `2h`, `3d` (en).
    public func duration(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        let (amount, unit): (Int64, Int) = s < 60 ? (s, 0) : s < 3_600 ? (s / 60, 1) : s < 86_400 ? (s / 3_600, 2) : (s / 86_400, 3)
        return language == .vi ? "\(integer(Int(amount))) \(["giây", "phút", "giờ", "ngày"][unit])" : "\(amount)\(["s", "m", "h", "d"][unit])"
    }

    /// How long ago: `5 giây trước` (vi), `5s ago` (en).
    public func ago(_ seconds: Int64) -> String {
        language == .vi ? duration(seconds) + " trước" : duration(seconds) + " ago"
    }

    private func components(_ time: Int64, _ timeZone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(time)))
    }

    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                                "November", "December"]
}
