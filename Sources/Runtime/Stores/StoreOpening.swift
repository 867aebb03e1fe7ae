import Coordinator
import Foundation
import IndicatorStore
import IndicatorStorePostgres

/// The one place that knows which backend a store location names: a command's `--store` or the
/// configuration's `store:` is parsed here and opened as the backend it names; everything else in
/// ioc works with the store's port (`StoreContract`). Tests: a new backend is a case of
/// `StoreLocation` and a branch in each function of this folder.
public enum StoreOpening {
    /// `text` parsed: a path or a PostgreSQL URL (a malformed URL: exit 64, EX_USAGE).
    public static func location(_ text: String) throws(CommandProblem) -> StoreLocation {
        do { return try StoreLocation.of(text) } catch { throw CommandProblem(error.description, exitCode: 64) }
    }
}

/// What the command line does with a PostgreSQL store today: check it, and move a SQLite
/// store into one.
public enum PostgresAdmin {
    /// `ioc check` on a `postgresql://` store: connects within the URL's timeout and says whether
    /// the schema is current, or exactly what is wrong (unreachable, login, missing database,
    /// newer schema).
    public static func check(_ text: String) -> (ok: Bool, lines: [String]) {
        do {
            let url = try PostgresURL.parse(text)
            let missing = try PostgresStore.check(url)
            if missing.isEmpty { return (true, ["store ok: \(url) (PostgreSQL, schema current)"]) }
            return (true, ["store: \(url) (PostgreSQL) reachable; \(missing.count) migration\(missing.count == 1 ? "" : "s") to apply on first use: "
                + missing.joined(separator: ", ")])
        } catch let problem as PostgresURL.Problem {
            return (false, ["store: \(problem)"])
        } catch {
            return (false, ["store: \(error)"])
        }
    }

    /// `ioc migrate --to URL`: the SQLite store copied into an empty PostgreSQL database while
    /// nothing writes it (the leader's lock is held for the copy), then counted on both sides.
    public static func migrate(from storePath: String, to text: String, log: (String) -> Void) throws(CommandProblem) {
        let url: PostgresURL
        do { url = try PostgresURL.parse(text) } catch { throw CommandProblem(error.description, exitCode: 64) }
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw CommandProblem(say("there is no store at {path} to copy (--store names another)", ["path": storePath]), exitCode: 66)
        }
        let lock = LeaderLock(storePath: storePath)
        guard lock.tryAcquire() else {
            throw CommandProblem("a leader runs on \(storePath)\(lock.holder().map { " (\($0))" } ?? ""); stop it (systemctl stop ioc) so the copy is whole, then run this again",
                                 exitCode: 75)
        }
        defer { lock.release() }
        do {
            let source = try Store(path: storePath)
            let target = try PostgresStore.open(url)
            defer { target.close() }
            log("copying \(storePath) into \(url)")
            let counts = try target.copy(from: source, progress: { log("  " + $0) })
            for c in counts {
                log("  " + c.table.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: "%10d in SQLite, %10d in PostgreSQL", c.sqlite, c.postgres))
            }
            guard counts.allSatisfy({ $0.sqlite == $0.postgres }) else {
                throw CommandProblem("the counts differ (above); the PostgreSQL database is not to be used: drop it and run this again", exitCode: 1)
            }
            log("done: every table has the same rows; point store: in ioc.yaml at \(url)")
        } catch let problem as CommandProblem {
            throw problem
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }
}

/// The store a reading command opens: a SQLite file, or a PostgreSQL database by URL.
public enum StoreReader {
    public static func open(_ location: String) throws(CommandProblem) -> any StoreBackend {
        do {
            switch try StoreOpening.location(location) {
            case let .postgres(url): return try PostgresStore.openForReading(url)
            case let .sqlite(path): return try Store(path: path)
            }
        } catch let problem as CommandProblem {
            throw problem
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }

    /// An action queue in the database a PostgreSQL store (`location`) offers, opened for reading.
    static func queue(_ location: String) throws(CommandProblem) -> PostgresStore {
        guard let store = try open(location) as? PostgresStore else { throw CommandProblem("not a PostgreSQL store", exitCode: 1) }
        return store
    }

    /// The notification outbox of either store (`ioc notify log`, `ioc notify test`).
    public static func outbox(_ location: String) throws(CommandProblem) -> any NotificationOutbox {
        guard let outbox = try open(location) as? NotificationOutbox else { throw CommandProblem("\(location) keeps no outbox", exitCode: 1) }
        return outbox
    }
}

/// The leader's store: a SQLite file (its lock beside it), or a PostgreSQL database opened for
/// writing (migrated, months made ahead) with the claim that leads it.
public enum StoreLeading {
    /// Where the leader writes scheduled reports: `reports/` beside a SQLite store (nil: that
    /// default); beside the leader's log (its state folder) for a PostgreSQL store.
    public static func reportsDirectory(_ location: String) -> String? {
        guard StoreLocation.file(named: location) == nil else { return nil }
        return (FileLog.path(besideStore: location) as NSString).deletingLastPathComponent + "/reports"
    }

    /// The store, which brings its own claim (`LeaderStore.leadershipClaim`).
    public static func open(_ location: String) throws(CommandProblem) -> any LeaderStore {
        do {
            switch try StoreOpening.location(location) {
            case let .sqlite(path): return try Store(path: path)
            case let .postgres(url): return try PostgresStore.open(url)
            }
        } catch let problem as CommandProblem {
            throw problem
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }
}

extension StoreCheck {
    /// `ioc check`'s store lines for either kind of store: PostgreSQL is connected to and its
    /// schema read; a SQLite file gets its integrity check.
    public static func lines(_ context: CenterContext) throws -> (ok: Bool, lines: [String]) {
        context.storeFile == nil ? PostgresAdmin.check(context.storePath) : try lines(storePath: context.storePath, open: context.openSQLite)
    }
}

extension StoreReader {
    /// Why a command that needs a SQLite file refuses a PostgreSQL store (never taking the URL for a file name).
    public static func sqliteOnly(_ location: String) -> CommandProblem? {
        guard StoreLocation.file(named: location) == nil else { return nil }
        let shown = (try? PostgresURL.parse(location).description) ?? location
        return CommandProblem("this command does not run on a PostgreSQL store yet (store: \(shown)); on PostgreSQL this ioc runs the console, "
            + "wall, serve, ingest, status, value, alerts, watch, report, audit, silences, feeds, ack, note, silence, unsilence, reload, whoami, "
            + "notify test/log, check, info and migrate --to; compact and seed need a SQLite store.", exitCode: 78)
    }
}
