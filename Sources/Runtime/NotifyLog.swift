import Foundation
import IndicatorEngine
import StoreContract

/// `ioc notify log`: the newest notifications and every try, as lines or JSON.
public enum NotifyLog {
    public struct Entry: Encodable {
        public var key: String
        public var receiver: String
        public var status: String
        public var created: Int64
        public var tries: Int
        public var delivered_at: Int64?
        public var next_try: Int64?
        public var last_error: String
        public var attempts: [Attempt]
    }

    public struct Attempt: Encodable {
        public var time: Int64
        public var result: String
        public var detail: String
    }

    public static func entries(_ store: any NotificationOutbox, limit: Int = 50) throws -> [Entry] {
        try store.notificationLog(limit: limit).map { message, attempts in
            Entry(key: message.key, receiver: message.receiver, status: message.status.rawValue, created: message.created, tries: message.tries,
                  delivered_at: message.deliveredAt, next_try: message.status == .pending ? message.nextTry : nil, last_error: message.lastError,
                  attempts: attempts.map { Attempt(time: $0.time, result: $0.result, detail: $0.detail) })
        }
    }

    /// Waits for the first try of the message `key` (a test's) and says how it went; nil when no
    /// try is on record within `timeout` seconds (no leader delivering, say).
    public static func firstTry(_ store: any NotificationOutbox, key: String, timeout: Double) -> (delivered: Bool, detail: String)? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let entry = try? entries(store, limit: 200).first(where: { $0.key == key }), let attempt = entry.attempts.first {
                return (attempt.result == "delivered", attempt.detail)
            }
            usleep(100_000)
        }
        return nil
    }

    /// `ioc notify test`: how the first try of the test message `key` to `receiver` went, in
    /// one line; `ok` false when it failed or no try came within the receiver's timeout.
    public static func testOutcome(_ store: any NotificationOutbox, receiver: String, key: String, policy: NotifyPolicy) -> (ok: Bool, line: String) {
        let timeout = Double(policy.receivers.first { $0.name == receiver }?.timeout ?? 10) + 15
        guard let (delivered, detail) = firstTry(store, key: key, timeout: timeout) else {
            return (false, say("{key} is queued, but no try is on record after {seconds} s; see 'ioc notify log'", ["key": key, "seconds": String(Int(timeout))]))
        }
        return delivered ? (true, say("{receiver} took the test message {key} ({detail})", ["receiver": receiver, "key": key, "detail": detail]))
            : (false, say("{receiver} failed: {detail}; it will be tried again (see 'ioc notify log')", ["receiver": receiver, "detail": detail]))
    }

    public static func lines(_ entries: [Entry], timeZone: TimeZone) -> [String] {
        guard !entries.isEmpty else { return [say("no notifications yet")] }
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        format.timeZone = timeZone
        func time(_ t: Int64) -> String { format.string(from: Date(timeIntervalSince1970: TimeInterval(t))) }
        return entries.flatMap { e in
            let state = e.status == "delivered" ? "delivered \(e.delivered_at.map(time) ?? "")"
                : e.tries == 0 ? "pending" : "failing, \(e.tries) tries, next \(e.next_try.map(time) ?? "")"
            return ["\(time(e.created))  \(e.receiver)  \(state)  \(e.key)"]
                + e.attempts.filter { $0.result != "delivered" }.map { "    \(time($0.time)) \($0.result): \($0.detail)" }
        }
    }
}
