import Foundation
import IndicatorEngine

/// The read-only commands' bodies (`ioc value`, `alerts`, `status`, `feeds`, `audit`,
/// `silences`): the text each prints, JSON for scripts or lines for people, from a center.
public enum QueryRun {
    /// `--at TIME` read on the center's clock (nil: now).
    public static func moment(_ at: String?, _ context: CenterContext, now: Int64 = unixNow()) throws(CommandProblem) -> Int64? {
        guard let at else { return nil }
        do { return try Moment.parse(at, now: now, timeZone: context.config.settings.timeZone) } catch {
            throw CommandProblem(error.description, exitCode: 64)
        }
    }

    public static func value(_ context: CenterContext, indicator: String, region: String, at: String?, json: Bool) throws -> String {
        let (grant, _) = try context.operatorAccess()
        let report = try ValueReport.read(catalog: context.catalog, store: try StoreReader.open(context.storePath), indicator: indicator, region: region,
                                          scope: context.scope(grant), now: unixNow(), at: try moment(at, context))
        return json ? try jsonLine(report) : report.text(context.humanOutput())
    }

    public static func alerts(_ context: CenterContext, all: Bool, at: String?, json: Bool) throws -> String {
        let (grant, _) = try context.operatorAccess()
        let rows = try AlertReport.list(store: try StoreReader.open(context.storePath), all: all, scope: (context.scope(grant), context.catalog),
                                        at: try moment(at, context).map { ($0, context.catalog) })
        if json { return try jsonLine(rows) }
        if rows.isEmpty { return say(all ? "no alerts" : "no open alerts") }
        return AlertReport.lines(rows, context.humanOutput()).joined(separator: "\n")
    }

    public static func status(_ context: CenterContext, at: String?, json: Bool) throws -> String {
        let (grant, center) = try context.operatorAccess()
        let report = try StatusReport.read(catalog: context.catalog, store: try StoreReader.open(context.storePath), now: unixNow(),
                                           scope: context.scope(grant), fieldList: center.fields, at: try moment(at, context))
        return json ? try jsonLine(report) : report.lines(center: center.title, context.humanOutput()).joined(separator: "\n")
    }

    public static func feeds(_ context: CenterContext, json: Bool) throws -> String {
        let now = unixNow()
        let records = try FeedsReport.read(context, now: now)
        return json ? try jsonLine(records) : FeedsReport.lines(records, context.humanOutput(now: now)).joined(separator: "\n")
    }

    public static func audit(_ context: CenterContext, since: String?, user: String?, json: Bool) throws -> String {
        let rows = try AuditQuery.entries(store: try StoreReader.open(context.storePath), grant: try context.operatorAccess().grant, since: since,
                                          now: unixNow(), user: user)
        if json { return try jsonLine(rows) }
        if rows.isEmpty { return say("no audit entries") }
        let out = context.humanOutput()
        return rows.map { $0.text(out) }.joined(separator: "\n")
    }

    public static func silences(_ context: CenterContext) throws -> String {
        try SilencesReport.lines(try StoreReader.open(context.storePath), context.humanOutput()).joined(separator: "\n")
    }
}
