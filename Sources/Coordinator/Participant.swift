import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore
import Reports

/// A headless process's part in the shared store (`ioc serve`, or the leader a console starts):
/// it leads when it holds the lock, else it stands by and keeps trying, so when the leader exits
/// or dies a standby takes over within `takeoverInterval`. While it leads it answers the
/// command socket. Consoles never lead: they follow (`Follower`) and act through the socket.
public final class Participant {
    public enum Role: String, Sendable { case leader, follower }

    public let catalog: Catalog
    public let store: any LeaderStore
    /// The SQLite store, when it is one: the command socket and compaction run on it (on
    /// PostgreSQL consoles act through the database, and months are dropped whole).
    private var sqlite: Store? { store as? Store }
    /// Where scheduled reports go (nil: beside a SQLite store).
    private let reportsDirectory: String?
    private let lock: any LeadershipClaim
    private let makeFeed: () -> Simulator?
    private let log: (String) -> Void
    public private(set) var leader: Leader?
    private var follower: Follower?
    /// Wakes the leader when another process queues rows or actions (SQLite's WAL), so a row
    /// handed to it is applied at once rather than at the next look.
    private var walWatch: StoreChangeWatch?
    private var dataVersion: Int?
    private var nextFeed: Int64 = 0
    private var nextTick: Int64 = 0
    private var nextLockTry: Int64 = 0
    private var nextCompaction: Int64 = 0
    private var compactor: Compactor
    private let retention: HistoryRetention
    private let timeZone: TimeZone
    /// The inbox, command feeds and write endpoint, run while this process leads.
    private let feeds: LeaderFeeds
    /// What each feed gave and refused over the last hour, recorded in the store.
    public var feedHealth: FeedHealth { feeds.health }
    private let seedEmptyStore: (() -> Seeding)?
    /// The seeding under way: while it lasts the leader answers requests and seeds, a step a poll.
    private var seeding: Seeding?
    public var access: Leader.AccessContext
    public private(set) var server: CommandServer?
    /// Delivers the notification outbox while this process leads.
    public private(set) var sender: NotificationSender?
    private let notify: NotifyPolicy
    private let reports: ReportSettings
    /// Writes scheduled reports while this process leads.
    public private(set) var reportScheduler: ReportScheduler?
    private let serveSocket: Bool
    /// When the last console detached (or this process started leading); nil while one is attached.
    public private(set) var unattachedSince: Int64?

    /// How often a follower reads the change feed and a leader looks at its queues, in ms.
    public static let pollInterval: Int64 = 200
    /// How often a follower tries for the lock, in ms.
    public static let takeoverInterval: Int64 = 500

    /// `retention`: how long each history tier keeps its days (`timeZone`'s days).
    /// `inbox`: the directory the leader watches for files to ingest.
    /// `claim`: the right to lead (nil: the SQLite store's lock file; a PostgreSQL store brings its own).
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
        self.access = access
        serveSocket = socket
        self.seedEmptyStore = seedEmptyStore
        self.catalog = catalog
        feeds = LeaderFeeds(catalog: catalog, inbox: inbox, commands: commands, cadences: cadences, writes: writes, log: log)
        self.retention = retention
        compactor = Compactor(retention: retention, timeZone: timeZone)
        compactor.rowBudget = Self.compactionRows
        self.timeZone = timeZone
        self.store = store
        guard let claim = claim ?? (store as? Store).map({ LeaderLock(storePath: $0.path) }) else {
            throw StoreError.failed("\(store.location): a store without a lock file needs its own claim to lead")
        }
        lock = claim
        makeFeed = feed
        self.log = log
        if let sqlite = store as? Store, sqlite.isReadOnly {
            throw StoreError.failed("""
                \(SharedFiles.userName(uid: getuid())) may not write the store at \(sqlite.path) (\(SharedFiles.owner(sqlite.path) ?? "?")): \
                only the service account leads; run 'ioc serve' as it (or 'systemctl start ioc')
                """)
        }
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

    private func lead() throws {
        let leader = try Leader(catalog: catalog, store: store, feed: makeFeed())
        leader.notify = notify
        leader.taken = { [weak self] source, count, now in self?.feedHealth.note(source: source, accepted: count, now: now) }
        self.leader = leader
        if !notify.receivers.isEmpty, let outbox = store as? NotificationOutbox { sender = NotificationSender(store: outbox, policy: notify, log: log) }
        if !reports.schedules.isEmpty, let directory = reportsDirectory ?? sqlite.map({ ReportMaker.directory(store: $0.path) }) {
            reportScheduler = ReportScheduler(settings: reports, catalog: catalog, directory: directory, timeZone: timeZone,
                                              receivers: notify.receivers, log: log)
        }
        follower = nil
        log("leading: engine and feeds run here (\(store.location))")
        unattachedSince = Int64(Date().timeIntervalSince1970)
        // Compaction waits a minute: taking the lead is when consoles start and attach. Months
        // (PostgreSQL) are looked after at once: dropping one is a quick catalog change.
        nextCompaction = (unattachedSince! + (sqlite == nil ? 0 : Self.compactionDelay)) * 1000
        if serveSocket, let sqlite {
            do {
                server = try CommandServer(path: CommandSocket.path(store: sqlite.path), log: log)
            } catch {
                log("socket: \(error); operators cannot act until it is fixed")
            }
        }
        walWatch = sqlite.map { StoreChangeWatch(storePath: $0.path) }
        // A store nobody has written to yet (or whose seeding a leader left unfinished) gets its
        // starting data before the feeds start, a step a poll.
        if let seedEmptyStore, try store.sequence() == 0 || store.seeding() != nil {
            seeding = seedEmptyStore()
            log("seeding an empty store: consoles follow its progress")
        } else {
            feeds.start()
        }
    }

    /// Does what is due at `nowMs` (Unix milliseconds); true when what a screen shows changed.
    public func poll(nowMs: Int64) throws -> Bool {
        let now = nowMs / 1000
        if let leader, let seeding {
            // Seeding: consoles attach and act between the steps; nothing else runs yet.
            _ = try answerRequests(leader, now: now)
            if try seeding.step(leader) {
                self.seeding = nil
                feeds.start()
            }
            return true
        }
        if let leader {
            let feedDue = leader.feedInterval != nil && now >= nextFeed
            let tick = now >= nextTick
            // Other processes' intake and actions show up as a new data_version.
            walWatch?.drain()
            let version = try store.dataVersion()
            let queued = version != dataVersion
            dataVersion = version
            if nowMs >= nextCompaction {
                if let sqlite { compactStep(sqlite, nowMs: nowMs) } else if let months = store as? MonthlyHistory { monthsStep(months, nowMs: nowMs) }
            }
            // A leader whose session ended (PostgreSQL) no longer leads: it stands by again.
            if tick, !lock.stillHeld {
                log("lost the lead of \(store.location); standing by")
                resign()
                self.leader = nil
                follower = try Follower(catalog: catalog, store: store)
                return true
            }
            var changed = try answerRequests(leader, now: now)
            // Actions queued through the database by consoles on other hosts (PostgreSQL); at
            // each tick too, as an id is taken before the row that has it is committed.
            if queued || tick, let queue = store as? ActionQueue {
                let actions = try queue.queuedActions(limit: 500)
                if !actions.isEmpty {
                    try leader.answer(queued: actions, access: &access, now: now)
                    changed = true
                }
            }
            changed = try feeds.step(leader, nowMs: nowMs) || changed
            if feedDue || tick || queued {
                if feedDue { nextFeed = now + (leader.feedInterval ?? 1) }
                if tick { nextTick = now + 1 }
                changed = try leader.step(now: now, feedDue: feedDue, tick: tick) != nil || changed
            }
            changed = try feeds.record(leader, now: now) || changed
            do {
                if let records = store as? ReportRecords { changed = try reportScheduler?.step(store: records, now: now) ?? false || changed }
            } catch {
                log("report: \(error)")
            }
            // Whatever this poll committed may have planned notifications: send them now.
            if changed { sender?.expect() }
            sender?.step(nowMs: nowMs)
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

    /// Rows a leader compacts in one step: a step holds the writer for tens of milliseconds.
    public static let compactionRows = 20_000
    /// How often a leader starts a compaction pass when the last one finished, in ms.
    public static let compactionInterval: Int64 = 900_000
    /// Seconds after taking the lead before the first compaction pass.
    public static let compactionDelay: Int64 = 60
    /// The pause between two steps of a pass, in ms: others (a console opening the store, an
    /// ingest, an operator's action) get the writer in between.
    public static let compactionPause: Int64 = 50
    private var compacted = CompactionReport()

    /// One small step of compaction and retention; the next follows shortly while there is
    /// work, so a day's rows move in many short transactions between the feed's commits.
    private func compactStep(_ store: Store, nowMs: Int64) {
        do {
            let (report, done) = try compactor.step(store, now: nowMs / 1000)
            compacted.add(report)
            nextCompaction = nowMs + (done ? Self.compactionInterval : Self.compactionPause)
            if done, !compacted.isEmpty {
                log("compacted: \(compacted.summary)")
                compacted = CompactionReport()
            }
        } catch {
            // The rows stay and are read as rows; the next pass tries again.
            log("compaction: \(error)")
            nextCompaction = nowMs + Self.compactionInterval
        }
    }

    /// PostgreSQL's history by the month: the months ahead made, and those past the last tier's
    /// retention (`daily`; none when it keeps days for ever) dropped whole. Raw rows stay until
    /// then: PostgreSQL keeps no compacted tiers of its own (days migrated from SQLite stay).
    private func monthsStep(_ months: any MonthlyHistory, nowMs: Int64) {
        nextCompaction = nowMs + Self.compactionInterval
        let now = nowMs / 1000
        do {
            try months.ensurePartitions(around: now, monthsBack: 0, monthsAhead: 2)
            guard let keep = retention.daily else { return }
            let dropped = try months.dropHistory(endingBy: now - keep)
            if !dropped.isEmpty { log("retention: dropped \(dropped.joined(separator: ", ")) (older than \(keep / HistoryRetention.day) days)") }
        } catch {
            log("retention: \(error)")
        }
    }

    /// Reads the socket and answers what it holds, after committing it.
    private func answerRequests(_ leader: Leader, now: Int64) throws -> Bool {
        guard let server else { return false }
        var requests: [CommandServer.Incoming] = []
        var changed = false
        for event in server.service(now: now) {
            switch event {
            case let .request(incoming): requests.append(incoming)
            case let .detached(_, peer, request, since):
                try leader.sessionEnded(peer: peer, access: access, since: since, now: now, from: request.from)
                changed = true
            }
        }
        if !requests.isEmpty {
            for answer in try leader.answer(requests, access: &access, now: now) {
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

    /// Descriptors whose readiness is a reason to poll (the socket's, while leading).
    public var descriptors: [pollfd] {
        (server?.pollDescriptors ?? []) + (sender?.descriptors ?? [])
            + (feeds.descriptors + (walWatch.map { [$0.descriptor] } ?? []))
                .filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    }

    /// When `poll` next has work, in Unix milliseconds.
    public func nextWake(nowMs: Int64) -> Int64 {
        var wake = nowMs + Self.pollInterval
        if seeding != nil { return nowMs }
        if let leader {
            wake = min(wake, nextTick * 1000, nextCompaction, sender?.nextWake(nowMs: nowMs) ?? Int64.max, feeds.nextWake(nowMs: nowMs) ?? Int64.max)
            if leader.feedInterval != nil { wake = min(wake, nextFeed * 1000) }
        }
        return max(nowMs, wake)
    }

    /// Gives up the lead (on exit), so a follower takes over at once.
    public func resign() {
        feeds.stop()
        walWatch = nil
        sender?.stop()
        sender = nil
        server?.shutdown()
        server = nil
        lock.release()
    }
}

/// Waits until the leader has done what this process queued (`done` says so). When no process
/// leads, or the leader goes away meanwhile, this process takes the lead just long enough to
/// do it itself. Returns false only if `timeout` seconds pass with a leader that never does it.
public func awaitLeader(catalog: Catalog, store: Store, timeout: Double = 60, now: () -> Int64,
                        done: () throws -> Bool) throws -> Bool {
    try awaitLeader(catalog: catalog, store: store, claim: LeaderLock(storePath: store.path), timeout: timeout, now: now, done: done)
}

/// The same on any store, with the claim that leads it (released again before returning when
/// this process took it).
public func awaitLeader(catalog: Catalog, store: any LeaderStore, claim lock: any LeadershipClaim, timeout: Double = 60,
                        now: () -> Int64, done: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try done() { return true }
        if lock.tryAcquire() {
            defer { lock.release() }
            let leader = try Leader(catalog: catalog, store: store)
            while try leader.step(now: now()) != nil, !(try done()) {}
            continue
        }
        if Date() > deadline { return false }
        usleep(20_000)
    }
}
