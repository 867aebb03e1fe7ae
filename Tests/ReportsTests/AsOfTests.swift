import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Runtime
import TestSupport
import Testing

/// The center as it stood at past moments (time travel, `--at`), over the report fixture's
/// scripted history: values, roll-ups, statuses, and the alerts open then with their
/// acknowledgements then, against values worked out by hand.
@Suite struct AsOfTests {
    let t = ReportFixture.t

    @Test func valuesRollUpsAndStatusesAsTheyStood() throws {
        let f = try ReportFixture()
        let c = try CenterAsOf.read(catalog: f.catalog, store: f.store, at: t("2026-10-12 00:30"))
        func value(_ i: String, _ r: String) -> Double? { c.engine.table[f.catalog.series(indicator: i, region: r)!]?.value }
        func status(_ i: String, _ r: String) -> SeriesStatus { c.engine.table.status(f.catalog.series(indicator: i, region: r)!) }
        // D1's October figure came on the 20th: on the 12th the province sums September's 100, 200, 300.
        #expect(value("econ.output", "831") == 100 && value("econ.output", "83") == 600)
        // D3 last reported waste on the 10th at 09:00: 7, not yet stale (2 days); the province's maximum is 7, a warning.
        #expect(value("econ.waste", "833") == 7 && status("econ.waste", "833") == .warning)
        #expect(value("econ.waste", "83") == 7 && status("econ.waste", "83") == .warning)
        // Two days later D3 is stale.
        let later = try CenterAsOf.read(catalog: f.catalog, store: f.store, at: t("2026-10-13 00:00"))
        #expect(later.engine.table.status(f.catalog.series(indicator: "econ.waste", region: "833")!) == .stale)
        // Before anything was observed: no value.
        let before = try CenterAsOf.read(catalog: f.catalog, store: f.store, at: t("2026-09-01 00:00"))
        #expect(before.engine.table[f.catalog.series(indicator: "econ.output", region: "83")!] == nil && before.alerts.isEmpty)
    }

    @Test func alertsOpenThenWithTheirStateAndAcknowledgementThen() throws {
        let f = try ReportFixture()
        func open(_ time: String) throws -> [String] {
            try CenterAsOf.read(catalog: f.catalog, store: f.store, at: t(time)).alerts.map {
                "#\($0.id) \($0.state.rawValue)" + ($0.acknowledged.map { " acked by \($0.by)" } ?? "")
            }
        }
        #expect(try open("2026-09-30 00:00") == ["#3 firing"])
        #expect(try open("2026-10-02 07:55") == ["#1 pending"])
        #expect(try open("2026-10-02 08:15") == ["#1 firing"])
        #expect(try open("2026-10-02 08:45") == ["#1 firing acked by giamsat1"])
        #expect(try open("2026-10-03 07:30") == ["#1 recovering acked by giamsat1"])
        #expect(try open("2026-10-03 08:00") == [])
        #expect(try open("2026-10-12 00:30") == ["#2 firing"])
        #expect(try open("2026-10-12 01:30") == ["#2 firing acked by vanhanh"])
        // Alert 4 (critical) is more urgent than 2 while both are open.
        #expect(try open("2026-10-20 03:00") == ["#4 firing", "#2 firing acked by vanhanh"])
    }

    @Test func insideACompactedDayTheLastPointBeforeTheMoment() throws {
        let f = try ReportFixture()
        let moment = t("2026-10-02 10:07")
        let series = f.catalog.series(indicator: "econ.flow", region: "831")!
        func flow() throws -> (Double?, Int64?) {
            let c = try CenterAsOf.read(catalog: f.catalog, store: f.store, at: moment)
            return (c.engine.table[series]?.value, c.engine.table[series]?.time)
        }
        // Every 15 minutes from 1 October: the 137th point (k = 136, 10:00) is 136 mod 7 + 10 = 13.
        let exact = (13.0, t("2026-10-02 10:00"))
        #expect(try flow() == exact)
        var compactor = Compactor(retention: HistoryRetention(), timeZone: ReportFixture.zone)
        _ = try compactor.run(f.store, now: t("2026-11-30 10:00"))
        #expect(try flow() == exact, "read from the day's raw chunk")
        var dropping = Compactor(retention: HistoryRetention(raw: 86_400, hourly: 730 * 86_400), timeZone: ReportFixture.zone)
        _ = try dropping.run(f.store, now: t("2026-11-30 10:00"))
        // Only hours are left: the last hour that ended before the moment, 09:00-10:00, last 09:45 (k = 135): 12.
        #expect(try flow() == (12.0, t("2026-10-02 09:45")))
    }

    /// A whole center's worth of series is read in two halves on two connections: every one is found.
    @Test func manySeriesAreReadInTwoHalvesAndAllFound() throws {
        let dir = TemporaryDirectory("ioc-asof-many")
        let store = try Store(path: dir.file("ioc.sqlite"))
        var batch = Batch()
        batch.observations = (0..<4_100).flatMap { k in
            [Observation(indicator: "x.i\(k)", region: "83", time: 1_000 + Int64(k), value: Double(k)),
             Observation(indicator: "x.i\(k)", region: "83", time: 90_000, value: -1)]
        }
        try store.commit(batch)
        let ids = try store.seriesRows().map(\.id)
        let found = try store.lastValues(ids, atOrBefore: 50_000)
        #expect(found.count == 4_100)
        let byCode = Dictionary(uniqueKeysWithValues: try store.seriesRows().map { ($0.indicator, $0.id) })
        #expect(found[byCode["x.i0"]!]! == (0, 1_000) && found[byCode["x.i4099"]!]! == (4_099, 5_099))
        #expect(try store.lastValues(ids, atOrBefore: 999).isEmpty)
    }

    @Test func theQueryCommandsAnswerAsOfTheMoment() throws {
        let f = try ReportFixture()
        let scope = RegionScope.everything(f.catalog)
        let value = try ValueReport.read(catalog: f.catalog, store: f.store, indicator: "econ.output", region: "83", scope: scope,
                                         now: t("2026-11-30 10:00"), at: t("2026-10-12 00:30"))
        #expect(value.value == 600 && value.status == "ok" && value.at == t("2026-10-12 00:30"))
        #expect(try jsonLine(value).contains("\"at\":\(t("2026-10-12 00:30"))"))
        let live = try ValueReport.read(catalog: f.catalog, store: f.store, indicator: "econ.output", region: "83", scope: scope, now: t("2026-11-30 10:00"))
        #expect(try jsonLine(live).contains("\"at\":null"))
        let alerts = try AlertReport.list(store: f.store, all: false, scope: (scope, f.catalog), at: (t("2026-10-02 08:45"), f.catalog))
        #expect(alerts.map { "\($0.id) \($0.state) \($0.acked_by ?? "-")" } == ["1 firing giamsat1"])
        #expect(throws: CommandProblem.self) { try AlertReport.list(store: f.store, all: true, at: (t("2026-10-02 08:45"), f.catalog)) }
        let status = try StatusReport.read(catalog: f.catalog, store: f.store, now: t("2026-11-30 10:00"), at: t("2026-10-12 00:30"))
        #expect(status.fields.map { "\($0.code) ok \($0.ok) warning \($0.warning)" } == ["econ ok 1 warning 1"])
        #expect(status.alerts.firing == 1 && status.alerts.pending == 0 && status.at == t("2026-10-12 00:30"))
        // Outside the caller's scope: refused, as `ioc value` is.
        let district = RegionScope(codes: ["831"], catalog: f.catalog)
        let refusal = #expect(throws: CommandProblem.self) {
            try ValueReport.read(catalog: f.catalog, store: f.store, indicator: "econ.output", region: "833", scope: district, now: 0)
        }
        #expect(refusal?.exitCode == 77)
    }
}
