import ArgumentParser
import Canvas
import Console
import CursesBackend
import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore
import Coordinator

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the operations console (the default command)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedOptions

    @Flag(name: .long, help: "Use no colour (also when NO_COLOR is set).")
    var noColor = false

    @Option(help: ArgumentHelp("Colour theme: dark or light.", valueName: "name"))
    var theme: String = "dark"

    func validate() throws {
        guard Theme.all.contains(where: { $0.name == theme }) else {
            throw ValidationError("unknown theme '\(theme)'; expected \(Theme.all.map(\.name).joined(separator: " or "))")
        }
    }

    func run() throws {
        let context = try Context.load(global)
        let keyMap = try context.keyMap()
        let store = try context.openStore()
        let log = FileLog(path: context.logPath)
        let colorAllowed = !noColor && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let terminal: Terminal
        do {
            terminal = try Terminal.start(colorAllowed: colorAllowed)
        } catch {
            printError("ioc: \(error)")
            throw ExitCode(1)
        }
        log.write("console started; store \(context.storePath); \(terminal.capabilities)")
        let runner = try ConsoleRunner(
            context: context, store: store, terminal: terminal, log: log,
            theme: Theme.all.first { $0.name == theme } ?? .dark, keyMap: keyMap,
            feedEnabled: feeds.simulator ?? context.config.settings.simulatorEnabled,
            seed: feeds.seed ?? context.config.settings.simulatorSeed,
            seedEmptyStore: try context.seeding(feeds, log: { [log] in log.write($0) }))
        let outcome: Result<String, Error>
        do {
            outcome = .success(try runner.run())
        } catch {
            outcome = .failure(error)
        }
        terminal.stop()
        switch outcome {
        case let .success(reason):
            log.write("console stopped: \(reason)")
        case let .failure(error):
            log.write("console failed: \(error)")
            printError("ioc: \(error)")
            throw ExitCode(1)
        }
    }
}

/// The console's event loop: the only place where terminal, clock and the shared store meet.
/// It sleeps in poll() until a key, a signal, or the next thing its participant has due
/// (a feed batch, the clock second, a look at the store's change feed).
final class ConsoleRunner {
    let context: Context
    let terminal: Terminal
    let log: FileLog
    let participant: Participant
    var state: ConsoleState

    init(context: Context, store: Store, terminal: Terminal, log: FileLog, theme: Theme, keyMap: KeyMap, feedEnabled: Bool, seed: UInt64,
         seedEmptyStore: @escaping (Leader) throws -> Void) throws {
        self.context = context
        self.terminal = terminal
        self.log = log
        let catalog = context.catalog
        participant = try Participant(
            catalog: catalog, store: store,
            feed: { feedEnabled ? Simulator(catalog: catalog, seed: seed, timeZone: context.config.settings.timeZone) : nil },
            retention: context.config.settings.retention, timeZone: context.config.settings.timeZone,
            inbox: context.config.settings.inboxPath,
            seedEmptyStore: seedEmptyStore,
            log: { [log] in log.write($0) })
        state = ConsoleState(
            catalog: catalog, table: participant.engine.table, now: unixNow(), timeZone: context.config.settings.timeZone,
            size: terminal.size, capabilities: terminal.capabilities, theme: theme, keyMap: keyMap,
            role: participant.role == .leader ? .leader : .follower,
            operatorName: currentUserName())
        state.alerts = participant.engine.alerts.open
    }

    /// Runs until the operator quits or a signal ends it; returns why it stopped.
    func run() throws -> String {
        defer { participant.resign() }
        var dirty = true
        var repaint = false
        var nextSecond = unixNow() + 1
        var nextHistory = unixNow() + 30
        var firstFrame = true
        while true {
            if dirty {
                terminal.draw(view(state), repaint: repaint)
                dirty = false
                repaint = false
                if firstFrame, let ms = millisecondsSinceProcessStart() {
                    log.write(String(format: "first frame %.0f ms after process start", ms))
                    firstFrame = false
                }
            }
            let nowMs = unixNowMs()
            let due = min(nextSecond * 1000, participant.nextWake(nowMs: nowMs))
            let timeout = Int32(clamping: max(0, due - nowMs))

            for event in terminal.wait(timeout: timeout) {
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

            let now = unixNowMs()
            if try participant.poll(nowMs: now) {
                let book = participant.engine.alerts
                let resolved = book.alerts.values.filter { $0.state == .resolved }.sorted { $0.since > $1.since }
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
        let catalog = context.catalog
        let now = unixNow()
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
            log.write("console: \(effect) failed: \(error)")
            state = update(state, .notice("could not do that: \(error)")).0
        }
    }
}
