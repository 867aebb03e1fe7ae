import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore

/// Where `ioc ingest` puts its batches: straight into the store when this process can lead,
/// else into the leader's intake queue when it may write the store, else to the leader's socket
/// (`remote`, answered once applied); `finish` then waits until the leader has applied them.
public final class IngestSink {
    private let catalog: Catalog
    private let store: Store
    private let lock: LeaderLock
    private let leader: Leader?
    private var lastQueued: Int64 = 0

    private let remote: (([Sample], String) throws -> Void)?

    public init(catalog: Catalog, store: Store, remote: (([Sample], String) throws -> Void)? = nil) throws {
        self.catalog = catalog
        self.store = store
        lock = LeaderLock(storePath: store.path)
        leader = !store.isReadOnly && lock.tryAcquire() ? try Leader(catalog: catalog, store: store) : nil
        self.remote = store.isReadOnly ? remote : nil
        if store.isReadOnly, remote == nil { throw StoreError.readOnly(path: store.path) }
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

    /// True once everything committed or queued is applied (false: a leader never did, in time).
    public func finish(now: () -> Int64) throws -> Bool {
        guard leader == nil, remote == nil, lastQueued > 0 else { return true }
        let through = lastQueued
        return try awaitLeader(catalog: catalog, store: store, now: now) { try store.intakeApplied() >= through }
    }
}
