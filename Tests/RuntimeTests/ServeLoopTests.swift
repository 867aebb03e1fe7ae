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
        let participant = try Participant(catalog: catalog, store: store, feed: { nil }, retention: 400 * 86_400,
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
}
