// What a command or a console does differently by backend, said once here: the rest of ioc
// reaches the store through its ports.
import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import IndicatorStorePostgres

extension CenterContext {
    /// The SQLite store on this host, for what only it does (`ioc compact`, `ioc seed`, `ioc info`).
    func openSQLite() throws(CommandProblem) -> Store {
        if var refusal = StoreReader.sqliteOnly(storePath) {
            refusal.general = true
            throw refusal
        }
        do { return try Store(path: storePath) } catch { throw CommandProblem("\(error)", exitCode: 1, general: true) }
    }

    /// The store to lead for what a command does itself (`ioc seed`); a SQLite file on this host.
    public func openStore() throws(CommandProblem) -> any LeaderStore { try openSQLite() }
}

extension LocalOperator {
    /// Who the operator is to the store at `location`: the Unix user beside a SQLite store; the
    /// role PostgreSQL authenticated (and the roles it is a member of, for `group:` lines).
    public static func identity(for location: String) throws(CommandProblem) -> Identity {
        guard case let .postgres(url) = try StoreOpening.location(location) else { return identity }
        do {
            let (user, groups) = try PostgresStore.sessionIdentity(url)
            return Identity(user: user, uid: Identity.databaseRole, groups: groups)
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }
}

extension CenterClient {
    /// How a command asks the leader to act: the socket beside a SQLite store (starting a leader
    /// when it may), or the queue of a PostgreSQL store under the role the server authenticated.
    public static func sender(location: String, leaderArguments: [String]) throws(CommandProblem) -> any ActionSender {
        guard case .postgres = try StoreOpening.location(location) else { return client(storePath: location, leaderArguments: leaderArguments) }
        let store = try StoreReader.queue(location)
        return QueuedActionSender(queue: store, location: store.location)
    }
}

extension StoreOpening {
    /// The store's connection and who the operator is to it.
    static func console(_ request: ConsoleLaunch.Request) throws(CommandProblem) -> (ConsoleConnection, Identity) {
        guard case .postgres = try location(request.location) else {
            if let refusal = StoreReader.sqliteOnly(request.location) { throw refusal }
            do {
                let store = try Store(path: request.location)
                return (.sqlite(store, startLeader: request.startLeader), LocalOperator.identity)
            } catch {
                throw CommandProblem("\(error)", exitCode: 1)
            }
        }
        let store = try StoreReader.queue(request.location)
        do {
            let (user, groups) = try store.sessionIdentity()
            return (try .postgres(store), Identity(user: user, uid: Identity.databaseRole, groups: groups))
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }
}
