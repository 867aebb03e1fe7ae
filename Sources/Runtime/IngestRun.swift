import Coordinator
import Feeds
import Foundation
import HTTPFeed
import IOCConfig
import IndicatorEngine

/// What `ioc ingest` of a stream that may never end says of itself: its counts to standard
/// error on SIGUSR1 (`kill -USR1 PID`), and to the log every minute.
public final class StreamReport {
    private let name: String
    private let log: FileLog
    private var nextLog: Double
    private var last = (accepted: -1, rejected: -1)

    /// Installs the SIGUSR1 handler (it only sets a flag; the counts are said by `progress`).
    public init(name: String, log: FileLog) {
        self.name = name
        self.log = log
        nextLog = monotonicSeconds() + 60
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in streamReportAsked = 1 }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: the wait for input ends, so the counts are said at once.
        action.sa_flags = 0
        sigaction(SIGUSR1, &action, nil)
    }

    /// Called by the pipeline after each commit and each wait for input.
    public func progress(accepted: Int, rejected: Int) {
        let line = "ioc ingest: " + Runtime.say("{name}: {accepted} accepted, {rejected} rejected so far (still reading)",
                                                ["name": name, "accepted": Speech.forms.count(accepted), "rejected": Speech.forms.count(rejected)])
        if streamReportAsked != 0 {
            streamReportAsked = 0
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if monotonicSeconds() >= nextLog, (accepted, rejected) != last {
            nextLog = monotonicSeconds() + 60
            last = (accepted, rejected)
            log.write(line)
        }
    }
}

/// Set by the SIGUSR1 handler, read and cleared by `StreamReport.progress`.
nonisolated(unsafe) private var streamReportAsked: sig_atomic_t = 0

/// The InfluxDB-compatible write endpoint a leader opens (`feeds.http`): its tokens read from
/// their file when it takes the lead (the file is the service account's alone).
public enum HTTPWrites {
    public static func opener(_ spec: HTTPFeedSpec?, catalog: Catalog, log: @escaping (String) -> Void) -> (() throws -> any ExternalWrites)? {
        guard let spec else { return nil }
        // The server's loops log too: one line at a time.
        let box = LogBox(log)
        let log: @Sendable (String) -> Void = { box.write($0) }
        return {
            var settings = InfluxWriteServer.Settings(host: spec.host, port: spec.port, tokens: try ConfigLoader.loadTokens(path: spec.tokens, catalog: catalog))
            settings.maxBody = spec.maxBody
            return try InfluxWriteServer(settings: settings, catalog: catalog, log: log)
        }
    }
}

/// A log shared with other threads, a line at a time.
final class LogBox: @unchecked Sendable {
    private let log: (String) -> Void
    private let lock = NSLock()

    init(_ log: @escaping (String) -> Void) { self.log = log }

    func write(_ line: String) { lock.withLock { log(line) } }
}

/// `ioc ingest FILE|-` once its arguments are read: the file or standard input through the
/// pipeline into the store (committed as it arrives when it is a stream), each rejected line
/// said with its number; the counts, or a problem to print and exit with.
public enum IngestRun {
    public struct Summary {
        public var accepted: Int
        public var rejected: Int
        public var seconds: Double

        public var line: String {
            let rate = seconds > 0 ? Int(Double(accepted) / seconds) : accepted
            return "ioc ingest: " + say("{accepted} accepted, {rejected} rejected, {seconds} s, {rate} observations/s",
                                        ["accepted": Speech.forms.count(accepted), "rejected": Speech.forms.count(rejected),
                                         "seconds": Speech.forms.decimal(seconds, places: 2), "rate": Speech.forms.count(rate)])
        }
    }

    /// For the running user, who must be a supervisor or above; `options.format` nil: from the
    /// file's name (line protocol for standard input).
    public static func run(_ context: CenterContext, file: String, options: IngestOptions, format: InputFormat?, batchSize: Int,
                           say: (String) -> Void) throws(CommandProblem) -> Summary {
        let (grant, _) = try context.operatorAccess()
        guard grant.role >= .supervisor else {
            throw CommandProblem(Runtime.say("{user} is {role}; ingesting takes a supervisor or above", ["user": grant.user, "role": Runtime.say(role: grant.role.rawValue, article: true)]),
                                 exitCode: LocalOperator.Refusal.exitCode)
        }
        var options = options
        options.format = format ?? (file == "-" ? .line : InputFormat.guess(path: file))
        options.source = "ingest:" + (file == "-" ? "stdin" : (file as NSString).lastPathComponent)
        return try run(file: file, options: options, batchSize: batchSize, catalog: context.catalog, location: context.storePath,
                       leaderArguments: context.leaderArguments(), logPath: context.logPath, say: say)
    }

    public static func run(file: String, options: IngestOptions, batchSize: Int, catalog: Catalog, location: String, leaderArguments: [String],
                           logPath: String, say: (String) -> Void) throws(CommandProblem) -> Summary {
        let sink = try IngestTarget.open(location, catalog: catalog, leaderArguments: leaderArguments)
        let started = Date()
        let fd: Int32 = file == "-" ? 0 : open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandProblem(Runtime.say("cannot open {file}: {problem}", ["file": file, "problem": String(cString: strerror(errno))]), exitCode: 1) }
        defer { if fd != 0 { close(fd) } }
        let name = file == "-" ? "stdin" : file
        var pipeline = IngestPipeline(name: name, fd: fd, catalog: catalog, options: options, batchSize: batchSize)
        // A pipe, a socket or a terminal may never end: what it sends is committed as it comes.
        var info = stat()
        let stream = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
        let report = stream ? StreamReport(name: name, log: FileLog(path: logPath)) : nil
        if stream { pipeline.flushInterval = 1 }
        do {
            try pipeline.run(now: unixNow(), rejected: { line, reason in say("\(name):\(line): \(reason)") },
                             progress: { report?.progress(accepted: $0, rejected: $1) }) { batch in
                try sink.commit(batch, source: options.source, now: unixNow())
            }
            guard try sink.finish(now: unixNow) else {
                throw CommandProblem(Runtime.say("the leader did not apply the queued observations in time; they stay queued"), exitCode: 1)
            }
            try sink.record(accepted: pipeline.accepted, rejected: pipeline.rejected, now: unixNow())
        } catch let problem as CommandProblem {
            throw problem
        } catch {
            throw CommandProblem(Runtime.say("{problem} ({count} observations committed before it)", ["problem": "\(error)", "count": "\(pipeline.accepted)"]), exitCode: 1)
        }
        return Summary(accepted: pipeline.accepted, rejected: pipeline.rejected, seconds: Date().timeIntervalSince(started))
    }
}
