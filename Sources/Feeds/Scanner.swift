import Foundation

/// Byte ranges of one line-protocol point, found without allocating: the decoder's fast path.
/// `escaped` marks a range that contains backslash escapes and must be unescaped to be read.
public struct ScannedPoint {
    public struct Span {
        public var start = 0
        public var end = 0
        public var escaped = false
        public var isEmpty: Bool { start == end }
    }

    public var measurement = Span()
    public var tagKeys: [Span] = []
    public var tagValues: [Span] = []
    public var fieldKeys: [Span] = []
    public var fieldValues: [Span] = []
    public var timestamp: Int64?

    public init() {
        tagKeys.reserveCapacity(8)
        tagValues.reserveCapacity(8)
        fieldKeys.reserveCapacity(8)
        fieldValues.reserveCapacity(8)
    }

    mutating func reset() {
        tagKeys.removeAll(keepingCapacity: true)
        tagValues.removeAll(keepingCapacity: true)
        fieldKeys.removeAll(keepingCapacity: true)
        fieldValues.removeAll(keepingCapacity: true)
        timestamp = nil
    }
}

extension LineProtocol {
    static let space = UInt8(ascii: " "), comma = UInt8(ascii: ","), equals = UInt8(ascii: "=")
    static let backslash = UInt8(ascii: "\\"), quote = UInt8(ascii: "\"")

    /// Scans one line into `point`. Escapes follow the grammar: measurement `\,` `\ `;
    /// keys and tag values `\,` `\=` `\ `; quoted string field values `\"` `\\`.
    public static func scan(_ b: UnsafeBufferPointer<UInt8>, into point: inout ScannedPoint) throws(Rejection) {
        point.reset()
        var i = 0
        let n = b.count

        /// Reads up to an unescaped stop byte; `equalsStops` for keys.
        func span(stopAtEquals: Bool, stopAtComma: Bool, allowEqualsEscape: Bool, what: StaticString) throws(Rejection) -> ScannedPoint.Span {
            var s = ScannedPoint.Span(start: i, end: i, escaped: false)
            while i < n {
                let c = b[i]
                if c == backslash, i + 1 < n {
                    let next = b[i + 1]
                    if next == comma || next == space || (allowEqualsEscape && next == equals) {
                        s.escaped = true
                        i += 2
                        continue
                    }
                }
                if c == space || (stopAtComma && c == comma) || (stopAtEquals && c == equals) { break }
                i += 1
            }
            s.end = i
            if s.isEmpty { throw .syntax("empty \(what) at column \(i + 1)") }
            return s
        }

        point.measurement = try span(stopAtEquals: false, stopAtComma: true, allowEqualsEscape: false, what: "measurement")
        while i < n, b[i] == comma {
            i += 1
            let key = try span(stopAtEquals: true, stopAtComma: true, allowEqualsEscape: true, what: "tag key")
            guard i < n, b[i] == equals else { throw .syntax("a tag has no '=' at column \(i + 1)") }
            i += 1
            let value = try span(stopAtEquals: false, stopAtComma: true, allowEqualsEscape: true, what: "tag value")
            point.tagKeys.append(key)
            point.tagValues.append(value)
        }
        guard i < n, b[i] == space else { throw .syntax("expected a space and fields after the measurement") }
        i += 1
        repeat {
            if !point.fieldKeys.isEmpty { i += 1 }
            let key = try span(stopAtEquals: true, stopAtComma: true, allowEqualsEscape: true, what: "field key")
            guard i < n, b[i] == equals else { throw .syntax("a field has no '=' at column \(i + 1)") }
            i += 1
            var value = ScannedPoint.Span(start: i, end: i, escaped: false)
            if i < n, b[i] == quote {
                i += 1
                var closed = false
                while i < n {
                    if b[i] == backslash, i + 1 < n, b[i + 1] == quote || b[i + 1] == backslash {
                        value.escaped = true
                        i += 2
                        continue
                    }
                    if b[i] == quote { closed = true; i += 1; break }
                    i += 1
                }
                guard closed else { throw .syntax("unterminated string field") }
            } else {
                while i < n, b[i] != comma, b[i] != space { i += 1 }
                if i == value.start { throw .missingValue }
            }
            value.end = i
            point.fieldKeys.append(key)
            point.fieldValues.append(value)
        } while i < n && b[i] == comma
        if i < n {
            guard b[i] == space else { throw .syntax("unexpected '\(Character(Unicode.Scalar(b[i])))' at column \(i + 1)") }
            i += 1
            let start = i
            var negative = false
            if i < n, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            var t: Int64 = 0
            var digits = 0
            while i < n, b[i] >= 48, b[i] <= 57 {
                let (m, o1) = t.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(b[i] - 48))
                if o1 || o2 { throw .badTime(String(decoding: UnsafeBufferPointer(rebasing: b[start..<n]), as: UTF8.self)) }
                t = s
                digits += 1
                i += 1
            }
            let end = i
            guard digits > 0, end == n || b[end] == space else {
                var stop = end
                while stop < n, b[stop] != space { stop += 1 }
                throw .badTime(String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self))
            }
            while i < n, b[i] == space { i += 1 }
            guard i == n else { throw .syntax("unexpected text after the timestamp at column \(i + 1)") }
            point.timestamp = negative ? -t : t
        }
    }

    /// The text of a span, unescaped by its part's rules: `measurement` (`\,` `\ `), a quoted
    /// `stringField` (`\"` `\\`, quotes dropped), else keys and tag values (`\,` `\=` `\ `).
    public static func text(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span, stringField: Bool = false,
                            measurement: Bool = false) throws(Rejection) -> String {
        var start = s.start, end = s.end
        if stringField { start += 1; end -= 1 }
        let slice = UnsafeBufferPointer(rebasing: b[start..<end])
        var bytes: [UInt8]
        if s.escaped {
            // Only the grammar's escapes are undone; any other backslash is kept as it is.
            bytes = []
            bytes.reserveCapacity(slice.count)
            var k = 0
            while k < slice.count {
                if slice[k] == backslash, k + 1 < slice.count {
                    let next = slice[k + 1]
                    let escapable = stringField ? (next == quote || next == backslash)
                        : (next == comma || next == space || (!measurement && next == equals))
                    if escapable {
                        bytes.append(next)
                        k += 2
                        continue
                    }
                }
                bytes.append(slice[k])
                k += 1
            }
        } else {
            bytes = Array(slice)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return text
    }

    /// Reads a field value: float, `i` integer, `u` unsigned, boolean, or quoted string.
    public static func fieldValue(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span) throws(Rejection) -> FieldValue {
        if b[s.start] == quote { return .string(try text(b, s, stringField: true)) }
        if let number = fastNumber(b, s) { return .float(number) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self)
        switch text {
        case "t", "T", "true", "True", "TRUE": return .boolean(true)
        case "f", "F", "false", "False", "FALSE": return .boolean(false)
        default: break
        }
        if text.hasSuffix("i") {
            guard let v = Int64(text.dropLast()) else { throw .badNumber(text) }
            return .integer(v)
        }
        if text.hasSuffix("u") {
            guard let v = UInt64(text.dropLast()) else { throw .badNumber(text) }
            return .unsigned(v)
        }
        guard let v = Double(text) else { throw .badNumber(text) }
        guard v.isFinite else { throw .notFinite(text) }
        return .float(v)
    }

    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// Plain decimals (`-12.5`, `3`, `0.25`) without a trip through String; nil for anything
    /// else (exponents, suffixes, words), which the general path handles.
    static func fastNumber(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span) -> Double? {
        var i = s.start
        var negative = false
        if i < s.end, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        var seenDot = false
        while i < s.end {
            let c = b[i]
            if c >= 48, c <= 57 {
                guard digits < 18 else { return nil }
                mantissa = mantissa * 10 + UInt64(c - 48)
                digits += 1
                if seenDot { fraction += 1 }
            } else if c == UInt8(ascii: "."), !seenDot {
                seenDot = true
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        // Exact for up to 15 significant digits and a power of ten up to 10^22.
        guard digits <= 15 else { return nil }
        let v = Double(mantissa) / powersOfTen[fraction]
        return negative ? -v : v
    }
}
