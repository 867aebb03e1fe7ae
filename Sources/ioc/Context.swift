import ArgumentParser
import Foundation
import Runtime

/// Runs a command's body, printing a problem it cannot serve as `ioc NAME: what` (`ioc: what`
/// for the center's own) and exiting with its status.
func saying<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let problem as CommandProblem {
        printError(command.isEmpty || problem.general ? "ioc: \(problem)" : "ioc \(command): \(problem)")
        throw ExitCode(problem.exitCode)
    }
}

/// `--at TIME` of the query commands: the center as it stood then.
struct AtOption: ParsableArguments {
    @Option(help: ArgumentHelp("Show it as it stood then: 2026-11-28 17:00, 2h ago (or --at=-2h), yesterday 07:30, an ISO 8601 time.", valueName: "time"))
    var at: String?
}

extension GlobalOptions {
    /// The center these options name; through the configuration's compiled snapshot unless
    /// `validate` asks for the YAML itself.
    func context(validate: Bool = false) throws(CommandProblem) -> CenterContext {
        try CenterContext.load(directory: config, store: store, language: lang, validate: validate)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
