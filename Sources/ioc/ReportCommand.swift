import ArgumentParser
import Foundation
import Runtime

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report of a period: fields, indicators by region, alerts, data completeness and operator actions.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "day, week, month, quarter, half or year, e.g. month:2026-11, week:2026-W48, year:2026; alone, the last complete one.") var period: String
    @Option(help: "Region code (default: your scope).") var region: String?
    @Option(help: "Only this field (its code).") var field: String?
    @Option(help: "md, csv, xlsx or json.") var format: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let run = ReportRun(period: period, region: region, field: field, format: format, output: output)
        let (data, _) = try saying("report") { try run.produce(try global.context(), now: unixNow(), toTerminal: isatty(1) == 1) }
        if let output { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } else { FileHandle.standardOutput.write(data) }
    }
}
