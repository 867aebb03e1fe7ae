import Foundation
import GRDB
import StoreContract
import GRDBSQLite
import IndicatorEngine

/// The SQLite store: one database file in WAL mode, shared by every `ioc` process on the host.
/// Each public method is one transaction. Only the leader writes derived state (`commit`);
/// any process may append to the intake and action queues. It works over any GRDB
/// `DatabaseWriter` (as GRDB's demo `AppDatabase` does): a pool on a file, or an in-memory
/// queue in tests.
public final class Store {
    public let path: String
    /// True when this process may only read the store (it follows; actions go over the socket).
    public let isReadOnly: Bool
    let writer: any DatabaseWriter
    /// Series ids by "indicator region", filled as series are first written.
    private var seriesIDs: [String: Int64] = [:]

    /// Page cache of the connection that writes, in KiB, and how much of the file it maps.
    public static let writerCacheKiB = 65_536
    public static let writerMapBytes = 1 << 30
    /// Page cache of each reading connection, in KiB.
    public static let readerCacheKiB = 4_096

    /// The store in the file at `path`, created with its folder when missing. A process that may
    /// not write the file (an operator on a center the service account writes) opens it
    /// read-only: it can follow, never lead.
    public convenience init(path: String) throws {
        try self.init(path: path, readOnly: !SharedFiles.isWritable(path))
    }

    public convenience init(path: String, readOnly: Bool) throws {
        let pool: DatabasePool
        let user = SharedFiles.userName(uid: getuid())
        do {
            var configuration = Configuration()
            configuration.readonly = readOnly
            // Writers queue behind each other rather than failing: no "database is locked" reaches a user.
            configuration.busyMode = .timeout(30)
            if readOnly {
                guard access(path, R_OK) == 0 else {
                    throw StoreError.cannotOpen(path: path, reason: """
                        \(user) may not read it (\(SharedFiles.owner(path) ?? "missing")): add \(user) to the store's group \
                        (the group of \((path as NSString).deletingLastPathComponent)) or ask the administrator
                        """)
                }
            } else {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                if let problem = SharedFiles.create(path) { throw StoreError.cannotOpen(path: path, reason: problem) }
            }
            configuration.prepareDatabase { db in
                // The WAL and shared-memory files stay when the last writer closes, so processes
                // that may only read keep working while leaders come and go.
                var persist: Int32 = 1
                _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
                if !readOnly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
                // The writer's cache holds the B-tree pages an ingest touches (the default 2 MB
                // makes every insert into a large store a read) and maps the file; readers (a
                // console's charts and lists) stay small.
                if sqlite3_db_readonly(db.sqliteConnection, "main") == 0 {
                    try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB); PRAGMA mmap_size = \(Self.writerMapBytes)")
                } else {
                    try db.execute(sql: "PRAGMA cache_size = -\(Self.readerCacheKiB)")
                }
            }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        try self.init(writer: pool, path: path, readOnly: readOnly)
    }

    /// The store over any database writer; migrations run first.
    public init(writer: any DatabaseWriter, path: String, readOnly: Bool = false) throws {
        self.path = path
        self.writer = writer
        self.isReadOnly = readOnly
        do {
            if readOnly {
                guard try writer.read({ db in try Migrations.migrator.hasCompletedMigrations(db) }) else {
                    throw StoreError.cannotOpen(path: path, reason: """
                        the store needs its schema brought up to date, which only its owner (\(SharedFiles.owner(path) ?? "?")) \
                        can do: start the leader ('ioc serve' as that account, or 'systemctl start ioc')
                        """)
                }
            } else if try !writer.read({ db in try Migrations.migrator.hasCompletedMigrations(db) }) {
                // Only a store that needs it takes the write lock here: a console opening a store
                // the leader is busy writing must not queue behind it to learn there is nothing to do.
                try Self.migrate(writer)
            }
            try loadSeriesIDs()
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// Brings the schema up to date. Two processes opening a new store at once (a console and
    /// the leader it starts, a test's command beside `ioc serve`) race: GRDB reads what was
    /// applied before each migration's own transaction, so a migration the other process has
    /// just committed fails here ("table already exists"). Each migration is atomic, so reading
    /// again and going on converges; a failure that persists is the store's.
    static func migrate(_ writer: any DatabaseWriter) throws {
        for attempt in 1... {
            do {
                try Migrations.migrator.migrate(writer)
                return
            } catch let error as DatabaseError {
                if try writer.read({ db in try Migrations.migrator.hasCompletedMigrations(db) }) { return }
                guard attempt < 20 else { throw error }
                usleep(50_000)
            }
        }
    }

    /// A store in memory, gone with the value: for tests that need no file and no other process.
    public static func inMemory() throws -> Store { try Store(writer: try DatabaseQueue(), path: ":memory:") }

    /// One read transaction; a database error becomes the store's own.
    func read<T>(_ body: (Database) throws -> T) throws -> T { try wrap { try writer.read(body) } }

    /// One write transaction; a database error becomes the store's own.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly { throw StoreError.readOnly(path: path) }
        return try wrap { try writer.write(body) }
    }

    private func loadSeriesIDs() throws {
        seriesIDs = try writer.read { db in
            var ids: [String: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, indicator, region FROM series")
            while let row = try rows.next() { ids[Self.key(row["indicator"], row["region"])] = row["id"] }
            return ids
        }
    }

    private static func key(_ indicator: String, _ region: String) -> String { indicator + " " + region }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError.failed(error.message ?? "\(error)")
        }
    }

    // MARK: - Change feed

    /// The change sequence number of the last commit.
    public func sequence() throws -> Int64 {
        try read { db in try Self.sequence(db) }
    }

    private static func sequence(_ db: Database) throws -> Int64 {
        try MetaRecord.value("sequence", db)
    }

    /// Changes whenever another connection commits; reading it touches no table.
    public func dataVersion() throws -> Int {
        try wrap { try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } }
    }

    /// Latest values and alerts written after `sequence`.
    public func changes(since sequence: Int64) throws -> StoreChanges {
        try read { db in
            let now = try Self.sequence(db)
            let alerts = try AlertRow.filter(AlertRow.Columns.seq > sequence).order(AlertRow.Columns.id).fetchAll(db)
            return StoreChanges(sequence: now, current: try Self.current(db, since: sequence), alerts: alerts.compactMap(\.stored),
                                seeding: try Self.seeding(db))
        }
    }

    /// How far the leader filling this store has come, in thousandths; nil: it is not seeding.
    public func seeding() throws -> Int64? {
        try read { db in try Self.seeding(db) }
    }

    private static func seeding(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'seeding'")
    }

    // MARK: - Leader writes

    /// Commits one engine step under a new sequence number, all or nothing; returns the number.
    /// One writer per table, in one transaction.
    @discardableResult
    public func commit(_ batch: Batch) throws -> Int64 {
        var newIDs: [String: Int64] = [:]
        let known = seriesIDs
        let sequence = try write { db -> Int64 in
            newIDs = [:]
            func seriesID(_ indicator: String, _ region: String) throws -> Int64 {
                let k = Self.key(indicator, region)
                if let id = known[k] ?? newIDs[k] { return id }
                let id = try Self.createSeries(indicator, region, db)
                newIDs[k] = id
                return id
            }
            let sequence = try Self.sequence(db) + 1
            try MetaRecord(key: "sequence", value: sequence).upsert(db)
            try Self.writeObservations(batch.observations, db, seriesID: seriesID)
            try Self.writeResolved(batch.resolved, source: batch.resolvedSource, db)
            try Self.writeCurrent(batch.current, sequence: sequence, db)
            for alert in batch.alerts { try AlertRow(alert, sequence: sequence).upsert(db) }
            for entry in batch.journal where entry.alert != 0 { try JournalRow(entry, sequence: sequence).insert(db) }
            for silence in batch.silences { try SilenceRow(silence).upsert(db) }
            try Self.writeIntakeApplied(batch.intakeThrough, db)
            // A request answered before keeps its first answer (as on PostgreSQL).
            for r in batch.requests { try ActionRow(r).insert(db, onConflict: .ignore) }
            for entry in batch.audit { try AuditRow(entry).insert(db) }
            try Self.writeOutbox(batch.outbox, db)
            try Self.writePlannerState(batch.plannerState, db)
            if let seeding = batch.seeding {
                if seeding >= SeedingMark.finished {
                    try db.execute(sql: "DELETE FROM meta WHERE key = 'seeding'")
                } else {
                    try MetaRecord(key: "seeding", value: seeding).upsert(db)
                }
            }
            for feed in batch.feeds { try FeedRow(feed).insert(db, onConflict: .replace) }
            return sequence
        }
        seriesIDs.merge(newIDs) { a, _ in a }
        return sequence
    }

    private static func createSeries(_ indicator: String, _ region: String, _ db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT OR IGNORE INTO series (indicator, region) VALUES (?, ?)", arguments: [indicator, region])
        return try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE indicator = ? AND region = ?", arguments: [indicator, region])!
    }

    /// Observations named by codes (the intake queue's, the simulator's): mapped to rows, then
    /// written by the one insert path, a run of the same source at a time.
    private static func writeObservations(_ observations: [Observation], _ db: Database, seriesID: (String, String) throws -> Int64) throws {
        var start = observations.startIndex
        while start < observations.endIndex {
            let source = observations[start].source
            let end = observations[start...].firstIndex { $0.source != source } ?? observations.endIndex
            let rows = try observations[start..<end].map { o in (series: try seriesID(o.indicator, o.region), time: o.time, value: o.value, nanos: o.nanos) }
            try writeResolved(rows, source: source, db)
            start = end
        }
    }

    /// The hot path: observations already mapped to store series ids, bound through the SQLite C
    /// API with no argument arrays per row. Its own statement (the comment makes the SQL
    /// distinct): GRDB must not share it, since GRDB tracks the arguments it bound and would not
    /// see these.
    static func writeResolved(_ resolved: [(series: Int64, time: Int64, value: Double, nanos: Int32)], source: String,
                                      _ db: Database) throws {
        guard !resolved.isEmpty else { return }
        // In series order, each series' rows follow each other into the same B-tree leaves:
        // feeds deliver rows ordered by time across thousands of series, which would touch a
        // different leaf for every row.
        // Stable: of two values for one second, the later in the batch still wins.
        let ordered = resolved.indices.sorted { a, b in
            (resolved[a].series, resolved[a].time, a) < (resolved[b].series, resolved[b].time, b)
        }
        let insert = try db.cachedStatement(sql: """
            INSERT /* bound through the C API */ INTO observations (series, time, value, source, nanos) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(series, time) DO UPDATE SET value = excluded.value, source = excluded.source, nanos = excluded.nanos
            WHERE excluded.nanos >= observations.nanos
            """)
        let stmt = insert.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_text(stmt, 4, source, -1, transient)
        defer { sqlite3_clear_bindings(stmt) }
        for k in ordered {
            let o = resolved[k]
            sqlite3_bind_int64(stmt, 1, o.series)
            sqlite3_bind_int64(stmt, 2, o.time)
            sqlite3_bind_double(stmt, 3, o.value)
            sqlite3_bind_int(stmt, 5, o.nanos)
            let rc = sqlite3_step(stmt)
            sqlite3_reset(stmt)
            guard rc == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
    }

    private static func writeCurrent(_ current: [CurrentRow], sequence: Int64, _ db: Database) throws {
        guard !current.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO current (series, value, time, status, seq, reported, reported_time, reported_nanos)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(series) DO UPDATE SET value = excluded.value, time = excluded.time, status = excluded.status,
                seq = excluded.seq, reported = excluded.reported, reported_time = excluded.reported_time,
                reported_nanos = excluded.reported_nanos
            """)
        for c in current {
            try upsert.execute(arguments: [c.series, c.value.value.isNaN ? nil : c.value.value, c.value.time,
                                           c.value.status.rawValue, sequence, c.reported, c.reportedTime, c.reportedNanos])
        }
    }

    private static func writeIntakeApplied(_ through: Int64?, _ db: Database) throws {
        guard let through else { return }
        try db.execute(sql: "DELETE FROM intake WHERE id <= ?", arguments: [through])
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES ('intake_applied', ?)
            ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)
            """, arguments: [through])
    }

    /// Store ids of series named by codes, created when new (the fast ingest path needs them).
    public func seriesIDs(_ keys: [(indicator: String, region: String)]) throws -> [Int64] {
        var result: [Int64] = []
        var missing: [(Int, String, String)] = []
        for (n, key) in keys.enumerated() {
            if let id = seriesIDs[Self.key(key.indicator, key.region)] { result.append(id) } else {
                result.append(0)
                missing.append((n, key.indicator, key.region))
            }
        }
        guard !missing.isEmpty else { return result }
        let created = try write { db in try missing.map { _, indicator, region in try Self.createSeries(indicator, region, db) } }
        for ((n, indicator, region), id) in zip(missing, created) {
            result[n] = id
            seriesIDs[Self.key(indicator, region)] = id
        }
        return result
    }

    // MARK: - Reads

    /// Every stored latest value.
    public func loadCurrent() throws -> [CurrentRow] {
        try read { db in try Self.current(db, since: nil) }
    }

    private static func current(_ db: Database, since: Int64?) throws -> [CurrentRow] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT series, value, time, status, seq, reported, reported_time, reported_nanos FROM current
            """ + (since == nil ? "" : " WHERE seq > ?"), arguments: since.map { [$0] } ?? [])
        var result: [CurrentRow] = []
        while let row = try rows.next() {
            let status = SeriesStatus(rawValue: row["status"]) ?? .nodata
            result.append(CurrentRow(series: row["series"],
                                     value: CurrentValue(value: row["value"] as Double? ?? .nan, time: row["time"], status: status),
                                     reported: row["reported"], reportedTime: row["reported_time"], reportedNanos: row["reported_nanos"],
                                     sequence: row["seq"]))
        }
        return result
    }

    /// Every series row the store has: its id and codes (for a process's `SeriesDirectory`).
    public func seriesRows() throws -> [(id: Int64, indicator: String, region: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, indicator, region FROM series").map { ($0["id"], $0["indicator"], $0["region"]) }
        }
    }

    /// The latest value of one series, if it has one.
    public func current(indicator: String, region: String) throws -> StoredCurrent? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT c.value, c.time, c.status, c.seq, c.reported, c.reported_time, c.reported_nanos
                FROM current c JOIN series s ON s.id = c.series WHERE s.indicator = ? AND s.region = ?
                """, arguments: [indicator, region]) else { return nil }
            return StoredCurrent(indicator: indicator, region: region,
                                 value: CurrentValue(value: row["value"] as Double? ?? .nan, time: row["time"],
                                                     status: SeriesStatus(rawValue: row["status"]) ?? .nodata),
                                 reported: row["reported"], reportedTime: row["reported_time"],
                                 reportedNanos: row["reported_nanos"], sequence: row["seq"])
        }
    }

    static let openStates = [AlertState.pending, .firing, .recovering].map(\.rawValue)

    /// Alerts; open ones only unless `all`.
    public func alerts(all: Bool = false) throws -> [StoredAlert] {
        try read { db in
            try (all ? AlertRow.all() : AlertRow.filter(Self.openStates.contains(AlertRow.Columns.state)))
                .order(AlertRow.Columns.id).fetchAll(db).compactMap(\.stored)
        }
    }

    /// Alerts the engine must keep on start: open ones and resolved ones still within retention.
    public func liveAlerts() throws -> [StoredAlert] {
        try read { db in
            try AlertRow.filter((Self.openStates + [AlertState.resolved.rawValue]).contains(AlertRow.Columns.state))
                .order(AlertRow.Columns.id).fetchAll(db).compactMap(\.stored)
        }
    }

    public func alert(id: Int64) throws -> StoredAlert? {
        try read { db in try AlertRow.fetchOne(db, key: id)?.stored }
    }

    public func journal(alert id: Int64) throws -> [JournalEntry] {
        try read { db in
            try JournalRow.filter(JournalRow.Columns.alert == id).order(JournalRow.Columns.id).fetchAll(db).map(\.entry)
        }
    }

    public func silences(activeAt now: Int64) throws -> [Silence] {
        try read { db in
            try SilenceRow.filter(SilenceRow.Columns.end > now).order(SilenceRow.Columns.id).fetchAll(db).map(\.silence)
        }
    }

    /// The audit, oldest first; `since` and `user` narrow it.
    public func auditTrail(since: Int64? = nil, user: String? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        try read { db in
            var query = AuditRow.all()
            if let since { query = query.filter(AuditRow.Columns.time >= since) }
            if let user { query = query.filter(AuditRow.Columns.user == user) }
            if let limit { return try query.order(AuditRow.Columns.id.desc).limit(limit).fetchAll(db).reversed().map(\.entry) }
            return try query.order(AuditRow.Columns.id).fetchAll(db).map(\.entry)
        }
    }

    /// Number of observations the store holds, as rows or in a tier (for `ioc info` and tests):
    /// compaction changes how they are kept, not this count; only the end of the last tier does.
    public func observationCount() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM observations) + (SELECT COALESCE(SUM(count), 0) FROM chunks)") ?? 0
        }
    }

    /// `PRAGMA integrity_check`: empty when the file is sound, else SQLite's findings.
    public func integrityProblems() throws -> [String] {
        try read { db in
            let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            return lines == ["ok"] ? [] : lines
        }
    }
}

extension Store {
    /// How each feed stands, as the leader last recorded it, by name.
    public func feedRecords() throws -> [FeedRecord] {
        try read { db in try FeedRow.order(FeedRow.Columns.name).fetchAll(db).map(\.record) }
    }
}
