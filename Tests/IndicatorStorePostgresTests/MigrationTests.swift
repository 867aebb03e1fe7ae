import Foundation
import IndicatorEngine
import IndicatorStore
import IndicatorStorePostgres
import TestSupport
import Testing

/// `ioc migrate`: a SQLite store with rows, compacted days, alerts, journal, silences, audit and
/// requests copied into an empty PostgreSQL database gives the same counts and the same answers.
@Suite struct MigrationTests {
    let now: Int64 = 1_796_000_000

    func sqliteCenter(_ dir: TemporaryDirectory) throws -> Store {
        let store = try Store(path: dir.file("ioc.sqlite"))
        var history = Batch()
        for (indicator, region) in [("agri.salinity.max", "831"), ("agri.salinity.max", "838"), ("admin.overdue", "83")] {
            history.observations += stride(from: now - 12 * 86_400, to: now, by: 600).map {
                Observation(indicator: indicator, region: region, time: $0, value: Double($0 % 97) / 10, source: "feed")
            }
        }
        try store.commit(history)
        let ids = try store.seriesIDs([("agri.salinity.max", "831"), ("admin.overdue", "83")])
        var state = Batch()
        state.current = [CurrentRow(series: ids[0], value: CurrentValue(value: 9.1, time: now - 60, status: .critical), reported: 9.1, reportedTime: now - 60),
                         CurrentRow(series: ids[1], value: CurrentValue(value: 12, time: now - 60, status: .ok))]
        var firing = Alert(id: 7, rule: "agri.salinity.max", kind: .threshold, series: SeriesID(raw: -1), indicator: "agri.salinity.max", region: "831",
                           severity: .critical, state: .firing, activeAt: now - 900, since: now - 300, firedAt: now - 300, value: 9.1)
        firing.acknowledged = Acknowledgement(by: "lan", at: now - 100, note: "pump on")
        var resolved = firing
        resolved.id = 3
        resolved.state = .resolved
        resolved.acknowledged = nil
        state.alerts = [resolved, firing]
        state.journal = [JournalEntry(alert: 7, time: now - 300, actor: "engine", action: "transition", from: .pending, to: .firing, reason: "9.1 > 8"),
                         JournalEntry(alert: 7, time: now - 100, actor: "lan", action: "ack", from: nil, to: nil, reason: "pump on")]
        state.silences = [Silence(id: 1, indicator: "admin.overdue", start: now - 7_200, end: now - 3_600, createdBy: "hoa", comment: "over"),
                          Silence(id: 2, region: "838", start: now, end: now + 3_600, createdBy: "hoa", comment: "works")]
        state.audit = [AuditEntry(time: now - 100, user: "lan", uid: 1001, role: "operator", action: "ack", target: "#7", detail: "pump on", origin: "10.0.0.5 (claimed)")]
        state.requests = [RequestOutcome(request: "r-1", time: now - 100, user: "lan", uid: 1001, role: "operator", kind: "ack", target: "#7",
                                         note: "pump on", status: .applied, result: "acknowledged")]
        try store.commit(state)
        // Observations queued for a leader that has not applied them.
        try store.enqueueIntake([Observation(indicator: "admin.overdue", region: "831", time: now - 30, value: 4)])
        // Days before the last two become compacted series-days.
        var compactor = Compactor(retention: HistoryRetention(), timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)
        _ = try compactor.run(store, now: now)
        return store
    }

    @Test func aSeededSQLiteStoreMovesWholeIntoPostgreSQL() throws {
        let dir = TemporaryDirectory("ioc-migrate")
        let source = try sqliteCenter(dir)
        let counts = try source.tableCounts()
        #expect(counts["chunks"]! > 0 && counts["observations"]! > 0, "both rows and compacted days: \(counts)")
        let cluster = try PostgresCluster.shared.get()
        let url = try PostgresURL.parse(try cluster.database().url)
        let target = try PostgresStore.open(url, now: now)
        defer { target.close() }
        var lines: [String] = []
        let copied = try target.copy(from: source) { lines.append($0) }
        #expect(copied.allSatisfy { $0.sqlite == $0.postgres }, "\(copied)")
        #expect(copied.map(\.table) == Store.copiedTables)
        #expect(lines.contains("series: 3"))

        #expect(try target.observationCount() == source.observationCount())
        #expect(try target.sequence() == source.sequence())
        for (indicator, region) in [("agri.salinity.max", "831"), ("admin.overdue", "83")] {
            let theirs = try source.observations(indicator: indicator, region: region, from: now - 30 * 86_400, to: now)
            let ours = try target.observations(indicator: indicator, region: region, from: now - 30 * 86_400, to: now)
            #expect(ours == theirs && ours.count == 12 * 144, "\(indicator) in \(region): \(ours.count) against \(theirs.count)")
        }
        #expect(try target.alerts(all: true).map(\.alert) == source.alerts(all: true).map(\.alert))
        #expect(try target.journal(alert: 7) == source.journal(alert: 7))
        #expect(try target.silences(activeAt: 0) == source.silences(activeAt: 0))
        #expect(try target.auditTrail() == source.auditTrail())
        #expect(try target.loadCurrent().map(\.series) == source.loadCurrent().map(\.series).sorted())
        #expect(try target.current(indicator: "agri.salinity.max", region: "831")?.value.value == 9.1)
        #expect(try target.pendingIntake(after: 0, limit: 10).map(\.observation) == source.pendingIntake(after: 0, limit: 10).map(\.observation))
        #expect(try target.enqueueIntake([Observation(indicator: "admin.overdue", region: "838", time: now, value: 1)])
                    > source.pendingIntake(after: 0, limit: 10).last!.id, "new intake rows come after the copied ones")
        // A series made after the copy takes an id the copy did not use.
        let next = try target.seriesIDs([("new.indicator", "83")])[0]
        #expect(next > 3)

        do { _ = try target.copy(from: source); Issue.record("copied into a database that holds a center") } catch {
            #expect("\(error)".contains("already holds a center"), "\(error)")
        }
    }
}
