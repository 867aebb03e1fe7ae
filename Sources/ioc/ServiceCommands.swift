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
        let context = try Context.load(global)
        let catalog = context.catalog
        if host {
            let findings = HostCheck.run(storePath: context.storePath, policy: context.config.access, timeZone: context.config.settings.timeZone)
            findings.forEach { print($0.text) }
            let problems = findings.filter { !$0.ok }.count
            print(problems == 0 ? "host ok" : "\(problems) problem\(problems == 1 ? "" : "s") on this host")
            if problems > 0 { throw ExitCode(1) }
            return
        }
        _ = try context.keyMap()
        _ = try context.facts()
        print("configuration ok: \(catalog.fields.count) fields, \(catalog.indicators.count) indicators, \(catalog.regions.count) regions")
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
        let lock = LeaderLock(storePath: context.storePath)
        print("configuration: \(context.config.directory.path)")
        print("store:         \(context.storePath)")
        print("lock file:     \(lock.path)")
        print("socket:        \(CommandSocket.path(store: context.storePath))")
        print("log file:      \(context.logPath)")
        print("operators:     \(context.config.access.isSingleAccount ? "single-account mode (no operators.yaml): \(currentUserName()) is admin" : context.config.access.source)")
        if FileManager.default.fileExists(atPath: context.storePath) {
            let store = try context.openStore()
            print("access:        \(store.isReadOnly ? "read-only (\(currentUserName()) may not write the store; actions go to the leader)" : "read-write")")
            print("leader:        \(lock.holder() ?? "none running")")
            print("sequence:      \(try store.sequence())")
            print("observations:  \(try store.observationCount())")
        } else {
            print("leader:        none (the store does not exist yet)")
        }
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
        let lock = LeaderLock(storePath: store.path)
        guard !store.isReadOnly, lock.tryAcquire() else {
            printError("ioc seed: " + (store.isReadOnly ? "\(grant.user) may not write \(store.path); run it as the service account"
                : lock.openProblem ?? "another process leads this store (see 'ioc info'); stop it first"))
            throw ExitCode(1)
        }
        defer { lock.release() }
        let leader = try Leader(catalog: context.catalog, store: store)
        let simulator = context.simulator(seed: seed, running: history)()
        let outcome = try Seeder.seed(leader: leader, facts: facts, simulator: simulator, days: days, now: unixNow())
        print("seeded \(outcome.facts) reported figures and \(outcome.history) simulated history points in \(String(format: "%.1f", outcome.seconds)) s")
    }
}
