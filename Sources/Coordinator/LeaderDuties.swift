import Feeds
import Foundation
import IndicatorEngine
import StoreContract
import Reports

/// One of the leader's duties: made when the process takes the lead, stepped at each poll in
/// the participant's order, asked when it next has work and which descriptors wake it, stopped
/// when the lead is given up. A new duty is a type here and a line in `LeaderDuties.make`.
protocol LeaderDuty: AnyObject {
    /// Does what is due at `nowMs`; true when it committed what a screen shows. `committed`:
    /// whether the duties before it in this poll did.
    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool
    /// When it next has work, in Unix milliseconds (nil: only when a descriptor says so).
    func nextWake(nowMs: Int64) -> Int64?
    /// Descriptors whose readiness is a reason to poll.
    var descriptors: [Int32] { get }
    func stop()
}

extension LeaderDuty {
    func nextWake(nowMs: Int64) -> Int64? { nil }
    var descriptors: [Int32] { [] }
    func stop() {}
}

/// Who may do what, shared by the duties that answer operators (reloaded by an admin's request).
final class AccessBox {
    var context: Leader.AccessContext
    init(_ context: Leader.AccessContext) { self.context = context }
}

/// The engine's loop: observations from the feed, the clock's tick, rows and actions other
/// processes queued (they show up as a new data version), each applied and committed.
final class EngineDuty: LeaderDuty {
    private let store: any LeaderStore
    private let access: AccessBox
    private let walWatch: (any ChangeSignal)?
    /// Seconds between the feed's rounds (nil: no feed of its own).
    private let feedInterval: Int64?
    private var dataVersion: Int?
    private var nextFeed: Int64 = 0
    private var nextTick: Int64 = 0

    init(store: any LeaderStore, access: AccessBox, walWatch: (any ChangeSignal)?, feedInterval: Int64?) {
        self.store = store
        self.access = access
        self.walWatch = walWatch
        self.feedInterval = feedInterval
    }

    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool {
        let now = nowMs / 1000
        let feedDue = feedInterval != nil && now >= nextFeed
        let tick = now >= nextTick
        _ = walWatch?.drain()
        let version = try store.dataVersion()
        let queued = version != dataVersion
        dataVersion = version
        var changed = false
        // Actions queued through the database by consoles on other hosts (PostgreSQL); at each
        // tick too, as an id is taken before the row that has it is committed.
        if queued || tick, let queue = store.actionQueue {
            let actions = try queue.queuedActions(limit: 500)
            if !actions.isEmpty {
                try leader.answer(queued: actions, access: &access.context, now: now)
                changed = true
            }
        }
        if feedDue || tick || queued {
            if feedDue { nextFeed = now + (feedInterval ?? 1) }
            if tick { nextTick = now + 1 }
            changed = try leader.step(now: now, feedDue: feedDue, tick: tick) != nil || changed
        }
        return changed
    }

    func nextWake(nowMs: Int64) -> Int64? { min(nextTick * 1000, feedInterval == nil ? Int64.max : nextFeed * 1000) }

    var descriptors: [Int32] { walWatch.map { [$0.descriptor] } ?? [] }
}

/// The command socket beside a SQLite store: operators' requests answered after they are
/// committed, consoles attached and detached.
final class CommandSocketDuty: LeaderDuty {
    let server: CommandServer
    private let access: AccessBox
    /// When the last console detached (or the lead began); nil while one is attached.
    private(set) var unattachedSince: Int64?

    init(server: CommandServer, access: AccessBox, since: Int64) {
        self.server = server
        self.access = access
        unattachedSince = since
    }

    /// The socket beside the store at `storePath`; nil (and said) when it cannot be made.
    static func open(storePath: String, access: AccessBox, since: Int64, log: @escaping (String) -> Void) -> CommandSocketDuty? {
        do {
            return CommandSocketDuty(server: try CommandServer(path: CommandSocket.path(store: storePath), log: log), access: access, since: since)
        } catch {
            log("socket: \(error); operators cannot act until it is fixed")
            return nil
        }
    }

    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool {
        let now = nowMs / 1000
        var requests: [CommandServer.Incoming] = []
        var changed = false
        for event in server.service(now: now) {
            switch event {
            case let .request(incoming): requests.append(incoming)
            case let .detached(_, peer, request, since):
                try leader.sessionEnded(peer: peer, access: access.context, since: since, now: now, from: request.from)
                changed = true
            }
        }
        if !requests.isEmpty {
            for answer in try leader.answer(requests, access: &access.context, now: now) {
                server.respond(answer.connection, answer.response, attach: answer.attach, now: now)
            }
            changed = true
        }
        if server.attachedCount > 0 {
            unattachedSince = nil
        } else if unattachedSince == nil {
            unattachedSince = now
        }
        return changed
    }

    var descriptors: [Int32] { server.pollDescriptors.map(\.fd) }

    func stop() { server.shutdown() }
}

/// The inbox, command feeds and the write endpoint; then, in a duty of its own after the
/// engine's step, how they stand recorded.
final class FeedsDuty: LeaderDuty {
    private let feeds: LeaderFeeds

    init(_ feeds: LeaderFeeds) {
        self.feeds = feeds
        feeds.start()
    }

    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool { try feeds.step(leader, nowMs: nowMs) }
    func nextWake(nowMs: Int64) -> Int64? { feeds.nextWake(nowMs: nowMs) }
    var descriptors: [Int32] { feeds.descriptors }
    func stop() { feeds.stop() }
}

final class FeedRecordsDuty: LeaderDuty {
    private let feeds: LeaderFeeds
    init(_ feeds: LeaderFeeds) { self.feeds = feeds }
    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool { try feeds.record(leader, now: nowMs / 1000) }
}

/// History kept small in short steps, the store's own way (`HistoryUpkeep`): SQLite's
/// compaction into day chunks and retention, or PostgreSQL's months made ahead and dropped whole.
final class HistoryDuty: LeaderDuty {
    /// Seconds after taking the lead before SQLite's first compaction pass.
    static let compactionDelay: Int64 = 60
    /// How often a pass starts when the last one finished, in ms.
    static let interval: Int64 = 900_000
    /// The pause between two steps of a pass, in ms: others (a console opening the store, an
    /// ingest, an operator's action) get the writer in between.
    static let pause: Int64 = 50

    private let upkeep: any HistoryUpkeep
    private let log: (String) -> Void
    private var next: Int64

    init(upkeep: any HistoryUpkeep, nowMs: Int64, log: @escaping (String) -> Void) {
        self.upkeep = upkeep
        self.log = log
        next = nowMs + upkeep.firstDelay * 1000
    }

    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool {
        guard nowMs >= next else { return false }
        let (more, lines) = upkeep.step(now: nowMs / 1000)
        lines.forEach(log)
        next = nowMs + (more ? Self.pause : Self.interval)
        return false
    }

    func nextWake(nowMs: Int64) -> Int64? { next }
}

/// Scheduled reports, each written once per period.
final class ReportDuty: LeaderDuty {
    let scheduler: ReportScheduler
    private let records: any ReportRecords
    private let log: (String) -> Void

    init(scheduler: ReportScheduler, records: any ReportRecords, log: @escaping (String) -> Void) {
        self.scheduler = scheduler
        self.records = records
        self.log = log
    }

    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool {
        do {
            return try scheduler.step(store: records, now: nowMs / 1000)
        } catch {
            log("report: \(error)")
            return false
        }
    }
}

/// The notification outbox: whatever this poll committed may have planned messages; sent now.
final class OutboxDuty: LeaderDuty {
    let sender: NotificationSender

    init(_ sender: NotificationSender) { self.sender = sender }

    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool {
        if committed { sender.expect() }
        sender.step(nowMs: nowMs)
        return false
    }

    func nextWake(nowMs: Int64) -> Int64? { sender.nextWake(nowMs: nowMs) }
    var descriptors: [Int32] { sender.descriptors.map(\.fd) }
    func stop() { sender.stop() }
}

/// Filling an empty store, a step a poll; while it lasts only the socket is answered beside it.
final class SeedingDuty: LeaderDuty {
    private let seeding: Seeding
    private(set) var done = false

    init(_ seeding: Seeding) { self.seeding = seeding }

    func step(_ leader: Leader, nowMs: Int64, committed: Bool) throws -> Bool {
        done = try seeding.step(leader)
        return true
    }

    func nextWake(nowMs: Int64) -> Int64? { done ? nil : nowMs }
}
