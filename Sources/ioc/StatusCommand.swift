import ArgumentParser
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
        let (report, center, out) = try saying("status") {
            let context = try global.context()
            let (grant, center) = try context.operatorAccess()
            return (try StatusReport.read(catalog: context.catalog, store: try StoreReader.open(context.storePath), now: unixNow(), scope: context.scope(grant),
                                          fieldList: center.fields, at: try at.moment(context)), center, context.humanOutput())
        }
        if json { return print(try jsonLine(report)) }
        report.lines(center: center.title, out).forEach { print($0) }
    }
}
