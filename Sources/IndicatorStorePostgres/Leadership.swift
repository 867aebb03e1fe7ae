import Foundation
import StoreContract
import PostgresNIO

/// Leading a center on PostgreSQL, across hosts: `pg_try_advisory_lock` on a session of its own
/// that the leader holds for as long as it leads, so the lock ends with the session (a crash, a
/// dropped network) and another process may take it; and an epoch the new leader increments,
/// which every commit checks, so a leader that lost its session without noticing (a long pause,
/// a partition) cannot write after another has taken over.
public final class PostgresLeadership: @unchecked Sendable {
    let session: PostgresSession
    /// The epoch this leader writes under (`PostgresStore.commit(_:epoch:)`).
    public let epoch: Int64

    init(session: PostgresSession, epoch: Int64) {
        self.session = session
        self.epoch = epoch
    }

    /// Takes the lead if nobody holds it: a new epoch, recorded with who holds it. Nil while
    /// another session leads.
    public static func tryLead(_ url: PostgresURL, holder: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws(PostgresProblem) -> PostgresLeadership? {
        let session = try PostgresSession.connect(url)
        do {
            guard try session.query("SELECT pg_try_advisory_lock(\(PostgresSchema.leaderKey))").first?.value(0, as: Bool.self) == true else {
                session.close()
                return nil
            }
            let epoch = try session.query("UPDATE leader SET epoch = epoch + 1, holder = $1, since = $2 WHERE id = 1 RETURNING epoch", [holder, now])
                .first?.value(0, as: Int64.self) ?? 0
            return PostgresLeadership(session: session, epoch: epoch)
        } catch {
            session.close()
            throw error
        }
    }

    /// Whether the session holding the lock is still there (asked of the server, so a dropped
    /// connection is found out).
    public var isHeld: Bool {
        guard !session.isClosed else { return false }
        return (try? session.query("SELECT 1").count) == 1
    }

    /// Who leads, as the store records it: the holder's name and epoch.
    public static func current(_ url: PostgresURL) throws(PostgresProblem) -> (holder: String, epoch: Int64, since: Int64) {
        let session = try PostgresSession.connect(url)
        defer { session.close() }
        guard let row = try session.query("SELECT holder, epoch, since FROM leader WHERE id = 1").first else { return ("", 0, 0) }
        return (try text(row, 0), try row.value(1, as: Int64.self), try row.value(2, as: Int64.self))
    }

    /// Gives the lead up (closing the session ends the lock).
    public func release() { session.close() }
}

extension PostgresStore {
    /// Whether some session holds the leader's advisory lock (any role may see `pg_locks`).
    public func leaderPresent() throws(PostgresProblem) -> Bool {
        try locked { () throws(PostgresProblem) in
            // A bigint key shows as its high half in classid and its low half in objid, objsubid 1.
            try session.query("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
                    AND classid::bigint = $1 AND objid::bigint = $2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
                """, [PostgresSchema.leaderKey >> 32, PostgresSchema.leaderKey & 0xFFFF_FFFF]).first?.value(0, as: Bool.self) ?? false
        }
    }
}
