import Foundation
import IndicatorEngine

/// A message for a receiver, as the leader plans it: written with the alert transitions that
/// caused it, delivered later. `key` is its idempotency key: the same message planned twice is
/// stored once.
public struct OutboxMessage: Sendable, Hashable {
    public var key: String
    public var receiver: String
    public var body: String
    public var alerts: [Int64]
    public var created: Int64

    public init(key: String, receiver: String, body: String, alerts: [Int64], created: Int64) {
        self.key = key
        self.receiver = receiver
        self.body = body
        self.alerts = alerts
        self.created = created
    }
}

/// A stored message and how its delivery stands.
public struct OutboxRow: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case pending, delivered }

    public var id: Int64
    public var key: String
    public var receiver: String
    public var body: String
    public var created: Int64
    public var nextTry: Int64
    public var tries: Int
    public var status: Status
    public var lastError: String
    public var deliveredAt: Int64?

    public init(id: Int64, key: String, receiver: String, body: String, created: Int64, nextTry: Int64, tries: Int, status: Status,
                lastError: String, deliveredAt: Int64?) {
        self.id = id
        self.key = key
        self.receiver = receiver
        self.body = body
        self.created = created
        self.nextTry = nextTry
        self.tries = tries
        self.status = status
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }
}

/// One point of a downsampled history: the mean of a time bucket, at the bucket's start.
public struct HistoryPoint: Sendable, Hashable {
    public var time: Int64
    public var value: Double
    public var count: Int

    public init(time: Int64, value: Double, count: Int) {
        self.time = time
        self.value = value
        self.count = count
    }
}

/// One observation as the store holds it (raw tier or row).
public struct StoredObservation: Sendable, Hashable {
    public var time: Int64
    public var value: Double
    public var source: String

    public init(time: Int64, value: Double, source: String) {
        self.time = time
        self.value = value
        self.source = source
    }
}

/// An observation row as the store holds it.
public struct ObservationRow: Sendable, Equatable {
    public var series: Int64
    public var time: Int64
    public var nanos: Int32
    public var value: Double
    public var source: String

    public init(series: Int64, time: Int64, nanos: Int32, value: Double, source: String) {
        self.series = series
        self.time = time
        self.nanos = nanos
        self.value = value
        self.source = source
    }
}

/// One series-day of compacted history as the store holds it (the codec's bytes untouched).
public struct CompactedDay: Sendable, Equatable {
    public var series: Int64
    public var day: Int64
    public var count: Int64
    public var min: Double
    public var max: Double
    public var sum: Double
    public var first: Double
    public var last: Double
    public var firstTime: Int64
    public var lastTime: Int64
    public var hours: Data?
    public var data: Data?

    public init(series: Int64, day: Int64, count: Int64, min: Double, max: Double, sum: Double, first: Double, last: Double,
                firstTime: Int64, lastTime: Int64, hours: Data?, data: Data?) {
        self.series = series
        self.day = day
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
        self.first = first
        self.last = last
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.hours = hours
        self.data = data
    }
}


/// The tables a store is copied by, in the order they are counted.
public enum StoreTables {
    public static let copied = ["series", "observations", "chunks", "current", "alerts", "alert_events", "silences", "audit", "actions", "intake"]
}

/// A store read out whole, in pages, for copying it into another backend
/// (`ioc migrate --to postgresql://...`), with the row counts to check the copy by.
public protocol StoreExporting: StoreBackend {
    /// Rows of each of `StoreTables.copied`.
    func tableCounts() throws -> [String: Int]
    /// The first and last second of any observation, rows or compacted (nil: none).
    func observedSpan() throws -> (first: Int64, last: Int64)?
    /// Observation rows after `key`, in key order (keyset paging: each page is one query).
    func observationRows(after key: (series: Int64, time: Int64)?, limit: Int) throws -> [ObservationRow]
    /// Compacted series-days after `key`, in key order.
    func chunkRows(after key: (series: Int64, day: Int64)?, limit: Int) throws -> [CompactedDay]
    /// Every journal entry with the sequence it was written under, oldest first.
    func journalRows() throws -> [(entry: JournalEntry, sequence: Int64)]
    /// Every silence, ended ones too.
    func allSilences() throws -> [Silence]
    /// Every answered request (their ids keep a retried action from applying twice).
    func requestRows() throws -> [RequestOutcome]
    /// The change sequence and the last intake row applied.
    func counters() throws -> (sequence: Int64, intakeApplied: Int64)
}
