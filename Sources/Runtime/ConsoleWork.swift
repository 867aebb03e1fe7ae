import Console
import Coordinator
import Foundation
import IndicatorEngine
import Localization
import StoreContract
import Reports

/// What the console's off-loop work hands back: results as the loop's messages, and the end of
/// the looks the loop keeps one of at a time.
enum Arrival: Sendable {
    /// Through `update`, like a key.
    case message(Message)
    /// A look at the store ended: what it found (nothing when nothing changed).
    case followed([Message])
    /// A look at the leader ended: what the header should say, whether a leader is on its way,
    /// and the descriptor that becomes readable when the leader goes (-1: none).
    case linked(String?, starting: Bool, descriptor: Int32)
    /// Sparklines and target trends for what was on screen.
    case trends(Message)
}

/// Where off-loop work leaves its results: a list under a lock, and a pipe the loop polls, so a
/// result wakes it at once (Bubble Tea's commands, delivered as messages).
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Arrival] = []
    private var fds: [Int32] = [-1, -1]

    init() {
        // Not inherited by the leader a console starts; never blocking either end.
        guard pipe(&fds) == 0 else {
            fds = [-1, -1]
            return
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit { for fd in fds where fd >= 0 { close(fd) } }

    /// Readable while results wait.
    var descriptor: Int32 { fds[0] }

    func post(_ item: Arrival) {
        lock.lock()
        items.append(item)
        lock.unlock()
        var byte: UInt8 = 1
        // A full pipe already wakes the loop: the byte is not needed.
        _ = write(fds[1], &byte, 1)
    }

    /// What arrived, oldest first; empties the pipe.
    func take() -> [Arrival] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ read(fds[0], $0.baseAddress, $0.count) }) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let taken = items
        items = []
        return taken
    }

    /// Waits up to `milliseconds` for a result (before the first frame only).
    func wait(milliseconds: Int32) {
        var pfd = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        _ = poll(&pfd, 1, milliseconds)
    }
}

/// The console's side of the store, worked on a thread of its own: it follows the change feed
/// and answers the loads the screens ask for. Only its queue touches the store and the follower,
/// so a busy store, a long transaction, a migration or a far PostgreSQL never stops the loop.
final class StoreSide: @unchecked Sendable {
    let queue = DispatchQueue(label: "ioc.console.store")
    private let open: () throws -> any StoreBackend
    private var opened: (any StoreBackend)?
    private let catalog: Catalog
    private let log: (String) -> Void
    private var follower: Follower?
    private var failing: Int?
    /// The seeding mark last seen (nil: none).
    private var seeding: Int64?

    init(open: @escaping () throws -> any StoreBackend, catalog: Catalog, log: @escaping (String) -> Void) {
        self.open = open
        self.catalog = catalog
        self.log = log
    }

    /// The store, opened the first time it is needed (and again after a failed open).
    private var store: any StoreBackend {
        get throws {
            if let opened { return opened }
            let store = try open()
            opened = store
            return store
        }
    }

    /// Reads what was committed since the last look (the whole center the first time).
    func follow(now: Int64) -> [Message] {
        var news: [Message] = []
        do {
            let store = try self.store
            // Deliveries are recorded without a new sequence: looked at each time.
            let failingNow = try store.failingNotifications()
            if failingNow != failing {
                failing = failingNow
                news.append(.notifications(failing: failingNow))
            }
            let changed: Bool
            if let follower {
                changed = try follower.catchUp()
            } else {
                follower = try Follower(catalog: catalog, store: store)
                changed = true
            }
            if changed, let follower {
                let mark = try store.seeding()
                if mark != seeding {
                    seeding = mark
                    news.append(.startup(mark.map { .seeding(permille: Int($0)) }))
                }
                let book = follower.engine.alerts
                news.append(.data(follower.engine.table, alerts: book.open, resolved: Self.recentlyResolved(book), now: now))
            }
        } catch {
            log("console: reading the store failed: \(error)")
            if follower == nil { news.append(.startup(.unreadable("\(error)"))) }
        }
        return news
    }

    /// Alerts resolved and not yet archived, newest first (an indicator page lists them).
    static func recentlyResolved(_ book: AlertBook) -> [Alert] {
        book.alerts.values.filter { $0.state == .resolved }.sorted { ($0.since, $0.id) > ($1.since, $1.id) }
    }

    /// Each series' history over `span` to `end`, in at most `points` buckets: a day for
    /// sparklines, a year for targets (an empty one where the store has nothing, so it is not
    /// asked again until the next refresh). A screenful at a time.
    func histories(_ series: [SeriesID], end: Int64, span: Int64, points: Int) -> [SeriesID: [HistoryValue]] {
        var loaded: [SeriesID: [HistoryValue]] = [:]
        for s in series.prefix(120) {
            let history = (try? store.history(indicator: catalog.indicators[catalog.indicator(of: s)].code, region: catalog.regions[catalog.region(of: s)].code,
                                              from: end - span, to: end + 1, points: points)) ?? []
            loaded[s] = history.map { HistoryValue(time: $0.time, value: $0.value) }
        }
        return loaded
    }

    func history(_ series: SeriesID, range: HistoryRange, end: Int64) throws -> Message {
        let points = try store.history(indicator: catalog.indicators[catalog.indicator(of: series)].code,
                                       region: catalog.regions[catalog.region(of: series)].code,
                                       from: end - range.seconds, to: end + 1, points: 360)
        return .history(HistoryData(series: series, range: range, points: points.map { HistoryValue(time: $0.time, value: $0.value) }))
    }

    /// An alert's transitions and notes, with how its notifications went.
    func journal(alert: Int64, _ words: Messages) throws -> Message {
        let deliveries = try store.notifications(alert: alert).map { n in
            JournalEntry(alert: alert, time: n.deliveredAt ?? n.created, actor: "notify", action: n.receiver,
                         from: nil, to: nil, reason: n.status == .delivered ? words.text("delivered") : n.tries == 0 ? words.text("pending", context: "delivery")
                             : words.text("failing after {count} try: {problem}", plural: "failing after {count} tries: {problem}", count: n.tries,
                                          ["problem": n.lastError]))
        }
        return .journal(alert: alert, (try store.journal(alert: alert) + deliveries).sorted { $0.time < $1.time })
    }

    func feeds() throws -> Message { .feeds(try store.feedRecords()) }

    func audit() throws -> Message { .audit(Array(try store.auditTrail(since: nil, user: nil, limit: 5_000).reversed())) }

    /// The center as it stood at `time`, or live again (nil) with what the follower has.
    func travel(to time: Int64?, now: Int64) throws -> [Message] {
        if let time {
            let past = try CenterAsOf.read(catalog: catalog, store: store, at: time)
            return [.travelled(past.engine.table, alerts: past.alerts, at: time)]
        }
        if follower == nil { follower = try Follower(catalog: catalog, store: store) }
        let engine = follower!.engine
        return [.travelled(engine.table, alerts: engine.alerts.open, at: nil),
                .data(engine.table, alerts: engine.alerts.open, resolved: Self.recentlyResolved(engine.alerts), now: now)]
    }

    func report(_ period: String, settings: ReportSettings, timeZone: TimeZone, scope: RegionScope, now: Int64) throws -> Message {
        do {
            let (data, report) = try ReportRun(period: period, format: "md").produce(store: store, catalog: catalog, settings: settings,
                                                                                     timeZone: timeZone, scope: scope, now: now, toTerminal: false,
                                                                                     language: settings.language)
            let words = Messages.shipped(settings.language)
            let title = words.text("{period} · {region} (produced now; ioc report --output saves it)",
                                   ["period": MarkdownReport.title(report.period, language: settings.language), "region": report.region.name])
            return .reportPreview(ReportPreview(title: title, text: String(decoding: data, as: UTF8.self)))
        } catch let problem as CommandProblem {
            return .notice(problem.description)
        }
    }
}

/// The console's side of the leader, on a thread of its own: it keeps the link that says
/// whether a leader runs (and starts one when none does), and sends operators' actions, whose
/// answers may take seconds.
final class LeaderSide: @unchecked Sendable {
    let queue = DispatchQueue(label: "ioc.console.leader")
    private let link: any LeaderPresence
    private let actions: any ActionSender
    private let log: (String) -> Void

    init(link: any LeaderPresence, actions: any ActionSender, log: @escaping (String) -> Void) {
        self.link = link
        self.actions = actions
        self.log = log
    }

    /// Looks at the leader; what the header should say and what to watch.
    func look(nowMs: Int64) -> Arrival {
        LeaderLauncher.reap()
        _ = link.maintain(nowMs: nowMs)
        return .linked(link.absence, starting: link.isStarting, descriptor: link.descriptor)
    }

    /// Sends a request to the leader; the notice that says how it ended.
    func send(_ request: CommandRequest, _ words: Messages, done: (CommandResponse) -> String) -> Message {
        do {
            let response = try actions.send(request, timeout: 10)
            return .notice(response.ok ? done(response) : words.refusal(response))
        } catch {
            log("console: request \(request.op.rawValue) failed: \(error)")
            return .notice(words.text("could not do that: {problem}", ["problem": "\(error)"]))
        }
    }
}
