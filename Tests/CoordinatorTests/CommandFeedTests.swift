import Coordinator
import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Programs run as feeds (`feeds.commands`), with real processes and a fake clock for the
/// restarts: their output read as a stream, restarted with backoff, their standard error
/// logged within bounds, a flood read a slice at a time, a hung one stopped.
@Suite struct CommandFeedTests {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func write(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    func feed(_ script: String, restart: Int64 = 1, format: InputFormat = .line) -> (CommandFeed, Log) {
        let log = Log()
        let spec = CommandFeedSpec(name: "test-feed", command: ["/bin/sh", "-c", script], format: format, restart: restart)
        return (CommandFeed(spec: spec, catalog: catalog, log: log.write), log)
    }

    /// Steps at the fake time `nowMs` until it has ended (really) and is waiting to start again.
    func untilItEnds(_ feed: CommandFeed, at nowMs: Int64) -> [Sample] {
        var samples: [Sample] = []
        _ = eventually(seconds: 30) {
            samples += feed.step(nowMs: nowMs)
            return feed.pid == 0
        }
        return samples
    }

    @Test func itsOutputIsReadAndItStartsAgainLaterEachTimeItKeepsExiting() {
        let (feed, log) = feed("printf 'x.count,region=83 value=4\\nnot a line\\nx.count,region=831 value=5'; exit 3", restart: 1)
        #expect(feed.step(nowMs: 0).isEmpty && feed.pid > 0 && feed.state == .running)
        let samples = untilItEnds(feed, at: 0)
        #expect(samples.map(\.value) == [4, 5], "the last line, without a newline, is read at the end")
        #expect(feed.accepted == 2 && feed.rejected == 1 && feed.state == .restarting && feed.restarts == 1)
        #expect(feed.lastError == "exited with status 3")
        #expect(log.all.contains { $0.hasPrefix("feed test-feed: line 2: ") }, "\(log.all)")
        #expect(feed.nextWake(nowMs: 0) == 1_000, "started again after its restart delay")
        #expect(feed.step(nowMs: 999).isEmpty && feed.pid == 0)
        _ = feed.step(nowMs: 1_000)
        #expect(feed.pid > 0)
        _ = untilItEnds(feed, at: 1_000)
        #expect(feed.nextWake(nowMs: 1_000) == 3_000, "exiting again within a minute doubles the delay")
        _ = feed.step(nowMs: 3_000)
        _ = untilItEnds(feed, at: 70_000)
        #expect(feed.nextWake(nowMs: 70_000) == 71_000, "after a minute's run, its own delay again")
        #expect(feed.restarts == 3)
    }

    @Test func aProgramThatCannotBeRunIsSaidAndTriedAgain() {
        let log = Log()
        let feed = CommandFeed(spec: CommandFeedSpec(name: "nowhere", command: ["/nonexistent/poll-dvc"], restart: 5), catalog: catalog, log: log.write)
        _ = feed.step(nowMs: 0)
        // posix_spawn may fail at once or the child at exec: either way it ends and waits to start again.
        _ = untilItEnds(feed, at: 0)
        #expect(feed.state == .failed || feed.state == .restarting)
        #expect(feed.nextWake(nowMs: 0) == 5_000)
    }

    /// Its standard error goes to the log, at most 20 lines a minute (the rest counted), each line
    /// without control characters.
    @Test func itsStandardErrorIsLoggedWithinBounds() {
        let (feed, log) = feed(#"i=0; while [ $i -lt 100 ]; do printf 'broker said no \033[31m%s\n' $i >&2; i=$((i+1)); done"#)
        _ = feed.step(nowMs: 0)
        _ = untilItEnds(feed, at: 0)
        let said = log.all.filter { $0.contains("stderr: broker said no") }
        #expect(said.count == CommandFeed.logLinesPerMinute, "\(log.all.count) lines logged")
        #expect(said.allSatisfy { !$0.contains("\u{1B}") }, "no escape reaches the log")
        // The next minute says how many were left out.
        _ = feed.step(nowMs: 61_000)
        #expect(log.all.contains { $0.contains("feed test-feed: ") && $0.contains("more lines of its errors were not logged") }, "\(log.all.suffix(3))")
    }

    /// A flood is read a slice at a time, so the leader's loop goes round between slices.
    @Test func aFloodIsReadASliceAtATime() {
        let (feed, _) = feed("yes 'x.count,region=83 value=1'")
        _ = feed.step(nowMs: 0)
        var steps: [Int] = []
        #expect(eventually { steps.append(feed.step(nowMs: 0).count); return steps.filter { $0 > 0 }.count >= 5 })
        let line = "x.count,region=83 value=1\n".utf8.count
        #expect(steps.allSatisfy { $0 <= CommandFeed.readBudget / line + 1 }, "\(steps)")
        feed.stop()
        #expect(feed.pid == 0 && feed.state == .stopped)
    }

    /// One that ignores SIGTERM is killed after the grace, with what it started.
    @Test func aHungFeedIsStoppedWithWhatItStarted() throws {
        let (feed, log) = feed("sleep 1000 & exec python3 -c 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(1000)'")
        _ = feed.step(nowMs: 0)
        let group = feed.pid
        #expect(group > 0)
        // Once it ignores SIGTERM (a SIGTERM before python set that would simply end it).
        func ignoresTerm() -> Bool {
            let status = (try? String(contentsOfFile: "/proc/\(group)/status", encoding: .utf8)) ?? ""
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
                  let mask = UInt64(line.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
            return mask & (1 << (UInt64(SIGTERM) - 1)) != 0
        }
        #expect(eventually(seconds: 30) { ignoresTerm() })
        feed.stop()
        #expect(feed.pid == 0)
        #expect(log.all.contains("feed test-feed: did not stop within 5 s of SIGTERM; killed"), "\(log.all)")
        // (What it started is reaped by init, a moment later.)
        #expect(eventually(seconds: 10) { kill(-group, 0) == -1 && errno == ESRCH }, "nothing of its process group is left")
    }
}

/// The leader's account of its feeds: by source, over the last hour, quiet after ten minutes.
@Suite struct FeedHealthTests {
    @Test func sourcesBecomeFeedsCountedOverTheLastHour() {
        let health = FeedHealth()
        health.note(source: "http:telegraf", accepted: 5, rejected: 1, now: 1_000)
        health.note(source: "http:telegraf", accepted: 3, now: 3_000)
        health.note(source: "ingest:a.lp", accepted: 2, now: 3_000)
        health.note(source: "ingest:b.lp", accepted: 1, now: 3_100)
        health.note(source: "simulator", accepted: 7, now: 3_100)
        var records = health.records(now: 3_200)
        #expect(records.map(\.name) == ["ingest", "simulator", "telegraf"])
        #expect(records.map(\.kind) == ["ingest", "simulator", "http"])
        #expect(records[2].accepted1h == 8 && records[2].rejected1h == 1 && records[2].lastTime == 3_000 && records[2].state == .running)
        #expect(records[0].accepted1h == 3, "every ioc ingest run in one record")
        records = health.records(now: 4_700)
        #expect(records[2].accepted1h == 3 && records[2].rejected1h == 0, "the first minutes fell out of the hour")
        #expect(records.allSatisfy { $0.state == .quiet }, "ten minutes without data")
    }

    /// A record read later says quiet once its feed's cadence has passed without data, though
    /// nobody recorded it again (its leader gone).
    @Test func aRecordReadLaterIsJudgedAgainstItsCadence() throws {
        let base = Fixtures.catalog()
        let (field, own) = try #require(FeedIndicators.make([FeedCadence(name: "telegraf", kind: "http", every: 120)], rootLevel: .province, key: "="))
        let catalog = try Catalog(name: base.name, regions: base.regions, fields: base.fields + [field], indicators: base.indicators + own, root: "83")
        func record(_ name: String, _ state: FeedRecord.State, last: Int64?) -> FeedRecord {
            FeedRecord(name: name, kind: "http", state: state, lastTime: last, accepted1h: 1, rejected1h: 0, restarts: 0, lastError: "")
        }
        #expect(record("telegraf", .running, last: 1_000).asOf(1_120, catalog: catalog).state == .running)
        #expect(record("telegraf", .running, last: 1_000).asOf(1_121, catalog: catalog).state == .quiet, "its cadence")
        #expect(record("other", .running, last: 1_000).asOf(1_600, catalog: catalog).state == .running)
        #expect(record("other", .running, last: 1_000).asOf(1_601, catalog: catalog).state == .quiet, "ten minutes without a cadence")
        #expect(record("other", .failed, last: 1_000).asOf(9_999, catalog: catalog).state == .failed, "a command feed's own state stands")
        #expect(record("other", .running, last: nil).asOf(1_000, catalog: catalog).state == .quiet, "never heard from")
    }

    /// Writes from outside, handed to the leader as the endpoint would.
    final class Writes: ExternalWrites {
        var waiting: [ExternalWrite] = []
        var descriptor: Int32 { -1 }
        func take() -> [ExternalWrite] { defer { waiting = [] }; return waiting }
        func stop() {}
    }

    /// A feed quiet past its cadence raises the stale alert of its indicator in "Dữ liệu", and
    /// `ioc feeds` says quiet at the same moment; data again resolves it. Nothing else may write it.
    @Test func aQuietFeedRaisesItsAlertAfterItsCadenceAndResolvesWhenDataReturns() throws {
        let dir = TemporaryDirectory("ioc-feed-alert")
        let cadence = FeedCadence(name: "telegraf", kind: "http", every: 120)
        let base = Fixtures.catalog()
        let (field, own) = try #require(FeedIndicators.make([cadence], rootLevel: .province, key: "="))
        let catalog = try Catalog(name: base.name, regions: base.regions, fields: base.fields + [field], indicators: base.indicators + own, root: "83")
        let writes = Writes()
        let participant = try Participant(catalog: catalog, store: try Store(path: dir.file("ioc.sqlite")), feed: { nil }, cadences: [cadence],
                                          writes: { writes }, socket: false)
        let series = catalog.series(catalog.indicatorIndex["data.feed.telegraf"]!, catalog.rootRegion)
        let t0: Int64 = 1_800_000_000
        func write(_ value: Double, at now: Int64) throws {
            let sample = Sample(series: catalog.series(catalog.indicatorIndex["admin.online_rate"]!, catalog.rootRegion), time: now, value: value)
            writes.waiting.append(ExternalWrite(source: "http:telegraf", samples: [sample], audit: AuditEntry(time: now, user: "token:telegraf", action: "write", target: "1"),
                                                done: { _ in }))
            _ = try participant.poll(nowMs: now * 1000)
        }
        func staleAlert() -> Alert? { participant.engine.alerts.alerts.values.first { $0.rule == "data.feed.telegraf:stale" } }
        #expect(participant.feedHealth.records(now: t0).map(\.state) == [.quiet], "expected, never heard from")

        try write(70, at: t0)
        #expect(participant.engine.table[series]?.value == 1 && participant.engine.table[series]?.time == t0)
        try write(71, at: t0 + 30)
        #expect(participant.engine.table[series]?.time == t0, "at most once a minute while the last is fresh")
        _ = try participant.poll(nowMs: (t0 + 100) * 1000)
        #expect(participant.engine.table[series]?.time == t0 + 30 && participant.engine.table[series]?.value == 2)
        _ = try participant.poll(nowMs: (t0 + 150) * 1000)
        #expect(participant.engine.table.status(series) == .ok && staleAlert() == nil, "120 s after its last data it is not yet quiet")
        _ = try participant.poll(nowMs: (t0 + 151) * 1000)
        let alert = try #require(staleAlert(), "quiet past its cadence")
        #expect(alert.state == .firing && participant.engine.table.status(series) == .stale)
        #expect(participant.feedHealth.records(now: t0 + 151).first?.state == .quiet)

        try write(72, at: t0 + 200)
        #expect(staleAlert()?.state == .resolved && participant.engine.table.status(series) == .ok, "data again")
        #expect(participant.feedHealth.records(now: t0 + 200).first?.state == .running)

        var decoder = Decoder(catalog: catalog, options: IngestOptions(format: .line))
        var refusals: [Rejection] = []
        decoder.decode(Array("data.feed.telegraf,region=83 value=5".utf8)[...], now: t0) { _, result in
            if case let .failure(why) = result { refusals.append(why) }
        }
        #expect(refusals == [.leaderWritten("data.feed.telegraf")], "only the leader writes a feed's indicator")
    }
}
