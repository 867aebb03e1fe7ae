import Foundation
import GRDB
import StoreContract
import IndicatorEngine

/// The low-traffic tables as GRDB records, with their columns named once. Reads go through
/// GRDB's query interface; only observations keep a hand-bound hot path.

/// A row of `alerts`.
struct AlertRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "alerts"
    enum Columns {
        static let id = Column(CodingKeys.id), state = Column(CodingKeys.state), seq = Column(CodingKeys.seq)
    }

    var id: Int64
    var rule: String
    var kind: String
    var indicator: String
    var region: String
    var severity: String
    var state: String
    var activeAt: Int64
    var since: Int64
    var firedAt: Int64?
    var value: Double?
    var ackedBy: String?
    var ackedAt: Int64?
    var ackNote: String?
    var silencedBy: String
    var flapping: Bool
    var seq: Int64

    enum CodingKeys: String, CodingKey {
        case id, rule, kind, indicator, region, severity, state, since, value, flapping, seq
        case activeAt = "active_at", firedAt = "fired_at", ackedBy = "acked_by", ackedAt = "acked_at", ackNote = "ack_note"
        case silencedBy = "silenced_by"
    }

    init(_ a: Alert, sequence: Int64) {
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
    var stored: StoredAlert? {
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
struct JournalRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "alert_events"
    enum Columns {
        static let alert = Column(CodingKeys.alert), id = Column(CodingKeys.id)
    }

    var id: Int64?
    var alert: Int64
    var time: Int64
    var actor: String
    var action: String
    var fromState: String?
    var toState: String?
    var reason: String
    var seq: Int64

    enum CodingKeys: String, CodingKey {
        case id, alert, time, actor, action, reason, seq
        case fromState = "from_state", toState = "to_state"
    }

    init(_ e: JournalEntry, sequence: Int64) {
        alert = e.alert
        time = e.time
        actor = e.actor
        action = e.action
        fromState = e.from?.rawValue
        toState = e.to?.rawValue
        reason = e.reason
        seq = sequence
    }

    var entry: JournalEntry {
        JournalEntry(alert: alert, time: time, actor: actor, action: action, from: fromState.flatMap(AlertState.init),
                     to: toState.flatMap(AlertState.init), reason: reason)
    }
}

/// A row of `silences`.
struct SilenceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "silences"
    enum Columns {
        static let id = Column(CodingKeys.id), end = Column(CodingKeys.end)
    }

    var id: Int64
    var field: String?
    var indicator: String?
    var region: String?
    var start: Int64
    var end: Int64
    var createdBy: String
    var comment: String

    enum CodingKeys: String, CodingKey {
        case id, field, indicator, region, start, end, comment
        case createdBy = "created_by"
    }

    init(_ s: Silence) {
        id = s.id
        field = s.field
        indicator = s.indicator
        region = s.region
        start = s.start
        end = s.end
        createdBy = s.createdBy
        comment = s.comment
    }

    var silence: Silence {
        Silence(id: id, field: field, indicator: indicator, region: region, start: start, end: end, createdBy: createdBy, comment: comment)
    }
}

/// A row of `audit`.
struct AuditRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit"
    enum Columns {
        static let id = Column(CodingKeys.id), time = Column(CodingKeys.time), user = Column(CodingKeys.user), action = Column(CodingKeys.action)
    }

    var id: Int64?
    var time: Int64
    var user: String
    var uid: Int64?
    var role: String
    var action: String
    var target: String
    var result: String
    var detail: String
    var origin: String

    init(_ a: AuditEntry) {
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

    var entry: AuditEntry {
        AuditEntry(time: time, user: user, uid: uid, role: role, action: action, target: target, result: result, detail: detail, origin: origin)
    }
}

/// A row of `actions`: a request the leader answered, by the id its client chose.
struct ActionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "actions"
    enum Columns {
        static let request = Column(CodingKeys.request)
    }

    var id: Int64?
    var request: String?
    var time: Int64
    var user: String
    var uid: Int64?
    var role: String
    var kind: String
    var region: String?
    var note: String
    var status: String
    var result: String

    init(_ o: RequestOutcome) {
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

    var outcome: RequestOutcome? {
        guard let request, let status = RequestOutcome.Status(rawValue: status) else { return nil }
        return RequestOutcome(request: request, time: time, user: user, uid: uid ?? -1, role: role, kind: kind, target: region ?? "",
                              note: note, status: status, result: result)
    }
}

/// A row of `intake`: an observation another process hands the leader, named by codes (the
/// queue is on disk, an edge).
struct IntakeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "intake"
    enum Columns {
        static let id = Column(CodingKeys.id)
    }

    var id: Int64?
    var indicator: String
    var region: String
    var time: Int64
    var value: Double
    var source: String
    var nanos: Int32

    init(_ o: Observation) {
        indicator = o.indicator
        region = o.region
        time = o.time
        value = o.value
        source = o.source
        nanos = o.nanos
    }

    var observation: Observation {
        Observation(indicator: indicator, region: region, time: time, value: value, source: source, nanos: nanos)
    }
}

/// A row of `meta`: the store's counters (`sequence`, `intake_applied`).
struct MetaRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "meta"

    var key: String
    var value: Int64

    static func value(_ key: String, _ db: Database) throws -> Int64 {
        try MetaRecord.fetchOne(db, key: key)?.value ?? 0
    }
}
