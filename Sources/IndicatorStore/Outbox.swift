import Foundation
import GRDB
import StoreContract
import IndicatorEngine


extension Store {
    static func writeOutbox(_ messages: [OutboxMessage], _ db: Database) throws {
        for m in messages {
            try db.execute(sql: "INSERT OR IGNORE INTO outbox (key, receiver, body, created, next_try) VALUES (?, ?, ?, ?, ?)",
                           arguments: [m.key, m.receiver, m.body, m.created, m.created])
            guard db.changesCount > 0 else { continue }
            let id = db.lastInsertedRowID
            for alert in Set(m.alerts) {
                try db.execute(sql: "INSERT OR IGNORE INTO outbox_alerts (outbox, alert) VALUES (?, ?)", arguments: [id, alert])
            }
        }
    }

    private static func row(_ r: Row) -> OutboxRow {
        OutboxRow(id: r["id"], key: r["key"], receiver: r["receiver"], body: r["body"], created: r["created"], nextTry: r["next_try"],
                  tries: r["tries"], status: OutboxRow.Status(rawValue: r["status"]) ?? .pending, lastError: r["last_error"],
                  deliveredAt: r["delivered_at"])
    }

    /// Pending messages whose next try is due, oldest first.
    public func dueNotifications(now: Int64, limit: Int = 16) throws -> [OutboxRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE status = 'pending' AND next_try <= ? ORDER BY next_try, id LIMIT ?",
                             arguments: [now, limit]).map(Self.row)
        }
    }

    /// The soonest next try of a pending message not among `excluding` (those being sent).
    public func nextNotificationTry(excluding: [Int64] = []) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_try) FROM outbox WHERE status = 'pending' AND id NOT IN (SELECT value FROM json_each(?))",
                               arguments: ["[" + excluding.map(String.init).joined(separator: ",") + "]"])
        }
    }

    /// Records a try: delivered, or failed with the time of the next one.
    public func recordDelivery(id: Int64, at time: Int64, delivered: Bool, detail: String, nextTry: Int64? = nil) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO outbox_attempts (outbox, time, result, detail) VALUES (?, ?, ?, ?)",
                           arguments: [id, time, delivered ? "delivered" : "failed", detail])
            if delivered {
                try db.execute(sql: "UPDATE outbox SET status = 'delivered', delivered_at = ?, tries = tries + 1, last_error = '' WHERE id = ?",
                               arguments: [time, id])
            } else {
                try db.execute(sql: "UPDATE outbox SET tries = tries + 1, last_error = ?, next_try = ? WHERE id = ?",
                               arguments: [detail, nextTry ?? time, id])
            }
        }
    }

    /// The newest messages, newest first, with every try (`ioc notify log`).
    public func notificationLog(limit: Int = 50) throws -> [(message: OutboxRow, attempts: [(time: Int64, result: String, detail: String)])] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.row).map { message in
                let attempts = try Row.fetchAll(db, sql: "SELECT time, result, detail FROM outbox_attempts WHERE outbox = ? ORDER BY id",
                                                arguments: [message.id]).map { ($0["time"] as Int64, $0["result"] as String, $0["detail"] as String) }
                return (message, attempts)
            }
        }
    }

    /// Messages about one alert (its journal shows how they went).
    public func notifications(alert: Int64) throws -> [OutboxRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.* FROM outbox o JOIN outbox_alerts a ON a.outbox = o.id WHERE a.alert = ? ORDER BY o.id
                """, arguments: [alert]).map(Self.row)
        }
    }

    /// Pending messages that have failed at least once: deliveries are failing.
    public func failingNotifications() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND tries > 0") ?? 0 }
    }

    /// The notification planner's state as the last commit left it.
    public func plannerState() throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'notify_planner'") }
    }

    static func writePlannerState(_ state: String?, _ db: Database) throws {
        guard let state else { return }
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES ('notify_planner', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """, arguments: [state])
    }
}
