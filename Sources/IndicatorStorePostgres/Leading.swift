import Foundation
import IndicatorEngine
import StoreContract
import PostgresNIO

/// The leader's side of the PostgreSQL store: commits under the epoch this process leads, and
/// what the leader asks of the store besides what readers read.
extension PostgresStore: LeaderStore {
    public var leadRefusal: StoreError? { nil }

    public func leadershipClaim(holder: String) -> any LeadershipClaim { PostgresClaim(store: self, holder: holder) }

    public func historyUpkeep(retention: HistoryRetention, timeZone: TimeZone, rowBudget: Int) -> any HistoryUpkeep {
        MonthlyUpkeep(store: self, retention: retention)
    }

    public var hostFile: String? { nil }

    /// Intake and actions are looked at every poll (a notification would need a session of its own).
    public func intakeSignal() -> (any ChangeSignal)? { nil }

    public var actionQueue: (any ActionQueue)? { self }

    /// Commits under the epoch the claim took; a store this process does not lead refuses.
    @discardableResult
    public func commit(_ batch: Batch) throws(PostgresProblem) -> Int64 {
        guard let epoch = leadEpoch else {
            throw PostgresProblem(.staleLeader, "stale leader: this process does not lead \(url); it writes nothing")
        }
        return try commit(batch, epoch: epoch)
    }

    public func request(id: String) throws(PostgresProblem) -> RequestOutcome? {
        try locked { () throws(PostgresProblem) in try session.select(ActionRow.self, "WHERE request = $1", [id]).first?.outcome }
    }

    public func nextSilenceID() throws(PostgresProblem) -> Int64 {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT COALESCE(max(id), 0) + 1 FROM silences").first?.value(0, as: Int64.self) ?? 1
        }
    }

    public func intakeApplied() throws(PostgresProblem) -> Int64 {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT value FROM meta WHERE key = 'intake_applied'").first?.value(0, as: Int64.self) ?? 0
        }
    }

    public func plannerState() throws(PostgresProblem) -> String? {
        try locked { () throws(PostgresProblem) in try session.query("SELECT state FROM planner WHERE id = 1").first?.value(0, as: String.self) }
    }
}

/// Leading a PostgreSQL store as a participant does: `tryAcquire` takes the advisory lock on a
/// session of its own and a new epoch, which the store's commits then carry; `stillHeld` asks
/// the server; `release` ends the session (and so the lock).
public final class PostgresClaim: LeadershipClaim, @unchecked Sendable {
    public let store: PostgresStore
    let holder: String
    private var leadership: PostgresLeadership?
    public private(set) var openProblem: String?

    public init(store: PostgresStore, holder: String) {
        self.store = store
        self.holder = holder
    }

    public func tryAcquire() -> Bool {
        if leadership != nil { return true }
        do {
            guard let taken = try PostgresLeadership.tryLead(store.url, holder: holder) else { return false }
            leadership = taken
            store.leadEpoch = taken.epoch
            openProblem = nil
            return true
        } catch {
            // A server that cannot be reached now may be back later: stand by and try again.
            openProblem = nil
            return false
        }
    }

    public var stillHeld: Bool { leadership?.isHeld ?? false }

    public var epoch: Int64? { leadership?.epoch }

    public func release() {
        leadership?.release()
        leadership = nil
        store.leadEpoch = nil
    }
}
