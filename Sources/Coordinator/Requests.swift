import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore

/// An operator action handed to the leader through the store's queue, and how it ended.
public enum ActionOutcome: Sendable {
    case applied(OperatorAction)
    case refused(OperatorAction)
    /// No leader applied it in time; it stays queued under this id.
    case stillQueued(Int64)
}

/// Queues an action (with `queue`, which returns its id) and waits for the leader to apply or
/// refuse it, leading meanwhile if no process does.
public func submitAction(catalog: Catalog, store: Store, now: () -> Int64, queue: () throws -> Int64) throws -> ActionOutcome {
    let id = try queue()
    var outcome: OperatorAction?
    let done = try awaitLeader(catalog: catalog, store: store, now: now) {
        outcome = try store.action(id: id)
        return outcome.map { $0.status != .pending } ?? true
    }
    guard done, let action = outcome else { return .stillQueued(id) }
    return action.status == .applied ? .applied(action) : .refused(action)
}

/// Where `ioc ingest` puts its batches: straight into the store when this process can lead,
/// else into the leader's intake queue; `finish` then waits until the leader has applied them.
public final class IngestSink {
    private let catalog: Catalog
    private let store: Store
    private let lock: LeaderLock
    private let leader: Leader?
    private var lastQueued: Int64 = 0

    public init(catalog: Catalog, store: Store) throws {
        self.catalog = catalog
        self.store = store
        lock = LeaderLock(storePath: store.path)
        leader = lock.tryAcquire() ? try Leader(catalog: catalog, store: store) : nil
    }

    deinit { lock.release() }

    public var leads: Bool { leader != nil }

    public func commit(_ batch: [Sample], source: String, now: Int64) throws {
        if let leader {
            try leader.ingest(resolved: batch, source: source, now: now)
        } else {
            lastQueued = try store.enqueueIntake(batch.map { catalog.observation($0, source: source) })
        }
    }

    /// True once everything committed or queued is applied (false: a leader never did, in time).
    public func finish(now: () -> Int64) throws -> Bool {
        guard leader == nil, lastQueued > 0 else { return true }
        let through = lastQueued
        return try awaitLeader(catalog: catalog, store: store, now: now) { try store.intakeApplied() >= through }
    }
}
