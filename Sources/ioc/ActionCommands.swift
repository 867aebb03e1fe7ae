import ArgumentParser
import Coordinator
import Runtime
import IndicatorEngine

struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an open alert.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The alert's id (see 'ioc alerts').") var id: Int64
    @Option(help: "A note for the journal and the other operators.") var note = ""

    func run() throws {
        let response = try saying("ack") { try global.context().send(CommandRequest(op: .ack, alert: id, note: note)) }
        print("alert \(id) acknowledged by \(response.user ?? "?")")
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to an alert's journal.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The alert's id.") var id: Int64
    @Argument(help: "The note.") var text: String

    func run() throws {
        let response = try saying("note") { try global.context().send(CommandRequest(op: .note, alert: id, note: text)) }
        print("note added to alert \(id) by \(response.user ?? "?")")
    }
}

struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Mute alerts of a field, an indicator and/or a region (and everything below it) for a while.",
        discussion: "Operators may silence for up to 24h within their scope; supervisors for any length. 'ioc silences' lists them, 'ioc unsilence ID' ends one.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Field code.") var field: String?
    @Option(help: "Indicator code.") var indicator: String?
    @Option(help: "Region code; the silence covers the regions below it too.") var region: String?
    @Option(name: .customLong("for"), help: "How long, e.g. 30m, 2h, 1d.") var duration: String
    @Option(help: "Why, for the journal.") var note = ""

    func run() throws {
        let context = try saying("") { try global.context() }
        let catalog = context.catalog
        guard let seconds = Durations.parse(duration), seconds > 0 else {
            throw ValidationError("--for expects a duration like 30m, 2h, 1d or 1w (at most 100 years), not '\(duration)'")
        }
        if let field, catalog.fieldIndex[field] == nil { throw ValidationError("unknown field '\(field)'") }
        if let indicator, catalog.indicatorIndex[indicator] == nil { throw ValidationError("unknown indicator '\(indicator)'") }
        if let region, catalog.regionIndex[region] == nil { throw ValidationError("unknown region '\(region)'") }
        let response = try saying("silence") {
            try context.send(CommandRequest(op: .silence, note: note, field: field, indicator: indicator, region: region, seconds: seconds))
        }
        print("\(response.result) until \(context.humanOutput().when(unixNow() + seconds)), by \(response.user ?? "?")")
    }
}

struct UnsilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsilence", abstract: "End a silence now (your own as an operator, anyone's as a supervisor).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The silence's id (see 'ioc silences').") var id: Int64

    func run() throws {
        let response = try saying("unsilence") { try global.context().send(CommandRequest(op: .expire, silence: id)) }
        print(response.result)
    }
}

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload", abstract: "Have the leader read operators.yaml and centers.yaml again (admins).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        print(try saying("reload") { try global.context().send(CommandRequest(op: .reload)) }.result)
    }
}
