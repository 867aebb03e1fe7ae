import ArgumentParser
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore
import Feeds
import Coordinator
import Console
import Canvas
import Runtime

/// Runs a command's body, printing a problem it cannot serve as `ioc NAME: what` and exiting with its status.
func saying<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let problem as CommandProblem {
        printError(command.isEmpty ? "ioc: \(problem)" : "ioc \(command): \(problem)")
        throw ExitCode(problem.exitCode)
    }
}

/// `--at TIME` of the query commands: the center as it stood then.
struct AtOption: ParsableArguments {
    @Option(help: ArgumentHelp("Show it as it stood then: 2026-11-28 17:00, 2h ago (or --at=-2h), yesterday 07:30, an ISO 8601 time.", valueName: "time"))
    var at: String?

    func moment(_ context: Context) throws(CommandProblem) -> Int64? {
        guard let at else { return nil }
        do { return try Moment.parse(at, now: unixNow(), timeZone: context.config.settings.timeZone) } catch {
            throw CommandProblem(error.description, exitCode: 64)
        }
    }
}

/// What every command starts from: the loaded configuration and the store path in use.
struct Context {
    var config: LoadedConfig
    var storePath: String
    var catalog: Catalog { config.catalog }

    /// Loads the configuration, printing every problem and exiting 78 (EX_CONFIG) on error;
    /// through its compiled snapshot unless `validate` asks for the YAML itself.
    static func load(_ options: GlobalOptions, validate: Bool = false) throws -> Context {
        let directory = ConfigLoader.locate(explicit: options.config)
        do {
            let config = try ConfigLoader.load(directory: directory, cache: validate ? nil : ConfigLoader.snapshotDirectory)
            let storePath = options.store.map { PostgresURL.isURL($0) ? $0 : URL(fileURLWithPath: $0).standardizedFileURL.path } ?? config.settings.storePath
            return Context(config: config, storePath: storePath)
        } catch {
            let count = error.issues.count
            printError("ioc: configuration in \(directory) has \(count) problem\(count == 1 ? "" : "s"):")
            for issue in error.issues { printError("  \(issue)") }
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// Whether the store is a PostgreSQL database (`postgresql://...`) rather than a SQLite file.
    var storeIsPostgres: Bool { PostgresURL.isURL(storePath) }

    func openStore() throws -> Store {
        if let refusal = StoreReader.sqliteOnly(storePath) {
            printError("ioc: \(refusal)")
            throw ExitCode(refusal.exitCode)
        }
        do {
            return try Store(path: storePath)
        } catch {
            printError("ioc: \(error)")
            throw ExitCode(1)
        }
    }

    /// The running user's role, scope and center; not an operator: the message and exit 77.
    func operatorAccess() throws -> (grant: OperatorGrant, center: Center) {
        let me = try saying("") { try LocalOperator.identity(for: storePath) }
        switch LocalOperator.resolve(policy: config.access, centers: config.centers, catalog: catalog, as: me) {
        case let .success(access): return access
        case let .failure(refusal):
            printError("ioc: \(refusal.message)")
            throw ExitCode(LocalOperator.Refusal.exitCode)
        }
    }

    /// The user's scope resolved against the catalog.
    func scope(_ grant: OperatorGrant) -> RegionScope { RegionScope(codes: grant.scope, catalog: catalog) }

    /// A client of the leader's socket (it may start a leader with these feed options).
    func client(feeds: FeedOptions? = nil) -> CommandClient {
        CenterClient.client(storePath: storePath, leaderArguments: CenterClient.leaderArguments(
            configDirectory: config.directory.path, storePath: storePath, feeds: feeds?.arguments ?? []))
    }

    /// Sends an action to the leader; a refusal is printed with the command's name and exits.
    func send(_ request: CommandRequest, command: String) throws -> CommandResponse {
        let sender = try saying(command) {
            try CenterClient.sender(location: storePath, leaderArguments: CenterClient.leaderArguments(
                configDirectory: config.directory.path, storePath: storePath))
        }
        switch CenterClient.perform(request, with: sender) {
        case let .success(response): return response
        case let .failure(failure):
            printError("ioc \(command): \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
    }

    /// The report figures shipped in `<config>/seed/*.csv`; a bad line is a configuration error (78).
    func facts() throws -> [Observation] {
        do {
            return try Facts.load(directory: config.directory.path + "/seed", catalog: catalog)
        } catch {
            printError("ioc: \(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// What the leader writes into an empty store: the report's figures, and a year of simulated
    /// history when the simulator runs and history is wanted.
    func seeding(_ feeds: FeedOptions, log: @escaping (String) -> Void) throws -> (Leader) throws -> Void {
        let simulator = simulator(seed: feeds.seed, running: feeds.history ? feeds.simulator : false)
        return Seeder.forEmptyStore(facts: try facts(), simulator: simulator, now: unixNow, log: log)
    }

    /// The configured simulator, when it runs (`running` nil: as configured); made fresh for each leader.
    func simulator(seed: UInt64?, running: Bool?) -> () -> Simulator? {
        let settings = config.settings, catalog = catalog, hints = config.simulatorHints
        let on = running ?? settings.simulatorEnabled, seed = seed ?? settings.simulatorSeed
        return { on ? Simulator(catalog: catalog, hints: hints, seed: seed, timeZone: settings.timeZone) : nil }
    }

    /// The console's key map: the defaults with `keys.yaml`'s overrides.
    func keyMap() throws -> KeyMap {
        do {
            let overrides = try ConfigLoader.loadKeys(directory: config.directory.path, actions: Action.allCases.map(\.rawValue)) {
                Key.parse($0) != nil
            }
            return KeyMap.standard.overriding(names: overrides)
        } catch {
            printError("ioc: \(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    var logPath: String { FileLog.path(besideStore: storePath) }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
