import Canvas
import Coordinator
import Foundation
import IndicatorStore
import IndicatorStorePostgres

/// What a console reads and acts through, whichever store holds the center: the store, what
/// wakes it when the store changes, how it asks the leader to act, and how it learns whether a
/// leader runs. The console runner knows only these.
public struct ConsoleConnection {
    /// Where the store is, for the log: a path, or a URL without its password.
    public var location: String
    /// What kind of store it is to this console, for the log ("a read-only", "a PostgreSQL").
    public var kind: String
    /// Opens the store, on the console's store thread the first time it looks (a store given
    /// open is simply handed over).
    public var openStore: () throws -> any StoreBackend
    public var changes: any ChangeSignal
    public var actions: any ActionSender
    public var leader: any LeaderPresence
    /// Where the leader writes scheduled reports (nil: none this console can read).
    public var reportsDirectory: String?

    /// A SQLite store on this host: the WAL's watch, the leader's socket (which may start a
    /// leader), the reports folder beside the store.
    public static func sqlite(_ store: Store, startLeader: (() -> Void)?) -> ConsoleConnection {
        var connection = sqlite(path: store.path, startLeader: startLeader)
        connection.kind = store.isReadOnly ? "a read-only" : "a writable"
        connection.openStore = { store }
        return connection
    }

    /// The same for a store opened by the console itself, off its loop: a store another process
    /// holds for itself (a migration, a backup) does not stop the console from drawing.
    public static func sqlite(path: String, startLeader: (() -> Void)?) -> ConsoleConnection {
        let client = CommandClient(storePath: path, startLeader: startLeader)
        return ConsoleConnection(location: path, kind: "a SQLite", openStore: { try Store(path: path) }, changes: StoreChangeWatch(storePath: path),
                                 actions: client, leader: LeaderLink(client: client), reportsDirectory: ReportMaker.directory(store: path))
    }

    /// A PostgreSQL store, from any host: `LISTEN` on a connection of its own, actions queued
    /// in the database under the role the server authenticated, the leader's advisory lock.
    public static func postgres(_ store: PostgresStore) throws -> ConsoleConnection {
        ConsoleConnection(location: store.location, kind: "a PostgreSQL", openStore: { store }, changes: try PostgresChangeFeed(store.url),
                          actions: QueuedActionSender(queue: store, location: store.location), leader: PostgresLeaderWatch(store: store),
                          reportsDirectory: nil)
    }
}

/// Whether a leader runs, for the console's header: "no leader" and why, or nil.
public protocol LeaderPresence: AnyObject {
    /// Readable when the leader may have gone (-1: none; the runner asks every half second).
    var descriptor: Int32 { get }
    var hasNews: Bool { get }
    /// Looks again; true when what it says changed.
    func maintain(nowMs: Int64) -> Bool
    /// Why no leader answers; nil while one does.
    var absence: String? { get }
    /// Whether a leader is on its way (started, or not answering yet).
    var isStarting: Bool { get }
}

extension LeaderPresence {
    public var isStarting: Bool { false }
}

extension LeaderLink: LeaderPresence {
    public var absence: String? {
        if case let .noLeader(reason) = status { return reason }
        return nil
    }
}

extension CommandClient: ActionSender {}

/// A PostgreSQL center's leader, seen from a console: whether any session holds the leader's
/// advisory lock, asked every few seconds.
public final class PostgresLeaderWatch: LeaderPresence {
    private let store: PostgresStore
    private var nextLook: Int64 = 0
    public private(set) var absence: String? = "looking for the leader"

    public init(store: PostgresStore) { self.store = store }

    public var descriptor: Int32 { -1 }
    public var hasNews: Bool { false }

    public func maintain(nowMs: Int64) -> Bool {
        guard nowMs >= nextLook else { return false }
        nextLook = nowMs + 5_000
        let before = absence
        do {
            absence = try store.leaderPresent() ? nil
                : "no leader running on \(store.location): actions wait in the database until 'ioc serve' runs"
        } catch {
            absence = "\(error)"
        }
        return absence != before
    }
}

extension ConsoleRunner {
    /// A console on a SQLite store on this host. `clock`: Unix milliseconds (the wall clock
    /// unless a test says otherwise).
    public convenience init(store: Store, terminal: any TerminalBackend, settings: Settings, log: @escaping (String) -> Void,
                            clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        try self.init(connection: .sqlite(store, startLeader: settings.startLeader), terminal: terminal, settings: settings, log: log, clock: clock)
    }
}
