import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing

func batch(observations: [Observation] = [], current: [CurrentRow] = []) -> Batch {
    var b = Batch()
    b.observations = observations
    b.current = current
    return b
}

@Suite struct StoreTests {
    @Test func migratesAnEmptyFileAndReopensIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("nested/ioc.sqlite")
        var row: Int64 = 0
        do {
            let store = try Store(path: path)
            #expect(try store.sequence() == 0)
            row = try store.seriesIDs([("admin.overdue", "83")])[0]
            try store.commit(batch(
                observations: [Observation(indicator: "admin.overdue", region: "83", time: 100, value: 12, source: "test")],
                current: [CurrentRow(series: row, value: CurrentValue(value: 12, time: 100, status: .ok), reported: 12, reportedTime: 100)]))
        }
        let reopened = try Store(path: path)
        #expect(try reopened.sequence() == 1)
        #expect(try reopened.loadCurrent() == [CurrentRow(series: row, value: CurrentValue(value: 12, time: 100, status: .ok),
                                                          reported: 12, reportedTime: 100, sequence: 1)])
        #expect(try reopened.current(indicator: "admin.overdue", region: "83")?.value.value == 12, "the command line reads it by codes")
        #expect(try reopened.integrityProblems() == [])
    }

    /// Connections opening one new store at the same moment (as a console and the leader it
    /// starts do) all open it: the one that loses a migration to another reads again and goes on.
    @Test func storesOpenedTogetherOnANewFileAllOpen() throws {
        for _ in 0..<8 {
            let dir = TemporaryDirectory()
            let path = dir.file("ioc.sqlite")
            final class Outcomes: @unchecked Sendable {
                let lock = NSLock()
                var all: [String] = []
                func add(_ outcome: String) { lock.withLock { all.append(outcome) } }
            }
            let outcomes = Outcomes()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    _ = try Store(path: path)
                    outcomes.add("opened")
                } catch {
                    outcomes.add("\(error)")
                }
            }
            #expect(outcomes.all == Array(repeating: "opened", count: 4))
            #expect(try Store(path: path).integrityProblems() == [])
        }
    }

    @Test func anInMemoryStoreWorksLikeAFileOne() throws {
        let store = try Store.inMemory()
        try store.commit(batch(observations: (0..<10).map { Observation(indicator: "agri.salinity.max", region: "831", time: 100 + Int64($0), value: Double($0)) }))
        #expect(try store.sequence() == 1)
        #expect(try store.observationCount() == 10)
        #expect(try store.history(indicator: "agri.salinity.max", region: "831", from: 100, to: 110, points: 1).first?.value == 4.5)
        try store.enqueueIntake([Observation(indicator: "admin.overdue", region: "83", time: 5, value: 1)])
        #expect(try store.pendingIntake().count == 1)
    }

    @Test func databaseErrorsComeBackAsTheStoresOwn() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("ioc.sqlite")
        try Data("this is not a database, it only has the name of one".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try Store(path: path) } throws: { error in
            guard let error = error as? StoreError, case let .cannotOpen(at, reason) = error else { return false }
            return at == path && !reason.isEmpty
        }
    }

    @Test func writingTheSameObservationTwiceStoresItOnce() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let observations = (0..<50).map { Observation(indicator: "agri.salinity.max", region: "831", time: Int64($0), value: Double($0)) }
        try store.commit(batch(observations: observations))
        try store.commit(batch(observations: observations))
        #expect(try store.observationCount() == 50)
        #expect(try store.sequence() == 2)
    }

    @Test func latestValuesAreUpdatedInPlaceAndFollowersReadOnlyWhatChanged() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let rows = try store.seriesIDs([("env.aqi", "83"), ("env.pm25", "83")])
        try store.commit(batch(current: [CurrentRow(series: rows[0], value: CurrentValue(value: 80, time: 1, status: .ok))]))
        try store.commit(batch(current: [CurrentRow(series: rows[1], value: CurrentValue(value: 20, time: 1, status: .ok))]))
        try store.commit(batch(current: [CurrentRow(series: rows[0], value: CurrentValue(value: 160, time: 2, status: .critical))]))
        let current = try store.loadCurrent()
        #expect(current.count == 2)
        #expect(current.first { $0.series == rows[0] }?.value.status == .critical)
        let changes = try store.changes(since: 2)
        #expect(changes.sequence == 3)
        #expect(changes.current.map(\.series) == [rows[0]])
        #expect(try store.changes(since: 3).current.isEmpty)
    }

    @Test func aSeriesThatLostItsValueIsStoredWithoutOne() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let row = try store.seriesIDs([("x", "83")])[0]
        try store.commit(batch(current: [CurrentRow(series: row, value: CurrentValue(value: .nan, time: 0, status: .nodata))]))
        #expect(try store.loadCurrent().first?.value.value.isNaN == true)
    }

    @Test func alertsAndTheirJournalRoundTrip() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        var alert = Alert(id: 7, rule: "agri.salinity.max", kind: .threshold, series: SeriesID(raw: 3), indicator: "agri.salinity.max",
                          region: "831", severity: .critical, state: .firing, activeAt: 100, since: 160, firedAt: 160, value: 9.5)
        alert.acknowledged = Acknowledgement(by: "lan", at: 170, note: "đã báo trạm")
        alert.silencedBy = [2, 5]
        var b = Batch()
        b.alerts = [alert]
        b.journal = [JournalEntry(alert: 7, time: 160, actor: "engine", action: "firing", from: .pending, to: .firing, reason: "held")]
        try store.commit(b)
        let stored = try #require(try store.alert(id: 7))
        #expect(stored.alert(series: SeriesID(raw: 3)) == alert)
        #expect(try store.journal(alert: 7).map(\.to) == [.firing])
        #expect(try store.alerts().map(\.id) == [7])
        #expect(try store.maxAlertID() == 7)
    }

    @Test func queuesCarryIntakeAndActionsToTheLeader() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let last = try store.enqueueIntake([
            Observation(indicator: "a", region: "83", time: 1, value: 1),
            Observation(indicator: "b", region: "83", time: 2, value: 2),
        ])
        #expect(try store.pendingIntake().map(\.observation.indicator) == ["a", "b"])
        var b = Batch()
        b.intakeThrough = last
        try store.commit(b)
        #expect(try store.pendingIntake().isEmpty)
        #expect(try store.intakeApplied() == last)

        // An answered request is kept by its id, so a retry is answered from it.
        #expect(try store.request(id: "r-1") == nil)
        var done = Batch()
        let outcome = RequestOutcome(request: "r-1", time: 5, user: "lan", uid: 1001, role: "operator", kind: "ack", target: "alert 3",
                                     note: "ok", status: .applied, result: "acknowledged")
        done.requests = [outcome]
        try store.commit(done)
        #expect(try store.request(id: "r-1") == outcome)
        // Recorded again (a retry answered twice in one step), the first answer stays, as on
        // PostgreSQL (the shared suite in IndicatorStorePostgresTests holds both to it).
        var again = Batch()
        var second = outcome
        second.note = "again"
        again.requests = [second]
        try store.commit(again)
        #expect(try store.request(id: "r-1") == outcome, "the same request id is recorded once")
    }

    @Test func anUnopenableFileIsAClearError() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("not-a-db.sqlite")
        try Data("this is not sqlite, just text that fills the header page".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try Store(path: path)
        } throws: { error in
            "\(error)".contains("cannot open the store at \(path)")
        }
    }
}

@Suite struct HistoryAndRetentionTests {
    let utc = TimeZone(identifier: "UTC")!
    let day: Int64 = 86_400
    let start: Int64 = 1_735_689_600 // 2025-01-01 00:00 UTC

    func hourly(_ store: Store, days: Int) throws {
        let observations = (0..<(days * 24)).map {
            Observation(indicator: "env.aqi", region: "83", time: start + Int64($0) * 3_600, value: Double($0 % 24))
        }
        try store.commit(batch(observations: observations))
    }

    @Test func historyIsDownsampledToBucketMeans() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        try hourly(store, days: 2)
        let points = try store.history(indicator: "env.aqi", region: "83", from: start, to: start + 2 * day, points: 4)
        #expect(points.map(\.time) == [start, start + day / 2, start + day, start + 3 * day / 2])
        #expect(points.map(\.value) == [5.5, 17.5, 5.5, 17.5])
        #expect(points.map(\.count) == [12, 12, 12, 12])
        #expect(try store.history(indicator: "env.aqi", region: "83", from: start, to: start + 2 * day, points: 100).count == 48)
        #expect(try store.history(indicator: "env.aqi", region: "999", from: start, to: start + day, points: 4).isEmpty)
    }
}

@Suite struct SeriesDirectoryTests {
    @Test func aSeriesGetsOneRowForEveryProcessAndEveryLookup() throws {
        let dir = TemporaryDirectory()
        let catalog = Fixtures.catalog()
        let a = catalog.series(indicator: "agri.salinity.max", region: "831")!, b = catalog.series(indicator: "admin.overdue", region: "83")!
        let first = SeriesDirectory(catalog: catalog, store: try Store(path: dir.file("ioc.sqlite")))
        let rows = try first.rows([a, b, a])
        #expect(rows[0] == rows[2] && rows[0] != rows[1] && rows.allSatisfy { $0 > 0 })
        // Another process (another store connection, another directory) finds the same rows.
        let second = SeriesDirectory(catalog: catalog, store: try Store(path: dir.file("ioc.sqlite")))
        #expect(try second.rows([b, a]) == [rows[1], rows[0]])
        #expect(try second.resolved([Sample(series: a, time: 5, value: 1.5, nanos: 7)]).map(\.series) == [rows[0]])
    }
}
