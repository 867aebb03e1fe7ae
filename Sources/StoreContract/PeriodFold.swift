import Foundation
import IndicatorEngine
import SeriesCodec

/// One series' observations in [from, to) folded into steps of `width` seconds starting at
/// `from`, the same way on both stores (so a report reads the same on each): rows one by one
/// in time order, then each compacted day from its daily aggregate when a step spans the day,
/// else from its hours (the day as one aggregate at its last time when the hours are gone).
public struct PeriodFold {
    public let from: Int64
    public let to: Int64
    public let width: Int64
    private var buckets: [Int64: StepAggregate] = [:]

    public init(from: Int64, to: Int64, width: Int64) {
        self.from = from
        self.to = to
        self.width = width
    }

    /// Whether steps are shorter than a day (compacted days are then read by the hour).
    public var hourly: Bool { width < 86_400 }

    public var isEmpty: Bool { buckets.isEmpty }

    public var steps: [StepAggregate] { buckets.keys.sorted().map { buckets[$0]! } }

    public mutating func add(_ start: Int64, _ a: Aggregate) {
        guard a.count > 0, start >= from, start < to else { return }
        let b = from + (start - from) / width * width
        let part = StepAggregate(start: b, count: a.count, min: a.min, max: a.max, sum: a.sum, last: a.last, lastTime: a.lastTime)
        buckets[b, default: StepAggregate(start: b, count: 0, min: part.min, max: part.max, sum: 0, last: part.last, lastTime: Int64.min)]
            .merge(part)
    }

    /// One stored row.
    public mutating func add(row time: Int64, _ value: Double) {
        add(time, Aggregate(count: 1, min: value, max: value, sum: value, last: value, lastTime: time))
    }

    /// One compacted day: its whole-day aggregate and, when steps are hourly, its hours.
    public mutating func add(day: Int64, whole: Aggregate, hours: [UInt8]?) throws {
        if hourly, let hours {
            for (hour, a) in try HourBuckets.decode(hours, dayStart: day) { add(day + Int64(hour) * 3_600, a) }
        } else {
            add(hourly ? whole.lastTime : day, whole)
        }
    }
}
