import ArgumentParser
import Coordinator
import Foundation
import Runtime
import IOCConfig
import IndicatorEngine
import IndicatorStore

/// Submits an operator action to the leader and reports how it ended (exit 1 unless applied).
func performAction(_ context: Context, _ store: Store, command: String, queue: () throws -> Int64) throws -> OperatorAction {
    switch try submitAction(catalog: context.catalog, store: store, now: unixNow, queue: queue) {
    case let .applied(action):
        return action
    case let .refused(action):
        printError("ioc \(command): refused: \(action.result)")
        throw ExitCode(1)
    case let .stillQueued(id):
        printError("ioc \(command): the leader did not apply the request in time; it stays queued as action \(id)")
        throw ExitCode(1)
    }
}

struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an open alert.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The alert's id (see 'ioc alerts').") var id: Int64
    @Option(help: "A note for the journal and the other operators.") var note = ""

    func run() throws {
        let context = try Context.load(global)
        let store = try context.openStore()
        let user = currentUserName()
        _ = try performAction(context, store, command: "ack") {
            try store.enqueueAction(.ack, user: user, time: unixNow(), alert: id, note: note)
        }
        print("alert \(id) acknowledged by \(user)")
    }
}

struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Mute alerts of a field, an indicator and/or a region (and everything below it) for a while.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Field code.") var field: String?
    @Option(help: "Indicator code.") var indicator: String?
    @Option(help: "Region code; the silence covers the regions below it too.") var region: String?
    @Option(name: .customLong("for"), help: "How long, e.g. 30m, 2h, 1d.") var duration: String
    @Option(help: "Why, for the journal.") var note = ""

    func run() throws {
        let context = try Context.load(global)
        let catalog = context.catalog
        guard let seconds = Durations.parse(duration), seconds > 0 else {
            throw ValidationError("--for expects a duration like 30m, 2h, 1d or 1w (at most 100 years), not '\(duration)'")
        }
        if let field, catalog.fieldIndex[field] == nil { throw ValidationError("unknown field '\(field)'") }
        if let indicator, catalog.indicatorIndex[indicator] == nil { throw ValidationError("unknown indicator '\(indicator)'") }
        if let region, catalog.regionIndex[region] == nil { throw ValidationError("unknown region '\(region)'") }
        let store = try context.openStore()
        let user = currentUserName()
        let now = unixNow()
        let silence = Silence(id: 0, field: field, indicator: indicator, region: region, start: now, end: now + seconds,
                              createdBy: user, comment: note)
        let action = try performAction(context, store, command: "silence") {
            try store.enqueueAction(.silence, user: user, time: now, silence: silence, note: note)
        }
        print("\(action.result) until \(now + seconds), by \(user)")
    }
}
