import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing

/// The rest of the store's tables, the same on both backends: what every adapter must keep and
/// give back (the tables the suite above does not reach: answered requests, feeds, the
/// planner's state, seeding, the outbox's deliveries, scheduled reports, the whole journal and
/// silences a copy reads, and alert rows a newer ioc wrote).
@Suite struct SharedTablesTests {
    let now: Int64 = 1_796_000_000

    @Test(arguments: Backend.allCases)
    func requestsFeedsPlannerAndSeeding(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        #expect(try store.request(id: "r-1") == nil && store.plannerState() == nil && store.seeding() == nil && store.feedRecords().isEmpty)
        var batch = Batch()
        batch.requests = [RequestOutcome(request: "r-1", time: now, user: "lan", uid: 1001, role: "operator", kind: "ack", target: "alert 7",
                                         note: "pump on", status: .applied, result: "applied"),
                          RequestOutcome(request: "r-2", time: now, user: "minh", uid: 1002, role: "viewer", kind: "silence", target: "",
                                         note: "", status: .refused, result: "viewers may not silence")]
        batch.feeds = [FeedRecord(name: "inbox", kind: "inbox", state: .running, lastTime: now, accepted1h: 12, rejected1h: 1, restarts: 0, lastError: ""),
                       FeedRecord(name: "cmd", kind: "command", state: .failed, lastTime: nil, accepted1h: 0, rejected1h: 0, restarts: 3, lastError: "exit 2")]
        batch.plannerState = #"{"sent":["k1"]}"#
        batch.seeding = 420
        try commit(batch)
        let applied = try #require(try store.request(id: "r-1"))
        #expect(applied.status == .applied && applied.uid == 1001 && applied.target == "alert 7" && applied.note == "pump on")
        #expect(try store.request(id: "r-2")?.status == .refused && store.request(id: "r-2")?.result == "viewers may not silence")
        #expect(try store.plannerState() == #"{"sent":["k1"]}"#)
        #expect(try store.seeding() == 420)
        #expect(try store.feedRecords().map(\.name) == ["cmd", "inbox"])
        #expect(try store.feedRecords()[0].lastTime == nil && store.feedRecords()[0].state == .failed && store.feedRecords()[0].restarts == 3)

        // A request answered again is kept once; a feed's record replaces its last; seeding ends.
        var again = Batch()
        again.requests = [RequestOutcome(request: "r-1", time: now + 5, user: "lan", uid: 1001, role: "operator", kind: "ack", target: "alert 7",
                                         note: "twice", status: .applied, result: "applied")]
        again.feeds = [FeedRecord(name: "cmd", kind: "command", state: .running, lastTime: now + 5, accepted1h: 4, rejected1h: 0, restarts: 3, lastError: "")]
        again.seeding = SeedingMark.finished
        try commit(again)
        #expect(try store.request(id: "r-1")?.note == "pump on")
        #expect(try store.feedRecords().first { $0.name == "cmd" }?.state == .running && store.feedRecords().count == 2)
        #expect(try store.seeding() == nil)
    }

    @Test(arguments: Backend.allCases)
    func theOutboxDeliversOnceAndAScheduledReportIsRecordedOnce(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        var batch = Batch()
        batch.outbox = [OutboxMessage(key: "k1", receiver: "zalo", body: "{\"a\":1}", alerts: [7], created: now),
                        OutboxMessage(key: "k1", receiver: "zalo", body: "again", alerts: [7], created: now)]
        try commit(batch)
        let due = try store.dueNotifications(now: now, limit: 10)
        #expect(due.map(\.body) == ["{\"a\":1}"], "the same key is planned once")
        try store.recordDelivery(id: due[0].id, at: now + 1, delivered: false, detail: "timeout", nextTry: now + 60)
        #expect(try store.dueNotifications(now: now + 2, limit: 10).isEmpty && store.nextNotificationTry(excluding: []) == now + 60)
        #expect(try store.failingNotifications() == 1)
        try store.recordDelivery(id: due[0].id, at: now + 60, delivered: true, detail: "200", nextTry: nil)
        let log = try store.notificationLog(limit: 5)
        #expect(log.count == 1 && log[0].message.status == .delivered && log[0].attempts.map(\.result).count == 2)
        #expect(try store.notifications(alert: 7).map(\.tries) == [2])

        #expect(try !store.reportWritten(schedule: "weekly", period: "2026-W49"))
        #expect(try store.recordReport(schedule: "weekly", period: "2026-W49", files: ["a.xlsx"], at: now, announcements: []))
        #expect(try !store.recordReport(schedule: "weekly", period: "2026-W49", files: ["b.xlsx"], at: now + 1, announcements: []),
                "a second leader does not record it again")
        #expect(try store.reportWritten(schedule: "weekly", period: "2026-W49"))
    }

    @Test(arguments: Backend.allCases)
    func theWholeJournalAndEverySilenceAreReadBackAsWritten(_ backend: Backend) throws {
        let (store, commit, keep) = try backend.make()
        defer { withExtendedLifetime(keep) {} }
        var batch = Batch()
        var alert = Alert(id: 9, rule: "r", kind: .stale, series: SeriesID(raw: -1), indicator: "a.b", region: "83", severity: .warning,
                          state: .resolved, activeAt: now - 100, since: now, firedAt: nil, value: nil)
        alert.flapping = true
        batch.alerts = [alert]
        batch.journal = [JournalEntry(alert: 9, time: now - 100, actor: "engine", action: "transition", from: nil, to: .pending, reason: "stale"),
                         JournalEntry(alert: 9, time: now, actor: "lan", action: "note", from: nil, to: nil, reason: "called the station")]
        batch.silences = [Silence(id: 1, field: "env", start: now, end: now + 60, createdBy: "lan", comment: ""),
                          Silence(id: 2, region: "831", start: now - 600, end: now - 60, createdBy: "minh", comment: "over")]
        try commit(batch)
        let stored = try #require(try store.alert(id: 9))
        #expect(stored.alert.flapping && stored.alert.firedAt == nil && stored.alert.value == nil && stored.alert.acknowledged == nil)
        #expect(stored.alert.kind == .stale && stored.alert.state == .resolved && stored.sequence == 1)
        #expect(try store.liveAlerts().map(\.alert.id) == [9] && store.alerts(all: false).isEmpty && store.maxAlertID() == 9)
        #expect(try store.journal(alert: 9).map(\.reason) == ["stale", "called the station"])
        #expect(try store.journal(alert: 9).map(\.to) == [.pending, nil])
        let active = try store.silences(activeAt: now)
        #expect(active.map(\.id) == [1] && active[0].field == "env" && active[0].indicator == nil && active[0].region == nil)
        #expect(try store.nextSilenceID() == 3)
        // A silence edited in a later step replaces its row.
        var edit = Batch()
        edit.silences = [Silence(id: 1, field: "env", start: now, end: now + 7_200, createdBy: "lan", comment: "longer")]
        try commit(edit)
        #expect(try store.silences(activeAt: now + 3_600).map(\.comment) == ["longer"])
    }
}
