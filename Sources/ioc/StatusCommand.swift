import ArgumentParser
import Foundation
import Coordinator
import IndicatorEngine
import Runtime

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print status counts per field for the whole province."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON (the scripting contract) instead of a table.")
    var json = false

    func run() throws {
        let context = try Context.load(global)
        let report = try StatusReport.read(catalog: context.catalog, store: try context.openStore(), now: unixNow())
        if json { return print(try jsonLine(report)) }
        report.lines(center: context.catalog.name).forEach { print($0) }
    }
}
