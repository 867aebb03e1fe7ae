import ArgumentParser
import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Runtime

struct ValueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "value", abstract: "Print the latest value of one indicator in one region.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Indicator code, e.g. agri.salinity.max.") var indicator: String
    @Argument(help: "Region code, e.g. 83.") var region: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try Context.load(global)
        let catalog = context.catalog
        guard let i = catalog.indicatorIndex[indicator] else {
            printError("ioc value: unknown indicator '\(indicator)'")
            throw ExitCode(1)
        }
        guard let r = catalog.regionIndex[region] else {
            printError("ioc value: unknown region '\(region)'")
            throw ExitCode(1)
        }
        let (grant, _) = try context.operatorAccess()
        guard context.scope(grant).covers(r, in: catalog) else {
            printError("ioc value: \(catalog.regions[r].name) is outside your scope (\(grant.scope.joined(separator: ", ")))")
            throw ExitCode(LocalOperator.Refusal.exitCode)
        }
        let report = try ValueReport.read(catalog: catalog, store: try context.openStore(), indicator: i, region: r, now: unixNow())
        print(json ? try jsonLine(report) : report.text(unit: catalog.indicators[i].unit))
    }
}

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "List open alerts (all with --all).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Include resolved and archived alerts.") var all = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try Context.load(global)
        let (grant, _) = try context.operatorAccess()
        let rows = try AlertReport.list(store: try context.openStore(), all: all, scope: (context.scope(grant), context.catalog))
        if json { return print(try jsonLine(rows)) }
        if rows.isEmpty { return print(all ? "no alerts" : "no open alerts") }
        rows.forEach { print($0.text) }
    }
}
