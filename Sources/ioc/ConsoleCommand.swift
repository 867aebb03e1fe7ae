import ArgumentParser
import Canvas
import Console
import CursesBackend
import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore

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
        let runner = ConsoleRunner(
            context: context, store: store, terminal: terminal, log: log,
            theme: Theme.all.first { $0.name == theme } ?? .dark,
            feedEnabled: feeds.simulator ?? context.config.settings.simulatorEnabled,
            seed: feeds.seed ?? context.config.settings.simulatorSeed)
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

/// The console's event loop: the only place where terminal, clock, feed, engine and store meet.
/// It sleeps in poll() until a key, a signal, the next feed batch or the next clock second.
final class ConsoleRunner {
    let context: Context
    let store: Store
    let terminal: Terminal
    let log: FileLog
    var engine: Engine
    var feed: StandInFeed?
    var state: ConsoleState

    init(context: Context, store: Store, terminal: Terminal, log: FileLog, theme: Theme, feedEnabled: Bool, seed: UInt64) {
        self.context = context
        self.store = store
        self.terminal = terminal
        self.log = log
        engine = (try? context.restoredEngine(store)) ?? Engine(catalog: context.catalog)
        feed = feedEnabled ? StandInFeed(catalog: context.catalog, seed: seed) : nil
        state = ConsoleState(
            catalog: context.catalog, table: engine.table, now: unixNow(), timeZone: context.config.settings.timeZone,
            size: terminal.size, capabilities: terminal.capabilities, theme: theme, role: .leader,
            operatorName: currentUserName())
    }

    /// Runs until the operator quits or a signal ends it; returns why it stopped.
    func run() throws -> String {
        var dirty = true
        var repaint = false
        var nextFeed = unixNow()
        var nextSecond = unixNow() + 1
        var nextStaleCheck = unixNow() + 5
        while true {
            if dirty {
                terminal.draw(view(state), repaint: repaint)
                dirty = false
                repaint = false
            }
            let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
            var due = nextSecond * 1000
            if feed != nil { due = min(due, nextFeed * 1000) }
            let timeout = Int32(clamping: max(0, due - nowMs))

            for event in terminal.wait(timeout: timeout) {
                switch event {
                case let .key(key):
                    let (next, effect) = update(state, .key(key))
                    state = next
                    dirty = true
                    switch effect {
                    case .quit: return "quit by operator"
                    case .repaint: repaint = true
                    case .none: break
                    }
                case let .resized(size):
                    state = update(state, .resize(size)).0
                    dirty = true
                case let .hangup(reason):
                    return reason
                }
            }

            let now = unixNow()
            if var running = feed, now >= nextFeed {
                let batch = running.next(now: now)
                feed = running
                try ingest(batch, now: now)
                nextFeed = now + running.interval
                dirty = true
            }
            if now >= nextStaleCheck {
                let changes = engine.tick(now: now)
                if !changes.isEmpty { try commit([], changes, now: now) }
                nextStaleCheck = now + 5
            }
            if now >= nextSecond {
                // The header shows the time, so the clock is a reason to redraw once a second.
                state = update(state, .tick(now: now)).0
                nextSecond = now + 1
                dirty = true
            }
        }
    }

    private func ingest(_ batch: [Observation], now: Int64) throws {
        let changes = engine.apply(batch, now: now)
        try commit(batch, changes, now: now)
    }

    private func commit(_ batch: [Observation], _ changes: ChangeSet, now: Int64) throws {
        let catalog = context.catalog
        var touched = Set(changes.values)
        touched.formUnion(changes.statuses.map(\.series))
        let current = touched.compactMap { series -> (indicator: String, region: String, value: CurrentValue)? in
            guard let value = engine.table[series] else { return nil }
            return (catalog.indicators[catalog.indicator(of: series)].code, catalog.regions[catalog.region(of: series)].code, value)
        }
        try store.commit(observations: batch, current: current)
        state = update(state, .data(engine.table, now: now)).0
    }
}
