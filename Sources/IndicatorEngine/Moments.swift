import Foundation

/// A moment an operator names, on the center's clock: `2026-11-28 17:00`, `28/11 17:00`,
/// `-2h` or `2h ago` (that long ago), `yesterday 07:30`, `today 07:30`, an ISO 8601 time with
/// its offset, or `now`; and the same in Vietnamese: `28/11/2026 17h30`, `2 giờ trước`,
/// `hôm qua 07:30`, `hôm nay 7h`, `bây giờ`.
public enum Moment {
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var text: String
        public init(text: String) { self.text = text }
        public var description: String {
            "cannot read the time '\(text)': write 2026-11-28 17:00, 28/11 17:00, -2h, 2h ago, yesterday 07:30 or an ISO 8601 time"
                + " (or 28/11/2026 17h30, 2 giờ trước, hôm qua 07:30)"
        }
    }

    public static func parse(_ raw: String, now: Int64, timeZone: TimeZone) throws(Problem) -> Int64 {
        let text = vietnamese(raw.trimmingCharacters(in: .whitespaces))
        let problem = Problem(text: raw)
        guard !text.isEmpty, text.count <= 40 else { throw problem }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(now)))
        if text.lowercased() == "now" { return now }
        if text.hasPrefix("-") || text.lowercased().hasSuffix(" ago") {
            let span = text.hasPrefix("-") ? String(text.dropFirst()) : String(text.dropLast(4))
            guard let seconds = Durations.parse(span) else { throw problem }
            return now - seconds
        }
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: text) { return Int64(date.timeIntervalSince1970) }
        // A day word or a date, then an optional time of day.
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count <= 2 else { throw problem }
        var day = DateComponents(year: today.year, month: today.month, day: today.day)
        var clock = parts.count == 2 ? parts[1] : nil
        switch parts[0].lowercased() {
        case "today": break
        case "yesterday":
            guard let date = calendar.date(from: day).flatMap({ calendar.date(byAdding: .day, value: -1, to: $0) }) else { throw problem }
            day = calendar.dateComponents([.year, .month, .day], from: date)
        default:
            if parts[0].contains(":"), parts.count == 1 {
                clock = parts[0]
            } else if let ymd = numbers(parts[0], separator: "-"), ymd.count == 3 {
                day = DateComponents(year: ymd[0], month: ymd[1], day: ymd[2])
            } else if let dm = numbers(parts[0], separator: "/"), dm.count == 2 || dm.count == 3 {
                day = DateComponents(year: dm.count == 3 ? dm[2] : today.year, month: dm[1], day: dm[0])
            } else {
                throw problem
            }
        }
        var hour = 0, minute = 0
        if let clock {
            guard let hm = numbers(clock, separator: ":"), hm.count == 2, (0..<24).contains(hm[0]), (0..<60).contains(hm[1]) else { throw problem }
            (hour, minute) = (hm[0], hm[1])
        }
        guard let year = day.year, (1970...9999).contains(year), let month = day.month, (1...12).contains(month),
              let d = day.day, (1...31).contains(d) else { throw problem }
        let components = DateComponents(calendar: calendar, timeZone: timeZone, year: year, month: month, day: d, hour: hour, minute: minute)
        guard components.isValidDate, let date = calendar.date(from: components) else { throw problem }
        return Int64(date.timeIntervalSince1970)
    }

    /// The Vietnamese ways of naming a moment said as the English ones: `hôm qua` yesterday,
    /// `hôm nay` today, `bây giờ` now, `2 giờ trước` 2h ago (giây, phút, giờ, ngày, tuần), and
    /// `17h30` / `17h` / `17g30` as 17:30 / 17:00.
    static func vietnamese(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let lower = words.map { $0.lowercased() }
        // An English span (`2h ago`, `-2h`) is left as it is.
        guard !lower.isEmpty, lower.last != "ago", !text.hasPrefix("-") else { return text }
        let units = ["giây": "s", "phút": "m", "giờ": "h", "tiếng": "h", "ngày": "d", "tuần": "w"]
        if lower.count == 3, lower[2] == "trước", let unit = units[lower[1]], Int(lower[0]) != nil { return "\(lower[0])\(unit) ago" }
        var said = words
        if lower.count >= 2, let english = ["hôm qua": "yesterday", "hôm nay": "today", "bây giờ": "now"][lower[0] + " " + lower[1]] {
            said = [english] + words.dropFirst(2)
        }
        return said.map { word in
            // A time of day written 17h30, 17h or 17g30.
            guard let mark = word.firstIndex(where: { $0 == "h" || $0 == "g" }), mark != word.startIndex,
                  word[..<mark].allSatisfy(\.isNumber), word[word.index(after: mark)...].allSatisfy(\.isNumber) else { return word }
            let minutes = word[word.index(after: mark)...]
            return word[..<mark] + ":" + (minutes.isEmpty ? "00" : minutes)
        }.joined(separator: " ")
    }

    /// Whole numbers separated by `separator`, each at most 4 digits; nil otherwise.
    static func numbers(_ text: String, separator: Character) -> [Int]? {
        let pieces = text.split(separator: separator, omittingEmptySubsequences: false)
        guard pieces.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return pieces.compactMap { Int($0) }
    }
}
