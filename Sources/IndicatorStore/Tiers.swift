import Foundation
import GRDB
import StoreContract
import GRDBSQLite
import IndicatorEngine
import SeriesCodec

/// What compaction and retention did: `ioc compact` prints it, the leader logs it.
public struct CompactionReport: Sendable, Equatable {
    /// Rows moved from the observations table into chunks.
    public var rowsCompacted = 0
    /// Days of a series compacted for the first time, and days that had a chunk and took late rows.
    public var chunksWritten = 0
    public var chunksMerged = 0
    /// Rows older than every tier keeps: gone.
    public var rowsDropped = 0
    /// Series-days whose raw observations, hourly aggregates or whole row left their tier.
    public var rawDropped = 0
    public var hourlyDropped = 0
    public var dailyDropped = 0
    /// Bytes of the chunks written (raw and hourly encodings).
    public var bytesWritten = 0
    /// Rows read, compacted or not (sparse days stay rows): what bounds a step's work.
    public var rowsExamined = 0

    public init() {}

    /// Nothing compacted or dropped (rows may have been examined).
    public var isEmpty: Bool {
        var done = self
        done.rowsExamined = 0
        return done == CompactionReport()
    }

    public mutating func add(_ other: CompactionReport) {
        rowsCompacted += other.rowsCompacted
        chunksWritten += other.chunksWritten
        chunksMerged += other.chunksMerged
        rowsDropped += other.rowsDropped
        rawDropped += other.rawDropped
        hourlyDropped += other.hourlyDropped
        dailyDropped += other.dailyDropped
        bytesWritten += other.bytesWritten
        rowsExamined += other.rowsExamined
    }

    public var summary: String {
        var parts = ["\(rowsCompacted) rows compacted into \(chunksWritten) new and \(chunksMerged) updated day chunks (\(bytesWritten) bytes)"]
        if rowsDropped > 0 { parts.append("\(rowsDropped) rows older than every tier dropped") }
        if rawDropped + hourlyDropped + dailyDropped > 0 {
            parts.append("tiers dropped: raw \(rawDropped), hourly \(hourlyDropped), daily \(dailyDropped) series-days")
        }
        return parts.joined(separator: "; ")
    }
}

/// Compacts the observations table into per-series day chunks and applies each tier's
/// retention, a small step at a time: each step is one transaction over a few hundred series
/// or a bounded number of rows, so the writer is never held long and a process killed
/// mid-step leaves the store as the last commit had it. It remembers where a pass stopped.
public struct Compactor: Sendable {
    public let retention: HistoryRetention
    /// A day's rows are compacted once the day ended this long ago: values that arrive a little
    /// late still land as rows, and later ones are merged into the chunk by the next pass.
    public static let lateness: Int64 = 3_600
    /// The most rows, series and dropped days one step handles.
    public var rowBudget = 200_000
    public var seriesBudget = 400
    public var dropBudget = 2_000
    private var cursor: Int64 = 0
    private let timeZone: TimeZone
    private var full = true
    private var lastFullPass: Int64?
    /// The store's day boundary, read once (it never changes once set).
    private var dayOffset: Int64?
    static let day: Int64 = 86_400
    /// Days before the cutoff a pass that is not full looks at.
    static let recentDays: Int64 = 2

    /// `timeZone`: the center's, whose days the chunks and the daily tier follow (fixed for the
    /// store by its first compaction).
    public init(retention: HistoryRetention, timeZone: TimeZone = .current) {
        self.retention = retention
        self.timeZone = timeZone
    }

    /// One step at `now`; `done` is true once a whole pass found nothing more to do.
    public mutating func step(_ store: Store, now: Int64) throws -> (report: CompactionReport, done: Bool) {
        let offset = try dayOffset ?? store.dayOffset(proposed: Int64(timeZone.secondsFromGMT()))
        dayOffset = offset
        let cutoff = Store.dayStart(now - Self.lateness, offset: offset)
        // A pass looks at the last few days' rows (days that just ended, values a little late);
        // a full pass, the first and then one a day, at all of them (values very late, and the
        // sparse days that stay rows).
        if cursor == 0 {
            full = lastFullPass.map { now - $0 >= Self.day } ?? true
            if full { lastFullPass = now }
        }
        let from = full ? Int64.min : cutoff - Self.recentDays * Self.day
        let (rowBudget, seriesBudget, dropBudget, retention, start) = (rowBudget, seriesBudget, dropBudget, retention, cursor)
        let (report, next, done) = try store.write { db -> (CompactionReport, Int64, Bool) in
            var report = CompactionReport()
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM series WHERE id > ? ORDER BY id LIMIT ?", arguments: [start, seriesBudget])
            var next = start
            for id in ids {
                report.add(try Store.compactSeries(id, from: from, before: cutoff, now: now, offset: offset, retention: retention, db))
                next = id
                if report.rowsExamined + report.rowsDropped >= rowBudget { break }
            }
            guard ids.count < seriesBudget, next == ids.last ?? start else { return (report, next, false) }
            // The end of the series: the tiers' turn, then a new pass.
            let dropped = try Store.dropExpired(now: now, retention: retention, limit: dropBudget, db)
            report.add(dropped)
            let more = dropped.rawDropped >= dropBudget || dropped.hourlyDropped >= dropBudget || dropped.dailyDropped >= dropBudget
            // More to drop: the next step drops again (the cursor stays past the last series).
            if more { return (report, next, false) }
            return (report, 0, report.rowsCompacted == 0)
        }
        cursor = next
        return (report, done)
    }

    /// Steps until a pass has nothing left: what `ioc compact` runs. (Written without `return`
    /// inside `while true`: Swift 6.3.1's optimizer returned an empty report from that form.)
    public mutating func run(_ store: Store, now: Int64) throws -> CompactionReport {
        var total = CompactionReport()
        var passes = 0
        var finished = false
        // A pass that still finds rows finds fewer each time; the bound guards against a clock
        // that keeps moving rows into range.
        while !finished, passes <= 1_000 {
            let (report, done) = try step(store, now: now)
            total.add(report)
            finished = done
            if cursor == 0 { passes += 1 }
        }
        return total
    }
}


/// How much of the store each tier takes (`ioc info`).
public struct TierSizes: Sendable {
    public var rows = 0
    public var rowBytes = 0
    public var rawDays = 0
    public var rawObservations = 0
    public var rawBytes = 0
    public var hourlyDays = 0
    public var hourlyBytes = 0
    public var dailyDays = 0
    public var fileBytes = 0
}

extension Store {
    static let day: Int64 = 86_400

    /// The start of the day `time` falls in, days beginning at `offset` seconds east of UTC.
    static func dayStart(_ time: Int64, offset: Int64) -> Int64 {
        let t = Swift.min(Swift.max(time, -(1 << 60)), 1 << 60) + offset
        let days = t >= 0 ? t / day : (t - day + 1) / day
        return days * day - offset
    }

    /// The day boundary the tiers use, fixed by the first call that writes it.
    func dayOffset(proposed: Int64) throws -> Int64 {
        if let stored = try read({ db in try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'day_offset'") }) { return stored }
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('day_offset', ?)", arguments: [proposed])
        }
        return try read { db in try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'day_offset'") } ?? proposed
    }

    /// A day with at most this many observations stays as rows: a row (about 31 bytes) is the
    /// most compact form of a daily or monthly figure, and it is its own daily aggregate.
    static let sparseDay = 24

    /// Moves one series' rows in [from, cutoff) into its day chunks: days with more than
    /// `sparseDay` rows, and any rows of a day that already has a chunk (late values). Rows
    /// past the daily tier go.
    static func compactSeries(_ series: Int64, from: Int64, before cutoff: Int64, now: Int64, offset: Int64, retention: HistoryRetention,
                              _ db: Database) throws -> CompactionReport {
        var report = CompactionReport()
        if let daily = retention.daily {
            // Days that ended by `now - daily`: before the day holding that moment.
            let kept = dayStart(now - daily, offset: offset)
            try db.cachedStatement(sql: "DELETE FROM observations WHERE series = ? AND time < ?").execute(arguments: [series, kept])
            report.rowsDropped += db.changesCount
        }
        let points = try rawRows(series, from: from, to: cutoff, db)
        report.rowsExamined = points.count
        guard !points.isEmpty else { return report }
        let hasChunk = try db.cachedStatement(sql: "SELECT 1 FROM chunks WHERE series = ? AND day = ?")
        let delete = try db.cachedStatement(sql: "DELETE FROM observations WHERE series = ? AND time >= ? AND time < ?")
        var start = 0
        while start < points.count {
            let day = dayStart(points[start].time, offset: offset)
            var end = start
            while end < points.count, points[end].time < day + Self.day { end += 1 }
            defer { start = end }
            if end - start <= sparseDay, try Int.fetchOne(hasChunk, arguments: [series, day]) == nil { continue }
            report.add(try writeDay(series, day: day, Array(points[start..<end]), now: now, retention: retention, db))
            try delete.execute(arguments: [series, day, day + Self.day])
        }
        return report
    }

    /// Rows of a series in [from, to), in time order, read through the C API (reads of a day's
    /// rows are the 24-hour chart's hot path).
    static func rawRows(_ series: Int64, from: Int64, to: Int64, _ db: Database) throws -> [ChunkPoint] {
        let statement = try db.cachedStatement(sql: """
            SELECT /* read through the C API */ time, value, source, nanos FROM observations
            WHERE series = ? AND time >= ? AND time < ? ORDER BY time
            """)
        let stmt = statement.sqliteStatement
        sqlite3_reset(stmt)
        sqlite3_bind_int64(stmt, 1, series)
        sqlite3_bind_int64(stmt, 2, from)
        sqlite3_bind_int64(stmt, 3, to)
        defer { sqlite3_reset(stmt) }
        var points: [ChunkPoint] = []
        var lastSource = ""
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            // Sources repeat: compare bytes before making a string.
            let length = Int(sqlite3_column_bytes(stmt, 2))
            if let text = sqlite3_column_text(stmt, 2) {
                let bytes = UnsafeBufferPointer(start: text, count: length)
                if !lastSource.utf8.elementsEqual(bytes) { lastSource = String(decoding: bytes, as: UTF8.self) }
            } else {
                lastSource = ""
            }
            points.append(ChunkPoint(time: sqlite3_column_int64(stmt, 0), nanos: sqlite3_column_int(stmt, 3),
                                     value: sqlite3_column_double(stmt, 1), source: lastSource))
        }
        return points
    }

    struct ChunkRow {
        var aggregate: Aggregate
        var first: Double
        var firstTime: Int64
        var hours: [UInt8]?
        var data: [UInt8]?
    }

    static func chunkRow(_ series: Int64, day: Int64, _ db: Database) throws -> ChunkRow? {
        let select = try db.cachedStatement(sql: """
            SELECT count, min, max, sum, first, last, first_time, last_time, hours, data FROM chunks WHERE series = ? AND day = ?
            """)
        guard let row = try Row.fetchOne(select, arguments: [series, day]) else { return nil }
        return ChunkRow(aggregate: Aggregate(count: row["count"], min: row["min"], max: row["max"], sum: row["sum"], last: row["last"],
                                             lastTime: row["last_time"]),
                        first: row["first"], firstTime: row["first_time"],
                        hours: (row["hours"] as Data?).map { [UInt8]($0) }, data: (row["data"] as Data?).map { [UInt8]($0) })
    }

    /// Writes a day's new points into its chunk: merged with the raw points while the raw tier
    /// keeps the day (last write wins, so writing them again changes nothing), else folded
    /// into the day's aggregates.
    static func writeDay(_ series: Int64, day: Int64, _ fresh: [ChunkPoint], now: Int64, retention: HistoryRetention,
                         _ db: Database) throws -> CompactionReport {
        var report = CompactionReport()
        let end = day + Self.day
        if let daily = retention.daily, end <= now - daily {
            report.rowsDropped = fresh.count
            return report
        }
        let keepRaw = end > now - retention.raw, keepHours = end > now - retention.hourly
        let existing = try chunkRow(series, day: day, db)
        var row: ChunkRow
        if existing == nil || existing?.data != nil {
            let old: [ChunkPoint]
            do {
                old = try existing?.data.map(Chunk.decode) ?? []
            } catch {
                throw StoreError.failed("series \(series), day \(day): \(error); its rows stay uncompacted")
            }
            let points = Chunk.merge(old, fresh)
            guard let aggregate = Aggregate(points), let first = points.first else { return report }
            row = ChunkRow(aggregate: aggregate, first: first.value, firstTime: first.time,
                           hours: keepHours ? HourBuckets.encode(hourly(points, day: day), dayStart: day) : nil,
                           data: keepRaw ? Chunk.encode(points) : nil)
        } else {
            // Past the raw tier: the aggregates take the values.
            row = existing!
            var hours = try row.hours.map { try HourBuckets.decode($0, dayStart: day) }
            for p in Chunk.merge([], fresh) {
                row.aggregate.add(time: p.time, value: p.value)
                if p.time <= row.firstTime {
                    row.first = p.value
                    row.firstTime = p.time
                }
                guard hours != nil else { continue }
                let hour = Int((p.time - day) / 3_600)
                if let k = hours!.firstIndex(where: { $0.hour == hour }) {
                    hours![k].aggregate.add(time: p.time, value: p.value)
                } else {
                    hours!.append((hour, Aggregate(count: 1, min: p.value, max: p.value, sum: p.value, last: p.value, lastTime: p.time)))
                    hours!.sort { $0.hour < $1.hour }
                }
            }
            row.hours = keepHours ? hours.map { HourBuckets.encode($0, dayStart: day) } : nil
        }
        let a = row.aggregate
        try db.cachedStatement(sql: """
            INSERT INTO chunks (series, day, count, min, max, sum, first, last, first_time, last_time, hours, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(series, day) DO UPDATE SET count = excluded.count, min = excluded.min, max = excluded.max,
                sum = excluded.sum, first = excluded.first, last = excluded.last, first_time = excluded.first_time,
                last_time = excluded.last_time, hours = excluded.hours, data = excluded.data
            """).execute(arguments: [series, day, a.count, a.min, a.max, a.sum, row.first, a.last, row.firstTime, a.lastTime,
                             row.hours.map { Data($0) }, row.data.map { Data($0) }])
        report.rowsCompacted = fresh.count
        if existing == nil { report.chunksWritten = 1 } else { report.chunksMerged = 1 }
        report.bytesWritten = (row.hours?.count ?? 0) + (row.data?.count ?? 0)
        return report
    }

    /// A day's points as hourly aggregates.
    static func hourly(_ points: [ChunkPoint], day: Int64) -> [(hour: Int, aggregate: Aggregate)] {
        var hours: [(hour: Int, aggregate: Aggregate)] = []
        var start = 0
        while start < points.count {
            let hour = Int((points[start].time - day) / 3_600)
            var end = start
            while end < points.count, Int((points[end].time - day) / 3_600) == hour { end += 1 }
            hours.append((hour, Aggregate(points[start..<end])!))
            start = end
        }
        return hours
    }

    /// Takes from each tier the days that have ended longer ago than it keeps, at most `limit` a tier.
    static func dropExpired(now: Int64, retention: HistoryRetention, limit: Int, _ db: Database) throws -> CompactionReport {
        var report = CompactionReport()
        // A day [day, day + 1d) leaves a tier keeping `k` once day + 1d <= now - k.
        try db.execute(sql: """
            UPDATE chunks SET data = NULL WHERE rowid IN (SELECT rowid FROM chunks WHERE data IS NOT NULL AND day <= ? LIMIT ?)
            """, arguments: [now - retention.raw - Self.day, limit])
        report.rawDropped = db.changesCount
        try db.execute(sql: """
            UPDATE chunks SET hours = NULL WHERE rowid IN (SELECT rowid FROM chunks WHERE hours IS NOT NULL AND day <= ? LIMIT ?)
            """, arguments: [now - retention.hourly - Self.day, limit])
        report.hourlyDropped = db.changesCount
        if let daily = retention.daily {
            try db.execute(sql: "DELETE FROM chunks WHERE rowid IN (SELECT rowid FROM chunks WHERE day <= ? LIMIT ?)",
                           arguments: [now - daily - Self.day, limit])
            report.dailyDropped = db.changesCount
        }
        return report
    }

    /// Writes a series' history in one transaction, as compaction would leave it: days that have
    /// ended (with the lateness) go straight into their chunks and tiers, the rest as rows.
    /// For loading long histories (benchmarks, imports of years) without a day of rows each.
    public func writeCompactedHistory(indicator: String, region: String, times: [Int64], values: [Double], source: String,
                                      now: Int64, retention: HistoryRetention, timeZone: TimeZone) throws {
        precondition(times.count == values.count)
        let series = try seriesIDs([(indicator, region)])[0]
        let offset = try dayOffset(proposed: Int64(timeZone.secondsFromGMT()))
        let cutoff = Self.dayStart(now - Compactor.lateness, offset: offset)
        let points = Chunk.merge([], zip(times, values).map { ChunkPoint(time: $0, value: $1, source: source) })
        let split = points.firstIndex { $0.time >= cutoff } ?? points.count
        try write { db in
            var start = 0
            while start < split {
                let day = Self.dayStart(points[start].time, offset: offset)
                var end = start
                while end < split, points[end].time < day + Self.day { end += 1 }
                _ = try Self.writeDay(series, day: day, Array(points[start..<end]), now: now, retention: retention, db)
                start = end
            }
            try Self.writeResolved(points[split...].map { (series, $0.time, $0.value, $0.nanos) }, source: source, db)
        }
    }

    // MARK: - Reads across rows and tiers

    /// Every stored observation of a series in [from, to): chunks' raw points and rows merged
    /// (a row wins over a chunk's point of the same second, as compaction will decide).
    public func observations(indicator: String, region: String, from: Int64, to: Int64) throws -> [StoredObservation] {
        try read { db in
            guard let series = try Self.seriesID(indicator, region, db) else { return [] }
            var points = try Self.rawRows(series, from: from, to: to, db)
            let chunks = try Row.fetchAll(db, sql: """
                SELECT data FROM chunks WHERE series = ? AND day > ? AND day < ? AND data IS NOT NULL ORDER BY day
                """, arguments: [series, max(from, Int64.min + Self.day) - Self.day, to])
            var older: [ChunkPoint] = []
            for row in chunks {
                guard let data = row["data"] as Data? else { continue }
                older += try Chunk.decode([UInt8](data)).filter { $0.time >= from && $0.time < to }
            }
            if !older.isEmpty { points = Chunk.merge(older, points) }
            return points.map { StoredObservation(time: $0.time, value: $0.value, source: $0.source) }
        }
    }

    static func seriesID(_ indicator: String, _ region: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE indicator = ? AND region = ?", arguments: [indicator, region])
    }

    /// Each tier's share of the store.
    public func tierSizes() throws -> TierSizes {
        try read { db in
            var sizes = TierSizes()
            sizes.rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations") ?? 0
            // dbstat walks only the observations tree, which compaction keeps to a day or two.
            sizes.rowBytes = (try? Int.fetchOne(db, sql: "SELECT SUM(pgsize) FROM dbstat WHERE name = 'observations'")) ?? 0 ?? 0
            if let row = try Row.fetchOne(db, sql: """
                SELECT SUM(data IS NOT NULL) AS raw_days, SUM(CASE WHEN data IS NOT NULL THEN count ELSE 0 END) AS raw_n,
                    SUM(length(data)) AS raw_bytes, SUM(hours IS NOT NULL) AS hour_days, SUM(length(hours)) AS hour_bytes,
                    COUNT(*) AS days
                FROM chunks
                """) {
                sizes.rawDays = row["raw_days"] ?? 0
                sizes.rawObservations = row["raw_n"] ?? 0
                sizes.rawBytes = row["raw_bytes"] ?? 0
                sizes.hourlyDays = row["hour_days"] ?? 0
                sizes.hourlyBytes = row["hour_bytes"] ?? 0
                sizes.dailyDays = row["days"] ?? 0
            }
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4_096
            sizes.fileBytes = (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * pageSize
            return sizes
        }
    }
}
