import Foundation

/// CSV with a header naming the columns `indicator`, `region`, `time` and `value` (any order,
/// other columns ignored); RFC 4180 quoting. The separator is `,`, `;` or a tab.
public enum CSV {
    /// Splits one line into fields, honouring quotes and doubled quotes.
    public static func fields(_ line: some Collection<UInt8>, separator: UInt8 = UInt8(ascii: ",")) throws(Rejection) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var iterator = Array(line).makeIterator()
        var pending: UInt8? = nil
        func next() -> UInt8? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let b = next() {
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if let after = next() {
                        if after == UInt8(ascii: "\"") { current.append(after) } else { quoted = false; pending = after }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(b)
                }
            } else if b == separator {
                result.append(try text(current))
                current = []
                wasQuoted = false
            } else if b == UInt8(ascii: "\""), current.isEmpty, !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if b != UInt8(ascii: "\r") || quoted {
                current.append(b)
            }
        }
        if quoted { throw .syntax("unterminated quoted field") }
        result.append(try text(current))
        return result
    }

    private static func text(_ bytes: [UInt8]) throws(Rejection) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return s
    }

    /// Whether a quoted field is still open at the end of these bytes (an odd number of quotes):
    /// the record continues on the next line.
    static func hasOpenQuote(_ bytes: ArraySlice<UInt8>) -> Bool {
        var open = false
        for b in bytes where b == UInt8(ascii: "\"") { open.toggle() }
        return open
    }

    /// Unix seconds (`-?[0-9]+`), or ISO 8601 `YYYY-MM-DDTHH:MM:SS[.fffffffff](Z|±HH:MM)`; nil
    /// when it is neither, `timeOutOfRange` outside line protocol's range. Never a trap.
    public static func time(_ text: String) throws(Rejection) -> LineProtocol.Timestamp? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let b = Array(trimmed.utf8)
        if let first = b.first, LineProtocol.isDigit(first) || first == LineProtocol.minus, b.dropFirst().allSatisfy(LineProtocol.isDigit) {
            guard let seconds = b.withUnsafeBufferPointer({ LineProtocol.integer($0, 0, $0.count) }),
                  LineProtocol.seconds.contains(seconds) else { throw .timeOutOfRange(trimmed) }
            return LineProtocol.Timestamp(seconds: seconds)
        }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for k in from..<from + count {
                guard LineProtocol.isDigit(b[k]) else { return nil }
                n = n * 10 + Int(b[k] - 48)
            }
            return n
        }
        guard b.count >= 20, let y = number(0, 4), b[4] == 45, let mo = number(5, 2), b[7] == 45, let d = number(8, 2),
              b[10] == 84 || b[10] == 32, let h = number(11, 2), b[13] == 58, let mi = number(14, 2), b[16] == 58, let s = number(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var k = 19
        var nanos = 0
        if k < b.count, b[k] == 46 {
            k += 1
            var scale = 100_000_000
            while k < b.count, LineProtocol.isDigit(b[k]) {
                nanos += Int(b[k] - 48) * scale
                scale /= 10
                k += 1
            }
        }
        var offset = 0
        if k < b.count, b[k] == 90, k + 1 == b.count {
            offset = 0
        } else if k < b.count, b[k] == 43 || b[k] == 45, let oh = number(k + 1, 2), k + 6 == b.count, b[k + 3] == 58, let om = number(k + 4, 2) {
            offset = (oh * 3_600 + om * 60) * (b[k] == 45 ? -1 : 1)
        } else {
            return nil
        }
        // Days from the civil date (Howard Hinnant's algorithm), no calendar objects needed.
        // Four-digit years keep every term far inside Int.
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = Int64(days * 86_400 + h * 3_600 + mi * 60 + s - offset)
        guard LineProtocol.seconds.contains(seconds) else { throw .timeOutOfRange(trimmed) }
        return LineProtocol.Timestamp(seconds: seconds, nanos: Int32(nanos))
    }
}
