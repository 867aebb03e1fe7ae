import ArgumentParser
import Feeds
import Runtime

extension InputFormat: ExpressibleByArgument {}
extension LineProtocol.Precision: ExpressibleByArgument {}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest observations from a file or standard input (line protocol or CSV).",
        discussion: """
            Exit status: 0 when every line was accepted, 65 when some were rejected (the accepted \
            ones are committed), 1 on a fatal error. Rejected lines are reported on standard error \
            with their line numbers. With a leader running, the observations are handed to it and \
            the command returns once they are applied; without one, this process leads meanwhile.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("File to read, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: "Input format: line (InfluxDB line protocol) or csv (default: from the file name).")
    var format: InputFormat?

    @Option(help: "Timestamp precision of line protocol: s, ms, us or ns.")
    var precision: LineProtocol.Precision = .s

    @Option(help: ArgumentHelp("Longest line accepted, in bytes.", valueName: "bytes"))
    var maxLineBytes = 65_536

    @Option(help: ArgumentHelp("How far in the future a time may lie, in seconds.", valueName: "seconds"))
    var maxFuture: Int64 = 300

    @Option(help: ArgumentHelp("Observations per committed batch.", valueName: "n"))
    var batchSize = 250_000

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard maxLineBytes > 0 else { throw ValidationError("--max-line-bytes must be positive") }
    }

    func run() throws {
        let summary = try saying("ingest") {
            try IngestRun.run(try global.context(), file: file, options: IngestOptions(format: .line, precision: precision, maxLineBytes: maxLineBytes,
                                                                                        maxFuture: maxFuture), format: format, batchSize: batchSize, say: printError)
        }
        printError(summary.line)
        if summary.rejected > 0 { throw ExitCode(65) }
    }
}
