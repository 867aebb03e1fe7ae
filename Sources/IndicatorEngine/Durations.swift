/// Durations as people write them, the one parser for the configuration, the command line
/// (`--for 1w`) and the console's prompts: `30s`, `10m`, `2h`, `2d`, `1w`, `2y` (365-day years), sums like `1h30m`,
/// and a bare number of seconds.
public enum Durations {
    /// The longest duration accepted (100 years): anything longer is a typo, and the bound keeps
    /// `now + duration` far from overflowing.
    public static let longest: Int64 = 100 * 366 * 86_400

    static let units: [UInt8: Int64] = [UInt8(ascii: "s"): 1, UInt8(ascii: "m"): 60, UInt8(ascii: "h"): 3_600,
                                        UInt8(ascii: "d"): 86_400, UInt8(ascii: "w"): 604_800,
                                        UInt8(ascii: "y"): 365 * 86_400]

    /// Seconds, or nil for anything else (including a duration longer than `longest`). Checked
    /// arithmetic throughout: no text can trap.
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, first == 32 || first == 9 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 32 || last == 9 { bytes = bytes.dropLast() }
        guard !bytes.isEmpty else { return nil }
        var total: Int64 = 0
        var number: Int64 = 0
        var digits = 0
        for b in bytes {
            if b >= 48, b <= 57 {
                // Past `longest` already: stop before the arithmetic could overflow.
                guard number <= longest else { return nil }
                number = number * 10 + Int64(b - 48)
                digits += 1
            } else if let unit = units[b], digits > 0 {
                guard number <= longest / unit else { return nil }
                total += number * unit
                guard total <= longest else { return nil }
                number = 0
                digits = 0
            } else {
                return nil
            }
        }
        if digits > 0 {
            // A bare number is seconds; it may not follow units ("1h30" is ambiguous).
            guard total == 0, number <= longest else { return nil }
            return number
        }
        return total
    }

    /// A duration as `parse` reads it back, largest units first: `10m`, `1h30m`, `2d`, `45s`.
    public static func format(_ seconds: Int64) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds, text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}
