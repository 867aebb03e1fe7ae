import Canvas
import Console
import Coordinator
import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore

/// The console's event loop: the only place where a terminal, the clock and the shared store
/// meet. It sleeps in the backend's wait until a key, a signal, or the next thing its participant
/// has due (a feed batch, the clock second, a look at the store's change feed), and turns the
/// pure `update`'s effects into store reads and queued actions.
public final class ConsoleRunner {
    /// What the runner needs besides its terminal and store.
    public struct Settings {
        public var catalog: Catalog
        public var timeZone: TimeZone
        public var retention: Int64
        public var inbox: String?
        public var operatorName: String
        public var theme: Theme
        public var keyMap: KeyMap
        /// The live feed to run while this console leads, if any.
        public var feed: () -> Simulator?
        /// What a leader writes into a store nobody has written to yet.
        public var seedEmptyStore: ((Leader) throws -> Void)?

        public init(catalog: Catalog, timeZone: TimeZone, retention: Int64, inbox: String?, operatorName: String, theme: Theme,
                    keyMap: KeyMap, feed: @escaping () -> Simulator? = { nil }, seedEmptyStore: ((Leader) throws -> Void)? = nil) {
            self.catalog = catalog
            self.timeZone = timeZone
            self.retention = retention
            self.inbox = inbox
            self.operatorName = operatorName
            self.theme = theme
            self.keyMap = keyMap
            self.feed = feed
            self.seedEmptyStore = seedEmptyStore
        }
    }

    let terminal: any TerminalBackend
    let log: (String) -> Void
    let clock: () -> Int64
    let participant: Participant
    public private(set) var state: ConsoleState
    /// Called once, after the first frame is on screen.
    public var onFirstFrame: (() -> Void)?

    /// `clock`: Unix milliseconds (the wall clock unless a test says otherwise).
    public init(store: Store, terminal: any TerminalBackend, settings: Settings, log: @escaping (String) -> Void,
                clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        self.terminal = terminal
        self.log = log
        self.clock = clock
        participant = try Participant(
            catalog: settings.catalog, store: store, feed: settings.feed, retention: settings.retention, timeZone: settings.timeZone,
            inbox: settings.inbox, seedEmptyStore: settings.seedEmptyStore, log: log)
        state = ConsoleState(
            catalog: settings.catalog, table: participant.engine.table, now: clock() / 1000, timeZone: settings.timeZone,
            size: terminal.size, capabilities: terminal.capabilities, theme: settings.theme, keyMap: settings.keyMap,
            role: participant.role == .leader ? .leader : .follower, operatorName: settings.operatorName)
        state.alerts = participant.engine.alerts.open
    }

    /// Runs until the operator quits or the terminal ends it; returns why it stopped.
    public func run() throws -> String {
        defer { participant.resign() }
        var dirty = true
        var repaint = false
        var nextSecond = clock() / 1000 + 1
        var nextHistory = clock() / 1000 + 30
        while true {
            if dirty {
                terminal.draw(view(state), repaint: repaint)
                dirty = false
                repaint = false
                if let first = onFirstFrame {
                    onFirstFrame = nil
                    first()
                }
            }
            let nowMs = clock()
            let due = min(nextSecond * 1000, participant.nextWake(nowMs: nowMs))
            for event in terminal.wait(timeout: Int32(clamping: max(0, due - nowMs))) {
                switch event {
                case let .key(key):
                    let (next, effects) = update(state, .key(key))
                    state = next
                    dirty = true
                    for effect in effects {
                        switch effect {
                        case .quit: return "quit by operator"
                        case .repaint: repaint = true
                        default: perform(effect)
                        }
                    }
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
            if try participant.poll(nowMs: now) {
                let book = participant.engine.alerts
                let resolved = book.alerts.values.filter { $0.state == .resolved }.sorted { ($0.since, $0.id) > ($1.since, $1.id) }
                state = update(state, .data(participant.engine.table, alerts: book.open, resolved: resolved, now: now / 1000)).0
                state.role = participant.role == .leader ? .leader : .follower
                dirty = true
            }
            if now / 1000 >= nextSecond {
                // The header shows the time, so the clock is a reason to redraw once a second.
                state = update(state, .tick(now: now / 1000)).0
                nextSecond = now / 1000 + 1
                dirty = true
            }
            if now / 1000 >= nextHistory {
                // A chart on screen follows new data every half minute.
                reloadEffects(state).forEach(perform)
                nextHistory = now / 1000 + 30
            }
        }
    }

    /// Effects that read or write the store; their results come back as messages.
    private func perform(_ effect: Effect) {
        let store = participant.store
        let catalog = state.catalog
        let now = clock() / 1000
        do {
            switch effect {
            case let .loadHistory(series, range):
                let points = try store.history(indicator: catalog.indicators[catalog.indicator(of: series)].code,
                                               region: catalog.regions[catalog.region(of: series)].code,
                                               from: now - range.seconds, to: now + 1, points: 360)
                state = update(state, .history(HistoryData(series: series, range: range,
                                                           points: points.map { HistoryValue(time: $0.time, value: $0.value) }))).0
            case let .loadJournal(alert):
                state = update(state, .journal(alert: alert, try store.journal(alert: alert))).0
            case let .acknowledge(alert, note):
                _ = try store.enqueueAction(.ack, user: state.operatorName, time: now, alert: alert, note: note)
                state = update(state, .notice("acknowledgement of alert #\(alert) sent to the leader")).0
            case let .silence(alert, seconds):
                guard let target = state.alerts.first(where: { $0.id == alert }) else { return }
                let silence = Silence(id: 0, indicator: target.indicator, region: target.region, start: now, end: now + seconds,
                                      createdBy: state.operatorName, comment: "from the console")
                _ = try store.enqueueAction(.silence, user: state.operatorName, time: now, silence: silence, note: "from the console")
                state = update(state, .notice("silence of \(target.indicator) in \(target.region) for \(Format.age(seconds)) sent to the leader")).0
            case .quit, .repaint:
                break
            }
        } catch {
            log("console: \(effect) failed: \(error)")
            state = update(state, .notice("could not do that: \(error)")).0
        }
    }
}
