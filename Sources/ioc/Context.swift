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

/// What every command starts from: the loaded configuration and the store path in use.
struct Context {
    var config: LoadedConfig
    var storePath: String
    var catalog: Catalog { config.catalog }

    /// Loads the configuration, printing every problem and exiting 78 (EX_CONFIG) on error.
    static func load(_ options: GlobalOptions) throws -> Context {
        let directory = ConfigLoader.locate(explicit: options.config)
        do {
            let config = try ConfigLoader.load(directory: directory)
            let storePath = options.store.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? config.settings.storePath
            return Context(config: config, storePath: storePath)
        } catch {
            let count = error.issues.count
            printError("ioc: configuration in \(directory) has \(count) problem\(count == 1 ? "" : "s"):")
            for issue in error.issues { printError("  \(issue)") }
            throw ExitCode(ConfigError.exitCode)
        }
    }

    func openStore() throws -> Store {
        do {
            return try Store(path: storePath)
        } catch {
            printError("ioc: \(error)")
            throw ExitCode(1)
        }
    }

    /// The running user's role, scope and center; not an operator: the message and exit 77.
    func operatorAccess() throws -> (grant: OperatorGrant, center: Center) {
        switch LocalOperator.resolve(policy: config.access, centers: config.centers, catalog: catalog) {
        case let .success(access): return access
        case let .failure(refusal):
            printError("ioc: \(refusal.message)")
            throw ExitCode(LocalOperator.Refusal.exitCode)
        }
    }

    /// The user's scope resolved against the catalog.
    func scope(_ grant: OperatorGrant) -> RegionScope { RegionScope(codes: grant.scope, catalog: catalog) }

    /// A client of the leader's socket; it starts a leader in the background when none runs and
    /// this user may write the store (single-account mode, or the service account).
    func client(feeds: FeedOptions? = nil) -> CommandClient {
        let arguments = leaderArguments(feeds)
        let mayLead = SharedFiles.isWritable(storePath)
        return CommandClient(storePath: storePath, startLeader: mayLead ? { [logPath] in
            LeaderLauncher.start(arguments: arguments, log: { FileLog(path: logPath).write($0) })
        } : nil)
    }

    /// `ioc serve` as a console or a command starts it: it exits once no console is attached for a minute.
    func leaderArguments(_ feeds: FeedOptions?) -> [String] {
        var arguments = ["serve", "--idle-exit", "60", "--config", config.directory.path, "--store", storePath]
        if let feeds {
            if let on = feeds.simulator { arguments.append(on ? "--simulator" : "--no-simulator") }
            if let seed = feeds.seed { arguments += ["--seed", String(seed)] }
            if !feeds.history { arguments.append("--no-history") }
        }
        return arguments
    }

    /// Sends a request to the leader; a refusal is printed with the command's name and exits 1.
    func send(_ request: CommandRequest, command: String) throws -> CommandResponse {
        let response: CommandResponse
        do {
            response = try client().send(request)
        } catch {
            printError("ioc \(command): \(error)")
            throw ExitCode(1)
        }
        guard response.ok else {
            printError("ioc \(command): refused: \(response.result)")
            throw ExitCode(response.role == nil ? LocalOperator.Refusal.exitCode : 1)
        }
        return response
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

    /// The log file: beside the database when this user may write there, else in the user's own
    /// state directory (an operator's console on the service account's store).
    var logPath: String {
        let shared = (storePath as NSString).deletingLastPathComponent + "/ioc.log"
        if SharedFiles.isWritable(shared) { return shared }
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/state")
        try? FileManager.default.createDirectory(atPath: base + "/ioc", withIntermediateDirectories: true)
        return base + "/ioc/ioc.log"
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
