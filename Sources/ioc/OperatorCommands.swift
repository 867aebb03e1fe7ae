import ArgumentParser
import Runtime

struct WhoamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Print who the leader takes you for: user, uid, role, scope and center.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let report = try saying("whoami") { try OperatorAccess.read(try global.context()) }
        print(json ? try jsonLine(report) : report.text)
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit, newest first: every action and refusal, and console sessions.",
        discussion: "Supervisors and admins see everyone's entries; others see their own.")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only entries newer than this, e.g. 1h, 7d.", valueName: "duration")) var since: String?
    @Option(help: ArgumentHelp("Only this user's entries.", valueName: "name")) var user: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        print(try saying("audit") { try QueryRun.audit(try global.context(), since: since, user: user, json: json) })
    }
}

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Notifications: test a receiver, and what was sent to whom and how it went.",
        subcommands: [NotifyTestCommand.self, NotifyLogCommand.self])
}

struct NotifyTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Send a test message to a receiver through the outbox, and print how it went (supervisors and admins).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The receiver's name in notify.yaml.") var receiver: String

    func run() throws {
        let outcome = try saying("notify test") { try ActionRun.notifyTest(try global.context(), receiver: receiver) }
        guard outcome.ok else {
            printError("ioc notify test: \(outcome.line)")
            throw ExitCode(1)
        }
        print(outcome.line)
    }
}

struct NotifyLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "List the newest notifications, newest first, with every failed try.")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("How many.", valueName: "n")) var limit = 50
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try saying("notify log") { try ActionRun.notifyLog(try global.context(), limit: limit, json: json) }.forEach { print($0) }
    }
}

struct SilencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "silences", abstract: "List running silences.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        print(try saying("silences") { try QueryRun.silences(try global.context()) })
    }
}
