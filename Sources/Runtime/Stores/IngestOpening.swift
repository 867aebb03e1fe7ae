import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import IndicatorStorePostgres

/// Where `ioc ingest` sends what it reads, on either store: it leads when nobody does, else it
/// queues its rows for the leader when it may write the store, else it asks the leader (the
/// socket beside a SQLite store; actions queued in a PostgreSQL database, as its role).
public enum IngestTarget {
    public static func open(_ location: String, catalog: Catalog, leaderArguments: [String]) throws(CommandProblem) -> IngestSink {
        do {
            guard case .postgres = try StoreOpening.location(location) else {
                if let refusal = StoreReader.sqliteOnly(location) { throw refusal }
                let client = CenterClient.client(storePath: location, leaderArguments: leaderArguments)
                return try IngestSink(catalog: catalog, store: try Store(path: location), remote: CenterClient.ingest(through: client, catalog: catalog))
            }
            let store = try StoreLeading.open(location)
            return try IngestSink(catalog: catalog, store: store, claim: store.leadershipClaim(), writable: true)
        } catch let problem as CommandProblem where problem.description.contains("SQLSTATE 42501") {
            // A role that may read the center but not write it (a console's): through the leader.
            let store = try StoreReader.queue(location)
            let sender = QueuedActionSender(queue: store, location: store.location)
            do {
                // An action is at most 1 MB: a few thousand observations each.
                return try IngestSink(catalog: catalog, store: store, claim: store.leadershipClaim(holder: "ingest"), writable: false,
                                      remote: CenterClient.ingest(through: sender, catalog: catalog, perRequest: 4_000))
            } catch {
                throw CommandProblem("\(error)", exitCode: 1)
            }
        } catch let problem as CommandProblem {
            throw problem
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }
}
