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

/// An operator's request (ack, silence) waiting for the leader, and what came of it.
public struct OperatorAction: Sendable, Hashable {
    public enum Kind: String, Sendable { case ack, silence }
    public enum Status: String, Sendable { case pending, applied, rejected }

    public var id: Int64
    public var time: Int64
    public var user: String
    public var kind: Kind
    public var alert: Int64?
    public var silence: Silence?
    public var note: String
    public var status: Status
    public var result: String
}

public struct AuditEntry: Sendable, Hashable {
    public var time: Int64
    public var user: String
    public var action: String
    public var target: String
    public var detail: String

    public init(time: Int64, user: String, action: String, target: String, detail: String = "") {
        self.time = time
        self.user = user
        self.action = action
        self.target = target
        self.detail = detail
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
    public var actionResults: [(id: Int64, status: OperatorAction.Status, result: String)] = []
    public var audit: [AuditEntry] = []

    public init() {}

    public var isEmpty: Bool {
        observations.isEmpty && resolved.isEmpty && current.isEmpty && alerts.isEmpty && journal.isEmpty && silences.isEmpty
            && intakeThrough == nil && actionResults.isEmpty && audit.isEmpty
    }
}

/// What a follower reads to catch up: the rows written after its last sequence number.
public struct StoreChanges: Sendable {
    public var sequence: Int64
    public var current: [CurrentRow]
    public var alerts: [StoredAlert]
}
