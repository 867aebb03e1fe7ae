import Feeds
import Foundation
import IndicatorEngine

/// The feeds a leader runs besides the simulator and the intake: the inbox, command feeds and
/// the write endpoint, with the account of each (`FeedHealth`), the feeds' own indicators in
/// "Dữ liệu", and the records `ioc feeds` reads. Started when the process takes the lead and
/// stopped when it gives it up; each step takes what arrived without waiting for anything.
final class LeaderFeeds {
    private let catalog: Catalog
    private let inboxPath: String?
    private let commandSpecs: [CommandFeedSpec]
    private let openWrites: (() throws -> any ExternalWrites)?
    private let log: (String) -> Void
    let health: FeedHealth
    private var indicators: FeedIndicatorWriter
    private(set) var inbox: InboxFeed?
    private(set) var commands: [CommandFeed] = []
    private(set) var writes: (any ExternalWrites)?
    private var commandRejected: [String: Int] = [:]
    private var recorded: [FeedRecord] = []
    private var nextRecord: Int64 = 0

    /// How often the feeds' records are written when they changed, in seconds.
    static let recordInterval: Int64 = 15

    init(catalog: Catalog, inbox: String?, commands: [CommandFeedSpec], cadences: [FeedCadence],
         writes: (() throws -> any ExternalWrites)?, log: @escaping (String) -> Void) {
        self.catalog = catalog
        inboxPath = inbox
        commandSpecs = commands
        openWrites = writes
        self.log = log
        health = FeedHealth(cadences: cadences)
        indicators = FeedIndicatorWriter(cadences: cadences, region: catalog.regions[catalog.rootRegion].code)
    }

    /// At the lead: the command feeds made (started at the first step, when the loop runs), the
    /// endpoint opened, the inbox watched; what fails is logged and the rest runs.
    func start() {
        commands = commandSpecs.map { CommandFeed(spec: $0, catalog: catalog, log: log) }
        commands.forEach(health.note(command:))
        do {
            writes = try openWrites?()
        } catch {
            log("http: \(error); writers cannot write until it is fixed and the leader restarted")
        }
        if let inboxPath {
            do {
                inbox = try InboxFeed(directory: inboxPath, catalog: catalog, log: log)
                log("inbox: watching \(inboxPath)")
            } catch {
                log("inbox: cannot watch \(inboxPath): \(error)")
            }
        }
    }

    /// Applies what the feeds brought since the last step; true when something was committed.
    func step(_ leader: Leader, nowMs: Int64) throws -> Bool {
        let now = nowMs / 1000
        var changed = try inbox?.step(leader: leader, now: now) ?? false
        // HTTP writes waiting: one commit per token (its rows' source), each writer answered
        // once it is durable.
        let waiting = writes?.take() ?? []
        for source in Array(Set(waiting.map(\.source))).sorted() {
            let group = waiting.filter { $0.source == source }
            health.note(source: source, accepted: 0, rejected: group.reduce(0) { $0 + $1.rejected }, now: now)
            do {
                _ = try leader.ingest(resolved: group.flatMap(\.samples), source: source, now: now, audit: group.map(\.audit))
                group.forEach { $0.finish(nil) }
            } catch {
                group.forEach { $0.finish(error) }
                throw error
            }
            changed = true
        }
        for feed in commands {
            let samples = feed.step(nowMs: nowMs)
            let refused = feed.rejected - (commandRejected[feed.spec.name] ?? 0)
            if refused > 0 { health.note(source: feed.source, accepted: 0, rejected: refused, now: now) }
            commandRejected[feed.spec.name] = feed.rejected
            health.note(command: feed)
            if !samples.isEmpty {
                _ = try leader.ingest(resolved: samples, source: feed.source, now: now)
                changed = true
            }
        }
        let own = indicators.due(health, now: now)
        if !own.isEmpty {
            try leader.ingest(own, now: now)
            changed = true
        }
        return changed
    }

    /// Records how the feeds stand, every `recordInterval` when it changed; true when it did.
    func record(_ leader: Leader, now: Int64) throws -> Bool {
        guard now >= nextRecord else { return false }
        nextRecord = now + Self.recordInterval
        let records = health.records(now: now)
        guard records != recorded else { return false }
        try leader.record(feeds: records)
        recorded = records
        return true
    }

    /// Descriptors whose readiness is a reason to step.
    var descriptors: [Int32] { commands.flatMap(\.descriptors) + (writes.map { [$0.descriptor] } ?? []) }

    /// When a step next has work, in Unix milliseconds (nil: only when a descriptor says so).
    func nextWake(nowMs: Int64) -> Int64? {
        // A file half ingested: the next slice is due at once.
        if inbox?.isBusy == true { return nowMs }
        return commands.map { $0.nextWake(nowMs: nowMs) }.min()
    }

    /// The lead is given up: programs stopped, writers answered 503, the inbox left as it is.
    func stop() {
        commands.forEach { $0.stop() }
        commands = []
        writes?.stop()
        writes = nil
        inbox?.suspend()
    }
}
