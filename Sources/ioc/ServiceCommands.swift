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
        let store = try context.openStore()
        let log = FileLog(path: context.logPath)
        let signals = try SignalPipe()
        // A leader started for a console: if another leads already, there is nothing to do.
        if idleExit != nil, LeaderLock(storePath: store.path).probe() != .free { return }
        let directory = context.config.directory.path
        let access = Leader.AccessContext(policy: context.config.access, centers: context.config.centers) {
            switch Result(catching: { () throws(ConfigError) in try ConfigLoader.load(directory: directory) }) {
            case let .success(fresh): return .success((fresh.access, fresh.centers))
            case let .failure(error): return .failure(Leader.ReloadFailure(message: error.issues.map(\.description).joined(separator: "; ")))
            }
        }
        let participant: Participant
        do {
            participant = try Participant(
                catalog: context.catalog, store: store, feed: context.simulator(seed: feeds.seed, running: feeds.simulator),
                retention: context.config.settings.retention, timeZone: context.config.settings.timeZone,
                inbox: context.config.settings.inboxPath,
                seedEmptyStore: try context.seeding(feeds, log: { [log] in log.write($0) }), access: access,
                notify: context.config.notify,
                log: { message in
                    log.write(message, level: message.hasPrefix("socket:") || message.contains("cannot") ? .warning : .info)
                    // Under systemd the log is the journal already (stderr).
                    if !log.isJournal { printError("ioc serve: \(message)") }
                })
        } catch {
            log.write("\(error)", level: .error)
            if !log.isJournal { printError("ioc serve: \(error)") }
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
        let catalog = context.catalog
        if host {
            let report = HostCheck.report(HostCheck.run(storePath: context.storePath, policy: context.config.access,
                                                        timeZone: context.config.settings.timeZone))
            report.lines.forEach { print($0) }
            if report.problems > 0 { throw ExitCode(1) }
            return
        }
        _ = try context.keyMap()
        _ = try context.facts()
        let missing = context.config.notify.missingCommands()
        guard missing.isEmpty else {
            printError("ioc: configuration in \(context.config.directory.path) has \(missing.count) problem\(missing.count == 1 ? "" : "s"):")
            for problem in missing { printError("  notify.yaml: \(problem)") }
            throw ExitCode(ConfigError.exitCode)
        }
        for warning in context.config.warnings { printError("warning: \(warning)") }
        print("configuration ok: \(catalog.fields.count) fields, \(catalog.indicators.count) indicators, \(catalog.regions.count) regions"
            + (context.config.notify.receivers.isEmpty ? "" : ", \(context.config.notify.routes.count) notification routes"))
        guard FileManager.default.fileExists(atPath: context.storePath) else {
            print("store: \(context.storePath) does not exist yet (it is created on first use)")
            return
        }
        let problems = try context.openStore().integrityProblems()
        guard problems.isEmpty else {
            printError("store \(context.storePath) fails its integrity check:")
            for p in problems { printError("  \(p)") }
            throw ExitCode(1)
        }
        print("store ok: \(context.storePath)")
    }
}

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the paths in use and who leads.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.load(global)
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
        let store = try context.openStore()
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
