import Foundation
import IndicatorEngine
import StoreContract

/// The center as it stood at a past moment: each series' last observation at or before it run
/// through an engine (roll-ups, formulas and statuses as they were then, staleness judged at
/// that moment), and the alerts open then, with their state and acknowledgement then, from the
/// journal. What `--at` shows, and what the console shows in the past.
public struct CenterAsOf: Sendable {
    public var time: Int64
    public var engine: Engine
    /// Alerts open at `time`, most urgent first.
    public var alerts: [Alert]

    public static func read(catalog: Catalog, store: any StoreBackend, at time: Int64) throws -> CenterAsOf {
        var ids: [Int64] = []
        var series: [Int64: SeriesID] = [:]
        for row in try store.seriesRows() {
            guard let s = catalog.series(indicator: row.indicator, region: row.region) else { continue }
            ids.append(row.id)
            series[row.id] = s
        }
        let samples = try store.lastValues(ids, atOrBefore: time).compactMap { id, last in
            series[id].map { Sample(series: $0, time: last.time, value: last.value) }
        }
        var engine = Engine(catalog: catalog)
        engine.apply(resolved: samples.sorted { ($0.time, $0.series) < ($1.time, $1.series) }, now: time)
        engine.tick(now: time)
        let alerts = try store.alertHistories(from: time, to: time + 1).compactMap { $0.asOf(time, catalog: catalog) }
        return CenterAsOf(time: time, engine: engine, alerts: alerts.sorted(by: Alert.isMoreUrgent))
    }
}
