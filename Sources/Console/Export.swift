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
    public var exportTable: ExportTable? { currentUnit.exportTable }

}

extension ExportTable {
    /// A number as a spreadsheet reads it, or nothing.
    static func number(_ v: Double?) -> String { v.map { $0.isFinite ? "\($0)" : "" } ?? "" }

    /// A moment in ISO 8601 on the center's clock, or nothing.
    static func time(_ t: Int64?, _ timeZone: TimeZone) -> String {
        guard let t else { return "" }
        let f = ISO8601DateFormatter()
        f.timeZone = timeZone
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }
}
