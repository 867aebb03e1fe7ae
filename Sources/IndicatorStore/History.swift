import Foundation
import GRDB
import IndicatorEngine

/// One point of a downsampled history: the mean of a time bucket, at the bucket's start.
public struct HistoryPoint: Sendable, Hashable {
    public var time: Int64
    public var value: Double
    public var count: Int

    public init(time: Int64, value: Double, count: Int) {
        self.time = time
        self.value = value
        self.count = count
    }
}

extension Store {
    /// A series over [from, to), in at most `points` buckets of equal width (mean per bucket;
    /// empty buckets are left out), for charts.
    public func history(indicator: String, region: String, from: Int64, to: Int64, points: Int) throws -> [HistoryPoint] {
        guard to > from, points > 0 else { return [] }
        let width = max(1, (to - from + Int64(points) - 1) / Int64(points))
        return try read { db in
            guard let series = try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE indicator = ? AND region = ?",
                                                  arguments: [indicator, region]) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT (time - ?1) / ?2 AS bucket, AVG(value) AS mean, COUNT(*) AS n
                FROM observations WHERE series = ?3 AND time >= ?1 AND time < ?4
                GROUP BY bucket ORDER BY bucket
                """, arguments: [from, width, series, to]).map { row in
                HistoryPoint(time: from + (row["bucket"] as Int64) * width, value: row["mean"], count: row["n"])
            }
        }
    }

    /// Folds raw observations older than `cutoff` into one value per series and day (the day's
    /// mean, at the day's start in `timeZone`), so history stays while the file stays small.
    /// Returns how many raw rows were folded. Folding again changes nothing.
    @discardableResult
    public func foldObservations(before cutoff: Int64, timeZone: TimeZone = .current) throws -> Int {
        let offset = Int64(timeZone.secondsFromGMT())
        return try write { db in
            // Only days entirely before the cutoff, and only days with more than one row: a lone
            // value (a yearly figure from a report, an earlier fold) keeps its time and source.
            let dayEnd = ((cutoff + offset) / 86_400) * 86_400 - offset
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS folded (series INTEGER, day INTEGER, value REAL, n INTEGER);
                DELETE FROM folded;
                INSERT INTO folded (series, day, value, n)
                    SELECT series, ((time + ?1) / 86400) * 86400 - ?1 AS day, AVG(value), COUNT(*)
                    FROM observations WHERE time < ?2
                    GROUP BY series, day
                    HAVING COUNT(*) > 1;
                """, arguments: [offset, dayEnd])
            let folded = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(n), 0) FROM folded") ?? 0
            try db.execute(sql: """
                DELETE FROM observations WHERE time < ?2 AND EXISTS (
                    SELECT 1 FROM folded f WHERE f.series = observations.series AND f.day = ((observations.time + ?1) / 86400) * 86400 - ?1);
                INSERT INTO observations (series, time, value, source) SELECT series, day, value, 'daily mean' FROM folded;
                DELETE FROM folded;
                """, arguments: [offset, dayEnd])
            return folded
        }
    }
}
