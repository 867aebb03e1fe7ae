import Foundation
import IndicatorEngine

/// The table on screen as rows of text, for `e` (export): the field table, an indicator's
/// ranked regions, the alerts. Values as numbers without grouping, so a spreadsheet reads them.
public struct ExportTable: Sendable, Equatable {
    /// A name for the file: `field-agri-83`, `indicator-agri.salinity.max-83`, `alerts`.
    public var name: String
    public var header: [String]
    public var rows: [[String]]

    public init(name: String, header: [String], rows: [[String]]) {
        self.name = name
        self.header = header
        self.rows = rows
    }
}

extension ConsoleState {
    /// What `e` exports on the current page; nil where the page has no table.
    public var exportTable: ExportTable? {
        func number(_ v: Double?) -> String { v.map { $0.isFinite ? "\($0)" : "" } ?? "" }
        func time(_ t: Int64?) -> String {
            guard let t else { return "" }
            let f = ISO8601DateFormatter()
            f.timeZone = timeZone
            return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
        }
        switch page.screen {
        case let .field(f, region):
            let rows = fieldRows(f, region: region, page: page).map { i -> [String] in
                let indicator = catalog.indicators[i], s = catalog.series(i, region), current = table[s]
                return [indicator.code, indicator.name, catalog.regions[region].code, number(current?.value), indicator.unit,
                        table.status(s).rawValue, time(current?.time), number(indicator.target?.value)]
            }
            return ExportTable(name: "field-\(catalog.fields[f].code)-\(catalog.regions[region].code)",
                               header: ["indicator", "name", "region", "value", "unit", "status", "time", "target"], rows: rows)
        case let .indicator(i, region):
            let indicator = catalog.indicators[i]
            let rows = indicatorRows(i, region: region).map { ranked -> [String] in
                let s = catalog.series(i, ranked.region)
                return [catalog.regions[ranked.region].code, catalog.regions[ranked.region].name, ranked.rank.map(String.init) ?? "",
                        number(ranked.value), indicator.unit, table.status(s).rawValue, time(table[s]?.time)]
            }
            return ExportTable(name: "indicator-\(indicator.code)-\(catalog.regions[region].code)",
                               header: ["region", "name", "rank", "value", "unit", "status", "time"], rows: rows)
        case .alerts:
            let rows = alertRows(page).map { a -> [String] in
                [String(a.id), a.severity.rawValue, a.state.rawValue, a.indicator, a.region, number(a.value), time(a.since),
                 a.acknowledged?.by ?? ""]
            }
            return ExportTable(name: "alerts", header: ["id", "severity", "state", "indicator", "region", "value", "since", "acked_by"], rows: rows)
        default:
            return nil
        }
    }
}
