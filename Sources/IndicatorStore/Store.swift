import Foundation
import GRDB
import GRDBSQLite
import IndicatorEngine

public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case failed(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the store at \(path): \(reason)"
        case let .failed(reason): "store: \(reason)"
        }
    }
}

/// The SQLite store: one database file in WAL mode, shared by every `ioc` process on the host.
/// Each public method is one transaction. Only the leader writes derived state (`commit`);
/// any process may append to the intake and action queues. It works over any GRDB
/// `DatabaseWriter` (as GRDB's demo `AppDatabase` does): a pool on a file, or an in-memory
/// queue in tests.
public final class Store {
    public let path: String
    let writer: any DatabaseWriter
    /// Series ids by "indicator region", filled as series are first written.
    private var seriesIDs: [String: Int64] = [:]

    /// The store in the file at `path` (created with its folder when missing).
    public convenience init(path: String) throws {
        let pool: DatabasePool
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            var configuration = Configuration()
            // Writers queue behind each other rather than failing: no "database is locked" reaches a user.
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        try self.init(writer: pool, path: path)
    }

    /// The store over any database writer; migrations run first.
    public init(writer: any DatabaseWriter, path: String) throws {
        self.path = path
        self.writer = writer
        do {
            try Migrations.migrator.migrate(writer)
            try loadSeriesIDs()
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// A store in memory, gone with the value: for tests that need no file and no other process.
    public static func inMemory() throws -> Store { try Store(writer: try DatabaseQueue(), path: ":memory:") }

    /// One read transaction; a database error becomes the store's own.
    func read<T>(_ body: (Database) throws -> T) throws -> T { try wrap { try writer.read(body) } }

    /// One write transaction; a database error becomes the store's own.
    func write<T>(_ body: (Database) throws -> T) throws -> T { try wrap { try writer.write(body) } }

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
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sequence'").flatMap { $0 } ?? 0
    }

    /// Changes whenever another connection commits; reading it touches no table.
    public func dataVersion() throws -> Int {
        try wrap { try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } }
    }

    /// Latest values and alerts written after `sequence`.
    public func changes(since sequence: Int64) throws -> StoreChanges {
        try wrap {
            try read { db in
                let now = try Self.sequence(db)
                return StoreChanges(sequence: now, current: try Self.current(db, since: sequence), alerts: try Self.alerts(db, where: "seq > ?", [sequence]))
            }
        }
    }

    // MARK: - Leader writes

    /// Commits one engine step under a new sequence number, all or nothing; returns the number.
    @discardableResult
    public func commit(_ batch: Batch) throws -> Int64 {
        var newIDs: [String: Int64] = [:]
        let known = seriesIDs
        let sequence = try wrap {
            try write { db -> Int64 in
                newIDs = [:]
                func seriesID(_ indicator: String, _ region: String) throws -> Int64 {
                    let k = Self.key(indicator, region)
                    if let id = known[k] ?? newIDs[k] { return id }
                    try db.execute(sql: "INSERT OR IGNORE INTO series (indicator, region) VALUES (?, ?)", arguments: [indicator, region])
                    let id = try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE indicator = ? AND region = ?", arguments: [indicator, region])!
                    newIDs[k] = id
                    return id
                }
                let sequence = try Self.sequence(db) + 1
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('sequence', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               arguments: [sequence])
                if !batch.observations.isEmpty {
                    let insert = try db.cachedStatement(sql: """
                        INSERT INTO observations (series, time, value, source, nanos) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(series, time) DO UPDATE SET value = excluded.value, source = excluded.source, nanos = excluded.nanos
                        WHERE excluded.nanos >= observations.nanos
                        """)
                    for o in batch.observations {
                        try insert.execute(arguments: [try seriesID(o.indicator, o.region), o.time, o.value, o.source, o.nanos])
                    }
                }
                if !batch.resolved.isEmpty {
                    // The hot path binds through the SQLite C API: no argument arrays per row. Its own
                    // statement (the comment makes the SQL distinct): GRDB must not share it, since
                    // GRDB tracks the arguments it bound and would not see these.
                    let insert = try db.cachedStatement(sql: """
                        INSERT /* bound through the C API */ INTO observations (series, time, value, source, nanos) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(series, time) DO UPDATE SET value = excluded.value, source = excluded.source, nanos = excluded.nanos
                        WHERE excluded.nanos >= observations.nanos
                        """)
                    let stmt = insert.sqliteStatement
                    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
                    sqlite3_bind_text(stmt, 4, batch.resolvedSource, -1, transient)
                    for o in batch.resolved {
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
                    sqlite3_clear_bindings(stmt)
                }
                if !batch.current.isEmpty {
                    let upsert = try db.cachedStatement(sql: """
                        INSERT INTO current (series, value, time, status, seq, reported, reported_time, reported_nanos)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(series) DO UPDATE SET value = excluded.value, time = excluded.time, status = excluded.status,
                            seq = excluded.seq, reported = excluded.reported, reported_time = excluded.reported_time,
                            reported_nanos = excluded.reported_nanos
                        """)
                    for c in batch.current {
                        try upsert.execute(arguments: [try seriesID(c.indicator, c.region), c.value.value.isNaN ? nil : c.value.value, c.value.time,
                                                       c.value.status.rawValue, sequence, c.reported, c.reportedTime, c.reportedNanos])
                    }
                }
                for alert in batch.alerts { try Self.write(alert, sequence: sequence, db) }
                for entry in batch.journal where entry.alert != 0 {
                    try db.execute(sql: """
                        INSERT INTO alert_events (alert, time, actor, action, from_state, to_state, reason, seq)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [entry.alert, entry.time, entry.actor, entry.action, entry.from?.rawValue, entry.to?.rawValue,
                                         entry.reason, sequence])
                }
                for s in batch.silences {
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO silences (id, field, indicator, region, start, end, created_by, comment)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [s.id, s.field, s.indicator, s.region, s.start, s.end, s.createdBy, s.comment])
                }
                if let through = batch.intakeThrough {
                    try db.execute(sql: "DELETE FROM intake WHERE id <= ?", arguments: [through])
                    try db.execute(sql: """
                        INSERT INTO meta (key, value) VALUES ('intake_applied', ?)
                        ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)
                        """, arguments: [through])
                }
                for r in batch.actionResults {
                    try db.execute(sql: "UPDATE actions SET status = ?, result = ? WHERE id = ?", arguments: [r.status.rawValue, r.result, r.id])
                }
                for a in batch.audit {
                    try db.execute(sql: "INSERT INTO audit (time, user, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [a.time, a.user, a.action, a.target, a.detail])
                }
                return sequence
            }
        }
        seriesIDs.merge(newIDs) { a, _ in a }
        return sequence
    }

    private static func write(_ a: Alert, sequence: Int64, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO alerts (id, rule, kind, indicator, region, severity, state, active_at, since, fired_at, value,
                                acked_by, acked_at, ack_note, silenced_by, flapping, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET severity = excluded.severity, state = excluded.state, since = excluded.since,
                fired_at = excluded.fired_at, value = excluded.value, acked_by = excluded.acked_by, acked_at = excluded.acked_at,
                ack_note = excluded.ack_note, silenced_by = excluded.silenced_by, flapping = excluded.flapping, seq = excluded.seq
            """, arguments: [a.id, a.rule, a.kind.rawValue, a.indicator, a.region, a.severity.rawValue, a.state.rawValue, a.activeAt,
                             a.since, a.firedAt, a.value, a.acknowledged?.by, a.acknowledged?.at, a.acknowledged?.note,
                             a.silencedBy.map(String.init).joined(separator: ","), a.flapping, sequence])
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
        let created = try wrap {
            try write { db in
                try missing.map { _, indicator, region -> Int64 in
                    try db.execute(sql: "INSERT OR IGNORE INTO series (indicator, region) VALUES (?, ?)", arguments: [indicator, region])
                    return try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE indicator = ? AND region = ?", arguments: [indicator, region])!
                }
            }
        }
        for ((n, indicator, region), id) in zip(missing, created) {
            result[n] = id
            seriesIDs[Self.key(indicator, region)] = id
        }
        return result
    }

    // MARK: - Reads

    /// Every stored latest value.
    public func loadCurrent() throws -> [StoredCurrent] {
        try read { db in try Self.current(db, since: nil) }
    }

    private static func current(_ db: Database, since: Int64?) throws -> [StoredCurrent] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.indicator, s.region, c.value, c.time, c.status, c.seq, c.reported, c.reported_time, c.reported_nanos
            FROM current c JOIN series s ON s.id = c.series
            """ + (since == nil ? "" : " WHERE c.seq > ?"), arguments: since.map { [$0] } ?? [])
        var result: [StoredCurrent] = []
        while let row = try rows.next() {
            let status = SeriesStatus(rawValue: row["status"]) ?? .nodata
            result.append(StoredCurrent(indicator: row["indicator"], region: row["region"],
                                        value: CurrentValue(value: row["value"] as Double? ?? .nan, time: row["time"], status: status),
                                        reported: row["reported"], reportedTime: row["reported_time"],
                                        reportedNanos: row["reported_nanos"], sequence: row["seq"]))
        }
        return result
    }

    /// The latest value of one series, if it has one.
    public func current(indicator: String, region: String) throws -> StoredCurrent? {
        try wrap {
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
    }

    /// Alerts; open ones only unless `all`.
    public func alerts(all: Bool = false) throws -> [StoredAlert] {
        try wrap {
            try read { db in
                try Self.alerts(db, where: all ? "1" : "state IN ('pending', 'firing', 'recovering')", [])
            }
        }
    }

    /// Alerts the engine must keep on start: open ones and resolved ones still within retention.
    public func liveAlerts() throws -> [StoredAlert] {
        try read { db in try Self.alerts(db, where: "state IN ('pending', 'firing', 'recovering', 'resolved')", []) }
    }

    public func alert(id: Int64) throws -> StoredAlert? {
        try read { db in try Self.alerts(db, where: "id = ?", [id]).first }
    }

    private static func alerts(_ db: Database, where condition: String, _ arguments: [any DatabaseValueConvertible]) throws -> [StoredAlert] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM alerts WHERE \(condition) ORDER BY id", arguments: StatementArguments(arguments))
        return rows.compactMap { row in
            guard let kind = AlertKind(rawValue: row["kind"]), let severity = Severity(rawValue: row["severity"]),
                  let state = AlertState(rawValue: row["state"]) else { return nil }
            var a = StoredAlert(Alert(id: row["id"], rule: row["rule"], kind: kind, series: SeriesID(raw: -1), indicator: row["indicator"],
                                      region: row["region"], severity: severity, state: state, activeAt: row["active_at"],
                                      since: row["since"], firedAt: row["fired_at"], value: row["value"]), sequence: row["seq"])
            if let by: String = row["acked_by"] {
                a.acknowledged = Acknowledgement(by: by, at: row["acked_at"] ?? 0, note: row["ack_note"] ?? "")
            }
            a.silencedBy = (row["silenced_by"] as String? ?? "").split(separator: ",").compactMap { Int64($0) }
            a.flapping = row["flapping"] ?? false
            return a
        }
    }

    public func journal(alert id: Int64) throws -> [JournalEntry] {
        try wrap {
            try read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM alert_events WHERE alert = ? ORDER BY id", arguments: [id]).map { row in
                    JournalEntry(alert: row["alert"], time: row["time"], actor: row["actor"], action: row["action"],
                                 from: (row["from_state"] as String?).flatMap(AlertState.init), to: (row["to_state"] as String?).flatMap(AlertState.init),
                                 reason: row["reason"])
                }
            }
        }
    }

    public func silences(activeAt now: Int64) throws -> [Silence] {
        try wrap {
            try read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM silences WHERE end > ? ORDER BY id", arguments: [now]).map { row in
                    Silence(id: row["id"], field: row["field"], indicator: row["indicator"], region: row["region"], start: row["start"],
                            end: row["end"], createdBy: row["created_by"], comment: row["comment"])
                }
            }
        }
    }

    public func auditTrail() throws -> [AuditEntry] {
        try wrap {
            try read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id").map { row in
                    AuditEntry(time: row["time"], user: row["user"], action: row["action"], target: row["target"], detail: row["detail"])
                }
            }
        }
    }

    /// Number of stored observations (for `ioc info` and tests).
    public func observationCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations") ?? 0 }
    }

    /// `PRAGMA integrity_check`: empty when the file is sound, else SQLite's findings.
    public func integrityProblems() throws -> [String] {
        try wrap {
            try read { db in
                let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                return lines == ["ok"] ? [] : lines
            }
        }
    }
}
