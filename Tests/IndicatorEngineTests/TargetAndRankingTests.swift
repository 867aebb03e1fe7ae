import IndicatorEngine
import TestSupport
import Testing

@Suite struct TargetTests {
    let day: Int64 = 86_400
    let start: Int64 = 1_735_689_600 // 2025-01-01

    /// A daily history from `from` rising by `step` a day for `days` days.
    func history(from: Double, step: Double, days: Int) -> [(time: Int64, value: Double)] {
        (0..<days).map { (start + Int64($0) * day, from + step * Double($0)) }
    }

    @Test func aRisingTrendThatReachesTheTargetIsOnTrack() throws {
        let target = Target(value: 100, by: start + 200 * day)
        let h = history(from: 50, step: 0.5, days: 50) // 74.5 after 49 days, +0.5/day
        let a = try #require(target.assess(direction: .higherIsBetter, history: h, now: h.last!.time))
        #expect(a.outlook == .onTrack)
        #expect(abs(a.progress - 0.49) < 1e-9, "halfway from 50 to 100 is 75; 74.5 is 49%")
        #expect(abs(a.projected! - (74.5 + 0.5 * 151)) < 1e-6)
    }

    @Test func aTrendTooSlowForTheDeadlineIsAtRisk() throws {
        let target = Target(value: 100, by: start + 60 * day)
        let h = history(from: 50, step: 0.5, days: 50)
        #expect(target.assess(direction: .higherIsBetter, history: h, now: h.last!.time)?.outlook == .atRisk)
    }

    @Test func lowerIsBetterTargetsAreReachedFromAbove() throws {
        let target = Target(value: 1, by: start + 100 * day) // dropout rate down to 1%
        let falling = history(from: 2, step: -0.02, days: 40)
        let a = try #require(target.assess(direction: .lowerIsBetter, history: falling, now: falling.last!.time))
        #expect(a.outlook == .onTrack)
        let rising = history(from: 2, step: 0.01, days: 40)
        #expect(target.assess(direction: .lowerIsBetter, history: rising, now: rising.last!.time)?.outlook == .atRisk)
        #expect(target.assess(direction: .lowerIsBetter, history: rising, now: rising.last!.time)?.progress == 0)
    }

    @Test func metMissedAndUnknown() {
        let target = Target(value: 100, by: start + 10 * day)
        #expect(target.assess(direction: .higherIsBetter, history: [(start, 100)], now: start)?.outlook == .met)
        #expect(target.assess(direction: .higherIsBetter, history: [(start, 100)], now: start)?.progress == 1)
        #expect(target.assess(direction: .higherIsBetter, history: [(start, 91.5)], now: start)?.outlook == .unknown)
        #expect(target.assess(direction: .higherIsBetter, history: [(start, 91.5)], now: start)?.progress == 0.915)
        let late = history(from: 80, step: 1, days: 5)
        #expect(target.assess(direction: .higherIsBetter, history: late, now: start + 11 * day)?.outlook == .missed)
        #expect(target.assess(direction: .higherIsBetter, history: [], now: start) == nil)
    }
}

@Suite struct RankingTests {
    let catalog = Fixtures.catalog(indicators: [
        Indicator(code: "x.high", name: "H", field: "admin", direction: .higherIsBetter, levels: [.district]),
        Indicator(code: "x.low", name: "L", field: "admin", direction: .lowerIsBetter, levels: [.district]),
    ])

    func regions(_ codes: [String]) -> [RegionID] { codes.map { catalog.regionIndex[$0]! } }

    @Test func ranksByDirectionWithTiesAndMissingValuesLast() {
        let values: [String: Double] = ["831": 5, "838": 9, "28753": 5]
        let among = regions(["831", "838", "28753", "28756"])
        func value(_ s: SeriesID) -> Double? { values[catalog.regions[catalog.region(of: s)].code] }
        let high = catalog.ranking(catalog.indicatorIndex["x.high"]!, among: among, value: value)
        #expect(high.map { catalog.regions[$0.region].code } == ["838", "831", "28753", "28756"])
        #expect(high.map(\.rank) == [1, 2, 2, nil])
        let low = catalog.ranking(catalog.indicatorIndex["x.low"]!, among: among, value: value)
        #expect(low.map { catalog.regions[$0.region].code } == ["831", "28753", "838", "28756"])
        #expect(low.map(\.rank) == [1, 1, 3, nil])
    }

    @Test func districtRankingReadsTheEngineTable() {
        var engine = Engine(catalog: catalog)
        engine.apply([
            Observation(indicator: "x.low", region: "831", time: 1, value: 7),
            Observation(indicator: "x.low", region: "838", time: 1, value: 3),
        ], now: 1)
        let ranking = catalog.districtRanking(catalog.indicatorIndex["x.low"]!, table: engine.table)
        #expect(ranking.map { catalog.regions[$0.region].name } == ["Mỏ Cày Bắc", "Châu Thành"])
        #expect(ranking.map(\.value) == [3, 7])
    }
}
