import Foundation
import StoreContract
import PostgresNIO

/// A follower's ear on the store: `LISTEN ioc_changes` on a connection of its own. Each
/// notification makes `descriptor` readable, so the follower's poll loop wakes as it does on
/// SQLite's WAL watch. A notification only says "look": the follower then reads everything
/// newer than the sequence it has, so one lost (while the connection was down) loses nothing;
/// after a reconnect `drain()` says to look as well.
public final class PostgresChangeFeed: @unchecked Sendable {
    public let url: PostgresURL
    private var session: PostgresSession?
    private var context: PostgresListenContext?
    /// Readable while notifications wait (one end of a socket pair; the other is written).
    public let descriptor: Int32
    private let wakeEnd: Int32
    private let lock = NSLock()
    private var reconnected = false
    /// How many times the connection was made again after it dropped.
    public private(set) var reconnects = 0
    private var nextReconnect = Date.distantPast

    public init(_ url: PostgresURL) throws(PostgresProblem) {
        self.url = url
        // Close-on-exec from the start: a child started meanwhile must not hold it.
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0 else {
            throw PostgresProblem(.failed, "cannot make the change feed's wake-up pair: \(String(cString: strerror(errno)))")
        }
        descriptor = fds[0]
        wakeEnd = fds[1]
        try connect()
    }

    deinit {
        context?.stop()
        session?.close()
        close(descriptor)
        close(wakeEnd)
    }

    private func connect() throws(PostgresProblem) {
        let session = try PostgresSession.connect(url)
        let fd = wakeEnd
        context = session.connection.addListener(channel: PostgresStore.channel) { _, _ in
            var one: UInt8 = 1
            _ = write(fd, &one, 1)
        }
        try session.query("LISTEN \(PostgresStore.channel)")
        self.session = session
    }

    /// Whether to look at the store: a notification came, or the connection was made again (and
    /// notifications sent meanwhile were missed). Clears the descriptor.
    public func drain() -> Bool {
        let now = Date()
        if !isConnected, now >= nextReconnect {
            nextReconnect = now.addingTimeInterval(3)
            maintain()
        }
        var bytes = [UInt8](repeating: 0, count: 256)
        var woke = false
        while read(descriptor, &bytes, bytes.count) > 0 { woke = true }
        lock.lock()
        defer { lock.unlock() }
        let again = reconnected
        reconnected = false
        return woke || again
    }

    /// Whether the listening connection is up.
    public var isConnected: Bool { !(session?.isClosed ?? true) }

    /// Makes the connection again if it dropped (call it on each look); false while the server
    /// cannot be reached.
    @discardableResult
    public func maintain() -> Bool {
        guard !isConnected else { return true }
        context?.stop()
        session = nil
        do {
            try connect()
        } catch {
            return false
        }
        lock.lock()
        reconnected = true
        reconnects += 1
        lock.unlock()
        var one: UInt8 = 1
        _ = write(wakeEnd, &one, 1)
        return true
    }

    /// Drops the listening connection (tests: as a network would).
    public func dropConnection() { session?.close() }
}

/// A console on PostgreSQL looks when the feed says so; while the feed's connection is down it
/// looks often and tries the connection again every few seconds.
extension PostgresChangeFeed: ChangeSignal {
    public var isArmed: Bool { isConnected }
}
