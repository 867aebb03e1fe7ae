import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import IndicatorStorePostgres

/// `ioc info`: the paths in use, who the caller is to the store, and who leads.
public enum CenterInfo {
    /// For `context`'s store: on PostgreSQL, the check of its connection and schema.
    public static func lines(_ context: CenterContext) throws(CommandProblem) -> (ok: Bool, lines: [String]) {
        do {
            if context.storeFile == nil { return try StoreCheck.lines(context) }
            let store = FileManager.default.fileExists(atPath: context.storePath) ? try context.openSQLite() : nil
            return (true, try lines(configDirectory: context.config.directory.path, storePath: context.storePath, store: store, policy: context.config.access))
        } catch let problem as CommandProblem {
            throw problem
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }

    public static func lines(configDirectory: String, storePath: String, store: Store?, policy: AccessPolicy) throws -> [String] {
        let lock = LeaderLock(storePath: storePath)
        let me = currentUserName()
        var lines = [
            "configuration: \(configDirectory)",
            "store:         \(storePath)",
            "lock file:     \(lock.path)",
            "socket:        \(CommandSocket.path(store: storePath))",
            "log file:      \(FileLog.path(besideStore: storePath))",
            "operators:     \(policy.isSingleAccount ? "single-account mode (no operators.yaml): \(me) is admin" : policy.source)",
        ]
        guard let store else { return lines + ["leader:        none (the store does not exist yet)"] }
        lines.append("access:        \(store.isReadOnly ? "read-only (\(me) may not write the store; actions go to the leader)" : "read-write")")
        lines.append("leader:        \(lock.holder() ?? "none running")")
        lines.append("sequence:      \(try store.sequence())")
        lines.append("observations:  \(try store.observationCount())")
        return lines + StoreSizes.lines(try store.tierSizes())
    }
}

/// `ioc check`'s word on the store: sound, not there yet, or the integrity check's findings.
public enum StoreCheck {
    public static func lines(storePath: String, open: () throws -> Store) throws -> (ok: Bool, lines: [String]) {
        guard FileManager.default.fileExists(atPath: storePath) else {
            return (true, ["store: \(storePath) does not exist yet (it is created on first use)"])
        }
        let problems = try open().integrityProblems()
        guard problems.isEmpty else { return (false, ["store \(storePath) fails its integrity check:"] + problems.map { "  " + $0 }) }
        return (true, ["store ok: \(storePath)"])
    }
}

/// The store's size by tier, as `ioc info` and `ioc compact` print it.
public enum StoreSizes {
    public static func lines(_ s: TierSizes) -> [String] {
        [
            "store size:    \(megabytes(s.fileBytes)) in the file",
            "  rows:        \(s.rows) recent observations, \(megabytes(s.rowBytes))",
            "  raw tier:    \(s.rawObservations) observations in \(s.rawDays) series-days, \(megabytes(s.rawBytes))"
                + (s.rawObservations > 0 ? String(format: " (%.2f bytes each)", Double(s.rawBytes) / Double(s.rawObservations)) : ""),
            "  hourly tier: \(s.hourlyDays) series-days, \(megabytes(s.hourlyBytes))",
            "  daily tier:  \(s.dailyDays) series-days",
        ]
    }

    /// `ioc compact` on `context`'s store (a SQLite file): a whole pass now, with the sizes before and after.
    public static func compact(_ context: CenterContext, stepRows: Int) throws -> [String] {
        try compact(try context.openSQLite(), retention: context.config.settings.retention, timeZone: context.config.settings.timeZone, stepRows: stepRows)
    }

    public static func compact(_ store: Store, retention: HistoryRetention, timeZone: TimeZone, stepRows: Int = 200_000,
                               now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> [String] {
        guard !store.isReadOnly else { throw StoreError.readOnly(path: store.path) }
        let before = try store.tierSizes()
        var compactor = Compactor(retention: retention, timeZone: timeZone)
        compactor.rowBudget = stepRows
        let report = try compactor.run(store, now: now)
        return ["compacted: \(report.summary)", "before:"] + lines(before).map { "  " + $0 }
            + ["after:"] + lines(try store.tierSizes()).map { "  " + $0 }
    }

    public static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}
