import Foundation
import GRDB
import IndicatorEngine

/// The two queues through which processes that are not the leader reach it: observations to
/// ingest, and operator actions. Any process appends; only the leader consumes.
extension Store {
    /// Appends observations for the leader; returns the id of the last one.
    @discardableResult
    public func enqueueIntake(_ observations: [Observation]) throws -> Int64 {
        try write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO intake (indicator, region, time, value, source, nanos) VALUES (?, ?, ?, ?, ?, ?)")
            for o in observations { try insert.execute(arguments: [o.indicator, o.region, o.time, o.value, o.source, o.nanos]) }
            return db.lastInsertedRowID
        }
    }

    /// Queued observations after `id`, oldest first.
    public func pendingIntake(after id: Int64 = 0, limit: Int = 50_000) throws -> [(id: Int64, observation: Observation)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM intake WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit]).map { row in
                (row["id"], Observation(indicator: row["indicator"], region: row["region"], time: row["time"], value: row["value"],
                                        source: row["source"], nanos: row["nanos"]))
            }
        }
    }

    /// The highest intake id the leader has applied.
    public func intakeApplied() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'intake_applied'") ?? 0 }
    }

    /// Queues an operator action; returns its id.
    public func enqueueAction(_ kind: OperatorAction.Kind, user: String, time: Int64, alert: Int64? = nil, silence: Silence? = nil,
                              note: String = "") throws -> Int64 {
        try write { db in
            var record = ActionRecord(kind: kind, user: user, time: time, alert: alert, silence: silence, note: note)
            try record.insert(db)
            return record.id ?? db.lastInsertedRowID
        }
    }

    public func pendingActions() throws -> [OperatorAction] {
        try read { db in
            try ActionRecord.filter(ActionRecord.Columns.status == OperatorAction.Status.pending.rawValue).order(ActionRecord.Columns.id)
                .fetchAll(db).compactMap(\.action)
        }
    }

    public func action(id: Int64) throws -> OperatorAction? {
        try read { db in try ActionRecord.fetchOne(db, key: id)?.action }
    }

    /// The next free silence id (the leader assigns them).
    public func nextSilenceID() throws -> Int64 {
        try read { db in (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM silences") ?? 0) + 1 }
    }

    /// The highest alert id ever stored, so a new leader continues the numbering.
    public func maxAlertID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM alerts") ?? 0 }
    }
}
