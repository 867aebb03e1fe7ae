import Feeds
import Foundation
import IndicatorEngine
import StoreContract

/// Where `ioc ingest` puts its batches: straight into the store when this process can lead,
/// else into the leader's intake queue when it may write the store, else to the leader's socket
/// (`remote`, answered once applied); `finish` then waits until the leader has applied them.
public final class IngestSink {
    private let catalog: Catalog
    private let store: any LeaderStore
    private let lock: any LeadershipClaim
    private let leader: Leader?
    private var lastQueued: Int64 = 0

    private let remote: (([Sample], String) throws -> Void)?

    /// A store with its own claim; a user who may not write it hands batches to `remote`.
    public convenience init(catalog: Catalog, store: any LeaderStore, remote: (([Sample], String) throws -> Void)? = nil) throws {
        try self.init(catalog: catalog, store: store, claim: store.leadershipClaim(), writable: store.leadRefusal == nil, remote: remote)
    }

    /// Any store with the claim that leads it (`writable`: this process may write it at all).
    public init(catalog: Catalog, store: any LeaderStore, claim: any LeadershipClaim, writable: Bool,
                remote: (([Sample], String) throws -> Void)? = nil) throws {
        self.catalog = catalog
        self.store = store
        lock = claim
        leader = writable && lock.tryAcquire() ? try Leader(catalog: catalog, store: store) : nil
        self.remote = writable ? nil : remote
        if !writable, remote == nil { throw StoreError.failed("\(store.location) is read-only for this user and no leader can be asked") }
    }

    deinit { lock.release() }

    public var leads: Bool { leader != nil }

    public func commit(_ batch: [Sample], source: String, now: Int64) throws {
        if let leader {
            try leader.ingest(resolved: batch, source: source, now: now)
        } else if let remote {
            try remote(batch, source)
        } else {
            lastQueued = try store.enqueueIntake(batch.map { catalog.observation($0, source: source) })
        }
    }

    /// When this run led (nobody else did), its account as the `ingest` feed, added to the one
    /// recorded within the hour: a leader running would have kept it.
    public func record(accepted: Int, rejected: Int, now: Int64) throws {
        guard let leader, accepted + rejected > 0 else { return }
        let before = try store.feedRecords().first { $0.name == "ingest" }
        let recent = before?.lastTime.map { now - $0 < 3_600 } ?? false
        try leader.record(feeds: [FeedRecord(name: "ingest", kind: "ingest", state: .running, lastTime: accepted > 0 ? now : before?.lastTime,
                                             accepted1h: accepted + (recent ? before?.accepted1h ?? 0 : 0),
                                             rejected1h: rejected + (recent ? before?.rejected1h ?? 0 : 0), restarts: 0, lastError: "")])
    }

    /// True once everything committed or queued is applied (false: a leader never did, in time).
    public func finish(now: () -> Int64) throws -> Bool {
        guard leader == nil, remote == nil, lastQueued > 0 else { return true }
        let through = lastQueued
        return try awaitLeader(catalog: catalog, store: store, claim: lock, now: now) { try store.intakeApplied() >= through }
    }
}
