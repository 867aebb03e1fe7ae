import ArgumentParser
import Console
import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Runtime

struct WhoamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Print who the leader takes you for: user, uid, role, scope and center.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try Context.load(global)
        let report: OperatorAccess
        if context.storeIsPostgres {
            // The database names the role; operators.yaml gives it its role and scope.
            let (grant, center) = try context.operatorAccess()
            report = OperatorAccess(user: grant.user, uid: -1, role: grant.role.rawValue, scope: grant.scope, center: center.title)
        } else {
            report = OperatorAccess(try context.send(CommandRequest(op: .whoami), command: "whoami"))
        }
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
        let context = try Context.load(global)
        let (grant, _) = try context.operatorAccess()
        let rows = try saying("audit") {
            try AuditQuery.entries(store: try StoreReader.open(context.storePath), grant: grant, since: since, now: unixNow(), user: user)
        }
        if json { return print(try jsonLine(rows)) }
        if rows.isEmpty { return print("no audit entries") }
        rows.forEach { print($0.text) }
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
        let context = try Context.load(global)
        let response = try context.send(CommandRequest(op: .notifyTest, receiver: receiver), command: "notify test")
        let outbox = try saying("notify test") { try StoreReader.outbox(context.storePath) }
        let outcome = NotifyLog.testOutcome(outbox, receiver: receiver, key: response.result, policy: context.config.notify)
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
        let context = try Context.load(global)
        let entries = try saying("notify log") { try NotifyLog.entries(try StoreReader.outbox(context.storePath), limit: limit) }
        if json { return print(try jsonLine(entries)) }
        NotifyLog.lines(entries, timeZone: context.config.settings.timeZone).forEach { print($0) }
    }
}

struct SilencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "silences", abstract: "List running silences.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.load(global)
        let silences = try saying("silences") { try StoreReader.open(context.storePath).silences(activeAt: unixNow()) }
        if silences.isEmpty { return print("no running silences") }
        for s in silences {
            let what = [s.field.map { "field \($0)" }, s.indicator.map { "indicator \($0)" }, s.region.map { "region \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            print("#\(s.id) \(what.isEmpty ? "everything" : what) until \(s.end) by \(s.createdBy)" + (s.comment.isEmpty ? "" : ": \(s.comment)"))
        }
    }
}
