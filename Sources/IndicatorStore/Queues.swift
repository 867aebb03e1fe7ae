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
            try db.execute(sql: """
                INSERT INTO actions (time, user, kind, alert, field, indicator, region, start, end, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [time, user, kind.rawValue, alert, silence?.field, silence?.indicator, silence?.region, silence?.start,
                                 silence?.end, note])
            return db.lastInsertedRowID
        }
    }

    public func pendingActions() throws -> [OperatorAction] {
        try read { db in try Self.actions(db, where: "status = 'pending'", []) }
    }

    public func action(id: Int64) throws -> OperatorAction? {
        try read { db in try Self.actions(db, where: "id = ?", [id]).first }
    }

    /// The next free silence id (the leader assigns them).
    public func nextSilenceID() throws -> Int64 {
        try read { db in (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM silences") ?? 0) + 1 }
    }

    /// The highest alert id ever stored, so a new leader continues the numbering.
    public func maxAlertID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM alerts") ?? 0 }
    }

    private static func actions(_ db: Database, where condition: String, _ arguments: [any DatabaseValueConvertible]) throws -> [OperatorAction] {
        try Row.fetchAll(db, sql: "SELECT * FROM actions WHERE \(condition) ORDER BY id", arguments: StatementArguments(arguments)).compactMap { row in
            guard let kind = OperatorAction.Kind(rawValue: row["kind"]), let status = OperatorAction.Status(rawValue: row["status"]) else { return nil }
            var silence: Silence?
            if kind == .silence, let start: Int64 = row["start"], let end: Int64 = row["end"] {
                silence = Silence(id: 0, field: row["field"], indicator: row["indicator"], region: row["region"], start: start, end: end,
                                  createdBy: row["user"], comment: row["note"])
            }
            return OperatorAction(id: row["id"], time: row["time"], user: row["user"], kind: kind, alert: row["alert"], silence: silence,
                                  note: row["note"], status: status, result: row["result"])
        }
    }
}
