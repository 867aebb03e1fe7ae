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
            for o in observations { try IntakeRecord(o).insert(db) }
            return db.lastInsertedRowID
        }
    }

    /// Queued observations after `id`, oldest first.
    public func pendingIntake(after id: Int64 = 0, limit: Int = 50_000) throws -> [(id: Int64, observation: Observation)] {
        try read { db in
            try IntakeRecord.filter(IntakeRecord.Columns.id > id).order(IntakeRecord.Columns.id).limit(limit).fetchAll(db)
                .map { ($0.id ?? 0, $0.observation) }
        }
    }

    /// The highest intake id the leader has applied.
    public func intakeApplied() throws -> Int64 {
        try read { db in try MetaRecord.value("intake_applied", db) }
    }

    /// Queues an operator action; returns its id.
    public func enqueueAction(_ kind: OperatorAction.Kind, user: String, time: Int64, alert: Int64? = nil, silence: Silence? = nil,
                              note: String = "") throws -> Int64 {
        try write { db in
            try ActionRecord(kind: kind, user: user, time: time, alert: alert, silence: silence, note: note).insert(db)
            return db.lastInsertedRowID
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
