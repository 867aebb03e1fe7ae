/// One stored observation of a series: second, order within the second, value, and the feed it
/// came from.
public struct ChunkPoint: Sendable, Hashable {
    public var time: Int64
    public var nanos: Int32
    public var value: Double
    public var source: String

    public init(time: Int64, nanos: Int32 = 0, value: Double, source: String = "") {
        self.time = time
        self.nanos = nanos
        self.value = value
        self.source = source
    }

    /// Bit-for-bit equality, so NaN-free extremes and -0.0 are compared as stored.
    public func same(as other: ChunkPoint) -> Bool {
        time == other.time && nanos == other.nanos && value.bitPattern == other.value.bitPattern && source == other.source
    }
}

/// A run of one series' observations in a compact time-series encoding, as Gorilla and
/// Prometheus store them: times as delta-of-delta (a steady cadence costs almost nothing),
/// values as `ValueColumn`, sub-second order and sources only when they vary.
public enum Chunk {
    static let version: UInt64 = 1
    /// More points than a day can hold at one a second would be a damaged count, not data.
    public static let maximumCount = 1 << 20

    /// `points` in time order, one per second (`merge` makes them so).
    public static func encode(_ points: [ChunkPoint]) -> [UInt8] {
        var writer = BitWriter(capacity: points.count * 2 + 16)
        writer.write(version, bits: 8)
        writer.writeVarint(UInt64(points.count))
        var sources: [String] = []
        var sourceIndex: [String: Int] = [:]
        var indices: [UInt64] = []
        indices.reserveCapacity(points.count)
        for p in points {
            if let i = sourceIndex[p.source] {
                indices.append(UInt64(i))
            } else {
                sourceIndex[p.source] = sources.count
                indices.append(UInt64(sources.count))
                sources.append(p.source)
            }
        }
        writer.writeVarint(UInt64(sources.count))
        for s in sources {
            let bytes = Array(s.utf8)
            writer.writeVarint(UInt64(bytes.count))
            for b in bytes { writer.write(UInt64(b), bits: 8) }
        }
        let hasNanos = points.contains { $0.nanos != 0 }
        writer.writeBit(hasNanos)
        guard let first = points.first else { return writer.finish() }
        writer.writeVarint(zigzag(first.time))
        var dods: [UInt64] = []
        dods.reserveCapacity(points.count)
        var previous = first.time, delta: Int64 = 0
        for p in points.dropFirst() {
            let d = p.time &- previous
            dods.append(zigzag(d &- delta))
            delta = d
            previous = p.time
        }
        writer.writePacked(dods)
        if hasNanos { writer.writePacked(points.lazy.map { UInt64(UInt32(bitPattern: $0.nanos)) }) }
        if sources.count > 1 { writer.writePacked(indices) }
        ValueColumn.encode(points.map(\.value), into: &writer)
        return writer.finish()
    }

    public static func decode(_ bytes: [UInt8]) throws -> [ChunkPoint] {
        var reader = BitReader(bytes)
        let v = try reader.read(bits: 8)
        guard v == version else { throw ChunkDecodingError(reason: "version \(v), this ioc reads \(version)") }
        let count = try reader.readVarint()
        guard count <= maximumCount else { throw ChunkDecodingError(reason: "\(count) points") }
        let sourceCount = try reader.readVarint()
        guard sourceCount <= max(1, count) else { throw ChunkDecodingError(reason: "\(sourceCount) sources for \(count) points") }
        var sources: [String] = []
        for _ in 0..<sourceCount {
            let length = try reader.readVarint()
            guard length <= UInt64(reader.bitsLeft) / 8 else { throw ChunkDecodingError(reason: "it ends early") }
            var utf8: [UInt8] = []
            for _ in 0..<length { utf8.append(UInt8(try reader.read(bits: 8))) }
            sources.append(String(decoding: utf8, as: UTF8.self))
        }
        let hasNanos = try reader.readBit()
        let n = Int(count)
        guard n > 0 else { return [] }
        var time = unzigzag(try reader.readVarint())
        var times = [time]
        times.reserveCapacity(n)
        var delta: Int64 = 0
        for dod in try reader.readPacked(count: n - 1) {
            delta = delta &+ unzigzag(dod)
            time = time &+ delta
            times.append(time)
        }
        let nanos = hasNanos ? try reader.readPacked(count: n) : []
        let indices = sources.count > 1 ? try reader.readPacked(count: n) : []
        let values = try ValueColumn.decode(count: n, from: &reader)
        var points: [ChunkPoint] = []
        points.reserveCapacity(n)
        for k in 0..<n {
            let s = indices.isEmpty ? 0 : Int(clamping: indices[k])
            guard s < max(1, sources.count) else { throw ChunkDecodingError(reason: "source \(s) of \(sources.count)") }
            points.append(ChunkPoint(time: times[k], nanos: nanos.isEmpty ? 0 : Int32(bitPattern: UInt32(truncatingIfNeeded: nanos[k])),
                                     value: values[k], source: sources.isEmpty ? "" : sources[s]))
        }
        return points
    }

    /// `older` and `newer` as one run in time order, one point a second: where both hold a
    /// second, the one later within it wins, and on a tie `newer` (last write wins, as the
    /// store's rows do), so merging the same points again changes nothing.
    public static func merge(_ older: [ChunkPoint], _ newer: [ChunkPoint]) -> [ChunkPoint] {
        var bySecond: [Int64: ChunkPoint] = [:]
        bySecond.reserveCapacity(older.count + newer.count)
        for p in older { keep(p, in: &bySecond) }
        for p in newer { keep(p, in: &bySecond) }
        return bySecond.values.sorted { $0.time < $1.time }
    }

    private static func keep(_ p: ChunkPoint, in points: inout [Int64: ChunkPoint]) {
        if let held = points[p.time], held.nanos > p.nanos { return }
        points[p.time] = p
    }
}
