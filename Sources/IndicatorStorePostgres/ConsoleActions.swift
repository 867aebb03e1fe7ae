import Foundation
import IndicatorEngine
import StoreContract
import PostgresNIO

/// Operators' actions from consoles on any host, through the database: a console's role may only
/// read and call `ioc_request`, which queues the action under the role the server
/// authenticated; the leader answers the queue in its commits, recording each outcome under the
/// request's id, where the console reads it.
extension PostgresStore: ActionQueue {
    public func sessionIdentity() throws(PostgresProblem) -> (user: String, groups: [String]) {
        try locked { () throws(PostgresProblem) in try Self.identity(session) }
    }

    /// Who the server takes a connection to `url` for (any database, with or without a center).
    public static func sessionIdentity(_ url: PostgresURL) throws(PostgresProblem) -> (user: String, groups: [String]) {
        let session = try PostgresSession.connect(url)
        defer { session.close() }
        return try identity(session)
    }

    static func identity(_ session: PostgresSession) throws(PostgresProblem) -> (user: String, groups: [String]) {
        guard let row = try session.query("""
            SELECT session_user::text, ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user ORDER BY 1)
            """).first else { return ("", []) }
        return (try text(row, 0), try row.value(1, as: [String].self))
    }

    public func queueAction(request: String, body: String) throws(PostgresProblem) {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT ioc_request($1, $2)", [request, body])
        }
    }

    public func queuedActions(limit: Int) throws(PostgresProblem) -> [QueuedAction] {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT id, request, \"user\", groups, body FROM queued_actions ORDER BY id LIMIT $1", [limit]).map { row throws(PostgresProblem) in
                QueuedAction(id: try row.value(0, as: Int64.self), request: try text(row, 1), user: try text(row, 2),
                             groups: try row.value(3, as: [String].self), body: try text(row, 4))
            }
        }
    }

    // MARK: - Notifications, as a console shows them

    public func notifications(alert: Int64) throws(PostgresProblem) -> [OutboxRow] {
        try locked { () throws(PostgresProblem) in
            try session.query("""
                SELECT \(Self.outboxColumns.split(separator: ",").map { "o." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                FROM outbox o JOIN outbox_alerts a ON a.outbox = o.id WHERE a.alert = $1 ORDER BY o.id
                """, [alert]).map { row throws(PostgresProblem) in try Self.outboxRow(row) }
        }
    }

    public func failingNotifications() throws(PostgresProblem) -> Int {
        try locked { () throws(PostgresProblem) in
            Int(try session.query("SELECT count(*) FROM outbox WHERE status = 'pending' AND tries > 0").first?.value(0, as: Int64.self) ?? 0)
        }
    }

    public func feedRecords() throws(PostgresProblem) -> [FeedRecord] {
        try locked { () throws(PostgresProblem) in try session.select(FeedRow.self, "ORDER BY name").map(\.record) }
    }
}
