import Coordinator
import Foundation
import IndicatorEngine
import StoreContract

/// The actions of the command line (`ioc ack`, `note`, `silence`, `unsilence`, `reload`,
/// `notify test`) once their arguments are read: the typed request sent to the leader, and the
/// line that says how it went; a refusal is the command's problem, with its exit status.
public enum ActionRun {
    public static func ack(_ context: CenterContext, alert: Int64, note: String) throws(CommandProblem) -> String {
        let user = try context.send(CommandRequest(.ack(alert: alert, note: note))).user ?? "?"
        return context.humanOutput().tr("alert {id} acknowledged by {user}", ["id": String(alert), "user": user])
    }

    public static func note(_ context: CenterContext, alert: Int64, text: String) throws(CommandProblem) -> String {
        let user = try context.send(CommandRequest(.note(alert: alert, text: text))).user ?? "?"
        return context.humanOutput().tr("note added to alert {id} by {user}", ["id": String(alert), "user": user])
    }

    /// `duration` as the operator typed it (30m, 2h, 1d); the field, indicator and region are
    /// checked against the catalog before the leader is asked (exit 64 when one is unknown).
    public static func silence(_ context: CenterContext, field: String?, indicator: String?, region: String?, duration: String,
                               note: String) throws(CommandProblem) -> String {
        let catalog = context.catalog
        guard let seconds = Durations.parse(duration), seconds > 0 else {
            throw CommandProblem(say("--for expects a duration like 30m, 2h, 1d or 1w (at most 100 years), not '{text}'", ["text": duration]), exitCode: 64)
        }
        if let field, catalog.fieldIndex[field] == nil { throw CommandProblem(say("unknown field '{code}'", ["code": field]), exitCode: 64) }
        if let indicator, catalog.indicatorIndex[indicator] == nil { throw CommandProblem(say("unknown indicator '{code}'", ["code": indicator]), exitCode: 64) }
        if let region, catalog.regionIndex[region] == nil { throw CommandProblem(say("unknown region '{code}'", ["code": region]), exitCode: 64) }
        let order = SilenceOrder(field: field, indicator: indicator, region: region, seconds: seconds, note: note)
        let response = try context.send(CommandRequest(.silence(order)))
        return say("{result} until {time}, by {user}", ["result": Speech.messages.said(response), "time": context.humanOutput().when(unixNow() + seconds), "user": response.user ?? "?"])
    }

    public static func unsilence(_ context: CenterContext, silence: Int64) throws(CommandProblem) -> String {
        Speech.messages.said(try context.send(CommandRequest(.expire(silence: silence))))
    }

    public static func reload(_ context: CenterContext) throws(CommandProblem) -> String {
        try context.send(CommandRequest(.reload)).result
    }

    /// `ioc notify test`: the test message planned, then how its delivery went (waited for a
    /// little while): whether it was delivered, and the line to print.
    public static func notifyTest(_ context: CenterContext, receiver: String) throws(CommandProblem) -> (ok: Bool, line: String) {
        let request = CommandRequest(.notifyTest(receiver: receiver))
        _ = try context.send(request)
        return NotifyLog.testOutcome(try StoreReader.outbox(context.storePath), receiver: receiver, key: request.testMessageKey, policy: context.config.notify)
    }

    /// `ioc notify log`: the newest `limit` notifications, as JSON or as lines.
    public static func notifyLog(_ context: CenterContext, limit: Int, json: Bool) throws(CommandProblem) -> [String] {
        let outbox = try StoreReader.outbox(context.storePath)
        do {
            let entries = try NotifyLog.entries(outbox, limit: limit)
            return json ? [try jsonLine(entries)] : NotifyLog.lines(entries, timeZone: context.config.settings.timeZone)
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }
}
