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

    /// Parses one line (no newline) into names and values. Comments and blank lines are the
    /// caller's to skip. The ingest path uses `scan` directly and never builds a `Point`.
    public static func parse(_ line: some Collection<UInt8>) throws(Rejection) -> Point {
        let bytes = Array(line)
        return try bytes.withUnsafeBufferPointer { b throws(Rejection) -> Point in
            var scanned = ScannedPoint()
            try scan(b, into: &scanned)
            var tags: [String: String] = [:]
            for (k, v) in zip(scanned.tagKeys, scanned.tagValues) { tags[try text(b, k)] = try text(b, v) }
            var fields: [String: FieldValue] = [:]
            for (k, v) in zip(scanned.fieldKeys, scanned.fieldValues) { fields[try text(b, k)] = try fieldValue(b, v) }
            return Point(measurement: try text(b, scanned.measurement, measurement: true), tags: tags, fields: fields, timestamp: scanned.timestamp)
        }
    }
}
