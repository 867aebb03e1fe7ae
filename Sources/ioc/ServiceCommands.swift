import ArgumentParser
import Coordinator
import Runtime
import CursesBackend
import Feeds
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the engine and feeds with no screen (waits as a standby while another process leads).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedOptions

    @Option(help: .hidden) var idleExit: Int64?

    func run() throws {
        let context = try Context.load(global)
        let (store, claim) = try saying("serve") { try StoreLeading.open(context.storePath) }
        let log = FileLog(path: context.logPath)
        let signals = try SignalPipe()
        // A leader started for a console: if another leads already, there is nothing to do.
        if idleExit != nil, let sqlite = store as? Store, LeaderLock(storePath: sqlite.path).probe() != .free { return }
        let directory = context.config.directory.path
        let access = Leader.AccessContext(policy: context.config.access, centers: context.config.centers) {
            Result { () throws(ConfigError) in try ConfigLoader.accessAndCenters(directory: directory) }
                .mapError { Leader.ReloadFailure(message: $0.issues.map(\.description).joined(separator: "; ")) }
        }
        let say = log.relay("ioc serve") { $0.hasPrefix("socket:") || $0.contains("cannot") ? .warning : .info }
        let participant: Participant
        do {
            participant = try Participant(
                catalog: context.catalog, store: store, claim: claim, feed: context.simulator(seed: feeds.seed, running: feeds.simulator),
                retention: context.config.settings.retention, timeZone: context.config.settings.timeZone,
                inbox: context.config.settings.inboxPath, commands: context.config.settings.commandFeeds, cadences: context.config.settings.feedCadences,
                writes: HTTPWrites.opener(context.config.settings.httpFeed, catalog: context.catalog, tokens: { [catalog = context.catalog] path in
                    try ConfigLoader.loadTokens(path: path, catalog: catalog)
                }, log: say), seedEmptyStore: try context.seeding(feeds, log: { [log] in log.write($0) }),
                access: access, notify: context.config.notify, reports: context.config.settings.reports,
                reportsDirectory: StoreLeading.reportsDirectory(context.storePath), log: say)
        } catch {
            log.relay("ioc serve") { _ in .error }("\(error)")
            throw ExitCode(1)
        }
        do {
            try ServeLoop.run(participant, idleExit: idleExit, waitForStop: { timeout, descriptors in
                for case let .stop(reason) in signals.wait(timeout: timeout, also: descriptors) { return reason }
                return nil
            }, log: { [log] in log.write($0, level: $0.hasPrefix("serve failed") ? .error : .info) })
        } catch {
            if !log.isJournal { printError("ioc serve: \(error)") }
            throw ExitCode(1)
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and check the store's integrity (with --host, the host's setup).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Also check the host: ownership and modes of the store and its folder, the operators' group, the socket, a leader running, the WAL, the time zone and free disk, each with its fix.")
    var host = false

    func run() throws {
        let context = try Context.load(global, validate: true)
        if host, context.storeIsPostgres {
            printError("ioc check --host checks a SQLite store's files, folder and socket on this host; for a PostgreSQL store, ioc check connects and checks its schema")
            throw ExitCode(64)
        }
        if host {
            let report = HostCheck.report(HostCheck.run(storePath: context.storePath, policy: context.config.access,
                                                        timeZone: context.config.settings.timeZone))
            report.lines.forEach { print($0) }
            if report.problems > 0 { throw ExitCode(1) }
            return
        }
        _ = try context.keyMap()
        _ = try context.facts()
        let report = context.config.checkReport()
        guard report.problems.isEmpty else {
            printError("ioc: configuration in \(context.config.directory.path) has \(report.problems.count) problem(s):")
            report.problems.forEach { printError("  \($0)") }
            throw ExitCode(ConfigError.exitCode)
        }
        report.lines.forEach { $0.hasPrefix("warning:") ? printError($0) : print($0) }
        let store = try StoreCheck.lines(location: context.storePath, open: context.openStore)
        guard store.ok else {
            store.lines.forEach(printError)
            throw ExitCode(1)
        }
        store.lines.forEach { print($0) }
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
        let context = try Context.load(global)
        try saying("migrate") { try PostgresAdmin.migrate(from: context.storePath, to: to) { print($0) } }
    }
}

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the paths in use and who leads.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.load(global)
        if context.storeIsPostgres {
            let check = try StoreCheck.lines(location: context.storePath, open: context.openStore)
            check.lines.forEach { print($0) }
            if !check.ok { throw ExitCode(1) }
            return
        }
        let store = FileManager.default.fileExists(atPath: context.storePath) ? try context.openStore() : nil
        try CenterInfo.lines(configDirectory: context.config.directory.path, storePath: context.storePath, store: store,
                             policy: context.config.access).forEach { print($0) }
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
        let context = try Context.load(global)
        try StoreSizes.compact(try context.openStore(), retention: context.config.settings.retention,
                               timeZone: context.config.settings.timeZone, stepRows: stepRows).forEach { print($0) }
    }
}

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow the store's change feed, printing a line per commit seen (for scripts and checks).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.load(global)
        _ = try context.operatorAccess()
        let store = try saying("watch") { try StoreReader.open(context.storePath) }
        let signals = try SignalPipe()
        // Unbuffered, a line at a time, so a reader sees each commit as it happens.
        try WatchLoop.run(try Follower(catalog: context.catalog, store: store), waitForStop: { timeout in
            signals.wait(timeout: timeout).contains { if case .stop = $0 { true } else { false } }
        }, say: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) })
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
        let context = try Context.load(global)
        let (grant, _) = try context.operatorAccess()
        guard grant.role >= .admin else {
            printError("ioc seed: \(grant.user) is \(grant.role.rawValue); seeding takes an admin")
            throw ExitCode(LocalOperator.Refusal.exitCode)
        }
        let store = try context.openStore()
        let facts = try context.facts()
        let outcome: Seeder.Outcome
        do {
            outcome = try Seeder.seedWhileLeading(catalog: context.catalog, store: store, facts: facts,
                                                  simulator: context.simulator(seed: seed, running: history)(), days: days, now: unixNow())
        } catch let refusal as Seeder.CannotLead {
            printError("ioc seed: \(refusal)")
            throw ExitCode(1)
        }
        print("seeded \(outcome.facts) reported figures and \(outcome.history) simulated history points in \(String(format: "%.1f", outcome.seconds)) s")
    }
}
