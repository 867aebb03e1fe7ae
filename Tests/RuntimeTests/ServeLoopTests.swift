import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Runtime
import TestSupport
import Testing

@Suite struct ServeLoopTests {
    @Test func itLeadsUntilAskedToStopThenHandsTheLeadOn() throws {
        let dir = TemporaryDirectory("ioc-serve")
        let catalog = Fixtures.catalog()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let participant = try Participant(catalog: catalog, store: store, feed: { nil }, retention: HistoryRetention(raw: 400 * 86_400),
                                          timeZone: TimeZone(identifier: "UTC")!, inbox: nil, seedEmptyStore: nil, log: { _ in })
        try store.enqueueIntake([Observation(indicator: "admin.overdue", region: "83", time: Int64(Date().timeIntervalSince1970) - 5, value: 7)])
        var waits = 0
        var logged: [String] = []
        try ServeLoop.run(participant, waitForStop: { _, _ in
            waits += 1
            // Stop once the queued observation is applied: the loop polled and led.
            return (try? store.intakeApplied()) ?? 0 > 0 ? "test over" : (waits > 10_000 ? "gave up" : nil)
        }, log: { logged.append($0) })
        #expect(logged.last == "serve stopped: test over")
        #expect(try store.current(indicator: "admin.overdue", region: "83")?.value.value == 7)
        let lock = LeaderLock(storePath: store.path)
        #expect(lock.tryAcquire(), "the lead was released on the way out")
        lock.release()
    }

    @Test func aLeaderStartedForConsolesStaysWhileOneIsAttachedThenLeaves() throws {
        let dir = TemporaryDirectory("ioc-idle")
        let store = try Store(path: dir.file("ioc.sqlite"))
        let participant = try Participant(catalog: Fixtures.catalog(), store: store, feed: { nil })
        // A console attached through the socket (raw: the loop under test runs on this thread;
        // close-on-exec, or a process another test spawns would keep the connection open).
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in (store.path + ".sock").utf8.enumerated() { raw[i] = b } }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(connected == 0)
        _ = "{\"id\":\"a\",\"op\":\"attach\"}\n".withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        // The clock jumps 10 s per wait: attached for 200 s, then gone.
        var clock = Int64(Date().timeIntervalSince1970 * 1000)
        var waits = 0, detachedAt = 0
        var logged: [String] = []
        try ServeLoop.run(participant, idleExit: 60, waitForStop: { _, _ in
            waits += 1
            clock += 10_000
            if waits == 20 {
                close(fd)
                detachedAt = waits
            }
            return waits > 200 ? "gave up" : nil
        }, log: { logged.append($0) }, clock: { clock })
        #expect(logged.last == "serve stopped: no console attached for 60 s", "\(logged)")
        #expect(waits > detachedAt && waits <= detachedAt + 8, "it left about a minute after the console did, not before: \(waits)")
        #expect(try store.auditTrail().map(\.action) == ["session start", "session end"])
    }
}
