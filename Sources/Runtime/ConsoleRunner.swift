import Canvas
import Console
import Coordinator
import Feeds
import Foundation
import IndicatorEngine
import Localization
import StoreContract
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
        /// The center's language (`language:` in ioc.yaml, else the locale's), for an operator who
        /// has not chosen one with `L`.
        public var language: Language = .en
        /// `--lang`: this run's language whatever the operator chose before.
        public var languageOption: Language?

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
    let changes: any ChangeSignal
    let reportsDirectory: String?
    let reportSettings: ReportSettings
    let exportDirectory: String
    let preferencesFile: PreferencesFile?
    /// The store and the leader, each worked on a thread of its own: the loop only waits on
    /// the terminal and on what they hand back.
    private let storeSide: StoreSide
    private let leaderSide: LeaderSide
    private let mailbox = Mailbox()
    /// How often a follower with a watch on the WAL looks anyway, in ms: with the clock's tick,
    /// so it costs no wake-up of its own.
    static let safetyLook: Int64 = 1_000
    /// How long the first frame waits for the center to be read, in ms: a console on a store
    /// that answers at once opens on its data; one on a busy store opens at once all the same.
    static let firstReadWait: Int64 = 300
    public private(set) var state: ConsoleState
    /// The frame on screen, so a tick of the clock redraws the header alone.
    private var frame: Buffer?
    private var trimmed = false
    /// Looks under way, one of each kind at a time (a slow store is not asked twice over).
    private var following = false
    private var linking = false
    private var loadingTrends = false
    /// Whether the sparklines on screen may want loading (after a whole frame, or when `update` asks).
    private var trendsToCheck = true
    /// The leader's link descriptor, readable when the leader goes (-1: none to watch).
    private var linkDescriptor: Int32 = -1
    /// Called once, after the first frame is on screen.
    public var onFirstFrame: (() -> Void)?

    public init(connection: ConsoleConnection, terminal: any TerminalBackend, settings: Settings, log: @escaping (String) -> Void,
                clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        self.terminal = terminal
        self.log = log
        self.clock = clock
        changes = connection.changes
        reportsDirectory = connection.reportsDirectory
        reportSettings = settings.reports
        exportDirectory = settings.exportDirectory
        preferencesFile = settings.preferences
        storeSide = StoreSide(open: connection.openStore, catalog: settings.catalog, log: log)
        leaderSide = LeaderSide(link: connection.leader, actions: connection.actions, log: log)
        let (preferences, preferencesProblem) = settings.preferences?.load() ?? (Preferences(), nil)
        let (theme, themeProblem) = settings.theme.map { ($0, nil) } ?? Theme.chosen(option: nil, saved: preferences.theme)
        let scope = RegionScope(codes: settings.grant.scope, catalog: settings.catalog)
        // The center itself comes from the store side; until it does, the console says it is reading.
        state = ConsoleState(
            catalog: settings.catalog, table: Engine(catalog: settings.catalog).table, now: clock() / 1000, timeZone: settings.timeZone,
            size: terminal.size, capabilities: terminal.capabilities, theme: theme, keyMap: settings.keyMap,
            operatorName: settings.grant.user, access: settings.grant.role, scope: scope, title: settings.center.title,
            fields: settings.center.fields,
            language: settings.languageOption ?? preferences.language.flatMap(Language.parse) ?? settings.language)
        state.startup = .reading
        state.preferences = preferences
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
                state.notice = state.tr("your home screen: {problem}; H on another screen sets a new one", ["problem": error.description])
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
        apply(.notice(text))
    }

    /// Runs until the operator quits or the terminal ends it; returns why it stopped.
    public func run() throws -> String {
        var dirty = true
        var clockMoved = false
        var repaint = false
        var nextSecond = clock() / 1000 + 1
        var nextFollow = clock()
        var nextLink = clock()
        /// What the operator did (a key, a click, a new size) through `update`, its effects
        /// performed; true when it quits.
        func send(_ input: Message) -> Bool {
            let (next, effects) = update(state, input)
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
        /// What the off-loop work handed back, through `update`; a frame is drawn only when
        /// something was applied (a look that found nothing new draws nothing).
        func receive(_ arrivals: [Arrival]) {
            for arrival in arrivals {
                switch arrival {
                case let .message(message):
                    apply(message)
                    dirty = true
                case let .followed(news):
                    following = false
                    for message in news {
                        let before = state.alerts
                        apply(message)
                        dirty = true
                        guard case .data = message else { continue }
                        if state.moment == .live { LineMode.alertNews(from: before, to: state.alerts, in: state).forEach(terminal.announce) }
                    }
                case let .linked(absence, starting, descriptor):
                    linking = false
                    let before = (state.link, state.startup)
                    // A leader on its way is said as such (the second line), not as a bare "no leader".
                    if starting, state.startup == nil || state.startup == .reading {
                        apply(.startup(.startingLeader))
                    } else if !starting, state.startup == .startingLeader {
                        apply(.startup(nil))
                    }
                    linkDescriptor = descriptor
                    // Attached, the link's socket wakes the loop when the leader goes; detached, it retries.
                    nextLink = clock() + (descriptor >= 0 ? 5_000 : 500)
                    if absence != state.link { apply(.link(absence)) }
                    if before != (state.link, state.startup) { dirty = true }
                case let .trends(message):
                    loadingTrends = false
                    trendsToCheck = true
                    apply(message)
                    dirty = true
                }
            }
        }
        // The first looks; the first frame waits a moment for them, never longer.
        follow()
        lookAtLeader()
        // (The wall clock's: a test's clock may stand still.)
        let firstDeadline = Date().addingTimeInterval(Double(Self.firstReadWait) / 1_000)
        while following || linking, Date() < firstDeadline {
            mailbox.wait(milliseconds: Int32(clamping: max(1, Int64(firstDeadline.timeIntervalSinceNow * 1_000))))
            receive(mailbox.take())
        }
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
            let due = min(nextSecond * 1000, following ? Int64.max : nextFollow, linking ? Int64.max : nextLink)
            // The link's descriptor only while no look is under way: a look reads what woke it.
            let watching = [mailbox.descriptor, changes.descriptor, linking ? -1 : linkDescriptor].filter { $0 >= 0 }
            for event in terminal.wait(timeout: Int32(clamping: max(0, due - nowMs)), watching: watching) {
                switch event {
                case let .key(key):
                    if send(.key(key)) { return "quit by operator" }
                case let .line(text):
                    for key in LineMode.keys(for: text, in: state) where send(.key(key)) { return "quit by operator" }
                case let .resized(size):
                    _ = send(.resize(size))
                case let .click(x, y):
                    if send(.click(x: x, y: y)) { return "quit by operator" }
                case let .hangup(reason):
                    return reason
                }
            }
            receive(mailbox.take())

            let now = clock()
            if changes.drain() { nextFollow = now }
            if now >= nextFollow, !following {
                // Woken by the WAL's watch; the slow look is a safety net, the fast one for
                // when there is no watch.
                nextFollow = now + (changes.isArmed ? Self.safetyLook : Participant.pollInterval)
                follow()
            }
            if !linking, now >= nextLink || linkDescriptor >= 0 && Self.isReadable(linkDescriptor) {
                lookAtLeader()
            }
            if now / 1000 >= nextSecond {
                // The header shows the time, so the clock is a reason to redraw it once a second,
                // and the rest of the screen when its ages may have moved. The tick's effects are
                // the console's own clocks: charts and sparklines reloaded when `update` says.
                let before = state
                apply(.tick(now: now / 1000))
                nextSecond = now / 1000 + 1
                if tickNeedsWholeFrame(from: before, to: state) { dirty = true } else { clockMoved = true }
            }
            // Sparklines of what is on screen, from the store's last day (a screenful at a time).
            if trendsToCheck, !loadingTrends {
                trendsToCheck = false
                loadTrends()
            }
        }
    }

    private static func isReadable(_ fd: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, 0) > 0
    }

    private func apply(_ message: Message) {
        let (next, effects) = update(state, message)
        state = next
        effects.forEach(perform)
    }

    /// Runs `job` on `queue`; what it returns comes back to the loop as a message.
    private func off(_ queue: DispatchQueue, _ job: @escaping @Sendable () throws -> Message) {
        offMany(queue) { [try job()] }
    }

    /// Runs `job` on `queue`; what it returns comes back to the loop as messages, in order.
    private func offMany(_ queue: DispatchQueue, _ job: @escaping @Sendable () throws -> [Message]) {
        nonisolated(unsafe) let log = log
        let mailbox = mailbox, words = Messages.shipped(state.language)
        queue.async {
            do {
                for message in try job() { mailbox.post(.message(message)) }
            } catch {
                log("console: \(error)")
                mailbox.post(.message(.notice(words.text("could not do that: {problem}", ["problem": "\(error)"]))))
            }
        }
    }

    /// A look at the store's change feed, off the loop.
    private func follow() {
        following = true
        let side = storeSide, mailbox = mailbox, now = clock() / 1000
        side.queue.async { mailbox.post(.followed(side.follow(now: now))) }
    }

    /// A look at the leader (which may start one), off the loop.
    private func lookAtLeader() {
        linking = true
        let side = leaderSide, mailbox = mailbox, nowMs = clock()
        side.queue.async { mailbox.post(side.look(nowMs: nowMs)) }
    }

    /// The sparklines and target trends of what is on screen, off the loop.
    private func loadTrends() {
        let wanted = state.trendsWanted, targets = state.targetsWanted
        guard !wanted.isEmpty || !targets.isEmpty else { return }
        loadingTrends = true
        let side = storeSide, mailbox = mailbox, end = state.viewTime
        side.queue.async {
            let day = side.histories(wanted, end: end, span: ConsoleState.trendSpan, points: 16).mapValues { $0.map(\.value) }
            mailbox.post(.trends(.trends(day, long: side.histories(targets, end: end, span: 365 * 86_400, points: 24))))
        }
    }

    /// Effects that read the store or ask the leader run off the loop; their results come back
    /// as messages. What touches only this process (the clipboard, files of the operator's
    /// own) is done here.
    private func perform(_ effect: Effect) {
        let store = storeSide, leader = leaderSide
        let now = clock() / 1000, end = state.viewTime
        let words = Messages.shipped(state.language)
        switch effect {
        case let .loadHistory(series, range):
            // In the past, the chart ends at the moment shown.
            off(store.queue) { try store.history(series, range: range, end: end) }
        case let .loadJournal(alert):
            off(store.queue) { try store.journal(alert: alert, words) }
        case .loadFeeds:
            off(store.queue) { try store.feeds() }
        case .loadAudit:
            off(store.queue) { try store.audit() }
        case let .acknowledge(alert, note):
            // Said at once; the leader's answer replaces it when it comes.
            apply(.notice(words.text("acknowledging alert #{id}…", ["id": "\(alert)"])))
            off(leader.queue) { leader.send(CommandRequest(.ack(alert: alert, note: note)), words) { _ in words.text("alert #{id} acknowledged", ["id": "\(alert)"]) } }
        case let .note(alert, text):
            apply(.notice(words.text("adding the note to alert #{id}…", ["id": "\(alert)"])))
            off(leader.queue) { leader.send(CommandRequest(.note(alert: alert, text: text)), words) { _ in words.text("note added to alert #{id}", ["id": "\(alert)"]) } }
        case let .silence(alert, seconds):
            guard let target = state.alerts.first(where: { $0.id == alert }) else { return }
            apply(.notice(words.text("silencing alert #{id}'s indicator and region…", ["id": "\(alert)"])))
            off(leader.queue) {
                leader.send(CommandRequest(.silence(SilenceOrder(indicator: target.indicator, region: target.region, seconds: seconds,
                                                                note: "from the console"))), words) { response in
                    words.text("{result}: {indicator} in {region} for {time}", ["result": words.said(response), "indicator": target.indicator,
                                                                                "region": target.region, "time": NumberForms(words.language).duration(seconds)])
                }
            }
        case .loadReports:
            let directory = reportsDirectory
            off(store.queue) { .reports(directory.map(ReportFolder.list) ?? []) }
        case let .loadReport(path):
            off(store.queue) {
                guard let text = ReportFolder.read(path) else {
                    return .notice(path.isEmpty ? words.text("this report has no Markdown form to read here; open its other files")
                        : words.text("cannot read {path}", ["path": path]))
                }
                return .reportPreview(ReportPreview(title: ((path as NSString).lastPathComponent as NSString).deletingPathExtension, text: text))
            }
        case let .produceReport(period):
            // The notice saying it is being built stays until the report comes.
            var chosen = reportSettings
            chosen.language = state.language
            let settings = chosen, timeZone = state.timeZone, scope = state.scope
            off(store.queue) { try store.report(period, settings: settings, timeZone: timeZone, scope: scope, now: now) }
        case let .travel(to: time):
            offMany(store.queue) { try store.travel(to: time, now: now) }
        case let .copy(text):
            terminal.copy(text)
        case let .savePreferences(preferences):
            guard let file = preferencesFile else { return }
            do {
                if let note = try file.save(preferences) { apply(.notice(note)) }
            } catch {
                apply(.notice(words.text("could not keep your preferences in {path}: {problem}", ["path": file.path, "problem": error.localizedDescription])))
            }
        case let .export(table):
            do {
                let path = try ExportFile.write(table, to: exportDirectory, at: now, timeZone: state.timeZone)
                apply(.notice(words.text("exported {count} row to {path}", plural: "exported {count} rows to {path}", count: table.rows.count, ["path": path])))
            } catch {
                apply(.notice(words.text("could not do that: {problem}", ["problem": "\(error)"])))
            }
        case .loadTrends:
            trendsToCheck = true
        case .quit, .repaint:
            break
        }
    }
}
