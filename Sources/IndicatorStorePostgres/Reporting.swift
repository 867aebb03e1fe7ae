import Foundation
import IndicatorEngine
import StoreContract
import PostgresNIO
import SeriesCodec

/// What a report reads, folded as on SQLite (`PeriodFold`), so `ioc report` says the same of a
/// center on either store.
extension PostgresStore {
    public func periodSeries(_ ids: [Int64], from: Int64, to: Int64, width: Int64) throws(PostgresProblem) -> [Int64: PeriodSeries] {
        guard to > from, width > 0, !ids.isEmpty else { return [:] }
        let before = try lastValues(ids, atOrBefore: from - 1)
        return try locked { () throws(PostgresProblem) in
            var result: [Int64: PeriodSeries] = [:]
            // Fifty series a statement: few round trips, and a year of them is still modest.
            for start in stride(from: 0, to: ids.count, by: 50) {
                let group = Array(ids[start..<min(ids.count, start + 50)])
                var folds = Dictionary(uniqueKeysWithValues: group.map { ($0, PeriodFold(from: from, to: to, width: width)) })
                for row in try session.query("""
                    SELECT series, time, value FROM observations WHERE series = ANY($1) AND time >= $2 AND time < $3 ORDER BY series, time
                    """, [group, from, to]) {
                    folds[try row.value(0, as: Int64.self)]?.add(row: try row.value(1, as: Int64.self), try row.value(2, as: Double.self))
                }
                let hourly = width < 86_400
                for row in try session.query("""
                    SELECT series, day, count, min, max, sum, last, last_time, CASE WHEN $4 THEN hours END FROM chunks
                    WHERE series = ANY($1) AND day > $2 AND day < $3 ORDER BY series, day
                    """, [group, from - 86_400, to, hourly]) {
                    let id = try row.value(0, as: Int64.self)
                    let whole = Aggregate(count: Int(try row.value(2, as: Int64.self)), min: try row.value(3), max: try row.value(4), sum: try row.value(5),
                                          last: try row.value(6), lastTime: try row.value(7))
                    do {
                        try folds[id]?.add(day: try row.value(1), whole: whole, hours: try row.value(8, as: Data?.self).map { [UInt8]($0) })
                    } catch {
                        throw PostgresProblem(.failed, "series \(id): a compacted day's hours cannot be read: \(error)")
                    }
                }
                for id in group {
                    guard let fold = folds[id], before[id] != nil || !fold.isEmpty else { continue }
                    result[id] = PeriodSeries(before: before[id], steps: fold.steps)
                }
            }
            return result
        }
    }

    public func actionAudit(from: Int64, to: Int64) throws(PostgresProblem) -> [AuditEntry] {
        try locked { () throws(PostgresProblem) in
            try session.select(AuditRow.self, "WHERE time >= $1 AND time < $2 AND action IN ('ack', 'silence') ORDER BY id", [from, to]).map(\.entry)
        }
    }
}
