import ArgumentParser
import Canvas
import Console
import CursesBackend
import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore
import Coordinator
import Runtime

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
        let (grant, center) = try context.operatorAccess()
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
        if let fallback = terminal.fallback { log.write(fallback) }
        let settings = context.config.settings
        let runner: ConsoleRunner
        do {
            runner = try ConsoleRunner(
                store: store, terminal: terminal,
                settings: ConsoleRunner.Settings(
                    catalog: context.catalog, timeZone: settings.timeZone, theme: Theme.all.first { $0.name == theme } ?? .dark,
                    keyMap: keyMap, grant: grant, center: center, startLeader: context.client(feeds: feeds).startLeader, reports: settings.reports),
                log: { [log] in log.write($0) })
        } catch {
            terminal.stop()
            printError("ioc: \(error)")
            throw ExitCode(1)
        }
        log.write("console of \(grant.user) (\(grant.role.rawValue), \(center.title)) on \(store.isReadOnly ? "a read-only" : "a writable") store")
        if let fallback = terminal.fallback { runner.announce(fallback) }
        runner.onFirstFrame = { [log] in
            if let ms = millisecondsSinceProcessStart() { log.write(String(format: "first frame %.0f ms after process start", ms)) }
        }
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
            log.write("console failed: \(error)", level: .error)
            printError("ioc: \(error)")
            throw ExitCode(1)
        }
    }
}
