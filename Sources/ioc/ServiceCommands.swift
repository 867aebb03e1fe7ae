import ArgumentParser
import Runtime
import CursesBackend
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the engine and feeds with no screen (waits as a standby while another process leads).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedOptions

    @Option(help: .hidden) var idleExit: Int64?

    func run() throws {
        let signals = try SignalPipe()
        let code = try saying("serve") {
            try ServeRun.run(try global.context(), feeds: feeds.choice, idleExit: idleExit) { signals.stopReason(timeout: $0, also: $1) }
        }
        if code != 0 { throw ExitCode(code) }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and check the store's integrity (with --host, the host's setup).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Also check the host: ownership and modes of the store and its folder, the operators' group, the socket, a leader running, the WAL, the time zone and free disk, each with its fix.")
    var host = false

    func run() throws {
        let code = try saying("check") { try CheckRun.run(try global.context(validate: true), host: host, out: { print($0) }, err: printError) }
        if code != 0 { throw ExitCode(code) }
    }
}

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Copy the SQLite store into an empty PostgreSQL database, then compare every table's rows.",
        discussion: "Stop the leader first (the copy holds its lock). The password comes from the URL, PGPASSFILE or ~/.pgpass.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The empty database: postgresql://USER@/DATABASE?host=/run/postgresql or postgresql://USER@HOST:PORT/DATABASE.", valueName: "url"))
    var to: String

    func run() throws {
        try saying("migrate") { try PostgresAdmin.migrate(from: try global.context().storePath, to: to) { print($0) } }
    }
}

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the paths in use and who leads.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (ok, lines) = try saying("info") { try CenterInfo.lines(try global.context()) }
        lines.forEach { print($0) }
        if !ok { throw ExitCode(1) }
    }
}

struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact history and apply retention now, as the leader does on its own every 15 minutes.",
        discussion: """
            Rows of days that ended over an hour ago move into per-series day chunks; days past each tier's \
            retention leave it. Runs in short transactions beside a running leader. Only the account that \
            writes the store may run it.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Rows moved per transaction: fewer hold the writer for less time.", valueName: "n"))
    var stepRows = 200_000

    func validate() throws {
        guard stepRows > 0 else { throw ValidationError("--step-rows must be positive") }
    }

    func run() throws {
        try saying("compact") {
            try StoreSizes.compact(try global.context(), stepRows: stepRows).forEach { print($0) }
        }
    }
}

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow the store's change feed, printing a line per commit seen (for scripts and checks).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let signals = try SignalPipe()
        try saying("watch") {
            try WatchLoop.run(try global.context()) { signals.stopReason(timeout: $0) != nil }
        }
    }
}

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Write the report's figures and a year of simulated history into the store.",
        discussion: "A leader does this by itself on an empty store; this command does it on demand (writing again the same moments changes nothing).")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Seed of the simulated history (default: as configured).", valueName: "n"))
    var seed: UInt64?

    @Flag(inversion: .prefixedNo, help: "Write simulated history besides the report's figures.")
    var history = true

    @Option(help: ArgumentHelp("Days of simulated history.", valueName: "days"))
    var days = 365

    func run() throws {
        print(try saying("seed") { try SeedRun.run(try global.context(), seed: seed, history: history, days: days) })
    }
}
