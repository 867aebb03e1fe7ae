import Foundation
import IndicatorEngine
import StoreContract

/// The center's status as a reader sees it now (`ioc status`): the engine restored from the
/// store and judged against the clock, so a stopped leader cannot leave values looking fresh.
public struct CenterStatus: Sendable {
    public var fields: [FieldSummary]
    public var pendingAlerts: Int
    public var firingAlerts: Int

    /// `scope`: a district center's view (its home region's counts, its alerts); nil: the whole center.
    /// `at`: as the center stood at that moment (`CenterAsOf`).
    public static func read(catalog: Catalog, store: any StoreBackend, scope: RegionScope? = nil, now: Int64, at: Int64? = nil) throws -> CenterStatus {
        let past = try at.map { try CenterAsOf.read(catalog: catalog, store: store, at: $0) }
        var engine = try past?.engine ?? Leader.restore(catalog: catalog, store: store)
        if past == nil { engine.tick(now: now) }
        let scope = scope ?? .everything(catalog)
        let open = try (past?.alerts ?? store.alerts(all: false).map(\.alert)).filter { catalog.regionIndex[$0.region].map { scope.covers($0, in: catalog) } ?? false }
        let summaries = catalog.fieldSummaries(region: scope.home) { engine.table.status($0) }
        return CenterStatus(fields: summaries, pendingAlerts: open.filter { $0.state == .pending }.count,
                            firingAlerts: open.filter(\.state.countsAsFiring).count)
    }
}
