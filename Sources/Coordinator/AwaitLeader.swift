import Foundation
import IndicatorEngine
import StoreContract

/// Waits until the leader has done what this process queued (`done` says so). When no process
/// leads, or the leader goes away meanwhile, this process takes the lead just long enough to
/// do it itself. Returns false only if `timeout` seconds pass with a leader that never does it.
public func awaitLeader(catalog: Catalog, store: any LeaderStore, timeout: Double = 60, now: () -> Int64,
                        done: () throws -> Bool) throws -> Bool {
    try awaitLeader(catalog: catalog, store: store, claim: store.leadershipClaim(), timeout: timeout, now: now, done: done)
}

/// The same on any store, with the claim that leads it (released again before returning when
/// this process took it).
public func awaitLeader(catalog: Catalog, store: any LeaderStore, claim lock: any LeadershipClaim, timeout: Double = 60,
                        now: () -> Int64, done: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try done() { return true }
        if lock.tryAcquire() {
            defer { lock.release() }
            let leader = try Leader(catalog: catalog, store: store)
            while try leader.step(now: now()) != nil, !(try done()) {}
            continue
        }
        if Date() > deadline { return false }
        usleep(20_000)
    }
}
