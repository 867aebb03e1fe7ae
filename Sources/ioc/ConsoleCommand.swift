import ArgumentParser
import Console
import CursesBackend
import Foundation
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

    @Option(help: ArgumentHelp("Open where a locator says (what y copies): 83/agri/agri.salinity.max@2026-11-28T17:00:00+07:00.", valueName: "locator"))
    var open: String?

    @Option(help: ArgumentHelp("Colour theme: dark, light or cvd (colour-blind safe: blue and orange, not green and red).", valueName: "name"))
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
        let settings = context.config.settings
        do {
            try ConsoleSession.run(store: store, terminal: terminal, fallback: terminal.fallback, settings: ConsoleRunner.Settings(
                catalog: context.catalog, timeZone: settings.timeZone, theme: Theme.all.first { $0.name == theme } ?? .dark, keyMap: keyMap,
                grant: grant, center: center, startLeader: context.client(feeds: feeds).startLeader, reports: settings.reports,
                open: open), log: log, stop: terminal.stop)
        } catch {
            printError("ioc: \(error)")
            throw ExitCode(1)
        }
    }
}
