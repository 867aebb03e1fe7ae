import ArgumentParser
import Foundation
import Coordinator
import IndicatorEngine
import Runtime

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print status counts per field for your center (the province, or your district center)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON (the scripting contract) instead of a table.")
    var json = false
    @OptionGroup var at: AtOption

    func run() throws {
        let context = try Context.load(global)
        let (grant, center) = try context.operatorAccess()
        let report = try saying("status") {
            try StatusReport.read(catalog: context.catalog, store: try StoreReader.open(context.storePath), now: unixNow(), scope: context.scope(grant),
                                  fieldList: center.fields, at: try at.moment(context))
        }
        if json { return print(try jsonLine(report)) }
        report.lines(center: center.title).forEach { print($0) }
    }
}
