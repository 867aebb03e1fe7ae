import Foundation
// The SQLite adapter is used with its port: whoever opens a SQLite store reads it through the
// contract's types.
@_exported import StoreContract
import IndicatorEngine

extension Store: LeaderStore, NotificationOutbox, ReportRecords {
    public var location: String { path }

    public func openReader() throws -> any StoreBackend { try Store(path: path, readOnly: true) }

    public var leadRefusal: StoreError? { isReadOnly ? .mayNotLead(path: path) : nil }

    /// The lock file beside the store.
    public func leadershipClaim(holder: String) -> any LeadershipClaim { LeaderLock(storePath: path) }

    public func historyUpkeep(retention: HistoryRetention, timeZone: TimeZone, rowBudget: Int) -> any HistoryUpkeep {
        var compactor = Compactor(retention: retention, timeZone: timeZone)
        compactor.rowBudget = rowBudget
        return Compaction(store: self, compactor: compactor)
    }

    public var hostFile: String? { path }

    /// The WAL's watch: an ingest or an action queued by another process wakes the leader.
    public func intakeSignal() -> (any ChangeSignal)? { StoreChangeWatch(storePath: path) }

    /// Actions come through the leader's socket beside the file.
    public var actionQueue: (any ActionQueue)? { nil }
}

/// SQLite's history upkeep: compaction into day chunks and retention, in steps of a bounded
/// number of rows, so a day's rows move in many short transactions between the feed's commits.
final class Compaction: HistoryUpkeep {
    private let store: Store
    private var compactor: Compactor
    private var compacted = CompactionReport()

    init(store: Store, compactor: Compactor) {
        self.store = store
        self.compactor = compactor
    }

    /// Compaction waits a minute: taking the lead is when consoles start and attach.
    var firstDelay: Int64 { 60 }

    func step(now: Int64) -> (more: Bool, log: [String]) {
        do {
            let (report, done) = try compactor.step(store, now: now)
            compacted.add(report)
            guard done else { return (true, []) }
            defer { compacted = CompactionReport() }
            return (false, compacted.isEmpty ? [] : ["compacted: \(compacted.summary)"])
        } catch {
            // The rows stay and are read as rows; the next pass tries again.
            return (false, ["compaction: \(error)"])
        }
    }
}
