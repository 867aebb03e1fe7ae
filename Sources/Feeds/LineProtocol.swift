import Foundation

/// InfluxDB line protocol: `measurement[,tag=value...] field=value[,field=value...] [timestamp]`.
/// Measurement escapes `\,` and `\ `; tag keys, tag values and field keys escape `\,`, `\=` and
/// `\ `; string field values are double-quoted with `\"` and `\\`.
public enum LineProtocol {
    public enum FieldValue: Sendable, Hashable {
        case float(Double)
        case integer(Int64)
        case unsigned(UInt64)
        case boolean(Bool)
        case string(String)

        /// The number this field stands for, if it is one.
        public var number: Double? {
            switch self {
            case let .float(v): v
            case let .integer(v): Double(v)
            case let .unsigned(v): Double(v)
            case let .boolean(v): v ? 1 : 0
            case .string: nil
            }
        }
    }

    public struct Point: Sendable, Hashable {
        public var measurement: String
        public var tags: [String: String]
        public var fields: [String: FieldValue]
        public var timestamp: Int64?
    }

    public enum Precision: String, Sendable, CaseIterable {
        case s, ms, us, ns

        /// Whole seconds for a timestamp in this precision (rounded down).
        public func seconds(_ t: Int64) -> Int64 {
            let divisor: Int64 = switch self {
            case .s: 1
            case .ms: 1_000
            case .us: 1_000_000
            case .ns: 1_000_000_000
            }
            return t >= 0 ? t / divisor : -((-t + divisor - 1) / divisor)
        }
    }

    /// Parses one line (no newline). Comments and blank lines are the caller's to skip.
    public static func parse(_ line: some Collection<UInt8>) throws(Rejection) -> Point {
        var p = Parser(bytes: Array(line))
        return try p.point()
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        static let space = UInt8(ascii: " "), comma = UInt8(ascii: ","), equals = UInt8(ascii: "=")
        static let backslash = UInt8(ascii: "\\"), quote = UInt8(ascii: "\"")

        var atEnd: Bool { i >= bytes.count }

        /// Reads up to an unescaped stop byte, unescaping `escapable` bytes.
        mutating func token(stops: Set<UInt8>, escapable: Set<UInt8>, what: String) throws(Rejection) -> String {
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == Self.backslash, i + 1 < bytes.count, escapable.contains(bytes[i + 1]) {
                    out.append(bytes[i + 1])
                    i += 2
                    continue
                }
                if stops.contains(b) { break }
                out.append(b)
                i += 1
            }
            guard !out.isEmpty else { throw .syntax("empty \(what) at column \(i + 1)") }
            guard let text = String(validating: out, as: UTF8.self) else { throw .invalidUTF8 }
            return text
        }

        mutating func point() throws(Rejection) -> Point {
            let measurement = try token(stops: [Self.comma, Self.space], escapable: [Self.comma, Self.space], what: "measurement")
            var tags: [String: String] = [:]
            while i < bytes.count, bytes[i] == Self.comma {
                i += 1
                let key = try token(stops: [Self.equals, Self.comma, Self.space], escapable: [Self.comma, Self.equals, Self.space], what: "tag key")
                guard i < bytes.count, bytes[i] == Self.equals else { throw .syntax("tag '\(key)' has no '=' at column \(i + 1)") }
                i += 1
                tags[key] = try token(stops: [Self.comma, Self.space], escapable: [Self.comma, Self.equals, Self.space], what: "tag value")
            }
            guard i < bytes.count, bytes[i] == Self.space else { throw .syntax("expected a space and fields after '\(measurement)'") }
            i += 1
            var fields: [String: FieldValue] = [:]
            repeat {
                if !fields.isEmpty { i += 1 }
                let key = try token(stops: [Self.equals, Self.comma, Self.space], escapable: [Self.comma, Self.equals, Self.space], what: "field key")
                guard i < bytes.count, bytes[i] == Self.equals else { throw .syntax("field '\(key)' has no '=' at column \(i + 1)") }
                i += 1
                fields[key] = try fieldValue()
            } while i < bytes.count && bytes[i] == Self.comma
            var timestamp: Int64?
            if i < bytes.count {
                guard bytes[i] == Self.space else { throw .syntax("unexpected '\(Character(Unicode.Scalar(bytes[i])))' at column \(i + 1)") }
                i += 1
                let start = i
                while i < bytes.count, bytes[i] != Self.space { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                guard let t = Int64(text) else { throw .badTime(text) }
                timestamp = t
                while i < bytes.count, bytes[i] == Self.space { i += 1 }
                guard i >= bytes.count else { throw .syntax("unexpected text after the timestamp at column \(i + 1)") }
            }
            return Point(measurement: measurement, tags: tags, fields: fields, timestamp: timestamp)
        }

        mutating func fieldValue() throws(Rejection) -> FieldValue {
            guard i < bytes.count else { throw .missingValue }
            if bytes[i] == Self.quote {
                i += 1
                var out: [UInt8] = []
                while i < bytes.count {
                    let b = bytes[i]
                    if b == Self.backslash, i + 1 < bytes.count, bytes[i + 1] == Self.quote || bytes[i + 1] == Self.backslash {
                        out.append(bytes[i + 1])
                        i += 2
                        continue
                    }
                    if b == Self.quote {
                        i += 1
                        guard let text = String(validating: out, as: UTF8.self) else { throw .invalidUTF8 }
                        return .string(text)
                    }
                    out.append(b)
                    i += 1
                }
                throw .syntax("unterminated string field")
            }
            let start = i
            while i < bytes.count, bytes[i] != Self.comma, bytes[i] != Self.space { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard !text.isEmpty else { throw .missingValue }
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
    }
}
