/// What a tier keeps of a period's observations: enough to merge periods exactly (count and
/// sum, not a mean) and to draw them (min, max, last).
public struct Aggregate: Sendable, Hashable {
    public var count: Int
    public var min: Double
    public var max: Double
    public var sum: Double
    public var last: Double
    /// The second of `last`: a value re-sent for it replaces it rather than counting twice.
    public var lastTime: Int64

    public init(count: Int, min: Double, max: Double, sum: Double, last: Double, lastTime: Int64) {
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
        self.last = last
        self.lastTime = lastTime
    }

    /// The aggregate of points in time order; nil when there are none.
    public init?<C: Collection>(_ points: C) where C.Element == ChunkPoint {
        guard let first = points.first else { return nil }
        self.init(count: 0, min: first.value, max: first.value, sum: 0, last: first.value, lastTime: first.time)
        for p in points {
            count += 1
            sum += p.value
            if p.value < min { min = p.value }
            if p.value > max { max = p.value }
            if p.time >= lastTime {
                last = p.value
                lastTime = p.time
            }
        }
    }

    public var mean: Double { sum / Double(count) }

    /// One more observation into a period whose raw points are gone (past the raw tier). A value
    /// for the second already last replaces it: exact for series with one value a period (the
    /// yearly and monthly figures that live longest), approximate for min and max otherwise.
    public mutating func add(time: Int64, value: Double) {
        if time == lastTime {
            if count == 1 {
                self = Aggregate(count: 1, min: value, max: value, sum: value, last: value, lastTime: time)
                return
            }
            sum += value - last
            last = value
        } else {
            count += 1
            sum += value
            if time > lastTime {
                last = value
                lastTime = time
            }
        }
        min = Swift.min(min, value)
        max = Swift.max(max, value)
    }
}

/// A day's hourly tier: an aggregate for each hour that has observations.
public enum HourBuckets {
    /// `hours`: offsets from the day's start (0...24 for a day in a 25-hour zone) with their
    /// aggregates, in order.
    public static func encode(_ hours: [(hour: Int, aggregate: Aggregate)], dayStart: Int64) -> [UInt8] {
        var writer = BitWriter(capacity: hours.count * 8 + 8)
        writer.write(Chunk.version, bits: 8)
        writer.writeVarint(UInt64(hours.count))
        guard !hours.isEmpty else { return writer.finish() }
        writer.writePacked(hours.map { UInt64(clamping: $0.hour) })
        writer.writePacked(hours.map { UInt64(clamping: $0.aggregate.count) })
        writer.writePacked(hours.map { h in zigzag(h.aggregate.lastTime &- (dayStart &+ Int64(h.hour) * 3_600)) })
        ValueColumn.encode(hours.map(\.aggregate.min), into: &writer)
        ValueColumn.encode(hours.map(\.aggregate.max), into: &writer)
        ValueColumn.encode(hours.map(\.aggregate.sum), into: &writer)
        ValueColumn.encode(hours.map(\.aggregate.last), into: &writer)
        return writer.finish()
    }

    public static func decode(_ bytes: [UInt8], dayStart: Int64) throws -> [(hour: Int, aggregate: Aggregate)] {
        var reader = BitReader(bytes)
        let v = try reader.read(bits: 8)
        guard v == Chunk.version else { throw ChunkDecodingError(reason: "version \(v), this ioc reads \(Chunk.version)") }
        let count = try reader.readVarint()
        guard count <= 48 else { throw ChunkDecodingError(reason: "\(count) hours in a day") }
        let n = Int(count)
        guard n > 0 else { return [] }
        let hours = try reader.readPacked(count: n)
        let counts = try reader.readPacked(count: n)
        let lastTimes = try reader.readPacked(count: n)
        let mins = try ValueColumn.decode(count: n, from: &reader)
        let maxes = try ValueColumn.decode(count: n, from: &reader)
        let sums = try ValueColumn.decode(count: n, from: &reader)
        let lasts = try ValueColumn.decode(count: n, from: &reader)
        return try (0..<n).map { k in
            guard hours[k] < 48, counts[k] <= UInt64(Chunk.maximumCount) else { throw ChunkDecodingError(reason: "hour \(hours[k])") }
            let hour = Int(hours[k])
            return (hour, Aggregate(count: Int(counts[k]), min: mins[k], max: maxes[k], sum: sums[k], last: lasts[k],
                                    lastTime: dayStart &+ Int64(hour) * 3_600 &+ unzigzag(lastTimes[k])))
        }
    }
}
