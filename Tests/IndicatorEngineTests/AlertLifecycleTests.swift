import IndicatorEngine
import TestSupport
import Testing

/// Salinity (lower is better): warning above 4, critical above 8, clear 0.3; `for` and
/// `keep_firing_for` and staleness as each test needs.
struct AlertHarness {
    var engine: Engine
    var clock = FakeClock()
    var journal: [JournalEntry] = []
    let series: SeriesID

    /// By default salinity is reported at districts only, so the province rolls up nothing and
    /// every journal line belongs to a district's alert.
    init(for holdFor: Int64 = 0, keepFiringFor: Int64 = 0, policy: AlertPolicy = AlertPolicy(),
         levels: Set<RegionLevel> = [.district], staleAfter: Int64 = 86_400) {
        let salinity = Indicator(code: "agri.salinity", name: "Độ mặn", field: "agri", unit: "‰", direction: .lowerIsBetter,
                                 frequency: Frequency(seconds: 60, label: "realtime"), levels: levels,
                                 rollup: .max, thresholds: Thresholds(warning: Bounds(above: 4), critical: Bounds(above: 8), clear: 0.3),
                                 forSeconds: holdFor, keepFiringFor: keepFiringFor, staleAfter: staleAfter)
        let catalog = try! Catalog(
            name: "t",
            regions: [
                Region(code: "83", name: "Bến Tre", level: .province),
                Region(code: "831", name: "Châu Thành", level: .district, parent: "83"),
                Region(code: "838", name: "Mỏ Cày Bắc", level: .district, parent: "83"),
            ],
            fields: [Field(code: "agri", name: "Nông nghiệp", nameEn: "Agriculture", key: "1")],
            indicators: [salinity], root: "83")
        engine = Engine(catalog: catalog, policy: policy)
        series = catalog.series(indicator: "agri.salinity", region: "831")!
    }

    mutating func value(_ v: Double, region: String = "831", after seconds: Int64 = 10) {
        clock.advance(seconds)
        journal += engine.apply([Observation(indicator: "agri.salinity", region: region, time: clock.now, value: v)], now: clock.now).journal
    }

    mutating func tick(after seconds: Int64) {
        clock.advance(seconds)
        journal += engine.tick(now: clock.now).journal
    }

    var alert: Alert? { engine.alerts.alert(kind: .threshold, series: series) }
    func any(_ id: Int64) -> Alert? { engine.alerts.alerts[id] }
    var transitions: [AlertState] { journal.compactMap(\.to) }
}

@Suite struct AlertLifecycleTests {
    @Test func withoutForABreachFiresAtOnce() {
        var h = AlertHarness()
        h.value(5)
        #expect(h.alert?.state == .firing)
        #expect(h.alert?.severity == .warning)
        #expect(h.alert?.rule == "agri.salinity")
        #expect(h.alert?.region == "831")
    }

    @Test func aBreachShorterThanForNeverFires() {
        var h = AlertHarness(for: 600)
        h.value(5)
        #expect(h.alert?.state == .pending)
        h.tick(after: 300)
        #expect(h.alert?.state == .pending)
        h.value(3, after: 100)
        #expect(h.alert == nil)
        #expect(h.transitions == [.pending, .inactive])
        #expect(h.journal.last?.action == "cancelled")
        h.tick(after: 1_000)
        #expect(!h.engine.alerts.open.contains { $0.kind == .threshold })
    }

    @Test func aBreachThatHoldsForFires() {
        var h = AlertHarness(for: 600)
        h.value(5)
        h.tick(after: 599)
        #expect(h.alert?.state == .pending)
        h.tick(after: 1)
        #expect(h.alert?.state == .firing)
        #expect(h.alert?.firedAt == h.clock.now)
    }

    @Test func aValueInsideTheClearMarginDoesNotResolve() {
        var h = AlertHarness()
        h.value(5)
        h.value(3.8)
        #expect(h.alert?.state == .firing, "3.8 is within 0.3 of the line at 4")
        h.value(3.6)
        #expect(h.alert == nil)
        #expect(h.transitions == [.firing, .resolved])
    }

    @Test func recoveringHoldsForKeepFiringForAndReturnsToTheSameProblem() {
        var h = AlertHarness(keepFiringFor: 300)
        h.value(5)
        let id = h.alert!.id
        h.value(2)
        #expect(h.alert?.state == .recovering)
        h.value(6, after: 100)
        #expect(h.alert?.state == .firing)
        #expect(h.alert?.id == id, "the same problem, not a new alert")
        h.value(2)
        h.tick(after: 299)
        #expect(h.alert?.state == .recovering)
        h.tick(after: 1)
        #expect(h.alert == nil)
        #expect(h.any(id)?.state == .resolved)
        #expect(h.transitions == [.firing, .recovering, .firing, .recovering, .resolved])
    }

    @Test func resolvedAlertsAreArchivedAfterRetention() {
        var policy = AlertPolicy()
        policy.retention = 3_600
        var h = AlertHarness(policy: policy)
        h.value(5)
        let id = h.alert!.id
        h.value(1)
        #expect(h.any(id)?.state == .resolved)
        h.tick(after: 3_599)
        #expect(h.any(id)?.state == .resolved)
        h.tick(after: 1)
        #expect(h.any(id) == nil)
        #expect(h.transitions.last == .archived)
    }

    @Test func escalationKeepsTheAlertAndItsAcknowledgement() throws {
        var h = AlertHarness()
        h.value(5)
        let id = h.alert!.id
        _ = try h.engine.acknowledge(alert: id, by: "lan", note: "đang kiểm tra trạm", now: h.clock.now)
        h.value(9)
        #expect(h.alert?.id == id)
        #expect(h.alert?.severity == .critical)
        #expect(h.alert?.acknowledged == Acknowledgement(by: "lan", at: h.clock.now - 10, note: "đang kiểm tra trạm"))
        #expect(h.journal.contains { $0.action == "escalated" && $0.reason == "warning → critical" })
        // Resolving clears the acknowledgement; the next problem starts unacknowledged.
        h.value(1)
        #expect(h.any(id)?.acknowledged == nil)
        h.value(5)
        #expect(h.alert?.id != id)
        #expect(h.alert?.acknowledged == nil)
    }

    @Test func acknowledgingAClosedOrUnknownAlertIsRefused() {
        var h = AlertHarness()
        h.value(5)
        let id = h.alert!.id
        h.value(1)
        #expect(throws: AlertActionError.notOpen(id, .resolved)) { _ = try h.engine.acknowledge(alert: id, by: "lan", now: h.clock.now) }
        #expect(throws: AlertActionError.noSuchAlert(99)) { _ = try h.engine.acknowledge(alert: 99, by: "lan", now: h.clock.now) }
    }

    @Test func aSilenceMutesOnlyItsSubtreeAndExpires() {
        var h = AlertHarness(levels: [.province, .district])
        h.value(5, region: "831")
        h.value(5, region: "838")
        let other = h.engine.catalog.series(indicator: "agri.salinity", region: "838")!
        _ = h.engine.silence(Silence(id: 1, region: "831", start: h.clock.now, end: h.clock.now + 600, createdBy: "lan"), now: h.clock.now)
        #expect(h.alert?.silencedBy == [1])
        #expect(h.alert?.isMuted == true)
        #expect(h.engine.alerts.alert(kind: .threshold, series: other)?.silencedBy == [])
        // The province (parent, rolled up by max) is outside the 831 subtree.
        let province = h.engine.catalog.series(indicator: "agri.salinity", region: "83")!
        #expect(h.engine.alerts.alert(kind: .threshold, series: province)?.isMuted == false)
        h.tick(after: 600)
        #expect(h.alert?.silencedBy == [])
        #expect(h.alert?.state == .firing, "a silence mutes; it does not resolve")
        #expect(h.journal.contains { $0.action == "unsilenced" })
    }

    @Test func flappingStartsAboveTheHighMarkAndStopsBelowTheLowMark() {
        var h = AlertHarness(keepFiringFor: 10_000)
        // Alternate breach and clear well past the margin: every evaluation is a change.
        for i in 0..<12 { h.value(i % 2 == 0 ? 6 : 1) }
        #expect(h.alert?.flapping == true)
        #expect(h.alert?.isMuted == true)
        #expect(h.journal.contains { $0.action == "flapping" })
        // Steady breach: the share of changes falls below the low mark.
        for _ in 0..<21 { h.value(6) }
        #expect(h.alert?.flapping == false)
        #expect(h.journal.contains { $0.action == "steady" })
    }

    @Test func aStaleSeriesRaisesItsAlertAndClearsWhenDataReturns() {
        var h = AlertHarness(staleAfter: 120)
        h.value(2)
        h.tick(after: 121)
        let stale = h.engine.alerts.alert(kind: .stale, series: h.series)
        #expect(stale?.state == .firing)
        #expect(stale?.rule == "agri.salinity:stale")
        h.value(2)
        #expect(h.engine.alerts.alert(kind: .stale, series: h.series) == nil)
        #expect(h.engine.alerts.alerts[stale!.id]?.state == .resolved)
    }

    @Test func everyTransitionIsJournaledWithTimeActorAndReason() {
        var h = AlertHarness(for: 60)
        h.value(9)
        h.tick(after: 60)
        h.value(1)
        let entries = h.journal.filter { $0.to != nil }
        #expect(entries.map(\.to) == [.pending, .firing, .resolved])
        #expect(entries.map(\.from) == [.inactive, .pending, .firing])
        #expect(entries.allSatisfy { $0.actor == "engine" && !$0.reason.isEmpty && $0.time > 0 })
        #expect(entries[0].reason == "critical: agri.salinity = 9.0 ‰")
    }

    @Test func openAlertsAreSortedBySeverityThenAge() {
        var h = AlertHarness()
        h.value(5, region: "838")
        h.value(9, region: "831")
        let open = h.engine.alerts.open
        #expect(open.first?.severity == .critical)
        #expect(open.last?.severity == .warning)
    }
}
