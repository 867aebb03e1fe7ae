import Foundation
import IndicatorEngine
import IndicatorStore
import Reports
import Runtime
import TestSupport
import Testing

/// Every figure of a month report over a real store, against values worked out by hand from
/// the fixture's observations (see `ReportFixture`).
@Suite struct ReportFigureTests {
    @Test func indicatorFiguresPerRegionAsOfThePeriodsEnd() throws {
        let f = try ReportFixture()
        let r = try f.report("month:2026-10")
        #expect(r.period.startText == "2026-10-01T00:00:00+07:00" && r.period.endText == "2026-11-01T00:00:00+07:00")

        // The province's output is the sum of its districts' last figures: D3 sent nothing in
        // October, so its September 300 still counts; 100 + 200 + 300 before, 150 + 200 + 300 after.
        let province = try #require(r.line("econ.output", "83"))
        #expect(province.last == 650 && province.previous == 600 && province.change == 50)
        // Computed: sampled at each day's end, 600 for 19 days and 650 for 12.
        #expect(province.count == 31 && province.mean == 19_200.0 / 31 && province.min == 600 && province.max == 650)
        #expect(province.observed == false)
        #expect(province.target == 1_000 && province.progress == 0.125 && province.outlook == "at_risk")
        #expect(province.rank == nil && province.of == nil && province.status == .ok)

        let d1 = try #require(r.line("econ.output", "831"))
        #expect(d1.last == 150 && d1.previous == 100 && d1.change == 50 && d1.count == 1 && d1.mean == 150 && d1.observed)
        let d3 = try #require(r.line("econ.output", "833"))
        #expect(d3.last == 300 && d3.previous == 300 && d3.change == 0 && d3.count == 0 && d3.mean == nil && d3.min == nil)
        // Higher is better: 300, 200, 150.
        #expect([d3.rank, r.line("econ.output", "832")?.rank, d1.rank] == [1, 2, 3] && d1.of == 3)

        // Waste: D1 five every day but eight on the 5th.
        let w1 = try #require(r.line("econ.waste", "831"))
        #expect(w1.count == 31 && w1.mean == 158.0 / 31 && w1.min == 5 && w1.max == 8 && w1.last == 5 && w1.previous == nil)
        // Lower is better, with a tie: 5, 5, 7 rank 1, 1, 3.
        #expect(w1.rank == 1 && r.line("econ.waste", "832")?.rank == 1 && r.line("econ.waste", "833")?.rank == 3)
        // D3 stopped on the 10th: stale at the end; the province's maximum still takes its 7.
        #expect(r.line("econ.waste", "833")?.status == .stale && w1.status == .ok)
        let wp = try #require(r.line("econ.waste", "83"))
        #expect(wp.last == 7 && wp.count == 31 && wp.mean == 218.0 / 31 && wp.min == 7 && wp.max == 8 && wp.status == .warning)

        // Flow: 288 whole numbers (k mod 7) + 10; 41 cycles of 91 and a last 10.
        let flow = try #require(r.line("econ.flow", "831"))
        #expect(flow.count == 288 && flow.mean == 3_741.0 / 288 && flow.min == 10 && flow.max == 16 && flow.last == 10)
        #expect(r.line("econ.flow", "83") == nil, "flow is reported by districts only")

        // The field at the province: output ok, waste warning at the end; output ok and waste
        // without data at the start.
        let field = try #require(r.fields.first)
        #expect((field.ok, field.warning, field.critical, field.stale, field.nodata) == (1, 1, 0, 0, 0))
        #expect(field.score == 50 && field.previousScore == 50 && field.worse.isEmpty)
    }

    @Test func aFigureIngestedLateCountsInItsOwnPeriod() throws {
        let f = try ReportFixture()
        // D1's September figure was ingested after its October one: September's roll-up is 600.
        let september = try f.report("month:2026-09")
        #expect(september.line("econ.output", "83")?.last == 600)
        #expect(september.line("econ.output", "831")?.last == 100 && september.line("econ.output", "831")?.count == 1)
        #expect(september.line("econ.output", "83")?.previous == nil)
        // The administrative October (15 September to 14 October) holds the September figures only.
        let administrative = try f.report("month:2026-10", .administrative)
        #expect(administrative.period.startText == "2026-09-15T00:00:00+07:00")
        #expect(administrative.line("econ.output", "83")?.last == 600 && administrative.line("econ.output", "831")?.count == 1)
        #expect(administrative.line("econ.waste", "831")?.count == 14)
    }

    @Test func alertsTimeInAlertMeanTimesAndTheNoisiest() throws {
        let r = try ReportFixture().report("month:2026-10")
        let a = r.alerts
        // Opened in October: 1 and 2 (warning), 4 (critical); 3 opened in September.
        #expect(a.opened == 3 && a.warning == 2 && a.critical == 1 && a.stale == 0)
        // Resolved in October: 1, 3 (opened in September) and 4.
        #expect(a.resolved == 3)
        // Acknowledged after 30 and 60 minutes.
        #expect(a.mtta == 2_700)
        // Resolved after 1 day, 3.5 days and 6 hours.
        #expect(a.mttr == 136_800)  // (86,400 + 302,400 + 21,600) / 3
        // 1 day, 20 days (still firing at the end), the 12 October hours of alert 3, 6 hours.
        #expect(a.timeInAlert == 86_400 + 1_728_000 + 43_200 + 21_600)
        #expect(a.top.map { "\($0.indicator) \($0.region) \($0.count) \($0.timeInAlert)" } == [
            "econ.waste 833 2 1814400", "econ.waste 831 1 21600",
        ])
    }

    @Test func completenessShowsTheDistrictThatStoppedReporting() throws {
        let r = try ReportFixture().report("month:2026-10")
        let c = try #require(r.completeness.first)
        // Output: one figure a month from each district (D3 none); waste: 31 a day each (D3 10);
        // flow: 2,976 quarter hours each, 288 from D1 only.
        #expect(c.expected == 3 + 93 + 8_928 && c.received == 2 + 72 + 288)
        #expect(c.regions.map { "\($0.region) \($0.received)/\($0.expected)" } == ["831 320/3008", "832 32/3008", "833 10/3008"])
        let markdown = MarkdownReport.render(r)
        #expect(markdown.contains("| Kinh tế - xã hội | 9024 | 362 | 4.01% | Mỏ Cày Bắc 0.33% |"))
    }

    @Test func operatorActionsPerUserFromTheAudit() throws {
        let f = try ReportFixture()
        let r = try f.report("month:2026-10")
        // The September ack and the refused one do not count.
        #expect(r.actions.map { "\($0.user) \($0.acks) \($0.silences)" } == ["giamsat1 1 1", "vanhanh 1 0"])
        // A district's report counts what was done within it.
        let d1 = try f.report("month:2026-10", region: "831")
        #expect(d1.actions.isEmpty)
        #expect(d1.alerts.opened == 1 && d1.alerts.critical == 1)
        let d3 = try f.report("month:2026-10", region: "833")
        #expect(d3.actions.map { "\($0.user) \($0.acks) \($0.silences)" } == ["giamsat1 1 1", "vanhanh 1 0"])
        // A district's rank is among its sibling districts.
        #expect(d3.line("econ.output", "833")?.rank == 1 && d3.line("econ.output", "833")?.of == 3)
        #expect(d3.indicators.allSatisfy { $0.region == "833" })
    }

    @Test func compactedHistoryGivesTheSameReport() throws {
        let f = try ReportFixture()
        let before = [JSONReport.render(try f.report("month:2026-10")), JSONReport.render(try f.report("day:2026-10-02"))]
        // The flow's days become chunks; then the raw tier ends and only aggregates are left.
        var compactor = Compactor(retention: HistoryRetention(), timeZone: ReportFixture.zone)
        _ = try compactor.run(f.store, now: ReportFixture.t("2026-11-30 10:00"))
        #expect(try f.store.tierSizes().rawDays > 0)
        #expect([JSONReport.render(try f.report("month:2026-10")), JSONReport.render(try f.report("day:2026-10-02"))] == before)
        var dropping = Compactor(retention: HistoryRetention(raw: 86_400, hourly: 730 * 86_400), timeZone: ReportFixture.zone)
        _ = try dropping.run(f.store, now: ReportFixture.t("2026-11-30 10:00"))
        #expect(try f.store.tierSizes().rawDays == 0 && f.store.tierSizes().hourlyDays > 0)
        #expect([JSONReport.render(try f.report("month:2026-10")), JSONReport.render(try f.report("day:2026-10-02"))] == before)
    }
}

/// What `ioc report` makes of its arguments before it reads anything.
@Suite struct ReportRunTests {
    let catalog = ReportFixture.catalog()

    @Test func aRegionOutsideTheCallersScopeIsRefusedAndTheDefaultIsTheScope() throws {
        let district = RegionScope(codes: ["831"], catalog: catalog)
        #expect(try ReportRun(period: "month").resolvedRegion(catalog: catalog, scope: district) == catalog.regionIndex["831"])
        #expect(try ReportRun(period: "month").resolvedRegion(catalog: catalog, scope: .everything(catalog)) == catalog.rootRegion)
        let refusal = #expect(throws: CommandProblem.self) {
            try ReportRun(period: "month", region: "832").resolvedRegion(catalog: catalog, scope: district)
        }
        #expect(refusal?.exitCode == 77 && refusal?.description == "region 832 (Chợ Lách) is outside your scope")
        // Two districts have no region of their own: the caller names one.
        let two = RegionScope(codes: ["831", "833"], catalog: catalog)
        let several = #expect(throws: CommandProblem.self) { try ReportRun(period: "month").resolvedRegion(catalog: catalog, scope: two) }
        #expect(several?.description == "your scope has several regions (831, 833): name one with --region")
        #expect(try ReportRun(period: "month", region: "833").resolvedRegion(catalog: catalog, scope: two) == catalog.regionIndex["833"])
        let unknown = #expect(throws: CommandProblem.self) {
            try ReportRun(period: "month", region: "Chợ Lách").resolvedRegion(catalog: catalog, scope: .everything(catalog))
        }
        #expect(unknown?.exitCode == 64 && unknown?.description == "unknown region 'Chợ Lách' (Chợ Lách is 832): give a region code from regions.yaml")
    }

    @Test func theFormatComesFromTheOptionTheFileOrMarkdown() throws {
        #expect(try ReportRun(period: "month").resolvedFormat(toTerminal: true) == .md)
        #expect(try ReportRun(period: "month", output: "out/thang-10.XLSX").resolvedFormat(toTerminal: true) == .xlsx)
        #expect(try ReportRun(period: "month", format: "json", output: "report.txt").resolvedFormat(toTerminal: true) == .json)
        #expect(try ReportRun(period: "month", format: "xlsx").resolvedFormat(toTerminal: false) == .xlsx, "piped to a file")
        #expect(throws: CommandProblem.self) { try ReportRun(period: "month", format: "xlsx").resolvedFormat(toTerminal: true) }
        #expect(throws: CommandProblem.self) { try ReportRun(period: "month", output: "report").resolvedFormat(toTerminal: true) }
    }
}
