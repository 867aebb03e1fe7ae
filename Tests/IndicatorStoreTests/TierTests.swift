import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing

/// Compaction, tiers and retention against a real SQLite file.
@Suite struct TierTests {
    let utc = TimeZone(identifier: "UTC")!
    let day: Int64 = 86_400
    let start: Int64 = 1_735_689_600 // 2025-01-01 00:00 UTC

    /// Every 10 minutes for `days` days: two decimals, a source that changes on the second day.
    func written(days: Int, indicator: String = "env.aqi", region: String = "83") -> [Observation] {
        var all: [Observation] = []
        for k in 0..<(days * 144) {
            let value = Double((k * 37) % 2_000) / 100
            let time = start + Int64(k) * 600
            all.append(Observation(indicator: indicator, region: region, time: time, value: value,
                                   source: k < 144 ? "simulator" : "ingest:late.csv"))
        }
        return all
    }

    func compact(_ store: Store, at now: Int64, retention: HistoryRetention = HistoryRetention()) throws -> CompactionReport {
        var compactor = Compactor(retention: retention, timeZone: utc)
        return try compactor.run(store, now: now)
    }

    func stored(_ store: Store, _ from: Int64, _ to: Int64) throws -> [StoredObservation] {
        try store.observations(indicator: "env.aqi", region: "83", from: from, to: to)
    }

    func expected(_ observations: [Observation]) -> [StoredObservation] {
        observations.map { StoredObservation(time: $0.time, value: $0.value, source: $0.source) }
    }

    @Test func compactedDaysReadBackExactlyWhatWasWritten() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let all = written(days: 3)
        try store.commit(batch(observations: all))
        // Noon of the third day: the first two days are compacted, the third stays rows.
        let report = try compact(store, at: start + 2 * day + day / 2)
        #expect(report.rowsCompacted == 288)
        #expect(report.chunksWritten == 2)
        let sizes = try store.tierSizes()
        #expect(sizes.rows == 144)
        #expect(sizes.rawDays == 2 && sizes.rawObservations == 288)
        #expect(try store.observationCount() == 432)
        #expect(try stored(store, start, start + 3 * day) == expected(all))
        // A range that starts and ends inside chunks, spanning a chunk and rows.
        #expect(try stored(store, start + day + 3_000, start + 2 * day + 7_200) == expected(all.filter {
            $0.time >= start + day + 3_000 && $0.time < start + 2 * day + 7_200
        }))
        #expect(try compact(store, at: start + 2 * day + day / 2).isEmpty, "a second pass finds nothing")
    }

    @Test func chartsReadTheSameFromTiersAsFromRows() throws {
        let dir = TemporaryDirectory()
        let rows = try Store(path: dir.file("rows.sqlite"))
        let tiers = try Store(path: dir.file("tiers.sqlite"))
        let all = written(days: 10)
        try rows.commit(batch(observations: all))
        try tiers.commit(batch(observations: all))
        _ = try compact(tiers, at: start + 9 * day + 7_200)
        #expect(try tiers.tierSizes().rows == 144)
        // Widths of days (daily tier), hours (hourly), minutes (raw), with edges inside days.
        for (from, to, points) in [(start, start + 10 * day, 10), (start, start + 10 * day, 60), (start + 3_600, start + 9 * day + 1_800, 240),
                                   (start + day / 3, start + 2 * day, 1_000), (start - day, start + 11 * day, 3)] {
            let a = try rows.history(indicator: "env.aqi", region: "83", from: from, to: to, points: points)
            let b = try tiers.history(indicator: "env.aqi", region: "83", from: from, to: to, points: points)
            #expect(a.map(\.time) == b.map(\.time), "\(from)-\(to) in \(points)")
            #expect(a.map(\.count) == b.map(\.count), "\(from)-\(to) in \(points)")
            for (x, y) in zip(a, b) { #expect(abs(x.value - y.value) < 1e-9, "\(x) vs \(y)") }
        }
    }

    @Test func reIngestingACompactedDayIsIdempotentAndALaterValueWins() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let all = written(days: 2)
        try store.commit(batch(observations: all))
        let now = start + 2 * day + 7_200
        _ = try compact(store, at: now)
        let before = try store.tierSizes()
        // The same file again: rows that compaction merges into the same chunks.
        try store.commit(batch(observations: all))
        let again = try compact(store, at: now)
        #expect(again.chunksMerged == 2 && again.chunksWritten == 0)
        #expect(try stored(store, start, start + 2 * day) == expected(all))
        #expect(try store.observationCount() == all.count)
        #expect(try store.tierSizes().rawBytes == before.rawBytes)
        // A corrected value for one second of the first day.
        var fixed = all[10]
        fixed.value = 99.5
        fixed.source = "correction"
        try store.commit(batch(observations: [fixed]))
        #expect(try stored(store, fixed.time, fixed.time + 1) == expected([fixed]), "read before compaction: the row wins")
        _ = try compact(store, at: now)
        #expect(try stored(store, fixed.time, fixed.time + 1) == expected([fixed]))
        #expect(try store.observationCount() == all.count)
    }

    @Test func retentionDropsExactlyWhatIsOlderThanEachTier() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        try store.commit(batch(observations: written(days: 8)))
        let retention = HistoryRetention(raw: 2 * day, hourly: 4 * day, daily: 6 * day)
        let now = start + 8 * day + 7_200
        let report = try compact(store, at: now, retention: retention)
        #expect(report.rowsDropped == 2 * 144, "days 0 and 1 ended more than 6 days ago")
        let sizes = try store.tierSizes()
        // Day k ends at start + (k+1)d; a tier keeping t holds it while that is after now - t.
        #expect(sizes.rawDays == 2, "days 6 and 7")
        #expect(sizes.hourlyDays == 4, "days 4 to 7")
        #expect(sizes.dailyDays == 6, "days 2 to 7")
        #expect(try stored(store, start, start + 6 * day).isEmpty)
        #expect(try stored(store, start + 6 * day, start + 8 * day).count == 288)
        // Day 3 still draws from its daily aggregate, day 5 from its hours.
        let daily = try store.history(indicator: "env.aqi", region: "83", from: start + 3 * day, to: start + 4 * day, points: 1)
        #expect(daily.map(\.count) == [144])
        let hours = try store.history(indicator: "env.aqi", region: "83", from: start + 5 * day, to: start + 6 * day, points: 24)
        #expect(hours.count == 24 && hours.allSatisfy { $0.count == 6 })
        #expect(try store.history(indicator: "env.aqi", region: "83", from: start, to: start + 2 * day, points: 2).isEmpty)
        // The same time later: one more day leaves each tier.
        let later = try compact(store, at: now + day, retention: retention)
        #expect(later.rawDropped == 1 && later.hourlyDropped == 1 && later.dailyDropped == 1)
    }

    @Test func aFigureResentForADayPastTheRawTierReplacesItself() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        // A yearly figure from a report, two years back, then corrected.
        let fact = Observation(indicator: "econ.grdp", region: "83", time: start - 700 * day + 3_600, value: 6.31, source: "report")
        try store.commit(batch(observations: [fact]))
        _ = try compact(store, at: start)
        var corrected = fact
        corrected.value = 6.4
        try store.commit(batch(observations: [corrected]))
        _ = try compact(store, at: start)
        let kept = try store.history(indicator: "econ.grdp", region: "83", from: fact.time - day, to: fact.time + day, points: 1)
        #expect(kept.map(\.value) == [6.4])
        #expect(kept.map(\.count) == [1])
        #expect(try store.tierSizes().rawDays == 0, "past the raw tier, only aggregates keep it")
    }

    @Test func sparseDaysStayRowsUntilTheyFillUp() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        // A daily figure for 30 days: as rows it is already as small as it gets.
        let daily = (0..<30).map { Observation(indicator: "env.aqi", region: "83", time: start + Int64($0) * day + 43_200, value: Double($0)) }
        try store.commit(batch(observations: daily))
        var compactor = Compactor(retention: HistoryRetention(), timeZone: utc)
        let now = start + 31 * day
        #expect(try compactor.run(store, now: now).rowsCompacted == 0)
        #expect(try store.tierSizes().rows == 30 && store.tierSizes().dailyDays == 0)
        // Day 5 fills up with late values: the next full pass compacts it, and only it.
        let busy = (1...30).map { Observation(indicator: "env.aqi", region: "83", time: start + 5 * day + Int64($0) * 600, value: 1) }
        try store.commit(batch(observations: busy))
        #expect(try compactor.run(store, now: now + day).rowsCompacted == 31)
        #expect(try store.tierSizes().rows == 29 && store.tierSizes().dailyDays == 1)
        #expect(try stored(store, start, now).count == 60)
        // A day that just ended is compacted by the next pass, full or not.
        let yesterday = (0..<100).map { Observation(indicator: "env.aqi", region: "83", time: now + day + Int64($0) * 600, value: 2) }
        try store.commit(batch(observations: yesterday))
        #expect(try compactor.run(store, now: now + 2 * day + 7_200).rowsCompacted == 100)
    }
}
