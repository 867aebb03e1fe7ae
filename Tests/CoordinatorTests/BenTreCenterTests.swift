import Coordinator
import Feeds
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing

let benTre = try! ConfigLoader.load(directory: repositoryRoot.appendingPathComponent("config").path)

@Suite struct BenTreCatalogTests {
    let catalog = benTre.catalog

    @Test func scaleMeetsTheCentersFigures() {
        // The province's ten fields; Châu Thành's center has an eleventh of its own.
        let province = catalog.fields.indices.filter { catalog.isShown(field: $0, at: catalog.rootRegion) }
        #expect(province.count == 10)
        let chauThanh = catalog.regionIndex["831"]!, moCayBac = catalog.regionIndex["838"]!
        #expect(catalog.fields.indices.filter { catalog.isShown(field: $0, at: chauThanh) }.count == 11)
        #expect(catalog.fields.indices.filter { catalog.isShown(field: $0, at: moCayBac) }.count == 10)
        let citizen = catalog.indicatorsByField[catalog.fieldIndex["citizen"]!]
        #expect(!citizen.isEmpty && citizen.allSatisfy { !catalog.isReported($0, at: moCayBac) && catalog.isReported($0, at: chauThanh) })
        #expect(catalog.indicators.count >= 1_000)
        let districts = catalog.children[catalog.rootRegion]
        #expect(districts.count == 9)
        let communes = catalog.regions.filter { $0.level == .commune }
        #expect(communes.count >= 150 && communes.count <= 165, "about 157 communes, wards and towns")
        #expect(catalog.regions.count >= 150)
        // The district centres' scale: 400+ for Châu Thành, 200+ for Mỏ Cày Bắc and Giồng Trôm.
        for (code, needed) in [("831", 400), ("838", 200), ("834", 200)] {
            let district = catalog.regionIndex[code]!
            let reported = catalog.indicators.indices.filter { catalog.isReported($0, at: district) }.count
            #expect(reported >= needed, "\(catalog.regions[district].name): \(reported) indicators at district level")
        }
        #expect(province.map { catalog.fields[$0].key }.sorted() == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
    }

    @Test func everyIndicatorIsComplete() {
        for indicator in catalog.indicators {
            #expect(!indicator.name.isEmpty && !indicator.nameEn.isEmpty, "\(indicator.code) lacks a name")
            #expect(!indicator.unit.isEmpty, "\(indicator.code) lacks a unit")
            #expect(catalog.fieldIndex[indicator.field] != nil)
            #expect(indicator.frequency.seconds > 0)
            if indicator.levels.count > 1 { #expect(indicator.rollup != .none, "\(indicator.code) has no roll-up between its levels") }
            if indicator.rollup == .recompute { #expect(indicator.formula != nil) }
            // Every indicator gets values: from a formula, from the report, or from the simulator's typical value.
            #expect(indicator.formula != nil || !indicator.source.isEmpty || benTre.simulatorHints[indicator.code]?.typical != nil, "\(indicator.code) would never have a value")
        }
        // Formulas resolve: the catalog compiled them, in an order where inputs come first.
        #expect(!catalog.formulaPlan.evaluationOrder.isEmpty)
    }

    @Test func namesAreNFCAndVietnamese() {
        let names = catalog.regions.map(\.name) + catalog.fields.map(\.name) + catalog.indicators.map(\.name)
        for name in names { #expect(name == name.precomposedStringWithCanonicalMapping, "not NFC: \(name)") }
        #expect(catalog.regions.contains { $0.name == "Mỏ Cày Bắc" })
        #expect(catalog.regions.contains { $0.name == "Giồng Trôm" })
        #expect(Set(catalog.regions.map(\.code)).count == catalog.regions.count)
    }
}

@Suite struct SimulatorTests {
    let catalog = benTre.catalog
    let start: Int64 = 1_767_225_600 // 2026-01-01 00:00 UTC: the dry season, when salinity matters

    @Test func aFixedSeedGivesTheSameValuesTwice() {
        var a = Simulator(catalog: catalog, hints: benTre.simulatorHints, seed: 11)
        var b = Simulator(catalog: catalog, hints: benTre.simulatorHints, seed: 11)
        var c = Simulator(catalog: catalog, hints: benTre.simulatorHints, seed: 12)
        for step in 0..<5 {
            let t = start + Int64(step) * 600
            let (x, y, z) = (a.next(now: t), b.next(now: t), c.next(now: t))
            #expect(x == y)
            #expect(x.map(\.value) != z.map(\.value) || x.isEmpty)
        }
    }

    @Test func aSimulatedDayRaisesAlertsAndAStaleStation() {
        var simulator = Simulator(catalog: catalog, hints: benTre.simulatorHints, seed: 1)
        var engine = Engine(catalog: catalog)
        var fired = Set<String>()
        var stale = Set<String>()
        // A minute apart, as live: realtime series go stale after two minutes without a value.
        for step in 0...(24 * 60) {
            let now = start + Int64(step) * 60
            var changes = engine.apply(resolved: simulator.next(now: now), now: now)
            changes.merge(engine.tick(now: now))
            for entry in changes.journal where entry.to == .firing {
                if let alert = engine.alerts.alerts[entry.alert] { fired.insert("\(alert.rule)@\(alert.region)") }
            }
            for change in changes.statuses where change.to == .stale {
                stale.insert(catalog.indicators[catalog.indicator(of: change.series)].code)
            }
        }
        #expect(fired.contains { !$0.hasSuffix(":stale") && !$0.contains(":stale@") }, "no threshold alert fired in a day")
        #expect(!stale.isEmpty, "no station went quiet in a day")
        let byRule = Dictionary(grouping: fired) { $0.split(separator: "@")[0] }.mapValues(\.count).sorted { $0.value > $1.value }
        #expect(fired.count < 150, "an alert storm: \(fired.count): \(byRule.prefix(25))")
    }

    @Test func salinityFollowsTheTideAndTheSeason() {
        let simulator = Simulator(catalog: catalog, hints: benTre.simulatorHints, seed: 1)
        let series = catalog.series(indicator: "agri.salinity.station.ham_luong_an_thuan", region: "83")!
        let dry = (0..<48).map { simulator.value(of: series, at: start + Int64($0) * 1_800) }
        let wet = (0..<48).map { simulator.value(of: series, at: start + 200 * 86_400 + Int64($0) * 1_800) }
        let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(xs.count) }
        #expect(mean(dry) > 2 * mean(wet), "the dry season is saltier")
        #expect(dry.max()! > dry.min()! * 1.3, "the tide moves it within a day")
    }
}

@Suite(.serialized) struct SeedingTests {
    @Test func anEmptyStoreGetsTheReportsFiguresAndAYearOfHistory() throws {
        let dir = TemporaryDirectory("ioc-seed")
        let store = try Store(path: dir.file("ioc.sqlite"))
        let leader = try Leader(catalog: benTre.catalog, store: store)
        let facts = try Facts.load(directory: benTre.directory.path + "/seed", catalog: benTre.catalog)
        let now: Int64 = 1_764_400_000
        let outcome = try Seeder.seed(leader: leader, facts: facts, simulator: Simulator(catalog: benTre.catalog, hints: benTre.simulatorHints, seed: 1), days: 30, now: now)
        #expect(outcome.facts == facts.count)
        #expect(outcome.history > 100_000)
        // The report's figures keep their dates and source.
        let share = try store.history(indicator: "econ.digital_economy_share", region: "83", from: 0, to: now, points: 10_000)
        #expect(share.map(\.value) == [6.31, 6.6, 7.63])
        #expect(try store.current(indicator: "econ.digital_economy_share", region: "83")?.value.value == 7.63)
        // Simulated history is there for the others, and derived ones are computed from it.
        let online = try store.history(indicator: "admin.online_rate", region: "83", from: now - 31 * 86_400, to: now, points: 100)
        #expect(online.count == 30)
        #expect(online.allSatisfy { $0.value > 0 && $0.value <= 100 })
        #expect(try store.current(indicator: "agri.salinity.max", region: "831") != nil, "live values after the history")
    }

    /// A leader filling an empty store does it in steps: each commits its points with how far it
    /// has come (a console shows it), the socket is answered between them (a console attaches at
    /// once instead of waiting out the seeding), and the mark is gone at the end.
    @Test func aLeaderSeedsInStepsFollowersSeeAndAnswersBetweenThem() throws {
        let dir = TemporaryDirectory("ioc-seed")
        let path = dir.file("ioc.sqlite")
        let facts = try Facts.load(directory: benTre.directory.path + "/seed", catalog: benTre.catalog)
        let now: Int64 = 1_764_400_000
        let seed = Seeder.forEmptyStore(facts: facts, simulator: { Simulator(catalog: benTre.catalog, hints: benTre.simulatorHints, seed: 1) },
                                        days: 30, now: { now }, log: { _ in })
        let participant = try Participant(catalog: benTre.catalog, store: try Store(path: path), feed: { nil }, seedEmptyStore: seed)
        defer { participant.resign() }
        let reader = try Store(path: path, readOnly: true)
        let client = try CommandSocketTests.RawClient(CommandSocket.path(store: path))
        var request = try JSONEncoder().encode(CommandRequest(.whoami))
        request.append(UInt8(ascii: "\n"))
        client.send(Array(request))
        var marks: [Int64?] = []
        var answeredAt: Int?
        for poll in 0..<1_000 {
            _ = try participant.poll(nowMs: now * 1000)
            marks.append(try reader.seeding())
            if answeredAt == nil, !client.lines().isEmpty { answeredAt = poll }
            if marks.last! == nil { break }
        }
        let during = marks.compactMap { $0 }
        #expect(during.first == 0, "the mark comes first")
        #expect(Set(during).count >= 3, "several steps, each with its progress: \(during)")
        #expect(during == during.sorted(), "progress only grows")
        #expect(during.allSatisfy { $0 < SeedingMark.finished })
        #expect(marks.last! == nil, "the mark is gone once seeded")
        let answered = try #require(answeredAt, "the socket was answered")
        #expect(answered < during.count - 1, "answered while seeding, not after")
        #expect(try reader.current(indicator: "agri.salinity.max", region: "831") != nil, "live values at the end")
    }

    /// A leader that dies midway leaves the mark; the next one seeds again and finishes.
    @Test func aSeedingLeftUnfinishedIsDoneAgainByTheNextLeader() throws {
        let dir = TemporaryDirectory("ioc-seed")
        let path = dir.file("ioc.sqlite")
        let now: Int64 = 1_764_400_000
        let simulator = { Simulator(catalog: benTre.catalog, hints: benTre.simulatorHints, seed: 1) }
        do {
            let first = try Participant(catalog: benTre.catalog, store: try Store(path: path), feed: { nil },
                                        seedEmptyStore: Seeder.forEmptyStore(facts: [], simulator: simulator, days: 30, now: { now }, log: { _ in }))
            for _ in 0..<3 { _ = try first.poll(nowMs: now * 1000) }
            first.resign()
        }
        let reader = try Store(path: path, readOnly: true)
        let left = try #require(try reader.seeding(), "the first leader left its mark")
        #expect(left > 0 && left < SeedingMark.finished)
        #expect(try reader.current(indicator: "agri.salinity.max", region: "831") == nil)
        let second = try Participant(catalog: benTre.catalog, store: try Store(path: path), feed: { nil },
                                     seedEmptyStore: Seeder.forEmptyStore(facts: [], simulator: simulator, days: 30, now: { now }, log: { _ in }))
        defer { second.resign() }
        for _ in 0..<1_000 where try reader.seeding() != nil { _ = try second.poll(nowMs: now * 1000) }
        #expect(try reader.seeding() == nil)
        #expect(try reader.current(indicator: "agri.salinity.max", region: "831") != nil, "finished by the second leader")
    }
}
