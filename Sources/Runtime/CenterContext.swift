import Canvas
import Console
import Coordinator
import Feeds
import Foundation
import IOCConfig
import Localization
import IndicatorEngine
import StoreContract

/// What every command starts from: the loaded configuration and the store in use, and what the
/// commands ask of them. Its problems are the center's (`general`): `ioc: ...` whatever the command.
public struct CenterContext {
    public var config: LoadedConfig
    public var storePath: String
    public var catalog: Catalog { config.catalog }
    /// The store's file when it is one on this host (nil: a PostgreSQL database).
    public var storeFile: String? { StoreLocation.file(named: storePath) }
    /// The language people read (`--lang`, else the center's `language:`, else the locale's).
    public var language: Language = .en
    /// `--lang` itself, when given: it overrides even the language an operator chose in the console.
    public var languageOption: Language?

    /// How the commands print for people at `now`: names beside codes, the center's clock.
    public func humanOutput(now: Int64 = unixNow()) -> HumanOutput {
        HumanOutput(catalog: catalog, timeZone: config.settings.timeZone, now: now, language: language)
    }

    /// Loads the configuration (`directory`, else where `ConfigLoader.locate` finds one), with
    /// every problem in the message (exit 78, EX_CONFIG); through its compiled snapshot unless
    /// `validate` asks for the YAML itself. `store` overrides the configured store.
    public static func load(directory explicit: String?, store: String?, language: Language? = nil, validate: Bool = false) throws(CommandProblem) -> CenterContext {
        let directory = ConfigLoader.locate(explicit: explicit)
        // Until the center says its language, the option's or the locale's.
        Speech.use(language ?? Language.fromEnvironment())
        do {
            let config = try ConfigLoader.load(directory: directory, cache: validate ? nil : ConfigLoader.snapshotDirectory)
            let storePath = store.map { StoreLocation.file(named: $0).map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? $0 } ?? config.settings.storePath
            var context = CenterContext(config: config, storePath: storePath)
            context.language = language ?? config.settings.language ?? Language.fromEnvironment()
            context.languageOption = language
            Speech.use(context.language)
            return context
        } catch {
            let count = error.issues.count
            throw CommandProblem(([say("configuration in {directory} has {count} problem:", plural: "configuration in {directory} has {count} problems:", count: count,
                                       ["directory": directory])] + error.issues.map { "  \($0)" })
                .joined(separator: "\n"), exitCode: ConfigError.exitCode, general: true)
        }
    }

    /// The running user's role, scope and center; not an operator: exit 77.
    public func operatorAccess() throws(CommandProblem) -> (grant: OperatorGrant, center: Center) {
        let me: Identity
        do { me = try LocalOperator.identity(for: storePath) } catch { throw CommandProblem(error.description, exitCode: error.exitCode, general: true) }
        switch LocalOperator.resolve(policy: config.access, centers: config.centers, catalog: catalog, as: me) {
        case let .success(access): return access
        case let .failure(refusal): throw CommandProblem(refusal.message, exitCode: LocalOperator.Refusal.exitCode, general: true)
        }
    }

    /// The user's scope resolved against the catalog.
    public func scope(_ grant: OperatorGrant) -> RegionScope { RegionScope(codes: grant.scope, catalog: catalog) }

    /// How a leader is started for this center (`feeds`: the feed options it gets).
    public func leaderArguments(feeds: FeedChoice = FeedChoice()) -> [String] {
        CenterClient.leaderArguments(configDirectory: config.directory.path, storePath: storePath, feeds: feeds.arguments)
    }

    /// Sends an action to the leader; a refusal is the command's problem, with its exit status.
    public func send(_ request: CommandRequest) throws(CommandProblem) -> CommandResponse {
        let sender = try CenterClient.sender(location: storePath, leaderArguments: leaderArguments())
        switch CenterClient.perform(request, with: sender) {
        case let .success(response): return response
        case let .failure(failure): throw CommandProblem(failure.message, exitCode: failure.exitCode)
        }
    }

    /// The report figures shipped in `<config>/seed/*.csv`; a bad line is a configuration error (78).
    public func facts() throws(CommandProblem) -> [Observation] {
        do { return try Facts.load(directory: config.directory.path + "/seed", catalog: catalog) } catch {
            throw CommandProblem("\(error)", exitCode: ConfigError.exitCode, general: true)
        }
    }

    /// The configured simulator, when it runs (`running` nil: as configured); made fresh for each leader.
    public func simulator(seed: UInt64?, running: Bool?) -> () -> Simulator? {
        let settings = config.settings, catalog = catalog, hints = config.simulatorHints
        let on = running ?? settings.simulatorEnabled, seed = seed ?? settings.simulatorSeed
        return { on ? Simulator(catalog: catalog, hints: hints, seed: seed, timeZone: settings.timeZone) : nil }
    }

    /// The console's key map: the defaults with `keys.yaml`'s overrides.
    public func keyMap() throws(CommandProblem) -> KeyMap {
        do {
            let overrides = try ConfigLoader.loadKeys(directory: config.directory.path, actions: Action.allCases.map(\.rawValue)) { Key.parse($0) != nil }
            return KeyMap.standard.overriding(names: overrides)
        } catch {
            throw CommandProblem("\(error)", exitCode: ConfigError.exitCode, general: true)
        }
    }

    public var logPath: String { FileLog.path(besideStore: storePath) }
}

/// Which feeds a leader runs (`--simulator`, `--seed`, `--history` on `ioc serve` and the console).
public struct FeedChoice: Sendable {
    /// The live feed (nil: as configured).
    public var simulator: Bool?
    public var seed: UInt64?
    /// On an empty store with the simulator on, a year of simulated history first.
    public var history = true

    public init(simulator: Bool? = nil, seed: UInt64? = nil, history: Bool = true) {
        self.simulator = simulator
        self.seed = seed
        self.history = history
    }

    /// The same choice on another command line (the leader a console starts).
    public var arguments: [String] {
        (simulator.map { [$0 ? "--simulator" : "--no-simulator"] } ?? []) + (seed.map { ["--seed", String($0)] } ?? [])
            + (history ? [] : ["--no-history"])
    }
}
