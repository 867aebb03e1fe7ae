import ArgumentParser
import BuildInfo
import Foundation
import Localization
import Runtime

@main
struct IOC: ParsableCommand {
    /// As an SSH forced command, the client's request decides what runs (`ForcedCommand`); a
    /// plain login (no request) opens the console.
    static func main() {
        guard let request = ProcessInfo.processInfo.environment["SSH_ORIGINAL_COMMAND"] else { return main(nil) }
        switch ForcedCommand.arguments(for: request) {
        // Options on the forced command's own line (`ForceCommand ioc --config /etc/ioc`) still apply.
        case let .success(arguments): main(arguments + CommandLine.arguments.dropFirst())
        case let .failure(refusal):
            FileHandle.standardError.write(Data("ioc: \(refusal.message)\n".utf8))
            Foundation.exit(1)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "ioc",
        abstract: "Terminal operations console for a provincial Smart Operation Center.",
        discussion: """
            Run without a subcommand to open the console. Configuration is read from --config \
            (default ./config, then $XDG_CONFIG_HOME/ioc, then /etc/ioc).
            """,
        version: "ioc 0.2.0 (commit \(String(cString: ioc_build_commit())))",
        subcommands: [
            ConsoleCommand.self, ServeCommand.self, IngestCommand.self, StatusCommand.self, ValueCommand.self,
            AlertsCommand.self, AckCommand.self, NoteCommand.self, SilenceCommand.self, SilencesCommand.self, UnsilenceCommand.self,
            WhoamiCommand.self, AuditCommand.self, ReloadCommand.self, CheckCommand.self, InfoCommand.self, WatchCommand.self,
            SeedCommand.self, CompactCommand.self, NotifyCommand.self, ReportCommand.self, WallCommand.self, MigrateCommand.self, FeedsCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration directory.", valueName: "dir")) var config: String?
    @Option(name: .long, help: ArgumentHelp("The store, overriding the configured one: a SQLite file's path, or a postgresql:// URL.", valueName: "path|url")) var store: String?
    @Option(name: .long, help: ArgumentHelp("The language of what ioc writes for people: vi or en (default: language: in ioc.yaml, else the locale).",
                                            valueName: "vi|en")) var lang: Language?
}

extension Language: ExpressibleByArgument {}

/// Options of commands that run the feeds.
struct FeedOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Run the live feed (default: as configured).")
    var simulator: Bool?

    @Option(help: ArgumentHelp("Seed of the live feed (default: as configured).", valueName: "n"))
    var seed: UInt64?

    @Flag(inversion: .prefixedNo, help: "On an empty store with the simulator on, write a year of simulated history.")
    var history = true

    var choice: FeedChoice { FeedChoice(simulator: simulator, seed: seed, history: history) }
}
