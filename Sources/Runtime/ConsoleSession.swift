import Canvas
import Foundation
import StoreContract

/// A console's life on a terminal that is started: the runner made and run, everything said
/// to the log, the terminal restored (`stop`) however it ends. Errors come back after the
/// terminal is restored, for the command line to print.
public enum ConsoleSession {
    public static func run(connection: ConsoleConnection, terminal: any TerminalBackend, fallback: String?, settings: ConsoleRunner.Settings,
                           log: FileLog, stop: () -> Void) throws {
        log.write("console started; store \(connection.location); \(terminal.capabilities)")
        if let fallback { log.write(fallback) }
        let runner: ConsoleRunner
        do {
            runner = try ConsoleRunner(connection: connection, terminal: terminal, settings: settings, log: { [log] in log.write($0) })
        } catch {
            stop()
            throw error
        }
        let grant = settings.grant
        log.write("console of \(grant.user) (\(grant.role.rawValue), \(settings.center.title)) on \(connection.kind) store")
        if let fallback { runner.announce(fallback) }
        runner.onFirstFrame = { [log] in
            if let ms = millisecondsSinceProcessStart() { log.write(String(format: "first frame %.0f ms after process start", ms)) }
        }
        let outcome = Result { try runner.run() }
        stop()
        switch outcome {
        case let .success(reason):
            log.write("console stopped: \(reason)")
        case let .failure(error):
            log.write("console failed: \(error)", level: .error)
            throw error
        }
    }
}
