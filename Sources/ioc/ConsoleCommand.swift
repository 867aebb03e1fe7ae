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
            theme: Theme.all.first { $0.name == theme } ?? .dark,
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

    init(context: Context, store: Store, terminal: Terminal, log: FileLog, theme: Theme, feedEnabled: Bool, seed: UInt64,
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
            size: terminal.size, capabilities: terminal.capabilities, theme: theme, role: participant.role == .leader ? .leader : .follower,
            operatorName: currentUserName())
        state.alerts = participant.engine.alerts.open
    }

    /// Runs until the operator quits or a signal ends it; returns why it stopped.
    func run() throws -> String {
        defer { participant.resign() }
        var dirty = true
        var repaint = false
        var nextSecond = unixNow() + 1
        while true {
            if dirty {
                terminal.draw(view(state), repaint: repaint)
                dirty = false
                repaint = false
            }
            let nowMs = unixNowMs()
            let due = min(nextSecond * 1000, participant.nextWake(nowMs: nowMs))
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

            let now = unixNowMs()
            if try participant.poll(nowMs: now) {
                state = update(state, .data(participant.engine.table, alerts: participant.engine.alerts.open, now: now / 1000)).0
                state.role = participant.role == .leader ? .leader : .follower
                dirty = true
            }
            if now / 1000 >= nextSecond {
                // The header shows the time, so the clock is a reason to redraw once a second.
                state = update(state, .tick(now: now / 1000)).0
                nextSecond = now / 1000 + 1
                dirty = true
            }
        }
    }
}
