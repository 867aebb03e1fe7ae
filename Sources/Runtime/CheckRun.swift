import Foundation
import IOCConfig

/// `ioc check`: the configuration validated from its YAML (with what only this host can tell:
/// programs, the tokens file, keys, the shipped figures), then the store's integrity; with
/// `host`, the host's setup instead.
public enum CheckRun {
    /// The exit status; what it found goes to `out`, warnings and failures to `err`.
    public static func run(_ context: CenterContext, host: Bool, out: (String) -> Void, err: (String) -> Void) throws(CommandProblem) -> Int32 {
        if host {
            guard context.storeFile != nil else {
                err("ioc check --host checks a SQLite store's files, folder and socket on this host; for a PostgreSQL store, ioc check connects and checks its schema")
                return 64
            }
            let report = HostCheck.report(HostCheck.run(storePath: context.storePath, policy: context.config.access, timeZone: context.config.settings.timeZone))
            report.lines.forEach(out)
            return report.problems > 0 ? 1 : 0
        }
        _ = try context.keyMap()
        _ = try context.facts()
        let report = context.config.checkReport()
        guard report.problems.isEmpty else {
            throw CommandProblem((["configuration in \(context.config.directory.path) has \(report.problems.count) problem(s):"] + report.problems.map { "  \($0)" })
                .joined(separator: "\n"), exitCode: ConfigError.exitCode, general: true)
        }
        report.lines.forEach { $0.hasPrefix("warning:") ? err($0) : out($0) }
        let store: (ok: Bool, lines: [String])
        do { store = try StoreCheck.lines(context) } catch let problem as CommandProblem { throw problem } catch {
            throw CommandProblem("\(error)", exitCode: 1, general: true)
        }
        store.lines.forEach(store.ok ? out : err)
        return store.ok ? 0 : 1
    }
}
