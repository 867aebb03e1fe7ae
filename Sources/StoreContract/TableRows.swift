import Foundation
import IndicatorEngine

/// The low-traffic tables' rows, each table's mapping written once: its columns are its
/// `CodingKeys`, in order; the row is made from the domain value and read back into it here.
/// The SQLite adapter reads and writes them as GRDB records (through Codable), the PostgreSQL
/// adapter through `ColumnCodec`; only observations and latest values keep hand-bound hot paths.
public protocol TableRow: Codable {
    associatedtype CodingKeys: CodingKey, CaseIterable
    /// The table's name.
    static var table: String { get }
}

extension TableRow {
    /// The table's columns, in order.
    public static var columns: [String] { CodingKeys.allCases.map(\.stringValue) }
}

/// A row of `alerts`.
public struct AlertRow: TableRow, Sendable, Equatable {
    public static let table = "alerts"

    public var id: Int64
    public var rule: String
    public var kind: String
    public var indicator: String
    public var region: String
    public var severity: String
    public var state: String
    public var activeAt: Int64
    public var since: Int64
    public var firedAt: Int64?
    public var value: Double?
    public var ackedBy: String?
    public var ackedAt: Int64?
    public var ackNote: String?
    public var silencedBy: String
    public var flapping: Bool
    public var seq: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, rule, kind, indicator, region, severity, state, since, value, flapping, seq
        case activeAt = "active_at", firedAt = "fired_at", ackedBy = "acked_by", ackedAt = "acked_at", ackNote = "ack_note"
        case silencedBy = "silenced_by"
    }

    public init(_ a: Alert, sequence: Int64) {
        id = a.id
        rule = a.rule
        kind = a.kind.rawValue
        indicator = a.indicator
        region = a.region
        severity = a.severity.rawValue
        state = a.state.rawValue
        activeAt = a.activeAt
        since = a.since
        firedAt = a.firedAt
        value = a.value
        ackedBy = a.acknowledged?.by
        ackedAt = a.acknowledged?.at
        ackNote = a.acknowledged?.note
        silencedBy = a.silencedBy.map(String.init).joined(separator: ",")
        flapping = a.flapping
        seq = sequence
    }

    /// The stored alert, or nil for a row a newer ioc wrote with a kind, severity or state this one does not know.
    public var stored: StoredAlert? {
        guard let kind = AlertKind(rawValue: kind), let severity = Severity(rawValue: severity), let state = AlertState(rawValue: state) else {
            return nil
        }
        var a = Alert(id: id, rule: rule, kind: kind, series: SeriesID(raw: -1), indicator: indicator, region: region, severity: severity,
                      state: state, activeAt: activeAt, since: since, firedAt: firedAt, value: value)
        if let ackedBy { a.acknowledged = Acknowledgement(by: ackedBy, at: ackedAt ?? 0, note: ackNote ?? "") }
        a.silencedBy = silencedBy.split(separator: ",").compactMap { Int64($0) }
        a.flapping = flapping
        return StoredAlert(a, sequence: seq)
    }
}

/// A row of `alert_events`: the journal.
public struct JournalRow: TableRow, Sendable, Equatable {
    public static let table = "alert_events"

    public var id: Int64?
    public var alert: Int64
    public var time: Int64
    public var actor: String
    public var action: String
    public var fromState: String?
    public var toState: String?
    public var reason: String
    public var seq: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, alert, time, actor, action, reason, seq
        case fromState = "from_state", toState = "to_state"
    }

    public init(_ e: JournalEntry, sequence: Int64) {
        alert = e.alert
        time = e.time
        actor = e.actor
        action = e.action
        fromState = e.from?.rawValue
        toState = e.to?.rawValue
        reason = e.reason
        seq = sequence
    }

    public var entry: JournalEntry {
        JournalEntry(alert: alert, time: time, actor: actor, action: action, from: fromState.flatMap(AlertState.init),
                     to: toState.flatMap(AlertState.init), reason: reason)
    }
}

/// A row of `silences`.
public struct SilenceRow: TableRow, Sendable, Equatable {
    public static let table = "silences"

    public var id: Int64
    public var field: String?
    public var indicator: String?
    public var region: String?
    public var start: Int64
    public var end: Int64
    public var createdBy: String
    public var comment: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, field, indicator, region, start, end, comment
        case createdBy = "created_by"
    }

    public init(_ s: Silence) {
        id = s.id
        field = s.field
        indicator = s.indicator
        region = s.region
        start = s.start
        end = s.end
        createdBy = s.createdBy
        comment = s.comment
    }

    public var silence: Silence {
        Silence(id: id, field: field, indicator: indicator, region: region, start: start, end: end, createdBy: createdBy, comment: comment)
    }
}

/// A row of `audit`.
public struct AuditRow: TableRow, Sendable, Equatable {
    public static let table = "audit"

    public var id: Int64?
    public var time: Int64
    public var user: String
    public var uid: Int64?
    public var role: String
    public var action: String
    public var target: String
    public var result: String
    public var detail: String
    public var origin: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, time, user, uid, role, action, target, result, detail, origin
    }

    public init(_ a: AuditEntry) {
        time = a.time
        user = a.user
        uid = a.uid
        role = a.role
        action = a.action
        target = a.target
        result = a.result
        detail = a.detail
        origin = a.origin
    }

    public var entry: AuditEntry {
        AuditEntry(time: time, user: user, uid: uid, role: role, action: action, target: target, result: result, detail: detail, origin: origin)
    }
}

/// A row of `actions`: a request the leader answered, by the id its client chose.
public struct ActionRow: TableRow, Sendable, Equatable {
    public static let table = "actions"

    public var id: Int64?
    public var request: String?
    public var time: Int64
    public var user: String
    public var uid: Int64?
    public var role: String
    public var kind: String
    public var region: String?
    public var note: String
    public var status: String
    public var result: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, request, time, user, uid, role, kind, region, note, status, result
    }

    public init(_ o: RequestOutcome) {
        request = o.request
        time = o.time
        user = o.user
        uid = o.uid
        role = o.role
        kind = o.kind
        region = o.target
        note = o.note
        status = o.status.rawValue
        result = o.result
    }

    public var outcome: RequestOutcome? {
        guard let request, let status = RequestOutcome.Status(rawValue: status) else { return nil }
        return RequestOutcome(request: request, time: time, user: user, uid: uid ?? -1, role: role, kind: kind, target: region ?? "",
                              note: note, status: status, result: result)
    }
}

/// A row of `intake`: an observation another process hands the leader, named by codes (the
/// queue is on disk, an edge).
public struct IntakeRow: TableRow, Sendable, Equatable {
    public static let table = "intake"

    public var id: Int64?
    public var indicator: String
    public var region: String
    public var time: Int64
    public var value: Double
    public var source: String
    public var nanos: Int32

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, indicator, region, time, value, source, nanos
    }

    public init(_ o: Observation) {
        indicator = o.indicator
        region = o.region
        time = o.time
        value = o.value
        source = o.source
        nanos = o.nanos
    }

    public var observation: Observation {
        Observation(indicator: indicator, region: region, time: time, value: value, source: source, nanos: nanos)
    }
}

/// A row of `feeds`: how a feed stands, as the leader last recorded it (one row a feed).
public struct FeedRow: TableRow, Sendable, Equatable {
    public static let table = "feeds"

    public var name: String
    public var kind: String
    public var state: String
    public var lastTime: Int64?
    public var accepted1h: Int64
    public var rejected1h: Int64
    public var restarts: Int64
    public var lastError: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind, state, restarts
        case lastTime = "last_time", accepted1h = "accepted_1h", rejected1h = "rejected_1h", lastError = "last_error"
    }

    public init(_ f: FeedRecord) {
        name = f.name
        kind = f.kind
        state = f.state.rawValue
        lastTime = f.lastTime
        accepted1h = Int64(f.accepted1h)
        rejected1h = Int64(f.rejected1h)
        restarts = Int64(f.restarts)
        lastError = f.lastError
    }

    public var record: FeedRecord {
        FeedRecord(name: name, kind: kind, state: FeedRecord.State(rawValue: state) ?? .stopped, lastTime: lastTime, accepted1h: Int(accepted1h),
                   rejected1h: Int(rejected1h), restarts: Int(restarts), lastError: lastError)
    }
}
