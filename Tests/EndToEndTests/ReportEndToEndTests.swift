import Foundation
import TestSupport
import Testing

/// `ioc report` as an operator runs it: the default center, figures ingested with `ioc ingest`,
/// each format, and mistakes answered with what, where and how to fix it.
@Suite struct ReportEndToEndTests {
    @Test func aMonthReportOfIngestedFiguresInEachFormat() throws {
        let dir = TemporaryDirectory("ioc-report-e2e")
        let store = dir.file("ioc.sqlite")
        // The digital-economy share reported for 2026-10 (Unix seconds: 2026-10-20 10:00 +07:00).
        try "econ.digital_economy_share,region=83 value=8.25 1792465200\n".write(toFile: dir.file("oct.lp"), atomically: true, encoding: .utf8)
        let ingest = try run(ioc(["ingest", dir.file("oct.lp")], store: store))
        #expect(ingest.code == 0, "\(ingest.stderr)")

        let json = try run(ioc(["report", "--period", "month:2026-10", "--format", "json"], store: store))
        #expect(json.code == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["center"] as? String == "IOC Bến Tre")
        let period = try #require(report["period"] as? [String: Any])
        #expect(period["label"] as? String == "2026-10" && period["start"] as? String == "2026-10-01T00:00:00+07:00"
            && period["convention"] as? String == "calendar")
        let lines = try #require(report["indicators"] as? [[String: Any]])
        let share = try #require(lines.first { $0["indicator"] as? String == "econ.digital_economy_share" && $0["region"] as? String == "83" })
        #expect(share["last"] as? Double == 8.25 && share["count"] as? Int == 1)
        #expect((report["fields"] as? [Any])?.count == 10)

        let markdown = try run(ioc(["report", "--period", "month:2026-10"], store: store))
        #expect(markdown.code == 0 && markdown.stdout.hasPrefix("# Monthly report 2026-10 · IOC Bến Tre"), "\(markdown.stderr)")
        #expect(markdown.stdout.contains("| Tỷ trọng kinh tế số") || markdown.stdout.contains("8.25"))
        // In Vietnamese: its title, its words, 8,25 with a decimal comma; the JSON the same bytes.
        let vi = try run(ioc(["report", "--period", "month:2026-10", "--lang", "vi"], store: store))
        #expect(vi.code == 0 && vi.stdout.hasPrefix("# Báo cáo tháng 10/2026 · IOC Bến Tre") && vi.stdout.contains("## Tóm tắt"), "\(vi.stderr)")
        #expect(vi.stdout.contains("| 8,25 |") && !vi.stdout.contains("Monthly report"), "\(vi.stdout.prefix(400))")
        let jsonVI = try run(ioc(["report", "--period", "month:2026-10", "--format", "json", "--lang", "vi"], store: store))
        #expect(jsonVI.stdout == json.stdout, "the JSON report is the same in either language")

        // The output file's extension picks the format; a district report covers it and its communes.
        let xlsx = try run(ioc(["report", "--period", "month:2026-10", "--region", "831", "--output", dir.file("chau-thanh.xlsx")], store: store))
        #expect(xlsx.code == 0, "\(xlsx.stderr)")
        let workbook = try Data(contentsOf: URL(fileURLWithPath: dir.file("chau-thanh.xlsx")))
        #expect(workbook.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let csv = try run(ioc(["report", "--period", "month:2026-10", "--field", "econ", "--output", dir.file("econ.csv")], store: store))
        #expect(csv.code == 0, "\(csv.stderr)")
        let table = try String(contentsOfFile: dir.file("econ.csv"), encoding: .utf8)
        #expect(table.contains("econ,econ.digital_economy_share,") && !table.contains("\r\nagri,"))
    }

    @Test func mistakesAreAnsweredWithWhatAndHow() throws {
        let dir = TemporaryDirectory("ioc-report-e2e")
        let store = dir.file("ioc.sqlite")
        func fails(_ args: [String]) throws -> (code: Int32, stderr: String) {
            let r = try run(ioc(["report"] + args, store: store))
            return (r.code, r.stderr)
        }
        #expect(try fails(["--period", "month:2026-13"]) == (64, "ioc report: invalid period 'month:2026-13': expected month:2026-11\n"))
        #expect(try fails(["--period", "fortnight"]).stderr.contains("use one of day, week, month, quarter, half, year"))
        #expect(try fails(["--period", "month", "--region", "999"]) == (64, "ioc report: unknown region '999': give a region code from regions.yaml\n"))
        #expect(try fails(["--period", "month", "--format", "pdf"]).stderr.contains("unknown format 'pdf': use md, csv, xlsx or json"))
        #expect(try fails(["--period", "month", "--output", dir.file("report.pdf")]).stderr.contains("cannot tell the format from"))
        #expect(try fails(["--period", "month", "--field", "sport"]).stderr.contains("unknown field 'sport'"))
        #expect(try fails(["--period", "year:2099"]).stderr.contains("has not started yet"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("report.pdf")))
    }

    /// The shipped mail receiver turns a report's announcement into a mail with its summary and files.
    @Test func theMailReceiverSaysWhichReportAndWhereItIs() throws {
        let dir = TemporaryDirectory("ioc-report-mail")
        let sendmail = dir.file("sendmail")
        try writeExecutable("#!/bin/sh\ncat > '\(dir.file("mail.tmp"))' && mv '\(dir.file("mail.tmp"))' '\(dir.file("mail.txt"))'\n", to: sendmail)
        let message = """
            {"key": "report:month@7:0/83/*/md:2026-10:leaders", "status": "report", "receiver": "leaders", "center": "IOC Bến Tre",
             "report": {"kind": "month", "label": "2026-10", "start": "2026-10-01T00:00:00+07:00", "end": "2026-11-01T00:00:00+07:00",
                        "convention": "calendar", "region": "83", "region_name": "Bến Tre", "files": ["/var/lib/ioc/reports/month-2026-10-83.md"],
                        "summary": "At the end of the period 1 of 2 indicators were ok."},
             "group": {}, "alerts": [], "escalation": false, "test": false}
            """
        let mail = repositoryRoot.appendingPathComponent("packaging/notify/ioc-notify-mail").path
        let result = try run([mail, "leaders@example.vn"], environment: ["SENDMAIL": sendmail], stdin: message)
        #expect(result.code == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: dir.file("mail.txt"), encoding: .utf8)
        #expect(text.contains("report_month_2026-10") && text.contains("Files:"), "\(text)")
        #expect(text.contains("/var/lib/ioc/reports/month-2026-10-83.md") && text.contains("1 of 2 indicators were ok"), "\(text)")
    }
}
