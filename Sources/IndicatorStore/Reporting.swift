import Foundation
import GRDB
import StoreContract
import GRDBSQLite
import IndicatorEngine
import SeriesCodec

extension Store {
    /// For each series (store ids): the last observation before `from`, and the observations
    /// in [from, to) folded into buckets of `width` seconds starting at `from`. Each compacted
    /// day is read from its daily aggregate when a bucket spans the day, else from its hourly
    /// aggregates (a day-long aggregate when those are gone too); rows are read as rows. A
    /// period's bounds fall on day boundaries, as the tiers cut them.
    public func periodSeries(_ ids: [Int64], from: Int64, to: Int64, width: Int64) throws -> [Int64: PeriodSeries] {
        guard to > from, width > 0 else { return [:] }
        var result: [Int64: PeriodSeries] = [:]
        try read { db in
            let chunks = try db.cachedStatement(sql: """
                SELECT day, count, min, max, sum, last, last_time, CASE WHEN ? THEN hours END FROM chunks
                WHERE series = ? AND day > ? AND day < ? ORDER BY day
                """)
            for id in ids {
                let before = try Self.lastValue(id, before: from, db)
                var fold = PeriodFold(from: from, to: to, width: width)
                for p in try Self.rawRows(id, from: from, to: to, db) { fold.add(row: p.time, p.value) }
                for row in try Row.fetchAll(chunks, arguments: [fold.hourly, id, from - Self.day, to]) {
                    let whole = Aggregate(count: row[1], min: row[2], max: row[3], sum: row[4], last: row[5], lastTime: row[6])
                    try fold.add(day: row[0], whole: whole, hours: (row[7] as Data?).map { [UInt8]($0) })
                }
                guard before != nil || !fold.isEmpty else { continue }
                result[id] = PeriodSeries(before: before, steps: fold.steps)
            }
        }
        return result
    }

    /// Each series' last observation at or before `time` (series without one are left out):
    /// the center as it stood then.
    /// A whole center's series are read on two connections at once (the pool's readers), one
    /// half each: a jump in time is two index seeks per series, and the host has cores for it.
    public func lastValues(_ ids: [Int64], atOrBefore time: Int64) throws -> [Int64: (value: Double, time: Int64)] {
        guard time < Int64.max else { return [:] }
        let parts = ids.count >= 4_000 ? 2 : 1
        let results = Results(count: parts)
        let pool = writer
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let slice = ids[(ids.count * k / parts)..<(ids.count * (k + 1) / parts)]
            results.set(k, Result {
                try pool.read { db in
                    var found: [Int64: (value: Double, time: Int64)] = [:]
                    for id in slice { if let last = try Self.lastValue(id, before: time + 1, db) { found[id] = last } }
                    return found
                }
            })
        }
        var merged: [Int64: (value: Double, time: Int64)] = [:]
        try wrap { for part in results.all { merged.merge(try part.get()) { a, _ in a } } }
        return merged
    }

    /// The parts' outcomes, each set by its own thread.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [Result<[Int64: (value: Double, time: Int64)], Error>]

        init(count: Int) { parts = Array(repeating: .success([:]), count: count) }
        func set(_ k: Int, _ result: Result<[Int64: (value: Double, time: Int64)], Error>) { lock.withLock { parts[k] = result } }
        var all: [Result<[Int64: (value: Double, time: Int64)], Error>] { lock.withLock { parts } }
    }

    /// A series' last observation before `time`, from its rows or its chunks: the last chunk
    /// that starts before it, looked into (raw points, else hours, else the day's first value)
    /// when `time` falls inside its day.
    static func lastValue(_ id: Int64, before time: Int64, _ db: Database) throws -> (value: Double, time: Int64)? {
        // Two index seeks per series, a whole center at a time: bound and read through the C API
        // (the comments keep these statements GRDB's alone to no one else).
        let rowStatement = try db.cachedStatement(sql: """
            SELECT /* last row, C API */ time, value FROM observations WHERE series = ? AND time < ? ORDER BY time DESC LIMIT 1
            """)
        let chunkStatement = try db.cachedStatement(sql: """
            SELECT /* last chunk, C API */ day, first, first_time, last, last_time FROM chunks WHERE series = ? AND day < ? ORDER BY day DESC LIMIT 1
            """)
        func step(_ stmt: OpaquePointer?) throws -> Bool {
            let rc = sqlite3_step(stmt)
            guard rc == SQLITE_ROW || rc == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            return rc == SQLITE_ROW
        }
        var last: (value: Double, time: Int64)?
        let r = rowStatement.sqliteStatement
        sqlite3_reset(r)
        sqlite3_bind_int64(r, 1, id)
        sqlite3_bind_int64(r, 2, time)
        if try step(r) { last = (sqlite3_column_double(r, 1), sqlite3_column_int64(r, 0)) }
        sqlite3_reset(r)
        let c = chunkStatement.sqliteStatement
        defer { sqlite3_reset(c) }
        var bound = time
        var fromChunk: (value: Double, time: Int64)?
        // At most twice: a chunk whose first point is at or after `time` sends us to the one before.
        while fromChunk == nil {
            sqlite3_reset(c)
            sqlite3_bind_int64(c, 1, id)
            sqlite3_bind_int64(c, 2, bound)
            guard try step(c) else { break }
            let day = sqlite3_column_int64(c, 0), firstTime = sqlite3_column_int64(c, 2), lastTime = sqlite3_column_int64(c, 4)
            if lastTime < time {
                fromChunk = (sqlite3_column_double(c, 3), lastTime)
            } else if firstTime < time {
                fromChunk = try lastInside(id, day: day, before: time, db) ?? (sqlite3_column_double(c, 1), firstTime)
            } else {
                bound = day
            }
        }
        if let fromChunk, last.map({ $0.time < fromChunk.time }) ?? true { last = fromChunk }
        return last
    }

    /// The last point before `time` inside a compacted day: from its raw points, else from the
    /// last hour that ended before it; nil when neither tier holds the day any more.
    static func lastInside(_ id: Int64, day: Int64, before time: Int64, _ db: Database) throws -> (value: Double, time: Int64)? {
        let statement = try db.cachedStatement(sql: "SELECT hours, data FROM chunks WHERE series = ? AND day = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id, day]) else { return nil }
        if let blob = row[1] as Data? {
            return try Chunk.decode([UInt8](blob)).last { $0.time < time }.map { ($0.value, $0.time) }
        }
        if let blob = row[0] as Data? {
            return try HourBuckets.decode([UInt8](blob), dayStart: day).map(\.1).filter { $0.lastTime < time }
                .max { $0.lastTime < $1.lastTime }.map { ($0.last, $0.lastTime) }
        }
        return nil
    }

    /// Alerts that became active before `to` and were still open at `from` or closed after it,
    /// each with its journal up to `to` (a report's period; `from` = `to` - 1 for one moment).
    public func alertHistories(from: Int64, to: Int64) throws -> [AlertHistory] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.indicator, a.region, a.kind, a.severity, e.time, e.actor, e.action, e.from_state, e.to_state, e.reason, a.rule
                FROM alerts a JOIN alert_events e ON e.alert = a.id
                WHERE a.active_at < ? AND (a.state IN ('pending', 'firing', 'recovering') OR a.since >= ?)
                    AND e.time < ?
                ORDER BY a.id, e.id
                """, arguments: [to, from, to])
            var result: [AlertHistory] = []
            for row in rows {
                let id: Int64 = row[0]
                let entry = JournalEntry(alert: id, time: row[5], actor: row[6], action: row[7], from: (row[8] as String?).flatMap(AlertState.init),
                                         to: (row[9] as String?).flatMap(AlertState.init), reason: row[10])
                if result.last?.id == id {
                    result[result.count - 1].events.append(entry)
                } else {
                    result.append(AlertHistory(id: id, rule: row[11], indicator: row[1], region: row[2], kind: AlertKind(rawValue: row[3]) ?? .threshold,
                                                     severity: Severity(rawValue: row[4]) ?? .warning, events: [entry]))
                }
            }
            return result
        }
    }

    /// Audited acknowledgements and silences in [from, to).
    public func actionAudit(from: Int64, to: Int64) throws -> [AuditEntry] {
        try read { db in
            try AuditRow.filter(AuditRow.Columns.time >= from && AuditRow.Columns.time < to)
                .filter(["ack", "silence"].contains(AuditRow.Columns.action))
                .order(AuditRow.Columns.id).fetchAll(db).map(\.entry)
        }
    }

    // MARK: - Scheduled reports

    /// Whether a schedule's report for a period was written.
    public func reportWritten(schedule: String, period: String) throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM reports WHERE schedule = ? AND period = ?", arguments: [schedule, period]) != nil
        }
    }

    /// Records a written report and its announcements in one transaction; false when another
    /// leader recorded it first.
    @discardableResult
    public func recordReport(schedule: String, period: String, files: [String], at time: Int64, announcements: [OutboxMessage]) throws -> Bool {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO reports (schedule, period, written, files) VALUES (?, ?, ?, ?)",
                           arguments: [schedule, period, time, files.joined(separator: "\n")])
            guard db.changesCount > 0 else { return false }
            try Self.writeOutbox(announcements, db)
            return true
        }
    }

    /// Written scheduled reports, newest first.
    public func writtenReports(limit: Int = 200) throws -> [(schedule: String, period: String, written: Int64, files: [String])] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT schedule, period, written, files FROM reports ORDER BY written DESC LIMIT ?", arguments: [limit]).map {
                ($0[0], $0[1], $0[2], ($0[3] as String).split(separator: "\n").map(String.init))
            }
        }
    }
}
