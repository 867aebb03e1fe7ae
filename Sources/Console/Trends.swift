import Foundation
import IndicatorEngine

/// Sparklines from the store's last 24 hours, not only the values this console has seen since
/// it started: the runner loads them for the series on screen (`trendsWanted`).
extension ConsoleState {
    /// How far back a sparkline looks.
    public static let trendSpan: Int64 = 86_400

    /// A series' sparkline: its stored last 24 hours when loaded, else the values seen live.
    public func trend(_ series: SeriesID) -> [Double] {
        if let stored = trends[series], !stored.isEmpty { return stored }
        return table.recentValues(series)
    }

    /// Series on screen whose sparkline has not been loaded for this moment: the overview's
    /// panel lines, or the field table's visible rows.
    public var trendsWanted: [SeriesID] { currentUnit.sparklineSeries.filter { trends[$0] == nil } }

    /// Visible rows of the field table with a target and no year of history loaded yet.
    public var targetsWanted: [SeriesID] {
        guard case let .field(_, region) = page.screen else { return [] }
        return visibleFieldRows.filter { catalog.indicators[$0].target != nil }.map { catalog.series($0, region) }
            .filter { longHistory[$0] == nil }
    }

    /// The field table's rows on screen, scrolled as the table draws them.
    var visibleFieldRows: [IndicatorID] {
        guard case let .field(f, region) = page.screen else { return [] }
        let rows = fieldRows(f, region: region, page: page)
        let height = max(0, screenAreas(self).body.height - 4)
        let top = scrollTop(selection: page.selection, rows: rows.count, height: height)
        return Array(rows.dropFirst(top).prefix(height))
    }
}
