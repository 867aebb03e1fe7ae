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
        print(try saying("value") { try QueryRun.value(try global.context(), indicator: indicator, region: region, at: at.at, json: json) })
    }
}

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "List open alerts (all with --all).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Include resolved and archived alerts.") var all = false
    @OptionGroup var at: AtOption
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        print(try saying("alerts") { try QueryRun.alerts(try global.context(), all: all, at: at.at, json: json) })
    }
}

struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "How each feed stands: state, last data, taken and refused in the last hour, restarts, last error.",
        discussion: "As the leader records it every 15 s: the simulator, the inbox, each command feed, the write endpoint per token, ioc ingest runs. Failed and quiet ones first.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        print(try saying("feeds") { try QueryRun.feeds(try global.context(), json: json) })
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print status counts per field for your center (the province, or your district center).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON (the scripting contract) instead of a table.") var json = false
    @OptionGroup var at: AtOption

    func run() throws {
        print(try saying("status") { try QueryRun.status(try global.context(), at: at.at, json: json) })
    }
}
