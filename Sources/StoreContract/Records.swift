import Foundation
import IndicatorEngine

/// A latest value as the leader writes it and followers read it: by store row (a process maps
/// rows and its catalog's series once, in its `SeriesDirectory`), with the sequence of the
/// commit that last touched it.
public struct CurrentRow: Sendable, Hashable {
    public var series: Int64
    public var value: CurrentValue
    /// The last value reported for the series itself, before roll-ups, and when.
    public var reported: Double?
    public var reportedTime: Int64?
    public var reportedNanos: Int32
    public var sequence: Int64

    public init(series: Int64, value: CurrentValue, reported: Double? = nil, reportedTime: Int64? = nil, reportedNanos: Int32 = 0,
                sequence: Int64 = 0) {
        self.series = series
        self.value = value
        self.reported = reported
        self.reportedTime = reportedTime
        self.reportedNanos = reportedNanos
        self.sequence = sequence
    }
}

/// A latest value named by codes: what the command line reads (`ioc value`).
public struct StoredCurrent: Sendable, Hashable {
    public var indicator: String
    public var region: String
    public var value: CurrentValue
    /// The last value reported for the series itself, before roll-ups.
    public var reported: Double?
    public var reportedTime: Int64?
    /// Nanoseconds after `reportedTime`: a later arrival from earlier in that second loses.
    public var reportedNanos: Int32
    /// Change sequence number of the commit that last touched it.
    public var sequence: Int64

    public init(indicator: String, region: String, value: CurrentValue, reported: Double? = nil, reportedTime: Int64? = nil,
                reportedNanos: Int32 = 0, sequence: Int64 = 0) {
        self.indicator = indicator
        self.region = region
        self.value = value
        self.reported = reported
        self.reportedTime = reportedTime
        self.reportedNanos = reportedNanos
        self.sequence = sequence
    }
}

/// An alert as stored: the engine's alert, named by codes (its series id belongs to the
/// catalog of the process that reads it), with the sequence that last wrote it. Its fields
/// read through to the alert's.
@dynamicMemberLookup
public struct StoredAlert: Sendable, Hashable {
    public var alert: Alert
    public var sequence: Int64

    public init(_ alert: Alert, sequence: Int64 = 0) {
        self.alert = alert
        self.sequence = sequence
    }

    public subscript<T>(dynamicMember path: KeyPath<Alert, T>) -> T { alert[keyPath: path] }

    /// The engine's alert, given the series it belongs to in the current catalog.
    public func alert(series: SeriesID) -> Alert {
        var a = alert
        a.series = series
        return a
    }
}

/// A request the leader answered (applied or refused), kept by the id its client gave it so a
/// retry is answered from here and never applied twice.
public struct RequestOutcome: Sendable, Hashable {
    public enum Status: String, Sendable { case applied, refused = "rejected" }

    public var request: String
    public var time: Int64
    public var user: String
    public var uid: Int64
    public var role: String
    public var kind: String
    public var target: String
    public var note: String
    public var status: Status
    public var result: String

    public init(request: String, time: Int64, user: String, uid: Int64, role: String, kind: String, target: String, note: String,
                status: Status, result: String) {
        self.request = request
        self.time = time
        self.user = user
        self.uid = uid
        self.role = role
        self.kind = kind
        self.target = target
        self.note = note
        self.status = status
        self.result = result
    }
}

/// Everything one engine step produced, committed in one transaction.
public struct Batch: Sendable {
    public var observations: [Observation] = []
    /// Observations already mapped to store row ids (see `SeriesDirectory`): the fast path.
    public var resolved: [(series: Int64, time: Int64, value: Double, nanos: Int32)] = []
    public var resolvedSource = ""
    public var current: [CurrentRow] = []
    public var alerts: [Alert] = []
    public var journal: [JournalEntry] = []
    public var silences: [Silence] = []
    /// Intake rows up to this id were applied and are removed.
    public var intakeThrough: Int64?
    /// Actions queued through the database (PostgreSQL) up to this id were answered and are removed.
    public var actionsThrough: Int64?
    /// Requests answered in this step (recorded with the step, so an answer means it is durable).
    public var requests: [RequestOutcome] = []
    public var audit: [AuditEntry] = []
    /// Notifications planned in this step, and the planner's state after planning them.
    public var outbox: [OutboxMessage] = []
    public var plannerState: String?
    /// How the feeds stand now (each replaces its earlier record).
    public var feeds: [FeedRecord] = []
    /// How far a leader filling an empty store has come after this commit, in thousandths
    /// (`SeedingMark.finished` clears it); nil: no news of seeding.
    public var seeding: Int64?

    public init() {}

    public var isEmpty: Bool {
        observations.isEmpty && resolved.isEmpty && current.isEmpty && alerts.isEmpty && journal.isEmpty && silences.isEmpty
            && intakeThrough == nil && actionsThrough == nil && requests.isEmpty && audit.isEmpty && outbox.isEmpty && plannerState == nil && feeds.isEmpty
            && seeding == nil
    }
}

/// What a follower reads to catch up: the rows written after its last sequence number.
public struct StoreChanges: Sendable {
    public var sequence: Int64
    public var current: [CurrentRow]
    public var alerts: [StoredAlert]
    /// How far the leader filling an empty store has come, in thousandths; nil: not seeding.
    public var seeding: Int64?

    public init(sequence: Int64, current: [CurrentRow], alerts: [StoredAlert], seeding: Int64? = nil) {
        self.sequence = sequence
        self.current = current
        self.alerts = alerts
        self.seeding = seeding
    }
}
