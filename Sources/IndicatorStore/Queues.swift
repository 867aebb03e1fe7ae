import Foundation
import GRDB
import StoreContract
import IndicatorEngine

/// The two queues through which processes that are not the leader reach it: observations to
/// ingest, and the record of answered requests. Any process that may write appends intake; only the
/// leader consumes it and records requests.
extension Store {
    /// Appends observations for the leader; returns the id of the last one.
    @discardableResult
    public func enqueueIntake(_ observations: [Observation]) throws -> Int64 {
        try write { db in
            for o in observations { try IntakeRow(o).insert(db) }
            return db.lastInsertedRowID
        }
    }

    /// Queued observations after `id`, oldest first.
    public func pendingIntake(after id: Int64 = 0, limit: Int = 50_000) throws -> [(id: Int64, observation: Observation)] {
        try read { db in
            try IntakeRow.filter(IntakeRow.Columns.id > id).order(IntakeRow.Columns.id).limit(limit).fetchAll(db)
                .map { ($0.id ?? 0, $0.observation) }
        }
    }

    /// The highest intake id the leader has applied.
    public func intakeApplied() throws -> Int64 {
        try read { db in try MetaRecord.value("intake_applied", db) }
    }

    /// How the leader answered a request, by its id (nil: never seen).
    public func request(id: String) throws -> RequestOutcome? {
        try read { db in try ActionRow.filter(ActionRow.Columns.request == id).fetchOne(db)?.outcome }
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
