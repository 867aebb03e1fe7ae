import Canvas
import IndicatorEngine

/// The rows each screen lists, derived from the state (never stored), so views and key
/// handling agree on what the selection points at.
extension ConsoleState {
    /// A field's indicators reported in the region, filtered and sorted as the page says.
    public func fieldRows(_ f: Int, region: RegionID, page: Page) -> [IndicatorID] {
        let needle = Folding.searchKey(page.filter)
        var rows = catalog.indicatorsByField[f].filter { catalog.isReported($0, at: region) }
        if !needle.isEmpty {
            rows = rows.filter {
                Folding.searchKey(catalog.indicators[$0].name).contains(needle) || catalog.indicators[$0].code.contains(needle)
            }
        }
        func key(_ i: IndicatorID) -> (Double, String) {
            let series = catalog.series(i, region)
            let name = Folding.searchKey(catalog.indicators[i].name)
            switch page.sort {
            case .name: return (0, name)
            case .value: return (table[series]?.value ?? -.infinity, name)
            case .target: return (catalog.indicators[i].target.map { t in table[series].map { $0.value / max(abs(t.value), 1e-9) } ?? -1 } ?? -2, name)
            case .status: return (Double(Self.statusRank(table.status(series))), name)
            case .age: return (Double(table[series].map { now - $0.time } ?? .max), name)
            }
        }
        let keyed = rows.map { ($0, key($0)) }
        let sorted = keyed.sorted { a, b in
            if a.1.0 != b.1.0 { return page.ascending ? a.1.0 < b.1.0 : a.1.0 > b.1.0 }
            return a.1.1 < b.1.1
        }
        return sorted.map(\.0)
    }

    /// Worst first: critical, warning, stale, no data, ok.
    static func statusRank(_ s: SeriesStatus) -> Int {
        switch s {
        case .critical: 4
        case .warning: 3
        case .stale: 2
        case .nodata: 1
        case .ok: 0
        }
    }

    /// The regions an indicator page ranks: the children of its region (the districts of the
    /// province, the communes of a district) where the indicator is reported.
    public func indicatorRows(_ i: IndicatorID, region: RegionID) -> [RankedRegion] {
        let children = catalog.children[region].filter { catalog.isReported(i, at: $0) }
        return catalog.ranking(i, among: children) { table[$0]?.value }
    }

    /// Open alerts matching the page's filter (field, indicator, region or rule text).
    public func alertRows(_ page: Page) -> [Alert] {
        let needle = Folding.searchKey(page.filter)
        guard !needle.isEmpty else { return alerts }
        return alerts.filter { alert in
            let indicator = catalog.indicatorIndex[alert.indicator].map { catalog.indicators[$0] }
            let region = catalog.regionIndex[alert.region].map { catalog.regions[$0].name } ?? alert.region
            let text = [alert.rule, indicator?.name ?? "", indicator?.field ?? "", region].map(Folding.searchKey).joined(separator: " ")
            return text.contains(needle)
        }
    }

    /// The regions listed under an overview (a district's communes, the province's districts),
    /// worst field score first, with their field summaries.
    public func childRows(_ region: RegionID) -> [(region: RegionID, summaries: [FieldSummary])] {
        catalog.children[region].map { child in
            (child, catalog.fieldSummaries(region: child) { table.status($0) })
        }.sorted { a, b in
            let sa = a.summaries.compactMap(\.score).min() ?? 101, sb = b.summaries.compactMap(\.score).min() ?? 101
            return sa != sb ? sa < sb : catalog.regions[a.region].name < catalog.regions[b.region].name
        }
    }

    /// How many rows the current page can select among.
    public var rowCount: Int { currentUnit.rowCount(pane: page.pane) }

    /// An indicator's open alerts, then its recently resolved ones.
    public func indicatorAlerts(_ i: IndicatorID) -> [Alert] {
        let code = catalog.indicators[i].code
        return alerts.filter { $0.indicator == code } + recentlyResolved.filter { $0.indicator == code }
    }
}
