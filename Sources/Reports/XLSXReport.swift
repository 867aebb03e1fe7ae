import Foundation
import Localization
import ZIPFoundation

/// The report as an Excel workbook: SpreadsheetML written here, zipped by ZIPFoundation. One
/// sheet per part with Vietnamese titles, numbers as numbers (units in their own column), dates
/// as dates, frozen header rows and column widths that fit. Nothing in it depends on the clock
/// or the machine, so the same report gives the same bytes.
public enum XLSXReport {
    /// A cell: text, a number, a date (Unix seconds, shown in the center's zone), or nothing.
    enum Cell {
        case text(String)
        case number(Double?)
        case int(Int)
        case date(Int64)
        case percent(Double?)
        case empty
    }

    struct Sheet {
        var title: String
        var rows: [[Cell]]
    }

    public static func render(_ report: Report, language: Language = .vi) throws -> Data {
        let parts = self.parts(report, language: language)
        let archive = try Archive(data: Data(), accessMode: .create)
        // A fixed time for every entry: the period's start (a ZIP stamps each file).
        let stamp = Date(timeIntervalSince1970: TimeInterval(max(report.period.start, 315_532_800)))
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// The workbook's XML parts by path, in the order they are zipped (golden tests read these).
    public static func parts(_ report: Report, language: Language = .vi) -> [(String, String)] {
        let sheets = self.sheets(report, Words(language))
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                </Relationships>
                """),
            ("xl/workbook.xml", workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRels(sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (k, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(k + 1).xml", worksheet(sheet, timeZone: report.period.timeZone)))
        }
        return parts
    }

    // MARK: - Sheets

    /// The sheets, their titles and headers in the language's words (`Words.t`, context
    /// "workbook"); the cells stay what the JSON says (codes, numbers, dates), for a reader to
    /// compare and a formula to use.
    static func sheets(_ r: Report, _ w: Words) -> [Sheet] {
        let p = r.period
        func titles(_ english: [String]) -> [Cell] { english.map { .text(w.t($0, context: "workbook")) } }
        func label(_ english: String) -> Cell { .text(w.t(english, context: "workbook")) }
        var summary: [[Cell]] = [titles(["Field code", "Field", "Score", "Previous score", "OK", "Warning", "Critical", "Stale", "No data", "Got worse"])]
        for f in r.fields {
            summary.append([.text(f.code), .text(f.name), .number(f.score), .number(f.previousScore), .int(f.ok), .int(f.warning), .int(f.critical),
                            .int(f.stale), .int(f.nodata), .text(f.worse.joined(separator: ", "))])
        }
        summary.append([])
        summary += [[label("Center"), .text(r.center)], [label("Region"), .text("\(r.region.name) (\(r.region.code))")],
                    [label("Period"), .text(w.title(p))], [label("From"), .date(p.start)], [label("To"), .date(p.end)],
                    [label("Convention"), .text(w.t(p.convention == .calendar ? "calendar periods" : "administrative periods (the 15th to the 14th)"))]]

        var indicators: [[Cell]] = [titles(["Field", "Indicator code", "Indicator", "Region code", "Region", "Unit", "Last", "Mean", "Min",
                                            "Max", "Observations", "Previous", "Change", "Target", "Progress", "Outlook", "Status", "Rank", "Of"])]
        for i in r.indicators {
            indicators.append([.text(i.field), .text(i.indicator), .text(i.name), .text(i.region), .text(i.regionName), .text(i.unit),
                               .number(i.last), .number(i.mean), .number(i.min), .number(i.max), .int(i.count), .number(i.previous),
                               .number(i.change), .number(i.target), .percent(i.progress), i.outlook.map { .text($0) } ?? .empty,
                               .text(i.status.rawValue), i.rank.map { .int($0) } ?? .empty, i.of.map { .int($0) } ?? .empty])
        }

        let a = r.alerts
        var alerts: [[Cell]] = [titles(["Indicator code", "Indicator", "Region code", "Region", "Times", "Time in alert (seconds)"])]
        for t in a.top {
            alerts.append([.text(t.indicator), .text(t.name), .text(t.region), .text(t.regionName), .int(t.count), .int(Int(t.timeInAlert))])
        }
        alerts.append([])
        alerts += [[label("Opened"), .int(a.opened)], [label("Resolved"), .int(a.resolved)], [label("Warning"), .int(a.warning)],
                   [label("Critical"), .int(a.critical)], [label("Stale"), .int(a.stale)],
                   [label("Time in alert (seconds)"), .int(Int(a.timeInAlert))],
                   [label("Mean time to acknowledge (seconds)"), a.mtta.map { .int(Int($0)) } ?? .empty],
                   [label("Mean time to resolve (seconds)"), a.mttr.map { .int(Int($0)) } ?? .empty]]

        var completeness: [[Cell]] = [titles(["Field code", "Field", "Region code", "Region", "Expected", "Received", "Share"])]
        for c in r.completeness {
            completeness.append([.text(c.code), .text(c.name), .empty, .empty, .int(c.expected), .int(c.received), .percent(c.ratio)])
            for g in c.regions {
                completeness.append([.text(c.code), .text(c.name), .text(g.region), .text(g.name), .int(g.expected), .int(g.received), .percent(g.ratio)])
            }
        }

        var actions: [[Cell]] = [titles(["User", "Acknowledged", "Silenced"])]
        for x in r.actions { actions.append([.text(x.user), .int(x.acks), .int(x.silences)]) }

        return [Sheet(title: w.t("Summary", context: "workbook"), rows: summary), Sheet(title: w.t("Indicators", context: "workbook"), rows: indicators),
                Sheet(title: w.t("Alerts", context: "workbook"), rows: alerts), Sheet(title: w.t("Data completeness", context: "workbook"), rows: completeness),
                Sheet(title: w.t("Actions", context: "workbook"), rows: actions)]
    }

    // MARK: - XML

    static func worksheet(_ sheet: Sheet, timeZone: TimeZone) -> String {
        let columns = sheet.rows.map(\.count).max() ?? 0
        var widths = [Double](repeating: 8, count: columns)
        for row in sheet.rows {
            for (c, cell) in row.enumerated() { widths[c] = max(widths[c], min(60, Double(display(cell).count) + 2)) }
        }
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        xml += #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if columns > 0 {
            xml += "<cols>"
            for (c, w) in widths.enumerated() { xml += #"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(w)" customWidth="1"/>"# }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() where !row.isEmpty {
            xml += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                let header = r == 0 ? 1 : 0
                switch cell {
                case let .text(s): xml += #"<c r="\#(ref)" s="\#(header)" t="inlineStr"><is><t xml:space="preserve">\#(escape(s))</t></is></c>"#
                case let .number(d):
                    if let d, d.isFinite { xml += #"<c r="\#(ref)"><v>\#(JSONValue.format(d))</v></c>"# }
                case let .int(i): xml += #"<c r="\#(ref)"><v>\#(i)</v></c>"#
                case let .percent(d):
                    if let d, d.isFinite { xml += #"<c r="\#(ref)" s="3"><v>\#(JSONValue.format(d))</v></c>"# }
                case let .date(t): xml += #"<c r="\#(ref)" s="2"><v>\#(JSONValue.format(serial(t, timeZone)))</v></c>"#
                case .empty: break
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        xml += #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#
        return xml
    }

    /// A moment as a spreadsheet date: days since 1899-12-30 on the center's clock.
    static func serial(_ time: Int64, _ timeZone: TimeZone) -> Double {
        let local = time + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time))))
        return Double(local) / 86_400 + 25_569
    }

    static func display(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): s
        case let .number(d): d.map { JSONValue.format($0) } ?? ""
        case let .int(i): String(i)
        case let .percent(d): d.map { String(format: "%.2f%%", $0 * 100) } ?? ""
        case .date: "dd/mm/yyyy hh:mm"
        case .empty: ""
        }
    }

    /// A column's letters: 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// Text for XML: the five entities escaped, and the control characters XML 1.0 cannot hold left out.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            case _ where scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func contentTypes(_ sheets: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for k in 1...sheets {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(k).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    static func workbook(_ sheets: [Sheet]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        xml += "<sheets>"
        for (k, s) in sheets.enumerated() { xml += #"<sheet name="\#(escape(s.title))" sheetId="\#(k + 1)" r:id="rId\#(k + 1)"/>"# }
        return xml + "</sheets></workbook>"
    }

    static func workbookRels(_ sheets: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for k in 1...sheets {
            xml += #"<Relationship Id="rId\#(k)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(k).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheets + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    /// Styles: 0 plain, 1 bold (header rows), 2 date and time, 3 percent.
    static let styles = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """#
}
