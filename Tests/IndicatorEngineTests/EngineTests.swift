import IndicatorEngine
import TestSupport
import Testing

@Suite struct StatusTests {
    let catalog = Fixtures.catalog()

    func observe(_ engine: inout Engine, _ code: String, _ region: String, _ value: Double, at time: Int64) -> ChangeSet {
        engine.apply([Observation(indicator: code, region: region, time: time, value: value)], now: time)
    }

    func status(_ engine: Engine, _ code: String, _ region: String = "83") -> SeriesStatus {
        engine.table.status(catalog.series(indicator: code, region: region)!)
    }

    @Test func thresholdsAreComparedByDirection() {
        var engine = Engine(catalog: catalog)
        var clock = FakeClock()
        _ = observe(&engine, "admin.online_rate", "83", 70, at: clock.now)
        #expect(status(engine, "admin.online_rate") == .ok)
        clock.advance(1)
        _ = observe(&engine, "admin.online_rate", "83", 55, at: clock.now)
        #expect(status(engine, "admin.online_rate") == .warning)
        clock.advance(1)
        _ = observe(&engine, "admin.online_rate", "83", 40, at: clock.now)
        #expect(status(engine, "admin.online_rate") == .critical)
        clock.advance(1)
        _ = observe(&engine, "agri.salinity.max", "83", 9, at: clock.now)
        #expect(status(engine, "agri.salinity.max") == .critical)
    }

    @Test func neutralIndicatorsBreachOnBothSides() {
        var engine = Engine(catalog: catalog)
        _ = observe(&engine, "agri.water_level", "83", 170, at: 1)
        #expect(status(engine, "agri.water_level") == .warning)
        _ = observe(&engine, "agri.water_level", "83", -170, at: 2)
        #expect(status(engine, "agri.water_level") == .critical)
        _ = observe(&engine, "agri.water_level", "83", 0, at: 3)
        #expect(status(engine, "agri.water_level") == .ok)
    }

    @Test func aValueInsideTheClearMarginKeepsTheBreach() {
        var engine = Engine(catalog: catalog)
        // Salinity: warning above 4 with a clear margin of 0.3.
        _ = observe(&engine, "agri.salinity.max", "83", 4.2, at: 1)
        #expect(status(engine, "agri.salinity.max") == .warning)
        _ = observe(&engine, "agri.salinity.max", "83", 3.9, at: 2)
        #expect(status(engine, "agri.salinity.max") == .warning, "3.9 is inside the margin 4 - 0.3")
        _ = observe(&engine, "agri.salinity.max", "83", 3.6, at: 3)
        #expect(status(engine, "agri.salinity.max") == .ok)
        _ = observe(&engine, "agri.salinity.max", "83", 3.9, at: 4)
        #expect(status(engine, "agri.salinity.max") == .ok, "3.9 does not breach from ok")
    }

    @Test func statusChangesAreReportedOnce() {
        var engine = Engine(catalog: catalog)
        let series = catalog.series(indicator: "agri.salinity.max", region: "83")!
        let first = observe(&engine, "agri.salinity.max", "83", 5, at: 1)
        #expect(first.values == [series])
        #expect(first.statuses == [StatusChange(series: series, from: .nodata, to: .warning)])
        let second = observe(&engine, "agri.salinity.max", "83", 5.5, at: 2)
        #expect(second.statuses.isEmpty)
    }

    @Test func olderObservationsDoNotReplaceTheLatest() {
        var engine = Engine(catalog: catalog)
        _ = observe(&engine, "admin.overdue", "83", 10, at: 100)
        let late = observe(&engine, "admin.overdue", "83", 99, at: 50)
        #expect(late.isEmpty)
        #expect(engine.table[catalog.series(indicator: "admin.overdue", region: "83")!]?.value == 10)
    }

    @Test func unknownCodesAndNonFiniteValuesAreIgnored() {
        var engine = Engine(catalog: catalog)
        let changes = engine.apply([
            Observation(indicator: "nope", region: "83", time: 1, value: 1),
            Observation(indicator: "admin.overdue", region: "00", time: 1, value: 1),
            Observation(indicator: "admin.overdue", region: "83", time: 1, value: .nan),
        ], now: 1)
        #expect(changes.isEmpty)
    }

    @Test func aSeriesGoesStaleWithoutNewValuesAndRecovers() {
        var engine = Engine(catalog: catalog)
        var clock = FakeClock()
        // Salinity is realtime (60 s): stale after 120 s.
        _ = observe(&engine, "agri.salinity.max", "83", 2, at: clock.now)
        clock.advance(120)
        #expect(engine.tick(now: clock.now).isEmpty)
        clock.advance(1)
        let changes = engine.tick(now: clock.now)
        #expect(changes.statuses.map(\.to) == [.stale])
        #expect(status(engine, "agri.salinity.max") == .stale)
        _ = observe(&engine, "agri.salinity.max", "83", 2, at: clock.now)
        #expect(status(engine, "agri.salinity.max") == .ok)
    }

    @Test func fieldSummaryCountsStatusesAndScore() {
        var engine = Engine(catalog: catalog)
        _ = observe(&engine, "admin.online_rate", "83", 70, at: 1)
        _ = observe(&engine, "admin.overdue", "83", 60, at: 1)
        let summaries = catalog.fieldSummaries(region: catalog.rootRegion) { engine.table.status($0) }
        #expect(summaries.map(\.field) == ["admin", "agri"])
        #expect(summaries[0].indicators == 2)
        #expect(summaries[0].ok == 1)
        #expect(summaries[0].critical == 1)
        #expect(summaries[0].score == 50)
        #expect(summaries[1].nodata == 2)
        #expect(summaries[1].score == 0)
        // A commune reports only salinity: its agri field has one indicator, admin none.
        let commune = catalog.regionIndex["28753"]!
        let communeSummaries = catalog.fieldSummaries(region: commune) { engine.table.status($0) }
        #expect(communeSummaries.map(\.indicators) == [0, 1])
        #expect(communeSummaries[0].score == nil)
    }

    @Test func restoredValuesAreNotNews() {
        var engine = Engine(catalog: catalog)
        let series = catalog.series(indicator: "admin.overdue", region: "83")!
        engine.restore(series, CurrentValue(value: 30, time: 10, status: .warning))
        #expect(engine.table[series] == CurrentValue(value: 30, time: 10, status: .warning))
        // Hysteresis continues from the restored status: 19 is inside the margin of 20 - 2.
        _ = observe(&engine, "admin.overdue", "83", 19, at: 11)
        #expect(engine.table.status(series) == .warning)
    }

    @Test func recentValuesKeepTheNewestInOrderAcrossTheRing() {
        var engine = Engine(catalog: catalog)
        let series = catalog.series(indicator: "admin.overdue", region: "83")!
        let total = SeriesTable.recentCapacity + 5
        for n in 0..<total {
            _ = observe(&engine, "admin.overdue", "83", Double(n), at: Int64(n + 1))
        }
        let recent = engine.table.recentValues(series)
        #expect(recent.count == SeriesTable.recentCapacity)
        #expect(recent.first == 5)
        #expect(recent.last == Double(total - 1))
        #expect(recent == recent.sorted())
        #expect(engine.table.recentValues(catalog.series(indicator: "admin.overdue", region: "831")!) == [])
    }
}
