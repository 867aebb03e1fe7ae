import Foundation
import IndicatorEngine

/// Number and time formatting for the screen: fixed, locale-independent, compact.
public enum Format {
    public static func value(_ value: Double, kind: ValueKind) -> String {
        switch kind {
        case .boolean: return value != 0 ? "yes" : "no"
        case .integer: return grouped(value.rounded())
        case .number:
            let magnitude = abs(value)
            if magnitude >= 1_000 { return grouped(value.rounded()) }
            let decimals = magnitude >= 100 ? 1 : 2
            var text = String(format: "%.\(decimals)f", value)
            // 91.50 reads better as 91.5; 7.00 as 7.
            // (`contains(where:)`: the `String` overload of `contains` goes through NSString.)
            if text.contains(where: { $0 == "." }) { while text.hasSuffix("0") { text.removeLast() } }
            if text.hasSuffix(".") { text.removeLast() }
            return text == "-0" ? "0" : text
        }
    }

    static func grouped(_ value: Double) -> String {
        guard abs(value) < 1e15 else { return String(format: "%.3g", value) }
        let n = Int64(value)
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// `HH:MM:SS` in the given time zone.
    public static func clock(_ time: Int64, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(time)))
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// A short age: `4s`, `12m`, `3h`, `5d`.
    /// Day, month and minute: "01/11 07:00".
    public static func dayAndTime(_ time: Int64, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.day, .month, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(time)))
        return String(format: "%02d/%02d %02d:%02d", c.day ?? 0, c.month ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    public static func age(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3_600)h" }
        return "\(s / 86_400)d"
    }
}
