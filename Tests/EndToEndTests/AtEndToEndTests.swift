import Foundation
import TestSupport
import Testing

/// `--at` on the query commands, as a script runs them: the default center, figures ingested at
/// known past times, the answers as of moments between them.
@Suite struct AtEndToEndTests {
    @Test func statusValueAndAlertsAsOfAMoment() throws {
        let dir = TemporaryDirectory("ioc-at-e2e")
        let store = dir.file("ioc.sqlite")
        // The digital-economy share: 6.5 on 2026-10-01 10:00, 8.25 on 2026-10-20 10:00 (+07:00).
        try "econ.digital_economy_share,region=83 value=6.5 1790823600\necon.digital_economy_share,region=83 value=8.25 1792465200\n"
            .write(toFile: dir.file("oct.lp"), atomically: true, encoding: .utf8)
        let ingest = try run(ioc(["ingest", dir.file("oct.lp")], store: store))
        #expect(ingest.code == 0, "\(ingest.stderr)")
        func value(_ at: String) throws -> [String: Any] {
            let r = try run(ioc(["value", "econ.digital_economy_share", "83", "--at", at, "--json"], store: store))
            #expect(r.code == 0, "\(r.stderr)")
            return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
        }
        let between = try value("2026-10-10 12:00")
        #expect(between["value"] as? Double == 6.5 && between["time"] as? Int == 1_790_823_600 && between["at"] as? Int == 1_791_608_400)
        #expect(try value("2026-10-20 10:00")["value"] as? Double == 8.25, "at the moment itself")
        #expect(try value("2026-09-30")["value"] is NSNull, "before anything: null")

        let status = try run(ioc(["status", "--json", "--at", "2026-10-10 12:00"], store: store))
        #expect(status.code == 0 && status.stdout.contains("\"at\":1791608400"), "\(status.stderr)")
        let alerts = try run(ioc(["alerts", "--json", "--at=-1h"], store: store))
        #expect(alerts.code == 0 && alerts.stdout.hasPrefix("["), "\(alerts.stderr)")

        let wrong = try run(ioc(["value", "econ.digital_economy_share", "83", "--at", "tomorrow"], store: store))
        #expect(wrong.code == 64 && wrong.stderr.contains("ioc value: cannot read the time 'tomorrow': write 2026-11-28 17:00"), "\(wrong.stderr)")
        let both = try run(ioc(["alerts", "--all", "--at", "1h ago"], store: store))
        #expect(both.code == 64 && both.stderr.contains("--all and --at do not go together"), "\(both.stderr)")
        let unknown = try run(ioc(["value", "econ.nothing", "83"], store: store))
        #expect(unknown.code == 1 && unknown.stderr == "ioc value: unknown indicator 'econ.nothing'\n", "\(unknown.stderr)")
    }
}
