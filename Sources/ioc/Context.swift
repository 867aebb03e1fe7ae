import ArgumentParser
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore
import Feeds
import Coordinator
import Console
import Canvas

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
        let facts = try facts()
        let simulate = (feeds.simulator ?? config.settings.simulatorEnabled) && feeds.history
        let seed = feeds.seed ?? config.settings.simulatorSeed
        let catalog = catalog, timeZone = config.settings.timeZone, hints = config.simulatorHints
        return Seeder.forEmptyStore(facts: facts, simulator: { simulate ? Simulator(catalog: catalog, hints: hints, seed: seed, timeZone: timeZone) : nil },
                                    now: unixNow, log: log)
    }

    /// The console's key map: the defaults with `keys.yaml`'s overrides.
    func keyMap() throws -> KeyMap {
        do {
            let overrides = try ConfigLoader.loadKeys(directory: config.directory.path, actions: Action.allCases.map(\.rawValue)) {
                Key.parse($0) != nil
            }
            var keys: [Action: [Key]] = [:]
            for (name, names) in overrides { keys[Action(rawValue: name)!] = names.compactMap(Key.parse) }
            return KeyMap.standard.overriding(keys)
        } catch {
            printError("ioc: \(error)")
            throw ExitCode(ConfigError.exitCode)
        }
    }

    /// The log file, beside the database.
    var logPath: String { (storePath as NSString).deletingLastPathComponent + "/ioc.log" }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Wall-clock Unix seconds; the only place the executable reads the time for the engine.
func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

func unixNowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

/// The Unix user running this process, for the header and the audit trail.
func currentUserName() -> String {
    if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
}

/// Milliseconds since this process started, from the kernel's start time (so it includes
/// everything before main: loading, linking, argument parsing).
func millisecondsSinceProcessStart() -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
          let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    // Field 22 (starttime, in clock ticks since boot); fields after the ")" start at 3.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 19, let ticks = Double(fields[19]), let up = Double(uptime.split(separator: " ").first ?? "") else { return nil }
    let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
    return (up - ticks / hz) * 1000
}
