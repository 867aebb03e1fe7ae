import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing

let catalog = Fixtures.catalog(indicators: [
    Indicator(code: "x.count", name: "Đếm", field: "admin", kind: .integer, direction: .lowerIsBetter,
              levels: [.province, .district, .commune], rollup: .sum),
    Indicator(code: "x.slow", name: "Chậm", field: "agri", direction: .lowerIsBetter, levels: [.district],
              thresholds: Thresholds(warning: Bounds(above: 10)), forSeconds: 600),
])

func observation(_ code: String, _ region: String, _ value: Double, _ time: Int64) -> Observation {
    Observation(indicator: code, region: region, time: time, value: value, source: "test")
}

@Suite(.serialized) struct CoordinatorTests {
    let dir = TemporaryDirectory("ioc-coord")
    var path: String { dir.file("ioc.sqlite") }

    @Test func aFollowerSeesWhatTheLeaderCommitted() throws {
        let leader = try Leader(catalog: catalog, store: try Store(path: path))
        let follower = try Follower(catalog: catalog, store: try Store(path: path))
        #expect(try follower.catchUp() == false)
        try leader.ingest([observation("agri.salinity.max", "831", 9, 1_000), observation("x.count", "28753", 4, 1_000)], now: 1_000)
        #expect(try follower.catchUp())
        let salinity = catalog.series(indicator: "agri.salinity.max", region: "831")!
        #expect(follower.engine.table[salinity] == leader.engine.table[salinity])
        #expect(follower.engine.table[catalog.series(indicator: "x.count", region: "83")!]?.value == 4, "roll-ups travel too")
        #expect(follower.engine.alerts.alert(kind: .threshold, series: salinity)?.state == .firing)
        #expect(follower.sequence == leader.sequence)
        #expect(try follower.catchUp() == false, "nothing new, nothing read")
    }

    @Test func requestsAreAuthorisedByRoleAndScopeAppliedOnceAndAudited() throws {
        let leader = try Leader(catalog: catalog, store: try Store(path: path))
        try leader.ingest([observation("agri.salinity.max", "831", 9, 1_000), observation("agri.salinity.max", "838", 9, 1_000)], now: 1_000)
        let inScope = try #require(leader.engine.alerts.alert(kind: .threshold, series: catalog.series(indicator: "agri.salinity.max", region: "831")!)?.id)
        let outside = try #require(leader.engine.alerts.alert(kind: .threshold, series: catalog.series(indicator: "agri.salinity.max", region: "838")!)?.id)
        var access = Leader.AccessContext(policy: AccessPolicy(grants: [
            Grant(subject: .user("lan"), role: .operator, scope: ["831"]),
            Grant(subject: .group("viewers"), role: .viewer),
        ], source: "config/operators.yaml"), centers: [Center(title: "IOC Châu Thành", region: "831")])
        let lan = Identity(user: "lan", uid: 1001), minh = Identity(user: "minh", uid: 1002, groups: ["viewers"])
        let stranger = Identity(user: "khach1", uid: 1003)
        func ask(_ peer: Identity, _ request: CommandRequest) throws -> CommandResponse {
            try #require(try leader.answer([CommandServer.Incoming(connection: 1, peer: peer, request: request)], access: &access, now: 1_006).first).response
        }
        let ack = CommandRequest(id: "ack-1", .ack(alert: inScope, note: "đã gọi trạm"))
        let first = try ask(lan, ack)
        #expect(first.ok && first.result == "acknowledged" && first.center == "IOC Châu Thành" && first.role == "operator")
        let retry = try ask(lan, ack)
        #expect(retry.ok && retry.result == "acknowledged", "a retry with the same id gets the same answer")
        let other = try Store(path: path)
        #expect(try other.journal(alert: inScope).filter { $0.action == "acknowledged" }.count == 1, "and is applied once")
        #expect(try other.alert(id: inScope)?.acknowledged == Acknowledgement(by: "lan", at: 1_006, note: "đã gọi trạm"))

        let far = try ask(lan, CommandRequest(.ack(alert: outside, note: "")))
        #expect(!far.ok && far.result.hasPrefix("alert \(outside) is in Mỏ Cày Bắc, outside your scope"))
        let viewer = try ask(minh, CommandRequest(.ack(alert: inScope, note: "")))
        #expect(!viewer.ok && viewer.result.contains("minh is a viewer"))
        let long = try ask(lan, CommandRequest(.silence(SilenceOrder(region: "831", seconds: 2 * 86_400))))
        #expect(!long.ok && long.result.contains("at most 24h"))
        let nobody = try ask(stranger, CommandRequest(.whoami))
        #expect(!nobody.ok && nobody.result == "user khach1 is not an operator of IOC Bến Tre (config/operators.yaml)")
        let forged = try ask(minh, CommandRequest(.note(alert: inScope, text: "as lan")))
        #expect(!forged.ok, "a viewer cannot write notes, whatever the message says")

        let audit = try other.auditTrail().map { "\($0.user) \($0.role) \($0.action) \($0.result)" }
        #expect(audit == ["lan operator ack applied", "lan operator ack refused", "minh viewer ack refused", "lan operator silence refused",
                          "khach1  whoami refused", "minh viewer note refused"])
        let follower = try Follower(catalog: catalog, store: other)
        #expect(follower.engine.alerts.alerts[inScope]?.acknowledged?.by == "lan")
    }

    @Test func intakeQueuedByAnotherProcessIsAppliedByTheLeader() throws {
        let leader = try Leader(catalog: catalog, store: try Store(path: path))
        let other = try Store(path: path)
        let last = try other.enqueueIntake([observation("x.count", "28753", 2, 50), observation("x.count", "28756", 3, 50)])
        #expect(try other.intakeApplied() < last)
        try leader.step(now: 60)
        #expect(try other.intakeApplied() == last)
        #expect(try other.current(indicator: "x.count", region: "831")?.value.value == 5)
        #expect(try other.observationCount() == 2)
    }

    @Test func aNewLeaderContinuesRollupsAndPendingAlerts() throws {
        do {
            let first = try Leader(catalog: catalog, store: try Store(path: path))
            try first.ingest([observation("x.count", "28753", 5, 100), observation("x.count", "28756", 3, 100),
                              observation("x.slow", "838", 20, 100)], now: 100)
            let pending = try #require(first.engine.alerts.open.first { $0.indicator == "x.slow" })
            #expect(pending.state == .pending)
        }
        // The first leader is gone; a second one takes the store's state.
        let second = try Leader(catalog: catalog, store: try Store(path: path))
        try second.ingest([observation("x.count", "28756", 4, 200)], now: 200)
        #expect(second.engine.table[catalog.series(indicator: "x.count", region: "831")!]?.value == 9, "5 + 4 with the first commune restored")
        try second.step(now: 699, tick: true)
        #expect(second.engine.alerts.open.first { $0.indicator == "x.slow" }?.state == .pending)
        try second.step(now: 700, tick: true)
        let fired = try #require(second.engine.alerts.open.first { $0.indicator == "x.slow" })
        #expect(fired.state == .firing, "the `for` that ran out after the handover still fires")
        #expect(try Store(path: path).alert(id: fired.id)?.state == .firing)
        // Numbering continues past what the first leader used.
        let highest = try Store(path: path).maxAlertID()
        try second.ingest([observation("agri.salinity.max", "831", 9, 710)], now: 710)
        let newest = try #require(second.engine.alerts.open.first { $0.indicator == "agri.salinity.max" && $0.region == "831" })
        #expect(newest.id > highest)
    }

    @Test func aFollowerTakesTheLeadWhenTheLeaderResigns() throws {
        let a = try Participant(catalog: catalog, store: try Store(path: path), feed: { nil })
        let b = try Participant(catalog: catalog, store: try Store(path: path), feed: { nil })
        #expect(a.role == .leader)
        #expect(b.role == .follower)
        _ = try b.poll(nowMs: 1_000)
        #expect(b.role == .follower, "the lock is held")
        a.resign()
        _ = try b.poll(nowMs: 1_000 + Participant.takeoverInterval)
        #expect(b.role == .leader)
    }

    @Test func cancelledAlertsAreStoredAsInactive() throws {
        let leader = try Leader(catalog: catalog, store: try Store(path: path))
        try leader.ingest([observation("x.slow", "838", 20, 100)], now: 100)
        let id = try #require(leader.engine.alerts.open.first?.id)
        try leader.ingest([observation("x.slow", "838", 1, 200)], now: 200)
        #expect(try Store(path: path).alert(id: id)?.state == .inactive)
        #expect(try Store(path: path).journal(alert: id).map(\.action) == ["pending", "cancelled"])
    }
}

@Suite(.serialized) struct InboxTests {
    let dir = TemporaryDirectory("ioc-inbox")
    var inbox: String { dir.file("inbox") }

    /// Writes a file elsewhere and renames it in, as a sender should.
    func drop(_ name: String, _ text: String) throws {
        let staging = dir.file(".staging-" + name)
        try text.write(toFile: staging, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: staging, toPath: inbox + "/" + name)
    }

    func pollUntilIdle(_ p: Participant, from ms: Int64) throws -> Int64 {
        var now = ms
        for _ in 0..<20 {
            _ = try p.poll(nowMs: now)
            now += 1_000
        }
        return now
    }

    @Test func aFileDroppedInIsIngestedAndMovedWithItsErrors() throws {
        let store = try Store(path: dir.file("ioc.sqlite"))
        let p = try Participant(catalog: catalog, store: store, feed: { nil }, inbox: inbox)
        #expect(FileManager.default.fileExists(atPath: inbox + "/done"))
        try drop("salinity.lp", """
            agri.salinity.max,region=831 value=2.5 1750000000
            agri.salinity.max,region=999 value=2.5 1750000000
            agri.salinity.max,region=838 value=3.5 1750000000
            """)
        try drop("upload.csv.part", "not yet")
        _ = try pollUntilIdle(p, from: 1_750_000_100_000)
        #expect(try store.current(indicator: "agri.salinity.max", region: "838")?.value.value == 3.5)
        #expect(try store.observationCount() == 2)
        #expect(FileManager.default.fileExists(atPath: inbox + "/done/salinity.lp"))
        #expect(!FileManager.default.fileExists(atPath: inbox + "/salinity.lp"))
        let errors = try String(contentsOfFile: inbox + "/rejected/salinity.lp.errors", encoding: .utf8)
        #expect(errors == "salinity.lp:2: unknown region '999'\n")
        #expect(FileManager.default.fileExists(atPath: inbox + "/upload.csv.part"), "work in progress is left alone")
    }

    @Test func aFileWrittenInPlaceIsTakenWhenClosed() throws {
        let store = try Store(path: dir.file("ioc.sqlite"))
        let p = try Participant(catalog: catalog, store: store, feed: { nil }, inbox: inbox)
        // One open, writes, one close: how cp and most exporters write. Close-on-exec: a process
        // another test starts meanwhile must not inherit it, or the file stays open for writing.
        let fd = open(inbox + "/a.csv", O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        let text = "indicator,region,time,value\nx.count,28753,1750000000,4\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
        _ = try p.poll(nowMs: 1_750_000_100_000)
        #expect(try store.observationCount() == 0, "still open for writing")
        close(fd)
        _ = try pollUntilIdle(p, from: 1_750_000_101_000)
        #expect(try store.observationCount() == 1)
        #expect(try store.current(indicator: "x.count", region: "831")?.value.value == 4)
        #expect(!FileManager.default.fileExists(atPath: inbox + "/rejected/a.csv.errors"), "no errors, no errors file")
    }
}

/// Line protocol carries nanoseconds; the store keeps one value per series and second. Of two
/// in one second the later timestamp's value stays, whichever arrives last, through every path.
@Suite struct SubSecondOrderTests {
    let dir = TemporaryDirectory("ioc-subsecond")

    @Test func theLaterTimestampWithinASecondWinsWhateverTheArrivalOrder() throws {
        let store = try Store(path: dir.file("ioc.sqlite"))
        let leader = try Leader(catalog: catalog, store: store)
        let series = catalog.series(indicator: "agri.salinity.max", region: "831")!
        func stored() throws -> Double? { try store.history(indicator: "agri.salinity.max", region: "831", from: 1_000, to: 1_001, points: 1).first?.value }

        // In one batch, the later timestamp first.
        try leader.ingest(resolved: [Sample(series: series, time: 1_000, value: 7, nanos: 700_000_000),
                                     Sample(series: series, time: 1_000, value: 2, nanos: 200_000_000)], source: "test", now: 1_000)
        #expect(try stored() == 7)
        #expect(leader.engine.table[series]?.value == 7)
        // In a later batch, earlier in the same second: history only.
        try leader.ingest(resolved: [Sample(series: series, time: 1_000, value: 3, nanos: 300_000_000)], source: "test", now: 1_000)
        #expect(try stored() == 7)
        #expect(leader.engine.table[series]?.value == 7)
        // Through the intake queue (another process's `ioc ingest`), the nanoseconds travel too.
        try store.enqueueIntake([Observation(indicator: "agri.salinity.max", region: "831", time: 1_000, value: 4, nanos: 400_000_000)])
        try leader.step(now: 1_000)
        #expect(try stored() == 7)
        #expect(leader.engine.table[series]?.value == 7)
        // The very same timestamp again: the later arrival wins, so re-sending a correction works.
        try leader.ingest(resolved: [Sample(series: series, time: 1_000, value: 9, nanos: 700_000_000)], source: "test", now: 1_000)
        #expect(try stored() == 9)
        #expect(leader.engine.table[series]?.value == 9)

        // A new leader restores the nanoseconds of the latest value with it.
        let successor = try Leader(catalog: catalog, store: try Store(path: dir.file("ioc.sqlite")))
        try successor.ingest(resolved: [Sample(series: series, time: 1_000, value: 5, nanos: 500_000_000)], source: "test", now: 1_000)
        #expect(successor.engine.table[series]?.value == 9)
        #expect(try stored() == 9)
    }
}
