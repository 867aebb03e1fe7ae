import Foundation
import Coordinator
import IndicatorEngine
import TestSupport
import Testing

/// Alertmanager's timelines on a fake clock: what is sent, to whom, and when.
@Suite struct NotificationPlannerTests {
    let catalog = Fixtures.catalog()
    let critical = NotifyRoute(receiver: "duty", match: AlertMatcher(severity: .critical), groupBy: [.field, .region],
                               groupWait: 30, groupInterval: 300, repeatInterval: 14_400, sendResolved: true)

    func alert(_ id: Int64, _ indicator: String = "agri.salinity.max", region: String = "28753", severity: Severity = .critical,
               state: AlertState = .firing, firedAt: Int64 = 0) -> Alert {
        let series = catalog.series(indicator: indicator, region: region)!
        return Alert(id: id, rule: "threshold", kind: .threshold, series: series, indicator: indicator, region: region, severity: severity,
                     state: state, activeAt: firedAt, since: firedAt, firedAt: state == .pending ? nil : firedAt, value: 9)
    }

    /// Runs the planner each second from `from` to `to` with the alerts `at` gives; the sends.
    func run(_ planner: inout NotificationPlanner, policy: NotifyPolicy, from: Int64, to: Int64,
             at: (Int64) -> [Alert]) -> [(time: Int64, note: PlannedNotification)] {
        var sent: [(Int64, PlannedNotification)] = []
        for t in from...to { sent += planner.plan(alerts: at(t), now: t, policy: policy, catalog: catalog).map { (t, $0) } }
        return sent
    }

    @Test func aGroupWaitsForCompanyThenSendsOnceAndRepeatsWhileUnacknowledged() {
        var planner = NotificationPlanner()
        let policy = NotifyPolicy(routes: [critical])
        // Two alerts of one field and region, 10 s apart; a third in another region.
        let sent = run(&planner, policy: policy, from: 0, to: 14_500) { t in
            [alert(1)] + (t >= 10 ? [alert(2, region: "28753")] : []) + (t >= 20 ? [alert(3, region: "28756")] : [])
        }
        #expect(sent.map(\.time) == [30, 50, 14_430, 14_450], "group_wait from each group's first alert, then repeat_interval")
        #expect(sent[0].note.alerts.map(\.id) == [1, 2], "the second alert waited with the first")
        #expect(sent[1].note.alerts.map(\.id) == [3])
        #expect(sent[0].note.group == ["field": "agri", "region": "28753"])
        #expect(Set(sent.map(\.note.key)).count == 4, "each send has its own key")
    }

    @Test func newAlertsInAGroupWaitForTheGroupInterval() {
        var planner = NotificationPlanner()
        let sent = run(&planner, policy: NotifyPolicy(routes: [critical]), from: 0, to: 1_000) { t in
            [alert(1)] + (t >= 100 ? [alert(2)] : [])
        }
        #expect(sent.map(\.time) == [30, 330], "the second alert goes group_interval after the first send")
        #expect(sent[1].note.alerts.map(\.id) == [1, 2])
    }

    @Test func anAcknowledgedGroupGoesQuietUntilSomethingNewFires() {
        var planner = NotificationPlanner()
        var acked = alert(1)
        acked.acknowledged = Acknowledgement(by: "giamsat1", at: 60, note: "on it")
        let sent = run(&planner, policy: NotifyPolicy(routes: [critical]), from: 0, to: 40_000) { t in
            (t < 60 ? [alert(1)] : [acked]) + (t >= 30_000 ? [alert(2)] : [])
        }
        #expect(sent.map(\.time) == [30, 30_000], "no repeat for an acknowledged alert; a new one goes out")
        #expect(sent[1].note.alerts.map(\.id) == [1, 2])
        #expect(sent[1].note.alerts.first?.acknowledged?.by == "giamsat1", "the message says who acknowledged")
    }

    @Test func silencedAndFlappingAlertsSendNothing() {
        var planner = NotificationPlanner()
        var silenced = alert(1)
        silenced.silencedBy = [7]
        var flapping = alert(2)
        flapping.flapping = true
        let sent = run(&planner, policy: NotifyPolicy(routes: [critical]), from: 0, to: 20_000) { _ in [silenced, flapping] }
        #expect(sent.isEmpty)
    }

    @Test func aResolveIsSentOnceWhenAsked() {
        for sendResolved in [true, false] {
            var planner = NotificationPlanner()
            var route = critical
            route.sendResolved = sendResolved
            let sent = run(&planner, policy: NotifyPolicy(routes: [route]), from: 0, to: 20_000) { t in
                [alert(1, state: t < 100 ? .firing : .resolved)]
            }
            #expect(sent.map(\.time) == (sendResolved ? [30, 330] : [30]))
            if sendResolved { #expect(sent[1].note.status == .resolved && sent[1].note.alerts.map(\.state) == [.resolved]) }
        }
    }

    @Test func routesMatchInOrderAndContinueOnlyWhenAsked() {
        var all = NotifyRoute(receiver: "everyone", groupBy: [.severity], groupWait: 0)
        var planner = NotificationPlanner()
        var sent = run(&planner, policy: NotifyPolicy(routes: [critical, all]), from: 0, to: 40) { _ in
            [alert(1), alert(2, "admin.overdue", region: "831", severity: .warning)]
        }
        #expect(sent.map(\.note.receiver).sorted() == ["duty", "everyone"])
        #expect(sent.first { $0.note.receiver == "everyone" }?.note.alerts.map(\.id) == [2], "the critical one stopped at its route")
        var first = critical
        first.continues = true
        all.groupBy = []
        planner = NotificationPlanner()
        sent = run(&planner, policy: NotifyPolicy(routes: [first, all]), from: 0, to: 40) { _ in [alert(1)] }
        #expect(sent.map(\.note.receiver).sorted() == ["duty", "everyone"])
        // Regions match by subtree: the district takes its communes.
        let district = NotifyRoute(receiver: "chau-thanh", match: AlertMatcher(region: "831"), groupWait: 0)
        planner = NotificationPlanner()
        sent = run(&planner, policy: NotifyPolicy(routes: [district]), from: 0, to: 5) { _ in [alert(1), alert(2, region: "838")] }
        #expect(sent.flatMap(\.note.alerts).map(\.id) == [1])
    }

    @Test func anEscalationGoesOnceAfterItsTimeAndNotAfterAnAck() {
        let policy = NotifyPolicy(routes: [critical], escalations: [NotifyEscalation(after: 1_800, receiver: "supervisors",
                                                                                      match: AlertMatcher(severity: .critical))])
        var planner = NotificationPlanner()
        var acked = alert(2)
        acked.acknowledged = Acknowledgement(by: "giamsat1", at: 600, note: "")
        let sent = run(&planner, policy: policy, from: 0, to: 5_000) { t in [alert(1)] + [t < 600 ? alert(2) : acked] }
        let escalations = sent.filter(\.note.escalation)
        #expect(escalations.map(\.time) == [1_800])
        #expect(escalations.first?.note.receiver == "supervisors")
        #expect(escalations.first?.note.alerts.map(\.id) == [1], "the acknowledged alert does not escalate")
    }

    @Test func anAlertStormBecomesAHandfulOfMessages() {
        var planner = NotificationPlanner()
        let regions = ["28753", "28756", "831", "838", "83"]
        let storm = (1...500).map { alert(Int64($0), region: regions[$0 % regions.count]) }
        let sent = run(&planner, policy: NotifyPolicy(routes: [critical]), from: 0, to: 60) { _ in storm }
        #expect(sent.count == regions.count, "one message per field and region")
        #expect(sent.map(\.note.alerts.count).reduce(0, +) == 500)
    }

    @Test func thePlannerCarriesOnAfterARoundTripThroughItsStoredForm() throws {
        var planner = NotificationPlanner()
        let policy = NotifyPolicy(routes: [critical])
        _ = run(&planner, policy: policy, from: 0, to: 100) { _ in [alert(1)] }
        let data = try JSONEncoder().encode(planner)
        var restored = try JSONDecoder().decode(NotificationPlanner.self, from: data)
        #expect(restored == planner)
        let sent = run(&restored, policy: policy, from: 101, to: 14_500) { _ in [alert(1)] }
        #expect(sent.map(\.time) == [14_430], "a new leader repeats on the old schedule, not from scratch")
    }
}
