import Foundation
import IndicatorEngine
import IndicatorStore
import IndicatorStorePostgres
import TestSupport
import Testing

/// The two store backends, each fresh: a SQLite file in a temporary folder, or a new database in
/// this test process's private PostgreSQL cluster (initdb in a temporary folder, a Unix socket,
/// no TCP). `commit` is each one's leader write (PostgreSQL's under a leadership epoch).
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    func make() throws -> (store: any LeaderStore, commit: (Batch) throws -> Int64, keep: Any) {
        switch self {
        case .sqlite:
            let dir = TemporaryDirectory("ioc-backend")
            let store = try Store(path: dir.file("ioc.sqlite"))
            return (store, { try store.commit($0) }, dir)
        case .postgres:
            let cluster = try PostgresCluster.shared.get()
            let url = try PostgresURL.parse(try cluster.database().url)
            let store = try PostgresStore.open(url)
            let lead = try #require(try PostgresLeadership.tryLead(url, holder: "test"))
            return (store, { try store.commit($0, epoch: lead.epoch) }, lead)
        }
    }
}

/// The store's own behaviour, the same on both backends.
@Suite struct StoreBackendTests {
    let now: Int64 = 1_796_000_000

    func alert(_ id: Int64, state: AlertState, acked: String? = nil) -> Alert {
        var a = Alert(id: id, rule: "agri.salinity.max", kind: .threshold, series: SeriesID(raw: -1), indicator: "agri.salinity.max", region: "831",
                      severity: .critical, state: state, activeAt: now - 600, since: now - 60, firedAt: now - 60, value: 9.5)
        if let acked { a.acknowledged = Acknowledgement(by: acked, at: now, note: "pump on") }
        a.silencedBy = [3, 4]
        return a
    }

    @Test(arguments: Backend.allCases)
    func aCommitIsReadBackWholeAndFollowersGetOnlyWhatIsNewer(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        #expect(try store.sequence() == 0)
        let ids = try store.seriesIDs([("agri.salinity.max", "831"), ("agri.salinity.max", "83")])
        #expect(ids.count == 2 && ids[0] != ids[1] && ids.allSatisfy { $0 > 0 })
        #expect(try store.seriesIDs([("agri.salinity.max", "83")]) == [ids[1]], "an existing series keeps its id")

        var first = Batch()
        first.observations = [Observation(indicator: "agri.salinity.max", region: "831", time: now - 120, value: 3.5, source: "sensor"),
                              Observation(indicator: "admin.overdue", region: "83", time: now - 120, value: 7)]
        first.resolved = [(series: ids[0], time: now - 60, value: 9.5, nanos: 0)]
        first.resolvedSource = "feed"
        first.current = [CurrentRow(series: ids[0], value: CurrentValue(value: 9.5, time: now - 60, status: .critical), reported: 9.5, reportedTime: now - 60),
                         CurrentRow(series: ids[1], value: CurrentValue(value: .nan, time: now - 60, status: .nodata))]
        first.alerts = [alert(1, state: .firing)]
        first.journal = [JournalEntry(alert: 1, time: now - 60, actor: "engine", action: "transition", from: .pending, to: .firing, reason: "9.5 > 8")]
        first.silences = [Silence(id: 3, indicator: "agri.salinity.max", region: "831", start: now, end: now + 3_600, createdBy: "lan", comment: "works")]
        first.audit = [AuditEntry(time: now, user: "lan", uid: 1000, role: "operator", action: "silence", target: "agri.salinity.max@831", detail: "2h")]
        let s1 = try commit(first)
        #expect(try s1 == 1 && store.sequence() == 1)

        var second = Batch()
        second.alerts = [alert(1, state: .firing, acked: "lan")]
        second.current = [CurrentRow(series: ids[0], value: CurrentValue(value: 9.7, time: now, status: .critical))]
        let s2 = try commit(second)
        #expect(s2 == 2)

        let changes = try store.changes(since: s1)
        #expect(changes.sequence == 2)
        #expect(changes.current.map(\.series) == [ids[0]] && changes.current.first?.value.value == 9.7)
        #expect(changes.alerts.map(\.alert.acknowledged?.by) == ["lan"])
        #expect(try store.changes(since: 2).current.isEmpty)

        let all = try store.loadCurrent()
        #expect(all.count == 2)
        #expect(all.first { $0.series == ids[1] }?.value.value.isNaN == true, "no value is kept as no value")
        let stored = try #require(try store.current(indicator: "agri.salinity.max", region: "831"))
        #expect(stored.value.value == 9.7 && stored.value.status == .critical && stored.sequence == 2)
        #expect(try store.current(indicator: "agri.salinity.max", region: "999") == nil)
        let alerts = try store.alerts(all: false)
        #expect(alerts.count == 1 && alerts[0].alert.silencedBy == [3, 4] && alerts[0].alert.acknowledged?.note == "pump on")
        #expect(alerts[0].alert.firedAt == now - 60 && alerts[0].alert.value == 9.5)
        #expect(try store.journal(alert: 1).map(\.to) == [.firing])
        #expect(try store.silences(activeAt: now).map(\.comment) == ["works"])
        #expect(try store.silences(activeAt: now + 3_600).isEmpty)
        #expect(try store.auditTrail(since: nil, user: "lan", limit: nil).map(\.detail) == ["2h"])
        #expect(try store.auditTrail(since: now + 1, user: nil, limit: nil).isEmpty)
        #expect(try store.observationCount() == 3)
        #expect(try store.observations(indicator: "agri.salinity.max", region: "831", from: 0, to: now).map(\.value) == [3.5, 9.5])
        #expect(Set(try store.seriesRows().map(\.indicator)) == ["agri.salinity.max", "admin.overdue"])
    }

    /// Ingesting the same observations twice leaves the same rows; within one second the later
    /// arrival (by its sub-second time) wins, an earlier one does not overwrite it.
    @Test(arguments: Backend.allCases)
    func reingestingIsIdempotent(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        var batch = Batch()
        batch.observations = (0..<500).map { Observation(indicator: "admin.overdue", region: "83", time: now - 500 + Int64($0), value: Double($0)) }
        try commit(batch)
        try commit(batch)
        #expect(try store.observationCount() == 500)
        var later = Batch()
        later.observations = [Observation(indicator: "admin.overdue", region: "83", time: now - 1, value: 42, nanos: 500)]
        try commit(later)
        var earlier = Batch()
        earlier.observations = [Observation(indicator: "admin.overdue", region: "83", time: now - 1, value: 13, nanos: 100)]
        try commit(earlier)
        let last = try store.observations(indicator: "admin.overdue", region: "83", from: now - 1, to: now)
        #expect(last.map(\.value) == [42])
        #expect(try store.observationCount() == 500)
    }

    @Test(arguments: Backend.allCases)
    func theIntakeQueueAndHistoryBuckets(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let last = try store.enqueueIntake([Observation(indicator: "admin.overdue", region: "831", time: now, value: 5),
                                            Observation(indicator: "admin.overdue", region: "838", time: now, value: 6, nanos: 7)])
        let pending = try store.pendingIntake(after: 0, limit: 10)
        #expect(pending.map(\.observation.value) == [5, 6] && pending.last?.id == last && pending.last?.observation.nanos == 7)
        var applied = Batch()
        applied.intakeThrough = pending[0].id
        try commit(applied)
        #expect(try store.pendingIntake(after: 0, limit: 10).map(\.observation.region) == ["838"])

        var batch = Batch()
        batch.observations = (0..<60).map { Observation(indicator: "agri.salinity.max", region: "83", time: now - 3_600 + Int64($0) * 60, value: Double($0 % 10)) }
        try commit(batch)
        let points = try store.history(indicator: "agri.salinity.max", region: "83", from: now - 3_600, to: now, points: 6)
        #expect(points.count == 6)
        #expect(points.map(\.count) == Array(repeating: 10, count: 6))
        #expect(points.allSatisfy { $0.value == 4.5 })
    }

    /// The center as it stood at a moment, the same on both: each series' last value then, and
    /// the alerts open then with their journals up to it.
    @Test(arguments: Backend.allCases)
    func theCenterAsItStood(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        var batch = Batch()
        batch.observations = [Observation(indicator: "a.b", region: "83", time: now - 300, value: 1),
                              Observation(indicator: "a.b", region: "83", time: now - 100, value: 2),
                              Observation(indicator: "c.d", region: "83", time: now - 50, value: 7)]
        var a = alert(9, state: .firing)
        a.activeAt = now - 200
        a.since = now - 150
        batch.alerts = [a]
        batch.journal = [JournalEntry(alert: 9, time: now - 200, actor: "engine", action: "transition", from: .inactive, to: .pending, reason: "over"),
                         JournalEntry(alert: 9, time: now - 150, actor: "engine", action: "transition", from: .pending, to: .firing, reason: "held")]
        _ = try commit(batch)
        let ids = try store.seriesIDs([("a.b", "83"), ("c.d", "83")])
        let at200 = try store.lastValues(ids, atOrBefore: now - 200)
        #expect(at200.count == 1 && at200[ids[0]]?.value == 1 && at200[ids[0]]?.time == now - 300)
        let at100 = try store.lastValues(ids, atOrBefore: now - 100)
        #expect(at100[ids[0]]?.value == 2, "at or before: the value of that very second")
        #expect(try store.lastValues(ids, atOrBefore: now)[ids[1]]?.value == 7)
        #expect(try store.lastValues(ids, atOrBefore: now - 1_000).isEmpty)
        let histories = try store.alertHistories(from: now - 170, to: now - 169)
        #expect(histories.map(\.id) == [9] && histories[0].events.map(\.to) == [.pending])
        #expect(try store.alertHistories(from: now, to: now + 1).first?.events.count == 2)
        #expect(try store.alertHistories(from: now - 300, to: now - 299).isEmpty, "not yet active then")
        #expect(try store.liveAlerts().map(\.alert.id) == [9] && store.maxAlertID() == 9)
        #expect(try store.alert(id: 9)?.alert.state == .firing && store.alert(id: 10) == nil)
    }

    /// What a report and a console's alert page read: a period folded into steps (the value
    /// before it, count/min/max/sum/last per step), the audited acks and silences in it, an
    /// alert's notifications and the failing count, how far the intake was applied.
    @Test(arguments: Backend.allCases)
    func whatAReportAndAnAlertPageRead(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        let day: Int64 = 1_795_996_800  // a midnight (UTC)
        var batch = Batch()
        batch.observations = [Observation(indicator: "a.b", region: "83", time: day - 10, value: 100)]
            + (0..<6).map { Observation(indicator: "a.b", region: "83", time: day + Int64($0) * 1_800, value: Double($0)) }
            + [Observation(indicator: "a.b", region: "83", time: day + 86_400, value: 50)]
        batch.audit = [AuditEntry(time: day + 60, user: "lan", role: "operator", action: "ack", target: "alert 1"),
                       AuditEntry(time: day + 70, user: "lan", role: "operator", action: "note", target: "alert 1"),
                       AuditEntry(time: day + 86_400, user: "lan", role: "operator", action: "silence", target: "x")]
        batch.outbox = [OutboxMessage(key: "k1", receiver: "zalo", body: "{}", alerts: [1], created: day)]
        batch.intakeThrough = 0
        try commit(batch)
        let id = try store.seriesIDs([("a.b", "83")])[0]
        let hours = try #require(try store.periodSeries([id], from: day, to: day + 86_400, width: 3_600)[id])
        #expect(hours.before?.value == 100 && hours.before?.time == day - 10)
        #expect(hours.steps.map(\.start) == [day, day + 3_600, day + 7_200])
        #expect(hours.steps.map(\.count) == [2, 2, 2] && hours.steps.map(\.sum) == [1, 5, 9] && hours.steps.map(\.last) == [1, 3, 5])
        let whole = try #require(try store.periodSeries([id], from: day, to: day + 86_400, width: 86_400)[id])
        #expect(whole.steps.count == 1 && whole.steps[0].count == 6 && whole.steps[0].min == 0 && whole.steps[0].max == 5)
        #expect(try store.periodSeries([id], from: day - 86_400 * 10, to: day - 86_400 * 9, width: 3_600).isEmpty, "nothing before or in it")
        #expect(try store.actionAudit(from: day, to: day + 86_400).map(\.action) == ["ack"])
        let sent = try store.notifications(alert: 1)
        #expect(sent.map(\.receiver) == ["zalo"] && sent[0].status == .pending && sent[0].tries == 0)
        #expect(try store.notifications(alert: 2).isEmpty && store.failingNotifications() == 0)
        _ = try store.enqueueIntake([Observation(indicator: "a.b", region: "83", time: day, value: 1)])
        var applied = Batch()
        applied.intakeThrough = try store.pendingIntake(after: 0, limit: 1)[0].id
        try commit(applied)
        #expect(try store.intakeApplied() == applied.intakeThrough)
    }
}
