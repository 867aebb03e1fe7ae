import Foundation
import StoreContract
import PostgresNIO

/// The leader's outbox and scheduled reports on PostgreSQL, as on SQLite: the sender takes
/// what is due and records each try; a report's record and its announcements go in one
/// transaction, once per (schedule, period) however many leaders try.
extension PostgresStore: NotificationOutbox, ReportRecords {
    static let outboxColumns = "id, key, receiver, body, created, next_try, tries, status, last_error, delivered_at"

    static func outboxRow(_ row: PostgresRandomAccessRow) throws(PostgresProblem) -> OutboxRow {
        OutboxRow(id: try row.value(0), key: try text(row, 1), receiver: try text(row, 2), body: try text(row, 3), created: try row.value(4),
                  nextTry: try row.value(5), tries: Int(try row.value(6, as: Int32.self)), status: OutboxRow.Status(rawValue: try text(row, 7)) ?? .pending,
                  lastError: try text(row, 8), deliveredAt: try row.value(9, as: Int64?.self))
    }

    public func dueNotifications(now: Int64, limit: Int) throws(PostgresProblem) -> [OutboxRow] {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT \(Self.outboxColumns) FROM outbox WHERE status = 'pending' AND next_try <= $1 ORDER BY next_try, id LIMIT $2",
                              [now, Int64(limit)]).map { row throws(PostgresProblem) in try Self.outboxRow(row) }
        }
    }

    public func nextNotificationTry(excluding: [Int64]) throws(PostgresProblem) -> Int64? {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT min(next_try) FROM outbox WHERE status = 'pending' AND NOT (id = ANY($1))", [excluding])
                .first?.value(0, as: Int64?.self)
        }
    }

    public func recordDelivery(id: Int64, at time: Int64, delivered: Bool, detail: String, nextTry: Int64?) throws(PostgresProblem) {
        try locked { () throws(PostgresProblem) in
            try session.transaction { () throws(PostgresProblem) in
                try session.query("INSERT INTO outbox_attempts (outbox, time, result, detail) VALUES ($1, $2, $3, $4)",
                                  [id, time, delivered ? "delivered" : "failed", detail])
                if delivered {
                    try session.query("UPDATE outbox SET status = 'delivered', delivered_at = $1, tries = tries + 1, last_error = '' WHERE id = $2", [time, id])
                } else {
                    try session.query("UPDATE outbox SET tries = tries + 1, last_error = $1, next_try = $2 WHERE id = $3", [detail, nextTry ?? time, id])
                }
            }
        }
    }

    public func notificationLog(limit: Int) throws(PostgresProblem) -> [(message: OutboxRow, attempts: [(time: Int64, result: String, detail: String)])] {
        try locked { () throws(PostgresProblem) in
            let messages = try session.query("SELECT \(Self.outboxColumns) FROM outbox ORDER BY id DESC LIMIT $1", [Int64(limit)])
                .map { row throws(PostgresProblem) in try Self.outboxRow(row) }
            var attempts: [Int64: [(time: Int64, result: String, detail: String)]] = [:]
            for row in try session.query("SELECT outbox, time, result, detail FROM outbox_attempts WHERE outbox = ANY($1) ORDER BY id", [messages.map(\.id)]) {
                attempts[try row.value(0, as: Int64.self), default: []].append((try row.value(1, as: Int64.self), try text(row, 2), try text(row, 3)))
            }
            return messages.map { ($0, attempts[$0.id] ?? []) }
        }
    }

    public func reportWritten(schedule: String, period: String) throws(PostgresProblem) -> Bool {
        try locked { () throws(PostgresProblem) in
            try !session.query("SELECT 1 FROM reports WHERE schedule = $1 AND period = $2", [schedule, period]).isEmpty
        }
    }

    @discardableResult
    public func recordReport(schedule: String, period: String, files: [String], at time: Int64,
                             announcements: [OutboxMessage]) throws(PostgresProblem) -> Bool {
        try locked { () throws(PostgresProblem) in
            try session.transaction { () throws(PostgresProblem) in
                let made = try session.query("""
                    INSERT INTO reports (schedule, period, written, files) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1
                    """, [schedule, period, time, files.joined(separator: "\n")])
                guard !made.isEmpty else { return false }
                try writeOutbox(announcements)
                return true
            }
        }
    }

    public func openReader() throws(PostgresProblem) -> any StoreBackend { try PostgresStore.openForReading(url) }
}
