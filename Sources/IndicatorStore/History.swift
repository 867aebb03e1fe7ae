import Foundation
import GRDB
import StoreContract
import IndicatorEngine
import SeriesCodec


extension Store {
    /// A series over [from, to), in at most `points` buckets of equal width (mean per bucket;
    /// empty buckets are left out), for charts. Each compacted day is read from the coarsest
    /// tier that still gives the buckets: its daily aggregate when a bucket spans days and the
    /// day lies inside the range, its hourly aggregates when a bucket spans hours (or the raw
    /// points are gone), else its raw points; recent rows are read as rows.
    public func history(indicator: String, region: String, from: Int64, to: Int64, points: Int) throws -> [HistoryPoint] {
        guard to > from, points > 0, from > Int64.min / 4, to < Int64.max / 4 else { return [] }
        let width = max(1, (to - from + Int64(points) - 1) / Int64(points))
        let buckets = Int((to - from + width - 1) / width)
        var sums = [Double](repeating: 0, count: buckets)
        var counts = [Int](repeating: 0, count: buckets)
        func add(_ time: Int64, _ sum: Double, _ count: Int) {
            guard time >= from, time < to else { return }
            let b = Int((time - from) / width)
            sums[b] += sum
            counts[b] += count
        }
        try read { db in
            guard let series = try Self.seriesID(indicator, region, db) else { return }
            let rows = try Self.rawRows(series, from: from, to: to, db)
            for p in rows { add(p.time, p.value, 1) }
            let chunks = try Row.fetchAll(db, sql: """
                SELECT day, count, sum, hours IS NOT NULL AS has_hours, data IS NOT NULL AS has_data FROM chunks
                WHERE series = ? AND day > ? AND day < ? ORDER BY day
                """, arguments: [series, from - Self.day, to])
            for chunk in chunks {
                let day: Int64 = chunk["day"]
                let hasHours: Bool = chunk["has_hours"], hasData: Bool = chunk["has_data"]
                let inside = day >= from && day + Self.day <= to
                if width >= Self.day && inside || !hasHours && !hasData {
                    add(max(day, from), chunk["sum"], chunk["count"])
                } else if hasHours && (width >= 3_600 || !hasData) {
                    guard let blob = try Data.fetchOne(db, sql: "SELECT hours FROM chunks WHERE series = ? AND day = ?",
                                                       arguments: [series, day]) else { continue }
                    for (hour, a) in try HourBuckets.decode([UInt8](blob), dayStart: day) {
                        add(day + Int64(hour) * 3_600, a.sum, a.count)
                    }
                } else {
                    guard let blob = try Data.fetchOne(db, sql: "SELECT data FROM chunks WHERE series = ? AND day = ?",
                                                       arguments: [series, day]) else { continue }
                    for p in try Chunk.decode([UInt8](blob)) where p.time >= from && p.time < to {
                        // A row of the same second (a late value not yet compacted) was counted already.
                        if !rows.isEmpty, Self.contains(rows, time: p.time) { continue }
                        add(p.time, p.value, 1)
                    }
                }
            }
        }
        return (0..<buckets).compactMap { b in
            counts[b] > 0 ? HistoryPoint(time: from + Int64(b) * width, value: sums[b] / Double(counts[b]), count: counts[b]) : nil
        }
    }

    /// Whether points in time order hold `time` (binary search).
    static func contains(_ points: [ChunkPoint], time: Int64) -> Bool {
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].time < time { low = mid + 1 } else { high = mid }
        }
        return low < points.count && points[low].time == time
    }
}
