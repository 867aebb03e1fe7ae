import Foundation
import Localization
import Reports
import TestSupport
import Testing

/// The written forms: golden files for Markdown, CSV and the workbook's XML, the same bytes for
/// the same report, and the workbook read back by a real spreadsheet reader (openpyxl).
@Suite struct ReportFormatTests {
    static let golden = repositoryRoot.appendingPathComponent("Tests/ReportsTests/Golden")

    @Test func markdownCSVAndJSONMatchTheirGoldenFiles() throws {
        let r = try ReportFixture().report("month:2026-10")
        #expect(goldenMismatch(MarkdownReport.render(r), file: "month-2026-10.md", directory: Self.golden) == nil)
        #expect(goldenMismatch(JSONReport.render(r), file: "month-2026-10.json", directory: Self.golden) == nil)
        let csv = CSVReport.render(r)
        // A byte order mark for spreadsheet programs, CRLF line ends, quotes doubled.
        #expect(csv.hasPrefix("\u{FEFF}field,indicator,name,region,"))
        #expect(csv.contains("\r\necon,econ.waste,\"Chất thải, \"\"rác\"\"\",83,Bến Tre,tấn,7,"))
        #expect(goldenMismatch(String(csv.dropFirst()).replacingOccurrences(of: "\r\n", with: "\n"), file: "month-2026-10.csv", directory: Self.golden) == nil)
    }

    /// The same month in Vietnamese: its words, `tháng 10/2026`, numbers written `1.038` and
    /// `72,5 %`; the CSV's column titles Vietnamese and its cells the same as in English.
    @Test func inVietnameseTheMonthReadsAsVietnamese() throws {
        let r = try ReportFixture().report("month:2026-10")
        let markdown = MarkdownReport.render(r, language: .vi)
        #expect(goldenMismatch(markdown, file: "month-2026-10.vi.md", directory: Self.golden) == nil)
        #expect(markdown.hasPrefix("# Báo cáo tháng 10/2026 · "), "\(markdown.prefix(80))")
        for english in ["Summary", "Fields", "Indicators", "Data completeness", "Operator actions", "Score", "Previous", "Mean time", "indicators of",
                        "Monthly report", "calendar periods", " ok ", "Got worse"] {
            #expect(!markdown.contains(english), "English left in the Vietnamese report: \(english)")
        }
        #expect(markdown.range(of: #"\d,\d+ %"#, options: .regularExpression) != nil, "percentages with a decimal comma")
        let csv = CSVReport.render(r, language: .vi)
        #expect(csv.hasPrefix("\u{FEFF}lĩnh vực,mã chỉ tiêu,tên chỉ tiêu,mã địa bàn,"))
        let cells = { (text: String) in text.split(separator: "\r\n").dropFirst().joined(separator: "\n") }
        #expect(cells(csv) == cells(CSVReport.render(r)), "the cells are what programs read, in either language")
        #expect(MarkdownReport.render(r, language: .en) == MarkdownReport.render(r), "English as it was")
    }

    @Test func workbookPartsMatchTheirGoldenFilesAndTheBytesRepeat() throws {
        let r = try ReportFixture().report("month:2026-10")
        for (path, xml) in XLSXReport.parts(r) {
            let name = path.replacingOccurrences(of: "/", with: "_")
            let text = xml.replacingOccurrences(of: "><", with: ">\n<")
            #expect(goldenMismatch(text, file: name, directory: Self.golden.appendingPathComponent("xlsx")) == nil, "\(path)")
        }
        let once = try XLSXReport.render(r), again = try XLSXReport.render(try ReportFixture().report("month:2026-10"))
        #expect(once == again)
        #expect(once.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a ZIP file")
    }

    /// The workbook as openpyxl reads it, compared cell by cell with the JSON of the same report.
    /// In either language: its titles and headers change, its cells do not.
    @Test(arguments: Language.allCases) func aSpreadsheetReaderSeesWhatTheJSONSays(_ language: Language) throws {
        let directory = TemporaryDirectory("ioc-xlsx")
        let r = try ReportFixture().report("month:2026-10")
        try XLSXReport.render(r, language: language).write(to: URL(fileURLWithPath: directory.file("report.xlsx")))
        try JSONReport.render(r).write(toFile: directory.file("report.json"), atomically: true, encoding: .utf8)
        let script = repositoryRoot.appendingPathComponent("Tests/ReportsTests/compare_xlsx.py").path
        let result = try run(["/usr/bin/env", "python3", script, directory.file("report.xlsx"), directory.file("report.json")])
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        let sheets = language == .vi ? "Tổng hợp, Chỉ tiêu, Cảnh báo, Đầy đủ dữ liệu, Thao tác" : "Summary, Indicators, Alerts, Data completeness, Actions"
        #expect(result.stdout.contains("sheets: " + sheets), "\(result.stdout)")
        #expect(result.stdout.contains("indicator rows: \(r.indicators.count)"), "\(result.stdout)")
    }
}
