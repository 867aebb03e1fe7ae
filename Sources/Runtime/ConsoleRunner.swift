import Canvas
import Console
import Coordinator
import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore
import Reports

/// The console's event loop: the only place where a terminal, the clock and the shared store
/// meet. It sleeps in the backend's wait until a key, a signal, or the next look at the store's
/// change feed, and turns the pure `update`'s effects into store reads and requests to the
/// leader. A console never leads: it follows the store, acts through the leader's socket, and
/// starts a headless leader when none runs and it may (so a stopped or stalled terminal costs
/// the center nothing).
public final class ConsoleRunner {
    /// What the runner needs besides its terminal and store.
    public struct Settings {
        public var catalog: Catalog
        public var timeZone: TimeZone
        /// The command line's theme; nil: the operator's saved one, else dark.
        public var theme: Theme?
        public var keyMap: KeyMap
        /// Who runs this console and what they may see and do.
        public var grant: OperatorGrant
        /// The center the console shows (the province's, or the operator's district center).
        public var center: Center
        /// Starts a headless leader in the background (nil: this user may not; say so instead).
        public var startLeader: (() -> Void)?
        /// The period convention of reports produced on demand.
        public var reports = ReportSettings()
        /// A locator to open at start (`ioc --open 83/agri/agri.salinity.max@2026-11-28T17:00:00+07:00`).
        public var open: String?
        /// Where `e` writes the table on screen: the operator's own folder.
        public var exportDirectory = (ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()) + "/ioc-exports"
        /// This operator's preferences file (favourites, home screen, theme); nil: none kept.
        public var preferences: PreferencesFile?
        /// Seconds each field stays on the wall (`ioc wall`); nil: an operator's console.
        public var wall: Int64?

        public init(catalog: Catalog, timeZone: TimeZone, theme: Theme?, keyMap: KeyMap, grant: OperatorGrant, center: Center,
                    startLeader: (() -> Void)?, reports: ReportSettings = ReportSettings(), open: String? = nil) {
            self.reports = reports
            self.open = open
            self.catalog = catalog
            self.timeZone = timeZone
            self.theme = theme
            self.keyMap = keyMap
            self.grant = grant
            self.center = center
            self.startLeader = startLeader
        }
    }

    let terminal: any TerminalBackend
    let log: (String) -> Void
    let clock: () -> Int64
    let store: any StoreBackend
    let follower: Follower
    let actions: any ActionSender
    let link: any LeaderPresence
    let changes: any ChangeSignal
    let reportsDirectory: String?
    let reportSettings: ReportSettings
    let exportDirectory: String
    let preferencesFile: PreferencesFile?
    /// How often a follower with a watch on the WAL looks anyway, in ms: with the clock's tick,
    /// so it costs no wake-up of its own.
    static let safetyLook: Int64 = 1_000
    public private(set) var state: ConsoleState
    /// The frame on screen, so a tick of the clock redraws the header alone.
    private var frame: Buffer?
    private var trimmed = false
    /// Called once, after the first frame is on screen.
    public var onFirstFrame: (() -> Void)?

    /// A console on a SQLite store on this host. `clock`: Unix milliseconds (the wall clock
    /// unless a test says otherwise).
    public convenience init(store: Store, terminal: any TerminalBackend, settings: Settings, log: @escaping (String) -> Void,
                            clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        try self.init(connection: .sqlite(store, startLeader: settings.startLeader), terminal: terminal, settings: settings, log: log, clock: clock)
    }

    public init(connection: ConsoleConnection, terminal: any TerminalBackend, settings: Settings, log: @escaping (String) -> Void,
                clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        self.terminal = terminal
        self.log = log
        self.clock = clock
        store = connection.store
        changes = connection.changes
        actions = connection.actions
        link = connection.leader
        reportsDirectory = connection.reportsDirectory
        reportSettings = settings.reports
        exportDirectory = settings.exportDirectory
        preferencesFile = settings.preferences
        let (preferences, preferencesProblem) = settings.preferences?.load() ?? (Preferences(), nil)
        let (theme, themeProblem) = settings.theme.map { ($0, nil) } ?? Theme.chosen(option: nil, saved: preferences.theme)
        follower = try Follower(catalog: settings.catalog, store: store)
        let scope = RegionScope(codes: settings.grant.scope, catalog: settings.catalog)
        state = ConsoleState(
            catalog: settings.catalog, table: follower.engine.table, now: clock() / 1000, timeZone: settings.timeZone,
            size: terminal.size, capabilities: terminal.capabilities, theme: theme, keyMap: settings.keyMap,
            operatorName: settings.grant.user, access: settings.grant.role, scope: scope, title: settings.center.title,
            fields: settings.center.fields)
        state.alerts = state.inScope(follower.engine.alerts.open)
        state.preferences = preferences
        // The header's data age from the start: the newest value on disk, not "no data yet".
        state.lastData = follower.engine.table.newestTime.map { min($0, clock() / 1000) }
        state.failingNotifications = (try? store.failingNotifications()) ?? 0
        link.maintain(nowMs: clock())
        state = update(state, .link(linkText)).0
        if let every = settings.wall {
            state.startWall(every: every)
        } else if let open = settings.open {
            let (pages, at) = try Locator.parse(open, catalog: settings.catalog, scope: scope, now: clock() / 1000, timeZone: settings.timeZone)
            state.stack = pages
            if let at { perform(.travel(to: at)) } else { reloadEffects(state).forEach(perform) }
        } else if let home = preferences.home {
            // The operator's home screen; one the catalog or scope no longer has is said, not fatal.
            do {
                state.stack = try Locator.parse(home, catalog: settings.catalog, scope: scope, now: clock() / 1000, timeZone: settings.timeZone).pages
                reloadEffects(state).forEach(perform)
            } catch {
                state.notice = "your home screen: \(error.description); H on another screen sets a new one"
            }
        }
        if let problem = preferencesProblem ?? themeProblem { state.notice = problem }
    }

    /// glibc's `malloc_trim(0)` (not in Swift's Glibc module; looked up once, absent elsewhere).
    static func returnFreedMemory() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    /// Shows a one-line message until the next one (a terminal type that fell back, say).
    public func announce(_ text: String) {
        state = update(state, .notice(text)).0
    }

    private var linkText: String? { link.absence }

    /// Runs until the operator quits or the terminal ends it; returns why it stopped.
    public func run() throws -> String {
        var dirty = true
        var clockMoved = false
        var repaint = false
        var nextSecond = clock() / 1000 + 1
        var nextHistory = clock() / 1000 + 30
        var nextFollow = clock()
        var nextLink = clock() + 500
        var trendsToCheck = true
        var nextTrends = clock() / 1000 + 300
        while true {
            if dirty || clockMoved {
                // After a whole frame, the sparklines on it may want loading.
                if dirty || repaint { trendsToCheck = true }
                // A tick that moves only the clock redraws only the header.
                let next = !dirty && !repaint ? frame.map { viewClock(state, over: $0) } ?? view(state) : view(state)
                terminal.draw(next, repaint: repaint)
                frame = next
                dirty = false
                clockMoved = false
                repaint = false
                if let first = onFirstFrame {
                    onFirstFrame = nil
                    first()
                }
                if !trimmed {
                    // Reading the configuration and the store freed far more than a console keeps;
                    // hand it back, so twenty consoles do not hold twenty copies of that garbage.
                    trimmed = true
                    Self.returnFreedMemory()
                }
            }
            let nowMs = clock()
            let due = min(nextSecond * 1000, nextFollow, nextLink)
            let watching = [changes.descriptor, link.descriptor].filter { $0 >= 0 }
            /// A key through `update`, its effects performed; true when it quits.
            func press(_ key: Key) -> Bool {
                let (next, effects) = update(state, .key(key))
                state = next
                dirty = true
                for effect in effects {
                    switch effect {
                    case .quit: return true
                    case .repaint: repaint = true
                    default: perform(effect)
                    }
                }
                return false
            }
            for event in terminal.wait(timeout: Int32(clamping: max(0, due - nowMs)), watching: watching) {
                switch event {
                case let .key(key):
                    if press(key) { return "quit by operator" }
                case let .line(text):
                    for key in LineMode.keys(for: text, in: state) where press(key) { return "quit by operator" }
                case let .resized(size):
                    state = update(state, .resize(size)).0
                    dirty = true
                case let .click(x, y):
                    let (next, effects) = update(state, .click(x: x, y: y))
                    state = next
                    effects.forEach(perform)
                    dirty = true
                case let .hangup(reason):
                    return reason
                }
            }

            let now = clock()
            if changes.drain() { nextFollow = now }
            if now >= nextFollow {
                // Woken by the WAL's watch; the slow look is a safety net, the fast one for
                // when there is no watch.
                nextFollow = now + (changes.isArmed ? Self.safetyLook : Participant.pollInterval)
                // Deliveries are recorded without a new sequence: look at them at each look.
                let failing = (try? store.failingNotifications()) ?? 0
                if failing != state.failingNotifications {
                    state = update(state, .notifications(failing: failing)).0
                    dirty = true
                }
                if try follower.catchUp() {
                    let book = follower.engine.alerts
                    let before = state.alerts
                    state = update(state, .data(follower.engine.table, alerts: book.open, resolved: recentlyResolved(book), now: now / 1000)).0
                    if state.moment == .live { LineMode.alertNews(from: before, to: state.alerts, in: state).forEach(terminal.announce) }
                    // The leader's feed records come with a commit of their own.
                    if state.page.screen == .feeds { perform(.loadFeeds) }
                    dirty = true
                }
            }
            if now >= nextLink || link.descriptor >= 0 && link.hasNews {
                // Attached, the link's socket wakes the loop when the leader goes; detached, it retries.
                nextLink = now + (link.descriptor >= 0 ? 5_000 : 500)
                LeaderLauncher.reap()
                if link.maintain(nowMs: now) {
                    state = update(state, .link(linkText)).0
                    dirty = true
                }
            }
            if now / 1000 >= nextSecond {
                // The header shows the time, so the clock is a reason to redraw it once a second,
                // and the rest of the screen when its ages may have moved.
                let before = state
                state = update(state, .tick(now: now / 1000)).0
                nextSecond = now / 1000 + 1
                if tickNeedsWholeFrame(from: before, to: state) { dirty = true } else { clockMoved = true }
            }
            if now / 1000 >= nextHistory {
                // A chart on screen follows new data every half minute.
                reloadEffects(state).forEach(perform)
                nextHistory = now / 1000 + 30
            }
            if now / 1000 >= nextTrends, state.moment == .live {
                // Sparklines span a day in 16 buckets: loading them afresh every 5 minutes is plenty.
                state.trends = [:]
                state.longHistory = [:]
                trendsToCheck = true
                nextTrends = now / 1000 + 300
            }
            // Sparklines of what is on screen, from the store's last day (a screenful at a time).
            if trendsToCheck {
                trendsToCheck = false
                let wanted = state.trendsWanted, targets = state.targetsWanted
                if !wanted.isEmpty || !targets.isEmpty {
                    let day = loadHistories(wanted, span: ConsoleState.trendSpan, points: 16).mapValues { $0.map(\.value) }
                    state = update(state, .trends(day, long: loadHistories(targets, span: 365 * 86_400, points: 24))).0
                    dirty = true
                }
            }
        }
    }

    /// Each series' history over `span` to the moment shown, in at most `points` buckets: a day
    /// for sparklines, a year for targets (an empty one where the store has nothing, so it is not
    /// asked again until the next refresh). A screenful at a time.
    private func loadHistories(_ series: [SeriesID], span: Int64, points: Int) -> [SeriesID: [HistoryValue]] {
        let catalog = state.catalog, end = state.viewTime
        var loaded: [SeriesID: [HistoryValue]] = [:]
        for s in series.prefix(120) {
            let history = (try? store.history(indicator: catalog.indicators[catalog.indicator(of: s)].code, region: catalog.regions[catalog.region(of: s)].code,
                                              from: end - span, to: end + 1, points: points)) ?? []
            loaded[s] = history.map { HistoryValue(time: $0.time, value: $0.value) }
        }
        return loaded
    }

    /// Alerts resolved and not yet archived, newest first (an indicator page lists them).
    private func recentlyResolved(_ book: AlertBook) -> [Alert] {
        book.alerts.values.filter { $0.state == .resolved }.sorted { ($0.since, $0.id) > ($1.since, $1.id) }
    }

    /// Sends a request to the leader and shows how it ended.
    private func request(_ request: CommandRequest, done: (CommandResponse) -> String) {
        do {
            let response = try actions.send(request, timeout: 10)
            state = update(state, .notice(response.ok ? done(response) : "refused: \(response.result)")).0
        } catch {
            log("console: request \(request.op.rawValue) failed: \(error)")
            state = update(state, .notice("could not do that: \(error)")).0
        }
    }

    /// Effects that read the store or ask the leader; their results come back as messages.
    private func perform(_ effect: Effect) {
        let catalog = state.catalog
        let now = clock() / 1000
        do {
            switch effect {
            case let .loadHistory(series, range):
                // In the past, the chart ends at the moment shown.
                let end = state.viewTime
                let points = try store.history(indicator: catalog.indicators[catalog.indicator(of: series)].code,
                                               region: catalog.regions[catalog.region(of: series)].code,
                                               from: end - range.seconds, to: end + 1, points: 360)
                state = update(state, .history(HistoryData(series: series, range: range,
                                                           points: points.map { HistoryValue(time: $0.time, value: $0.value) }))).0
            case let .loadJournal(alert):
                // How its notifications went, among its transitions and notes.
                let deliveries = try store.notifications(alert: alert).map { n in
                    JournalEntry(alert: alert, time: n.deliveredAt ?? n.created, actor: "notify", action: n.receiver,
                                 from: nil, to: nil, reason: n.status == .delivered ? "delivered" : n.tries == 0 ? "pending"
                                     : "failing after \(n.tries) tries: \(n.lastError)")
                }
                let entries = (try store.journal(alert: alert) + deliveries).sorted { $0.time < $1.time }
                state = update(state, .journal(alert: alert, entries)).0
            case .loadFeeds:
                state = update(state, .feeds(try store.feedRecords())).0
            case .loadAudit:
                let rows = Array(try store.auditTrail(since: nil, user: nil, limit: 5_000).reversed())
                state = update(state, .audit(rows)).0
            case let .acknowledge(alert, note):
                request(CommandRequest(op: .ack, alert: alert, note: note)) { _ in "alert #\(alert) acknowledged" }
            case let .note(alert, text):
                request(CommandRequest(op: .note, alert: alert, note: text)) { _ in "note added to alert #\(alert)" }
            case let .silence(alert, seconds):
                guard let target = state.alerts.first(where: { $0.id == alert }) else { return }
                request(CommandRequest(op: .silence, note: "from the console", indicator: target.indicator, region: target.region,
                                       seconds: seconds)) { response in
                    "\(response.result): \(target.indicator) in \(target.region) for \(Format.age(seconds))"
                }
            case .loadReports:
                state = update(state, .reports(reportsDirectory.map(ReportFolder.list) ?? [])).0
            case let .loadReport(path):
                guard let text = ReportFolder.read(path) else {
                    state = update(state, .notice(path.isEmpty ? "this report has no Markdown form to read here; open its other files"
                                                               : "cannot read \(path)")).0
                    return
                }
                state = update(state, .reportPreview(ReportPreview(title: ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
                                                                   text: text))).0
            case let .produceReport(period):
                // Building takes a moment on a year of history: the notice saying so goes out first.
                let shown = view(state)
                terminal.draw(shown, repaint: false)
                frame = shown
                do {
                    let run = ReportRun(period: period, format: "md")
                    let (data, report) = try run.produce(store: store, catalog: catalog, settings: reportSettings, timeZone: state.timeZone,
                                                         scope: state.scope, now: now, toTerminal: false)
                    let title = "\(report.period.kind.rawValue) \(report.period.label) · \(report.region.name) (produced now; ioc report --output saves it)"
                    state = update(state, .reportPreview(ReportPreview(title: title, text: String(decoding: data, as: UTF8.self)))).0
                } catch let problem as CommandProblem {
                    state = update(state, .notice(problem.description)).0
                }
            case let .travel(to: time):
                let effects: [Effect]
                if let time {
                    let past = try CenterAsOf.read(catalog: catalog, store: store, at: time)
                    (state, effects) = update(state, .travelled(past.engine.table, alerts: past.alerts, at: time))
                } else {
                    let book = follower.engine.alerts
                    (state, effects) = update(state, .travelled(follower.engine.table, alerts: book.open, at: nil))
                    state = update(state, .data(follower.engine.table, alerts: book.open, resolved: recentlyResolved(book), now: now)).0
                }
                effects.forEach(perform)
            case let .copy(text):
                terminal.copy(text)
            case let .savePreferences(preferences):
                guard let file = preferencesFile else { return }
                do {
                    if let note = try file.save(preferences) { state = update(state, .notice(note)).0 }
                } catch {
                    state = update(state, .notice("could not keep your preferences in \(file.path): \(error.localizedDescription)")).0
                }
            case let .export(table):
                let path = try ExportFile.write(table, to: exportDirectory, at: now, timeZone: state.timeZone)
                state = update(state, .notice("exported \(table.rows.count) rows to \(path)")).0
            case .quit, .repaint:
                break
            }
        } catch {
            log("console: \(effect) failed: \(error)")
            state = update(state, .notice("could not do that: \(error)")).0
        }
    }
}
