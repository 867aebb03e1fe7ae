import Foundation

/// InfluxDB line protocol: `measurement[,tag=value...] field=value[,field=value...] [timestamp]`.
/// Measurement escapes `\,` and `\ `; tag keys, tag values and field keys escape `\,`, `\=` and
/// `\ `; string field values are double-quoted with `\"` and `\\`.
public enum LineProtocol {
    /// A point in time to the nanosecond: whole Unix seconds and the nanoseconds after them.
    public struct Timestamp: Sendable, Hashable, Comparable {
        public var seconds: Int64
        public var nanos: Int32

        public init(seconds: Int64, nanos: Int32 = 0) {
            self.seconds = seconds
            self.nanos = nanos
        }

        public static func < (a: Timestamp, b: Timestamp) -> Bool { (a.seconds, a.nanos) < (b.seconds, b.nanos) }
    }

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

        var nanosecondsPerUnit: Int64 {
            switch self {
            case .s: 1_000_000_000
            case .ms: 1_000_000
            case .us: 1_000
            case .ns: 1
            }
        }

        /// The time a timestamp in this precision stands for, or nil when it lies outside the
        /// range line protocol allows (InfluxDB's 1677-09-21 to 2262-04-11 in nanoseconds).
        /// Checked arithmetic throughout: no timestamp can trap.
        public func time(_ t: Int64) -> Timestamp? {
            // Whole seconds, the common case: a range check, no arithmetic.
            if self == .s { return LineProtocol.seconds.contains(t) ? Timestamp(seconds: t) : nil }
            let (ns, overflow) = t.multipliedReportingOverflow(by: nanosecondsPerUnit)
            guard !overflow, ns >= LineProtocol.minNanos, ns <= LineProtocol.maxNanos else { return nil }
            var (seconds, rest) = ns.quotientAndRemainder(dividingBy: 1_000_000_000)
            if rest < 0 { seconds -= 1; rest += 1_000_000_000 }
            return Timestamp(seconds: seconds, nanos: Int32(rest))
        }
    }

    /// InfluxDB's `MinNanoTime` and `MaxNanoTime`: the two extremes of Int64 are its sentinels.
    public static let minNanos = Int64.min + 2, maxNanos = Int64.max - 1
    /// The same range in whole seconds, for times given in seconds (CSV).
    public static let seconds: ClosedRange<Int64> = -9_223_372_036...9_223_372_036

    /// Parses one line (no newline) into names and values. Comments and blank lines are the
    /// caller's to skip. The ingest path uses `scan` directly and never builds a `Point`.
    public static func parse(_ line: some Collection<UInt8>) throws(Rejection) -> Point {
        let bytes = Array(line)
        return try bytes.withUnsafeBufferPointer { b throws(Rejection) -> Point in
            var scanned = ScannedPoint()
            try scan(b, into: &scanned)
            var tags: [String: String] = [:]
            for tag in scanned.tags { tags[try text(b, tag.key)] = try text(b, tag.value) }
            var fields: [String: FieldValue] = [:]
            for field in scanned.fields { fields[try text(b, field.key)] = try fieldValue(b, field.value, kind: field.kind) }
            return Point(measurement: try text(b, scanned.measurement, measurement: true), tags: tags, fields: fields, timestamp: scanned.timestamp)
        }
    }
}
