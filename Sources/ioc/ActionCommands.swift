import ArgumentParser
import Runtime

struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an open alert.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The alert's id (see 'ioc alerts').") var id: Int64
    @Option(help: "A note for the journal and the other operators.") var note = ""

    func run() throws {
        print(try saying("ack") { try ActionRun.ack(try global.context(), alert: id, note: note) })
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to an alert's journal.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The alert's id.") var id: Int64
    @Argument(help: "The note.") var text: String

    func run() throws {
        print(try saying("note") { try ActionRun.note(try global.context(), alert: id, text: text) })
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
        print(try saying("silence") {
            try ActionRun.silence(try global.context(), field: field, indicator: indicator, region: region, duration: duration, note: note)
        })
    }
}

struct UnsilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsilence", abstract: "End a silence now (your own as an operator, anyone's as a supervisor).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The silence's id (see 'ioc silences').") var id: Int64

    func run() throws {
        print(try saying("unsilence") { try ActionRun.unsilence(try global.context(), silence: id) })
    }
}

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload", abstract: "Have the leader read operators.yaml and centers.yaml again (admins).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        print(try saying("reload") { try ActionRun.reload(try global.context()) })
    }
}
