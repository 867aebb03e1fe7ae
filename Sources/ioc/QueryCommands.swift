import ArgumentParser
import Runtime

struct ValueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "value", abstract: "Print the latest value of one indicator in one region.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Indicator code, e.g. agri.salinity.max.") var indicator: String
    @Argument(help: "Region code, e.g. 83.") var region: String
    @OptionGroup var at: AtOption
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try saying("value") {
            let context = try global.context()
            let (grant, _) = try context.operatorAccess()
            let report = try ValueReport.read(catalog: context.catalog, store: try StoreReader.open(context.storePath), indicator: indicator, region: region,
                                              scope: context.scope(grant), now: unixNow(), at: try at.moment(context))
            print(json ? try jsonLine(report) : report.text(context.humanOutput()))
        }
    }
}

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "List open alerts (all with --all).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Include resolved and archived alerts.") var all = false
    @OptionGroup var at: AtOption
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let (rows, out) = try saying("alerts") {
            let context = try global.context()
            let (grant, _) = try context.operatorAccess()
            return (try AlertReport.list(store: try StoreReader.open(context.storePath), all: all, scope: (context.scope(grant), context.catalog),
                                         at: try at.moment(context).map { ($0, context.catalog) }), context.humanOutput())
        }
        if json { return print(try jsonLine(rows)) }
        if rows.isEmpty { return print(all ? "no alerts" : "no open alerts") }
        AlertReport.lines(rows, out).forEach { print($0) }
    }
}

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "How each feed stands: state, last data, taken and refused in the last hour, restarts, last error.",
        discussion: "As the leader records it every 15 s: the simulator, the inbox, each command feed, the write endpoint per token, ioc ingest runs. Failed and quiet ones first.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let now = unixNow()
        let (records, out) = try saying("feeds") {
            let context = try global.context()
            return (try FeedsReport.read(context, now: now), context.humanOutput(now: now))
        }
        print(json ? try jsonLine(records) : FeedsReport.lines(records, out).joined(separator: "\n"))
    }
}
