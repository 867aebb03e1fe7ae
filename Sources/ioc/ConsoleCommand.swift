import ArgumentParser
import Console
import CursesBackend
import Foundation
import IndicatorEngine
import Runtime

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the operations console (the default command)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedOptions
    @OptionGroup var look: LookOptions

    @Option(help: ArgumentHelp("Open where a locator says (what y copies): 83/agri/agri.salinity.max@2026-11-28T17:00:00+07:00.", valueName: "locator"))
    var open: String?

    @Flag(help: "Lines of text instead of a full screen, without box drawing or charts: for a screen reader, or a session kept in a log. Type keys as words (2, down, enter, esc) or :name; an empty line shows the screen again.")
    var plain = false

    func validate() throws { try look.validate() }

    func run() throws {
        try runConsole(global: global, feeds: feeds, look: look, plain: plain, open: open)
    }
}

struct WallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wall",
        abstract: "The room's big screen: the fields in turn, a newly firing critical alert until acknowledged, the time in large digits.",
        discussion: "Needs no keys: left and right move through the fields by hand, q quits. The rotation's pace is `wall: { every: 20s }` in ioc.yaml."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedOptions
    @OptionGroup var look: LookOptions

    @Option(help: ArgumentHelp("Seconds each field stays, e.g. 20s or 1m (default: wall.every in ioc.yaml, else 20s).", valueName: "duration"))
    var every: String?

    func validate() throws {
        try look.validate()
        if let every, (Durations.parse(every) ?? 0) < 1 { throw ValidationError("--every '\(every)' is not a duration of at least 1s, like 20s or 1m") }
    }

    func run() throws {
        try runConsole(global: global, feeds: feeds, look: look, wall: every.map { Durations.parse($0) ?? 20 } ?? .some(nil))
    }
}

/// How the console looks: colour and theme.
struct LookOptions: ParsableArguments {
    @Flag(name: .long, help: "Use no colour (also when NO_COLOR is set).")
    var noColor = false

    @Option(help: ArgumentHelp("Colour theme: dark, light or cvd (colour-blind safe: blue and orange, not green and red); default: your saved one (T), else dark.", valueName: "name"))
    var theme: String?

    func validate() throws {
        guard let theme, !Theme.all.contains(where: { $0.name == theme }) else { return }
        throw ValidationError("unknown theme '\(theme)'; expected \(Theme.all.map(\.name).joined(separator: " or "))")
    }
}

/// A console on this terminal, or as lines of text (`plain`), for the operator running it; or the
/// wall (`wall`: its pace, or `.some(nil)` for the configured one).
private func runConsole(global: GlobalOptions, feeds: FeedOptions, look: LookOptions, plain: Bool = false, open: String? = nil,
                        wall: Int64?? = nil) throws {
    let colorAllowed = !look.noColor && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    try saying("console") {
        try ConsoleLaunch.run(try global.context(), feeds: feeds.choice, theme: look.theme, plain: plain, open: open, wall: wall) {
            let terminal = try Terminal.start(colorAllowed: colorAllowed)
            return (terminal, terminal.fallback, terminal.stop)
        }
    }
}
