import Foundation
import Localization

/// The indicator table as CSV: one row per indicator and region, a header, RFC 4180 quoting
/// and line ends, UTF-8 with a byte order mark so spreadsheet programs read Vietnamese right.
public enum CSVReport {
    public static let header = ["field", "indicator", "name", "region", "region_name", "unit", "last", "mean", "min", "max", "count",
                                "previous", "change", "target", "progress", "outlook", "status", "rank", "of"]

    /// Column titles in `language`; the cells stay as programs read them (codes, `.` decimals).
    public static func render(_ report: Report, language: Language = .en) -> String {
        let number = { (d: Double?) in d.map { JSONValue.format($0) } ?? "" }
        let messages = Messages.shipped(language)
        return text([header.map { messages.text($0, context: "csv column") }] + report.indicators.map { i in
            [i.field, i.indicator, i.name, i.region, i.regionName, i.unit, number(i.last), number(i.mean), number(i.min),
             number(i.max), String(i.count), number(i.previous), number(i.change), number(i.target), number(i.progress),
             i.outlook ?? "", i.status.rawValue, i.rank.map(String.init) ?? "", i.of.map(String.init) ?? ""]
        })
    }

    /// Rows as CSV text: a byte order mark, then each row's fields quoted as needed, CRLF ends.
    public static func text(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(quote).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A field quoted when it holds a comma, a quote or a line end; quotes doubled.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
