import ArgumentParser
import Coordinator
import Feeds
import Foundation
import Runtime
import IndicatorEngine
import IndicatorStore

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
        let context = try Context.load(global)
        let (grant, _) = try context.operatorAccess()
        guard grant.role >= .supervisor else {
            printError("ioc ingest: \(grant.user) is \(grant.role == .operator ? "an" : "a") \(grant.role.rawValue); ingesting takes a supervisor or above")
            throw ExitCode(LocalOperator.Refusal.exitCode)
        }
        let catalog = context.catalog
        // A user who may not write the store hands batches to the leader.
        let sink = try saying("ingest") {
            try IngestTarget.open(context.storePath, catalog: catalog, leaderArguments: CenterClient.leaderArguments(
                configDirectory: context.config.directory.path, storePath: context.storePath))
        }
        let started = Date()
        let fd: Int32 = file == "-" ? 0 : open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            printError("ioc ingest: cannot open \(file): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        defer { if fd != 0 { close(fd) } }
        let name = file == "-" ? "stdin" : file

        var options = IngestOptions(format: format ?? (file == "-" ? .line : InputFormat.guess(path: file)))
        options.precision = precision
        options.maxLineBytes = maxLineBytes
        options.maxFuture = maxFuture
        options.source = "ingest:" + (file == "-" ? "stdin" : (file as NSString).lastPathComponent)
        var pipeline = IngestPipeline(name: name, fd: fd, catalog: catalog, options: options, batchSize: batchSize)
        // A pipe, a socket or a terminal may never end: what it sends is committed every second.
        var info = stat()
        let stream = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
        let report = stream ? StreamReport(name: name, log: FileLog(path: context.logPath)) : nil
        if stream { pipeline.flushInterval = 1 }
        do {
            try pipeline.run(now: unixNow(), rejected: { line, reason in printError("\(name):\(line): \(reason)") },
                             progress: { report?.progress(accepted: $0, rejected: $1) }) { batch in
                try sink.commit(batch, source: options.source, now: unixNow())
            }
            guard try sink.finish(now: unixNow) else {
                printError("ioc ingest: the leader did not apply the queued observations in time; they stay queued")
                throw ExitCode(1)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("ioc ingest: \(error) (\(pipeline.accepted) observations committed before it)")
            throw ExitCode(1)
        }
        let accepted = pipeline.accepted, rejected = pipeline.rejected
        let seconds = Date().timeIntervalSince(started)
        let rate = seconds > 0 ? Int(Double(accepted) / seconds) : accepted
        printError("ioc ingest: \(accepted) accepted, \(rejected) rejected, \(String(format: "%.2f", seconds)) s, \(rate) observations/s")
        if rejected > 0 { throw ExitCode(65) }
    }
}
