import Foundation
import StoreContract
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// What went wrong talking to PostgreSQL, said so an administrator can act on it: the server
/// cannot be reached, the login was refused, the database is missing, the schema is newer, or
/// a statement failed.
public struct PostgresProblem: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case unreachable, login, noDatabase, newerSchema, staleLeader, failed
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}

/// One connection used synchronously, as the rest of ioc is written: each call waits for its
/// answer on the caller's thread (never an event loop's). The event loops are NIO's shared ones.
public final class PostgresSession: @unchecked Sendable {
    public let url: PostgresURL
    let connection: PostgresConnection
    /// Logs go nowhere: a console's screen must never get a line from a library.
    static let logger = Logger(label: "ioc.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(url: PostgresURL, connection: PostgresConnection) {
        self.url = url
        self.connection = connection
    }

    /// Connects within the URL's timeout, or says why not.
    public static func connect(_ url: PostgresURL, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresProblem) -> PostgresSession {
        let password = url.resolvedPassword(environment: environment)
        var configuration: PostgresConnection.Configuration
        if let host = url.host {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch url.tls {
                case .disable: tls = .disable
                case .prefer:
                    var config = TLSConfiguration.makeClientConfiguration()
                    config.certificateVerification = .none
                    tls = .prefer(try NIOSSLContext(configuration: config))
                case .require:
                    var config = TLSConfiguration.makeClientConfiguration()
                    config.certificateVerification = .none
                    tls = .require(try NIOSSLContext(configuration: config))
                case .verifyFull:
                    tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw PostgresProblem(.failed, "cannot set up TLS for \(url): \(error)")
            }
            configuration = .init(host: host, port: url.port, username: url.role, password: password, database: url.databaseName, tls: tls)
        } else {
            configuration = .init(unixSocketPath: url.server, username: url.role, password: password, database: url.databaseName)
        }
        configuration.options.connectTimeout = .seconds(url.connectTimeout)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        do {
            let connection = try PostgresConnection.connect(on: loop, configuration: configuration, id: 1, logger: logger).wait()
            return PostgresSession(url: url, connection: connection)
        } catch {
            throw explain(error, url: url, password: password != nil)
        }
    }

    /// The problem an error stands for, in words.
    static func explain(_ error: any Error, url: PostgresURL, password: Bool) -> PostgresProblem {
        guard let error = error as? PSQLError else {
            return PostgresProblem(.unreachable, "cannot reach PostgreSQL at \(url.server): \(error); is the server running, and is that its address?")
        }
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? ""
        switch state {
        case "28P01", "28000":
            let how = password ? "check the password (the URL, PGPASSFILE or ~/.pgpass)" : "give a password in PGPASSFILE or ~/.pgpass (mode 0600), or allow the role in pg_hba.conf"
            return PostgresProblem(.login, "PostgreSQL at \(url.server) refused the login of role '\(url.role)': \(message); \(how)")
        case "3D000":
            return PostgresProblem(.noDatabase, "PostgreSQL at \(url.server) has no database '\(url.databaseName)'; create it: createdb -O \(url.role) \(url.databaseName)")
        case "":
            break
        default:
            return PostgresProblem(.failed, "PostgreSQL at \(url.server): \(message) (SQLSTATE \(state))")
        }
        if error.code == .authMechanismRequiresPassword {
            return PostgresProblem(.login, "PostgreSQL at \(url.server) asks role '\(url.role)' for a password and none was given; put it in PGPASSFILE or ~/.pgpass (mode 0600)")
        }
        let cause = error.underlying.map { "\($0)" } ?? "\(error.code)"
        return PostgresProblem(.unreachable, "cannot reach PostgreSQL at \(url.server) (\(cause)); is the server running, and is that its address?")
    }

    public var isClosed: Bool { connection.isClosed }

    /// Runs a statement and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ values: [(any PostgresThrowingDynamicTypeEncodable)?] = []) throws(PostgresProblem) -> [PostgresRandomAccessRow] {
        var binds = PostgresBindings(capacity: values.count)
        do {
            for value in values {
                if let value { try binds.append(value) } else { binds.appendNull() }
            }
            let result = try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: Self.logger).wait()
            return result.rows.map { $0.makeRandomAccess() }
        } catch {
            throw problem(error)
        }
    }

    /// `COPY table (columns) FROM STDIN` of `data` in COPY's text format, waited for like a
    /// query. postgres-nio offers COPY only as an async call: it runs as a task whose jobs run
    /// on the connection's event loop (`LoopExecutor`), never on the cooperative pool, so a
    /// caller blocking a pool thread (as tests do) cannot starve it.
    public func copy(into table: String, columns: [String], data: ByteBuffer) throws(PostgresProblem) {
        let finished = DispatchSemaphore(value: 0)
        let outcome = CopyOutcome()
        let connection = connection
        Task(executorPreference: LoopExecutor(connection.eventLoop)) {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: Self.logger) { writer in
                    // In slices of a megabyte: the writer waits while the server is behind.
                    var rest = data
                    while let slice = rest.readSlice(length: min(rest.readableBytes, 1 << 20)), slice.readableBytes > 0 {
                        try await writer.write(slice)
                    }
                }
            } catch {
                outcome.set(error)
            }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.error { throw problem(error) }
    }

    /// What went wrong, said for the operator: the server's message with its SQLSTATE (a refused
    /// role told which grant it lacks), or the connection lost.
    private func problem(_ error: any Error) -> PostgresProblem {
        if let problem = error as? PostgresProblem { return problem }
        if let error = error as? PSQLError, let info = error.serverInfo {
            let state = info[.sqlState] ?? "", message = info[.message] ?? "\(error)"
            if state == "42501" {
                // A console's role writing, or a role never granted the center: say how to grant it.
                return PostgresProblem(.failed, "PostgreSQL refused role '\(url.role)': \(message) (SQLSTATE 42501); "
                    + "a console's role needs: GRANT ioc_console TO \(url.role); only the service's role writes the center")
            }
            return PostgresProblem(state == "P0001" && message.hasPrefix("stale leader") ? .staleLeader : .failed, "PostgreSQL: \(message) (SQLSTATE \(state))")
        }
        return PostgresProblem(.unreachable, "lost PostgreSQL at \(url.server): \(error)")
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws(PostgresProblem) -> T) throws(PostgresProblem) -> T {
        try query("BEGIN")
        do {
            let result = try body()
            try query("COMMIT")
            return result
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    public func close() {
        _ = try? connection.close().wait()
    }

    deinit {
        // A connection must be closed before it goes; the closure keeps it until it is.
        let connection = connection
        if !connection.isClosed { connection.close().whenComplete { _ in withExtendedLifetime(connection) {} } }
    }
}

/// Runs a task's jobs on a NIO event loop (see `PostgresSession.copy`).
final class LoopExecutor: TaskExecutor, @unchecked Sendable {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// How a COPY ended, handed from the event loop to the waiting thread.
final class CopyOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (any Error)?

    func set(_ error: any Error) { lock.withLock { failure = error } }
    var error: (any Error)? { lock.withLock { failure } }
}
