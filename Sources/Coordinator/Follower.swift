import Foundation
import IndicatorEngine
import StoreContract

/// A process that does not lead: it mirrors the store, SQLite or PostgreSQL. It notices commits
/// through the store's data version (SQLite's `PRAGMA data_version`, no table read) and then
/// reads only the rows written after the sequence number it has seen.
public final class Follower {
    public let catalog: Catalog
    public let store: any StoreBackend
    public private(set) var engine: Engine
    public private(set) var sequence: Int64
    private var dataVersion: Int?
    private let directory: SeriesDirectory

    public init(catalog: Catalog, store: any StoreBackend) throws {
        self.catalog = catalog
        self.store = store
        directory = SeriesDirectory(catalog: catalog, store: store)
        // The sequence first: a commit between the two reads is then read again by `catchUp`
        // (latest values and alerts apply twice harmlessly); the other way round it was lost,
        // and a console started as the leader committed never showed that commit's values.
        sequence = try store.sequence()
        engine = try Leader.restore(catalog: catalog, store: store, directory: directory)
    }

    /// Applies whatever was committed since the last call; true when something changed.
    @discardableResult
    public func catchUp() throws -> Bool {
        let version = try store.dataVersion()
        guard version != dataVersion else { return false }
        dataVersion = version
        let changes = try store.changes(since: sequence)
        guard changes.sequence != sequence else { return false }
        for row in changes.current {
            guard let series = try directory.series(row: row.series) else { continue }
            engine.restore(series, row.value)
        }
        let alerts = changes.alerts.compactMap { stored in
            catalog.series(indicator: stored.indicator, region: stored.region).map { stored.alert(series: $0) }
        }
        engine.restoreAlerts(alerts, silences: [], nextID: 0)
        sequence = changes.sequence
        return true
    }
}
