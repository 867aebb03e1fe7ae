import Feeds
import Foundation
import IndicatorEngine
import StoreContract
import Reports

/// A headless process's part in the shared store (`ioc serve`, or the leader a console starts):
/// it leads when it holds the lock, else it stands by and keeps trying, so when the leader exits
/// or dies a standby takes over within `takeoverInterval`. While it leads it answers the
/// command socket. Consoles never lead: they follow (`Follower`) and act through the socket.
public final class Participant {
    public enum Role: String, Sendable { case leader, follower }

    public let catalog: Catalog
    public let store: any LeaderStore
    /// The store's file on this host, when it is one: the command socket is beside it (a
    /// server's database is acted on through the database).
    private let hostFile: String?
    /// Where scheduled reports go (nil: beside a SQLite store).
    private let reportsDirectory: String?
    private let lock: any LeadershipClaim
    private let makeFeed: () -> Simulator?
    private let log: (String) -> Void
    public private(set) var leader: Leader?
    private var follower: Follower?
    /// What this process does while it leads, in the order a poll steps them (while an empty
    /// store is seeded, only the socket and the seeding).
    private var duties: [any LeaderDuty] = []
    private var nextLockTry: Int64 = 0
    private var nextLockCheck: Int64 = 0
    private let retention: HistoryRetention
    private let timeZone: TimeZone
    /// The inbox, command feeds and write endpoint, run while this process leads.
    private let feeds: LeaderFeeds
    /// What each feed gave and refused over the last hour, recorded in the store.
    public var feedHealth: FeedHealth { feeds.health }
    private let seedEmptyStore: (() -> Seeding)?
    private let access: AccessBox
    private let notify: NotifyPolicy
    private let reports: ReportSettings
    private let serveSocket: Bool
    /// When the lead began: consoles have been unattached since, where there is no socket.
    private var ledSince: Int64?

    /// How often a follower reads the change feed and a leader looks at its queues, in ms.
    public static let pollInterval: Int64 = 200
    /// How often a follower tries for the lock, in ms.
    public static let takeoverInterval: Int64 = 500
    /// Rows a leader compacts in one step: a step holds the writer for tens of milliseconds.
    public static let compactionRows = 20_000
    /// Seconds after taking the lead before the first compaction pass, and the pause between
    /// two steps of a pass in ms (`HistoryDuty`'s).
    public static let compactionDelay = HistoryDuty.compactionDelay
    public static let compactionPause = HistoryDuty.pause

    /// `retention`: how long each history tier keeps its days (`timeZone`'s days).
    /// `inbox`: the directory the leader watches for files to ingest.
    /// `claim`: the right to lead (nil: the store's own, `LeaderStore.leadershipClaim`).
    public init(catalog: Catalog, store: any LeaderStore, claim: (any LeadershipClaim)? = nil, feed: @escaping () -> Simulator?,
                retention: HistoryRetention = HistoryRetention(),
                timeZone: TimeZone = .current, inbox: String? = nil, commands: [CommandFeedSpec] = [], cadences: [FeedCadence] = [],
                writes: (() throws -> any ExternalWrites)? = nil, seedEmptyStore: (() -> Seeding)? = nil,
                access: Leader.AccessContext = Leader.AccessContext(policy: .singleAccount, centers: []), socket: Bool = true,
                notify: NotifyPolicy = .none, reports: ReportSettings = ReportSettings(), reportsDirectory: String? = nil,
                log: @escaping (String) -> Void = { _ in }) throws {
        self.notify = notify
        self.reportsDirectory = reportsDirectory
        self.reports = reports
        self.access = AccessBox(access)
        serveSocket = socket
        self.seedEmptyStore = seedEmptyStore
        self.catalog = catalog
        feeds = LeaderFeeds(catalog: catalog, inbox: inbox, commands: commands, cadences: cadences, writes: writes, log: log)
        self.retention = retention
        self.timeZone = timeZone
        self.store = store
        hostFile = store.hostFile
        lock = claim ?? store.leadershipClaim(holder: "\(ProcessInfo.processInfo.hostName) pid \(getpid())")
        makeFeed = feed
        self.log = log
        if let refusal = store.leadRefusal { throw refusal }
        if lock.tryAcquire() {
            try lead()
        } else {
            if let problem = lock.openProblem { throw StoreError.failed(problem) }
            follower = try Follower(catalog: catalog, store: store)
            log("standing by: another process leads \(store.location)")
        }
    }

    public var role: Role { leader == nil ? .follower : .leader }

    public var engine: Engine { leader?.engine ?? follower!.engine }

    /// When the last console detached (or this process started leading); nil while one is attached.
    public var unattachedSince: Int64? {
        guard leader != nil else { return nil }
        return duties.lazy.compactMap { $0 as? CommandSocketDuty }.first.map(\.unattachedSince) ?? ledSince
    }

    /// Writes scheduled reports while this process leads.
    public var reportScheduler: ReportScheduler? { duties.lazy.compactMap { ($0 as? ReportDuty)?.scheduler }.first }

    private func lead() throws {
        let leader = try Leader(catalog: catalog, store: store, feed: makeFeed())
        leader.notify = notify
        leader.language = reports.language
        leader.taken = { [weak self] source, count, now in self?.feedHealth.note(source: source, accepted: count, now: now) }
        self.leader = leader
        follower = nil
        log("leading: engine and feeds run here (\(store.location))")
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        ledSince = nowMs / 1000
        let socket: [any LeaderDuty] = serveSocket ? hostFile.flatMap { CommandSocketDuty.open(storePath: $0, access: access, since: nowMs / 1000, log: log) }
            .map { [$0] } ?? [] : []
        // A store nobody has written to yet (or whose seeding a leader left unfinished) gets its
        // starting data before the rest starts (the feeds among it), a step a poll.
        if let seedEmptyStore, try store.sequence() == 0 || store.seeding() != nil {
            duties = socket + [SeedingDuty(seedEmptyStore())]
            log("seeding an empty store: consoles follow its progress")
        } else {
            duties = running(leader, socket: socket, nowMs: nowMs)
        }
    }

    /// The duties of a leader at work, in the order a poll steps them.
    private func running(_ leader: Leader, socket: [any LeaderDuty], nowMs: Int64) -> [any LeaderDuty] {
        let upkeep = store.historyUpkeep(retention: retention, timeZone: timeZone, rowBudget: Self.compactionRows)
        var duties: [any LeaderDuty] = [HistoryDuty(upkeep: upkeep, nowMs: nowMs, log: log)]
        duties += socket
        duties += [FeedsDuty(feeds), EngineDuty(store: store, access: access, walWatch: store.intakeSignal(),
                                                feedInterval: leader.feedInterval), FeedRecordsDuty(feeds)]
        if !reports.schedules.isEmpty, let directory = reportsDirectory ?? hostFile.map({ ReportMaker.directory(store: $0) }) {
            duties.append(ReportDuty(scheduler: ReportScheduler(settings: reports, catalog: catalog, directory: directory, timeZone: timeZone,
                                                                receivers: notify.receivers, log: log), records: store, log: log))
        }
        if !notify.receivers.isEmpty { duties.append(OutboxDuty(NotificationSender(store: store, policy: notify, log: log))) }
        return duties
    }

    /// Does what is due at `nowMs` (Unix milliseconds); true when what a screen shows changed.
    public func poll(nowMs: Int64) throws -> Bool {
        if let leader {
            // A leader whose session ended (PostgreSQL) no longer leads: it stands by again.
            if nowMs >= nextLockCheck {
                nextLockCheck = nowMs + 1_000
                if !lock.stillHeld {
                    log("lost the lead of \(store.location); standing by")
                    resign()
                    self.leader = nil
                    follower = try Follower(catalog: catalog, store: store)
                    return true
                }
            }
            var changed = false
            for duty in duties { changed = try duty.step(leader, nowMs: nowMs, committed: changed) || changed }
            if let seeding = duties.last as? SeedingDuty, seeding.done {
                // Seeded: the rest starts, the socket goes on among it.
                duties = running(leader, socket: duties.filter { $0 is CommandSocketDuty }, nowMs: nowMs)
            }
            return changed
        }
        var changed = try follower?.catchUp() ?? false
        if nowMs >= nextLockTry {
            nextLockTry = nowMs + Self.takeoverInterval
            if lock.tryAcquire() {
                try lead()
                changed = true
            }
        }
        return changed
    }

    /// Descriptors whose readiness is a reason to poll (the socket's, while leading).
    public var descriptors: [pollfd] {
        duties.flatMap(\.descriptors).filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    }

    /// When `poll` next has work, in Unix milliseconds.
    public func nextWake(nowMs: Int64) -> Int64 {
        var wake = nowMs + Self.pollInterval
        if leader != nil { wake = ([wake, nextLockCheck] + duties.compactMap { $0.nextWake(nowMs: nowMs) }).min() ?? wake }
        return max(nowMs, wake)
    }

    /// Gives up the lead (on exit), so a follower takes over at once.
    public func resign() {
        duties.forEach { $0.stop() }
        duties = []
        lock.release()
    }
}
