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

@Suite struct LeaderCompactionTests {
    @Test func theLeaderCompactsAMinuteAfterTakingTheLeadInSmallSteps() throws {
        let dir = TemporaryDirectory()
        let store = try Store(path: dir.file("ioc.sqlite"))
        let now = Int64(Date().timeIntervalSince1970)
        // Three days of ten-minute values ending two days ago: dense days, ready to compact.
        let start = (now / 86_400 - 5) * 86_400
        let rows = (0..<(3 * 144)).map { Observation(indicator: "env.aqi", region: "83", time: start + Int64($0) * 600, value: Double($0 % 50)) }
        var batch = Batch()
        batch.observations = rows
        try store.commit(batch)
        var logged: [String] = []
        let participant = try Participant(catalog: Fixtures.catalog(), store: store, feed: { nil }, timeZone: TimeZone(identifier: "UTC")!,
                                          socket: false, log: { logged.append($0) })
        #expect(participant.role == .leader)
        _ = try participant.poll(nowMs: now * 1000)
        #expect(try store.tierSizes().dailyDays == 0, "not while consoles may be starting")
        var t = (now + Participant.compactionDelay) * 1000
        // Steps follow each other with short pauses until the pass is done (and says so).
        for _ in 0..<100 where !logged.contains(where: { $0.hasPrefix("compacted:") }) {
            _ = try participant.poll(nowMs: t)
            t = max(t + Participant.compactionPause, participant.nextWake(nowMs: t))
        }
        #expect(try store.tierSizes().rows == 0)
        #expect(try store.tierSizes().dailyDays == 3)
        #expect(try store.observationCount() == rows.count)
        #expect(logged.contains { $0.hasPrefix("compacted: 432 rows compacted into 3 new") }, "\(logged)")
    }
}
