import ArgumentParser
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore

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
