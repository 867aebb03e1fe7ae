import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing

@Suite struct StoreChangeWatchTests {
    func readable(_ fd: Int32, within ms: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, ms) > 0
    }

    @Test func aCommitWakesTheWatchAndQuietLeavesItAsleep() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        try store.enqueueIntake([Observation(indicator: "env.aqi", region: "83", time: 1, value: 1)])
        let watch = StoreChangeWatch(storePath: store.path)
        #expect(watch.isArmed, "the WAL exists once the store was written")
        #expect(!watch.drain(), "nothing happened yet")
        try store.enqueueIntake([Observation(indicator: "env.aqi", region: "83", time: 2, value: 2)])
        #expect(readable(watch.descriptor, within: 10_000), "a commit makes the descriptor readable")
        #expect(watch.drain())
        #expect(!readable(watch.descriptor, within: 0) && !watch.drain(), "drained: asleep until the next commit")
    }

    @Test func aWatchWithoutAWALArmsItselfWhenOneAppears() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("ioc.sqlite")
        let watch = StoreChangeWatch(storePath: path)
        #expect(!watch.isArmed, "no store, no WAL: the follower polls meanwhile")
        let store = try Store(path: path)
        try store.enqueueIntake([Observation(indicator: "env.aqi", region: "83", time: 1, value: 1)])
        watch.drain()
        #expect(watch.isArmed)
        try store.enqueueIntake([Observation(indicator: "env.aqi", region: "83", time: 2, value: 2)])
        #expect(readable(watch.descriptor, within: 10_000))
        #expect(watch.drain())
    }
}
