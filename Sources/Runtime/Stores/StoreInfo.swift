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
        var rows: [(String, String)] = [
            ("configuration", configDirectory),
            ("store", storePath),
            ("lock file", lock.path),
            ("socket", CommandSocket.path(store: storePath)),
            ("log file", FileLog.path(besideStore: storePath)),
            ("operators", policy.isSingleAccount ? say("single-account mode (no operators.yaml): {user} is admin", ["user": me]) : policy.source),
        ]
        guard let store else { return aligned(rows + [("leader", say("none (the store does not exist yet)"))]) }
        rows.append(("access", store.isReadOnly ? say("read-only ({user} may not write the store; actions go to the leader)", ["user": me]) : say("read-write")))
        rows.append(("leader", lock.holder() ?? say("none running")))
        rows.append(("sequence", String(try store.sequence())))
        rows.append(("observations", Speech.forms.count(try store.observationCount())))
        return aligned(rows) + StoreSizes.lines(try store.tierSizes())
    }

    /// `label: value` lines, the values lined up after the widest label in the command's language.
    static func aligned(_ rows: [(label: String, value: String)]) -> [String] {
        let labels = rows.map { Speech.messages.text($0.label, context: "info") + ":" }
        let width = max(14, labels.map(\.count).max() ?? 0) + 1
        return zip(labels, rows).map { label, row in label.padding(toLength: width, withPad: " ", startingAt: 0) + row.value }
    }
}

/// `ioc check`'s word on the store: sound, not there yet, or the integrity check's findings.
public enum StoreCheck {
    public static func lines(storePath: String, open: () throws -> Store) throws -> (ok: Bool, lines: [String]) {
        guard FileManager.default.fileExists(atPath: storePath) else {
            return (true, [say("store: {path} does not exist yet (it is created on first use)", ["path": storePath])])
        }
        let problems = try open().integrityProblems()
        guard problems.isEmpty else { return (false, [say("store {path} fails its integrity check:", ["path": storePath])] + problems.map { "  " + $0 }) }
        return (true, [say("store ok: {path}", ["path": storePath])])
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
