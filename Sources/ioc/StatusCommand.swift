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
        print(try saying("status") { try QueryRun.status(try global.context(), at: at.at, json: json) })
    }
}
