import Foundation

/// Byte ranges of one line-protocol point, found without allocating: the decoder's fast path.
/// `escaped` marks a range that contains a backslash and must be unescaped to be read. Its
/// storage only grows, so scanning line after line into one value allocates nothing.
public struct ScannedPoint {
    public struct Span {
        public var start = 0
        public var end = 0
        public var escaped = false
        public var isEmpty: Bool { start == end }
        var count: Int { end - start }
    }

    /// What a field value's syntax says it is; numbers and booleans are already validated.
    public enum Kind: Sendable {
        case float, integer, unsigned, boolean, string
    }

    public struct Tag {
        public var key: Span
        public var value: Span
    }

    public struct Field {
        public var key: Span
        public var value: Span
        public var kind: Kind
    }

    public var measurement = Span()
    public var timestamp: Int64?
    private var tagStorage: [Tag] = []
    private var fieldStorage: [Field] = []
    private var tagCount = 0, fieldCount = 0

    public init() {
        tagStorage.reserveCapacity(8)
        fieldStorage.reserveCapacity(8)
    }

    public var tags: ArraySlice<Tag> { tagStorage[..<tagCount] }
    public var fields: ArraySlice<Field> { fieldStorage[..<fieldCount] }
    /// Index access for hot loops (no slice to retain).
    public var tagTotal: Int { tagCount }
    public var fieldTotal: Int { fieldCount }
    public func tag(_ k: Int) -> Tag { tagStorage[k] }
    public func field(_ k: Int) -> Field { fieldStorage[k] }

    mutating func reset() {
        tagCount = 0
        fieldCount = 0
        timestamp = nil
    }

    mutating func add(_ tag: Tag) {
        if tagCount < tagStorage.count { tagStorage[tagCount] = tag } else { tagStorage.append(tag) }
        tagCount += 1
    }

    mutating func add(_ field: Field) {
        if fieldCount < fieldStorage.count { fieldStorage[fieldCount] = field } else { fieldStorage.append(field) }
        fieldCount += 1
    }
}

/// The grammar follows InfluxDB's own parser (`models/points.go`), verdict for verdict: a byte
/// right after a backslash never ends a part; whitespace (space, tab, NUL) may repeat between
/// the parts; numbers and booleans are validated in every field, not just `value`.
extension LineProtocol {
    static let space = UInt8(ascii: " "), comma = UInt8(ascii: ","), equals = UInt8(ascii: "=")
    static let backslash = UInt8(ascii: "\\"), quote = UInt8(ascii: "\""), tab = UInt8(ascii: "\t")
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: ".")

    static func isWhitespace(_ c: UInt8) -> Bool { c == space || c == tab || c == 0 }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Scans one line (no newline) into `point`.
    public static func scan(_ b: UnsafeBufferPointer<UInt8>, into point: inout ScannedPoint) throws(Rejection) {
        point.reset()
        let n = b.count
        var i = 0
        while i < n, isWhitespace(b[i]) { i += 1 }

        // Measurement: up to an unescaped comma (tags follow) or space (fields follow).
        guard i < n, b[i] != comma else { throw .syntax("missing measurement") }
        var m = ScannedPoint.Span(start: i, end: i, escaped: b[i] == backslash)
        var tagsFollow = false
        while true {
            i += 1
            guard i < n else { throw .syntax("missing fields") }
            if b[i] == backslash { m.escaped = true }
            if b[i - 1] == backslash { continue }
            if b[i] == comma { tagsFollow = true; break }
            if b[i] == space { break }
        }
        m.end = i
        point.measurement = m

        // Tags: key=value pairs; an unescaped '=' in a value is an error, as in InfluxDB.
        if tagsFollow {
            i += 1
            var more = true
            while more {
                guard i < n, b[i] != space, b[i] != comma, b[i] != equals else { throw .syntax("missing tag key at column \(i + 1)") }
                var key = ScannedPoint.Span(start: i, end: i, escaped: b[i] == backslash)
                while true {
                    i += 1
                    if i >= n || ((b[i] == space || b[i] == comma) && b[i - 1] != backslash) {
                        throw .syntax("missing tag value at column \(i + 1)")
                    }
                    if b[i] == backslash { key.escaped = true }
                    if b[i] == equals, b[i - 1] != backslash { break }
                }
                key.end = i
                i += 1
                guard i < n, b[i] != comma, b[i] != space else { throw .syntax("missing tag value at column \(i + 1)") }
                var value = ScannedPoint.Span(start: i, end: i, escaped: b[i] == backslash)
                while true {
                    i += 1
                    guard i < n else { throw .syntax("missing fields") }
                    if b[i] == backslash { value.escaped = true }
                    if b[i - 1] == backslash { continue }
                    if b[i] == equals { throw .syntax("'=' in a tag value at column \(i + 1) (write it as \\=)") }
                    if b[i] == comma { break }
                    if b[i] == space { more = false; break }
                }
                value.end = i
                if more { i += 1 }
                point.add(ScannedPoint.Tag(key: key, value: value))
            }
            try checkTagKeys(b, point)
        }

        // Fields: key=value pairs separated by commas, up to an unquoted space.
        while i < n, isWhitespace(b[i]) { i += 1 }
        var quoted = false
        var keyStart = i
        var valueStart = -1
        var kind = ScannedPoint.Kind.string
        var keyEscaped = false, valueEscaped = false
        func closeField(at end: Int) {
            point.add(ScannedPoint.Field(key: ScannedPoint.Span(start: keyStart, end: valueStart - 1, escaped: keyEscaped),
                                         value: ScannedPoint.Span(start: valueStart, end: end, escaped: valueEscaped), kind: kind))
        }
        while i < n {
            let c = b[i]
            if c == backslash, i + 1 < n {
                if valueStart >= 0 { valueEscaped = true } else { keyEscaped = true }
                i += 2
                continue
            }
            if c == quote, valueStart >= 0, kind == .string {
                quoted.toggle()
                i += 1
                continue
            }
            if quoted {
                i += 1
                continue
            }
            if c == equals {
                if valueStart >= 0 { throw .syntax("a second '=' in one field at column \(i + 1)") }
                if i >= 2, b[i - 1] == space || b[i - 1] == comma, b[i - 2] != backslash {
                    throw .syntax("missing field key at column \(i + 1)")
                }
                guard i + 1 < n, b[i + 1] != comma, b[i + 1] != space else { throw .syntax("missing field value at column \(i + 2)") }
                valueStart = i + 1
                let next = b[i + 1]
                if isDigit(next) || next == dot || next == minus || next == UInt8(ascii: "N") || next == UInt8(ascii: "n") {
                    (i, kind) = try scanNumber(b, from: valueStart)
                } else if next != quote {
                    i = try scanBoolean(b, from: valueStart)
                    kind = .boolean
                } else {
                    kind = .string
                    i += 1
                }
                continue
            }
            if c == comma || c == space {
                guard valueStart >= 0 else { throw .syntax("a field has no '=' at column \(i + 1)") }
                closeField(at: i)
                valueStart = -1
                if c == space { break }
                keyStart = i + 1
                kind = .string
                keyEscaped = false
                valueEscaped = false
            }
            i += 1
        }
        if quoted { throw .syntax("unbalanced quotes: a string field is not closed") }
        if i >= n {
            // The input ended inside the field set: the last field must be complete.
            guard valueStart >= 0 else {
                throw .syntax(point.fields.isEmpty && keyStart >= n ? "missing fields" : "a field has no '=' at column \(n + 1)")
            }
            closeField(at: n)
        }

        // Timestamp: an optional integer, then only spaces.
        while i < n, isWhitespace(b[i]) { i += 1 }
        let start = i
        while i < n, b[i] != space {
            guard isDigit(b[i]) || (i == start && b[i] == minus) else {
                var stop = i
                while stop < n, b[stop] != space { stop += 1 }
                throw .badTime(String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self))
            }
            i += 1
        }
        guard i > start else { return }
        guard let t = integer(b, start, i) else {
            throw .badTime(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
        }
        while i < n, b[i] == space { i += 1 }
        guard i == n else { throw .syntax("unexpected text after the timestamp at column \(i + 1)") }
        point.timestamp = t
    }

    /// No key twice (compared as written, as InfluxDB does), and none of InfluxDB's reserved keys.
    private static func checkTagKeys(_ b: UnsafeBufferPointer<UInt8>, _ point: ScannedPoint) throws(Rejection) {
        func text(_ s: ScannedPoint.Span) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self) }
        let n = point.tagTotal
        for k in 0..<n where isReserved(b, point.tag(k).key) { throw .syntax("reserved tag key '\(text(point.tag(k).key))'") }
        if n < 2 { return }
        if n <= 8 {
            // The usual few tags: pairwise, without allocating.
            for i in 0..<n {
                for j in (i + 1)..<n where same(b, point.tag(i).key, point.tag(j).key) { throw .syntax("duplicate tag '\(text(point.tag(i).key))'") }
            }
            return
        }
        // Many tags: sorted, so a line with thousands costs n log n, not n².
        let sorted = point.tags.map(\.key).sorted {
            UnsafeBufferPointer(rebasing: b[$0.start..<$0.end]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: b[$1.start..<$1.end]))
        }
        for (x, y) in zip(sorted, sorted.dropFirst()) where same(b, x, y) { throw .syntax("duplicate tag '\(text(x))'") }
    }

    /// Byte equality of two spans of the same line.
    static func same(_ b: UnsafeBufferPointer<UInt8>, _ x: ScannedPoint.Span, _ y: ScannedPoint.Span) -> Bool {
        x.count == y.count && (x.count == 0 || memcmp(b.baseAddress! + x.start, b.baseAddress! + y.start, x.count) == 0)
    }

    static let reserved: [[UInt8]] = [Array("_measurement".utf8), Array("_field".utf8), Array("time".utf8)]

    private static func isReserved(_ b: UnsafeBufferPointer<UInt8>, _ key: ScannedPoint.Span) -> Bool {
        // Most keys differ in length or first byte: two comparisons decide.
        guard key.count == 12 || key.count == 6 || key.count == 4, b[key.start] == UInt8(ascii: "_") || b[key.start] == UInt8(ascii: "t") else {
            return false
        }
        return reserved.contains { word in
            word.count == key.count && word.withUnsafeBufferPointer { memcmp($0.baseAddress!, b.baseAddress! + key.start, key.count) == 0 }
        }
    }

    /// A base-10 Int64 from `-?[0-9]+`, or nil (empty, a lone sign, or out of range): never a trap.
    static func integer(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        let negative = i < end && b[i] == minus
        if negative { i += 1 }
        guard i < end else { return nil }
        var magnitude: UInt64 = 0
        while i < end {
            guard isDigit(b[i]) else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(b[i] - 48))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// InfluxDB's `scanNumber`: a float (`-1.5`, `.5`, `1.`, `1e-3`), an integer (`12i`) or an
    /// unsigned (`12u`); no `+` sign, no hex, no NaN, no other byte. Returns where it ends.
    static func scanNumber(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(Rejection) -> (Int, ScannedPoint.Kind) {
        let n = b.count
        var i = start
        func invalid() -> Rejection {
            var stop = start
            while stop < n, b[stop] != comma, b[stop] != space { stop += 1 }
            return .badNumber(String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self))
        }
        if b[i] == minus {
            i += 1
            guard i < n else { throw invalid() }
        }
        var decimal = false, scientific = false, isInt = false, isUnsigned = false
        while i < n {
            let c = b[i]
            if c == comma || c == space { break }
            if (c == UInt8(ascii: "i") || c == UInt8(ascii: "u")), i > start, !(isInt || isUnsigned) {
                if c == UInt8(ascii: "i") { isInt = true } else { isUnsigned = true }
                i += 1
                continue
            }
            if c == dot {
                if decimal { throw invalid() }
                decimal = true
            }
            if i > start, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                scientific = true
                i += 1
                continue
            }
            if c == plus || c == minus, b[i - 1] == UInt8(ascii: "e") || b[i - 1] == UInt8(ascii: "E") {
                i += 1
                continue
            }
            guard isDigit(c) || c == dot else { throw invalid() }
            i += 1
        }
        if (isInt || isUnsigned) && (decimal || scientific) { throw invalid() }
        var digits = i - start
        if isInt { digits -= 1 }
        if decimal { digits -= 1 }
        if b[start] == minus { digits -= 1 }
        if digits <= 0 { throw invalid() }
        if isInt {
            guard b[i - 1] == UInt8(ascii: "i"), integer(b, start, i - 1) != nil else { throw invalid() }
            return (i, .integer)
        }
        if isUnsigned {
            guard b[i - 1] == UInt8(ascii: "u"), b[start] != minus, unsigned(b, start, i - 1) != nil else { throw invalid() }
            return (i, .unsigned)
        }
        // Plain decimals of up to 15 digits are always finite: only exponents and long numbers
        // need reading to be checked (as in InfluxDB).
        if scientific || digits > 15 {
            guard let v = float(b, start, i), v.isFinite else { throw invalid() }
        }
        return (i, .float)
    }

    static func unsigned(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        guard start < end else { return nil }
        var v: UInt64 = 0
        for k in start..<end {
            guard isDigit(b[k]) else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(b[k] - 48))
            guard !o1, !o2 else { return nil }
            v = s
        }
        return v
    }

    /// A float already checked by `scanNumber` (or `isDecimal`): plain decimals exactly without a
    /// String, anything else (exponents, many digits) through the standard library.
    static func float(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        if let v = fastNumber(b, ScannedPoint.Span(start: start, end: end)) { return v }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
    }

    static let booleanWords: [[UInt8]] = ["t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"].map { Array($0.utf8) }

    /// InfluxDB's `scanBoolean`: t, T, true, True, TRUE, f, F, false, False, FALSE.
    static func scanBoolean(_ b: UnsafeBufferPointer<UInt8>, from start: Int) throws(Rejection) -> Int {
        var i = start
        while i < b.count, b[i] != comma, b[i] != space { i += 1 }
        let word = UnsafeBufferPointer(rebasing: b[start..<i])
        for valid in booleanWords where word.elementsEqual(valid) {
            return i
        }
        throw .badNumber(String(decoding: word, as: UTF8.self))
    }

    /// The text of a span, unescaped by its part's rules: `measurement` (`\,` `\ `), a quoted
    /// `stringField` (`\"` `\\`, quotes dropped), else keys and tag values (`\,` `\=` `\ `).
    public static func text(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span, stringField: Bool = false,
                            measurement: Bool = false) throws(Rejection) -> String {
        var start = s.start, end = s.end
        if stringField {
            start += 1
            // The closing quote; bytes after it (InfluxDB tolerates them) are dropped.
            var k = start
            while k < end, b[k] != quote { k += b[k] == backslash && k + 1 < end ? 2 : 1 }
            end = k
        }
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

    /// Reads a field value the scanner has validated and classified.
    public static func fieldValue(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span, kind: ScannedPoint.Kind) throws(Rejection) -> FieldValue {
        switch kind {
        case .string: return .string(try text(b, s, stringField: true))
        case .boolean: return .boolean(b[s.start] == UInt8(ascii: "t") || b[s.start] == UInt8(ascii: "T"))
        case .float:
            guard let v = float(b, s.start, s.end), v.isFinite else { throw .badNumber(String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self)) }
            return .float(v)
        case .integer:
            guard let v = integer(b, s.start, s.end - 1) else { throw .badNumber(String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self)) }
            return .integer(v)
        case .unsigned:
            guard let v = unsigned(b, s.start, s.end - 1) else { throw .badNumber(String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self)) }
            return .unsigned(v)
        }
    }

    /// Whether `text` is a number by InfluxDB's float grammar (`-?` digits, one `.`, an exponent):
    /// the CSV path holds values to the same rule, so `+1`, `0x10` and `2<NUL>2` are refused there too.
    static func decimal(_ bytes: some Collection<UInt8>) -> Double? {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { b -> Double? in
            guard !b.isEmpty, isDigit(b[0]) || b[0] == dot || b[0] == minus,
                  let (end, kind) = try? scanNumber(b, from: 0), end == b.count, kind == .float else { return nil }
            return float(b, 0, end)
        }
    }

    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// Plain decimals (`-12.5`, `3`, `0.25`) without a trip through String; nil for anything
    /// else (exponents, suffixes, words), which the general path handles.
    static func fastNumber(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span) -> Double? {
        var i = s.start
        var negative = false
        if i < s.end, b[i] == minus { negative = true; i += 1 }
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
            } else if c == dot, !seenDot {
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

    /// Whether a quoted string field is still open at the end of these bytes, by InfluxDB's
    /// `scanLine`: the point continues on the next line (the official clients write newlines
    /// inside strings as they are).
    static func hasOpenString(_ bytes: ArraySlice<UInt8>) -> Bool {
        var quoted = false, fields = false
        var equalSigns = 0, commas = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == backslash { i += 2; continue }
            if c == space { fields = true }
            if fields {
                if !quoted, c == equals { equalSigns += 1 } else if !quoted, c == comma { commas += 1 } else if c == quote, equalSigns > commas { quoted.toggle() }
            }
            i += 1
        }
        return quoted
    }
}
