import Foundation
import IndicatorEngine
#if canImport(Glibc)
import Glibc
#endif

/// A program run as a feed while this process leads (`feeds.commands`): its standard output is
/// read as a stream through the same decoder as `ioc ingest`, without ever blocking the
/// leader's loop (non-blocking reads of a bounded slice per step); its standard error is logged
/// (bounded); when it exits it is started again after `restart`, doubled while it keeps exiting
/// within a minute; `stop` ends it (SIGTERM to its process group, SIGKILL after 5 s).
public final class CommandFeed {
    public enum State: String, Sendable { case starting, running, restarting, failed, stopped }

    public let spec: CommandFeedSpec
    private let catalog: Catalog
    private let log: (String) -> Void
    public private(set) var state: State = .starting
    public private(set) var pid: pid_t = 0
    public private(set) var restarts = 0
    public private(set) var accepted = 0
    public private(set) var rejected = 0
    public private(set) var lastError: String?
    /// The newest observation time it sent (Unix seconds).
    public private(set) var lastTime: Int64?
    private var output: Int32 = -1
    private var errors: Int32 = -1
    private var decoder: Decoder
    private var partial: [UInt8] = []
    private var errorPartial: [UInt8] = []
    private var lineNumber = 0
    private var nextStart: Int64 = 0
    private var delay: Int64
    private var startedAt: Int64 = 0
    private var logWindow: Int64 = 0
    private var loggedInWindow = 0
    private var droppedInWindow = 0

    /// Bytes read from its output in one step: a flood is read a slice at a time.
    public static let readBudget = 1 << 18
    /// Lines of its standard error (and of rejected output) logged a minute; the rest counted.
    public static let logLinesPerMinute = 20
    /// How long it has after SIGTERM before SIGKILL.
    public static let stopGrace: Double = 5

    public init(spec: CommandFeedSpec, catalog: Catalog, log: @escaping (String) -> Void) {
        self.spec = spec
        self.catalog = catalog
        self.log = log
        delay = spec.restart
        decoder = Self.decoder(spec, catalog)
    }

    deinit { stop() }

    /// The source its observations are recorded under.
    public var source: String { "command:" + spec.name }

    private static func decoder(_ spec: CommandFeedSpec, _ catalog: Catalog) -> Decoder {
        var options = IngestOptions(format: spec.format)
        options.precision = spec.precision
        options.source = "command:" + spec.name
        return Decoder(catalog: catalog, options: options)
    }

    /// Readable when it wrote something or ended: for the leader's `poll`.
    public var descriptors: [Int32] { [output, errors].filter { $0 >= 0 } }

    /// When it is next due to start (Unix ms), while it waits to.
    public func nextWake(nowMs: Int64) -> Int64 { pid == 0 && state != .stopped ? max(nowMs, nextStart) : Int64.max }

    /// Starts it when due, reads what it wrote (a slice at most), reaps it when it ended;
    /// returns the observations read, in order.
    public func step(nowMs: Int64) -> [Sample] {
        guard state != .stopped else { return [] }
        closeLogWindow(nowMs)
        if pid == 0 {
            guard nowMs >= nextStart else { return [] }
            start(nowMs: nowMs)
            return []
        }
        var samples: [Sample] = []
        readOutput(into: &samples, nowMs: nowMs, budget: Self.readBudget)
        readErrors(nowMs: nowMs)
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            // What it wrote before it ended is read whole (a socket buffer at most; a child it
            // left behind holding the stream open cannot keep this waiting).
            readOutput(into: &samples, nowMs: nowMs, budget: Int.max)
            readErrors(nowMs: nowMs)
            finishOutput(nowMs: nowMs, into: &samples)
            ended(status: status, nowMs: nowMs)
        }
        return samples
    }

    private func start(nowMs: Int64) {
        decoder = Self.decoder(spec, catalog)
        partial = []
        errorPartial = []
        lineNumber = 0
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        // Socket pairs made close-on-exec at once: another thread's child never holds them.
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &out) == 0 else { return failedToStart(nowMs, "cannot make a socket pair: \(String(cString: strerror(errno)))") }
        guard socketpair(AF_UNIX, kind, 0, &err) == 0 else {
            out.forEach { close($0) }
            return failedToStart(nowMs, "cannot make a socket pair: \(String(cString: strerror(errno)))")
        }
        let started = Spawn.start(spec.command, stdin: .devNull, stdout: .descriptor(out[1]), stderr: .descriptor(err[1]))
        close(out[1])
        close(err[1])
        guard case let .success(child) = started else {
            close(out[0])
            close(err[0])
            if case let .failure(failure) = started { failedToStart(nowMs, "cannot run \(spec.command[0]): \(failure)") }
            return
        }
        for fd in [out[0], err[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        pid = child
        output = out[0]
        errors = err[0]
        startedAt = nowMs
        state = .running
        log("feed \(spec.name): started \(spec.command.joined(separator: " ")) (pid \(child))")
    }

    private func failedToStart(_ nowMs: Int64, _ reason: String) {
        lastError = reason
        state = .failed
        say(nowMs, "feed \(spec.name): \(reason); trying again in \(delay) s")
        scheduleRestart(nowMs: nowMs, ranFor: 0)
    }

    private func scheduleRestart(nowMs: Int64, ranFor: Int64) {
        // A feed that ran a while starts again after its own delay; one that keeps failing waits longer each time.
        delay = ranFor >= 60_000 ? spec.restart : min(CommandFeedSpec.maxRestart, delay)
        nextStart = nowMs + delay * 1000
        delay = min(CommandFeedSpec.maxRestart, delay * 2)
    }

    private func readOutput(into samples: inout [Sample], nowMs: Int64, budget: Int) {
        guard output >= 0 else { return }
        var budget = budget
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while budget > 0 {
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, min($0.count, budget)) }
            if n > 0 {
                budget -= n
                lines(of: chunk[0..<n], nowMs: nowMs, into: &samples)
                continue
            }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN { return }
            finishOutput(nowMs: nowMs, into: &samples)
            return
        }
    }

    /// Its output ended: the last line without a newline is a line too.
    private func finishOutput(nowMs: Int64, into samples: inout [Sample]) {
        guard output >= 0 else { return }
        if !partial.isEmpty { decode(partial[...], nowMs: nowMs, into: &samples) }
        partial = []
        decoder.finish(now: nowMs / 1000) { line, result in self.take(line, result, nowMs: nowMs, into: &samples) }
        close(output)
        output = -1
    }

    private func lines(of bytes: ArraySlice<UInt8>, nowMs: Int64, into samples: inout [Sample]) {
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            if partial.isEmpty {
                decode(bytes[start..<newline], nowMs: nowMs, into: &samples)
            } else {
                partial += bytes[start..<newline]
                decode(partial[...], nowMs: nowMs, into: &samples)
                partial = []
            }
            start = newline + 1
        }
        partial += bytes[start...]
        // A line longer than any line may be: said once, the rest of it skipped.
        if partial.count > 65_536 {
            rejected += 1
            say(nowMs, "feed \(spec.name): a line longer than 65536 bytes was skipped")
            partial = []
        }
    }

    private func decode(_ line: ArraySlice<UInt8>, nowMs: Int64, into samples: inout [Sample]) {
        lineNumber += 1
        decoder.decode(line, lineNumber: lineNumber, now: nowMs / 1000) { line, result in self.take(line, result, nowMs: nowMs, into: &samples) }
    }

    private func take(_ line: Int, _ result: Result<Sample, Rejection>, nowMs: Int64, into samples: inout [Sample]) {
        switch result {
        case let .success(sample):
            samples.append(sample)
            accepted += 1
            lastTime = max(lastTime ?? sample.time, sample.time)
        case let .failure(reason):
            rejected += 1
            lastError = "line \(line): \(reason)"
            say(nowMs, "feed \(spec.name): line \(line): \(reason)")
        }
    }

    private func readErrors(nowMs: Int64) {
        guard errors >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var budget = Self.readBudget
        while budget > 0 {
            let n = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
            if n > 0 {
                budget -= n
                errorPartial += chunk[0..<n]
                while let newline = errorPartial.firstIndex(of: UInt8(ascii: "\n")) {
                    sayError(errorPartial[..<newline], nowMs: nowMs)
                    errorPartial.removeSubrange(...newline)
                }
                if errorPartial.count > 4_096 {
                    sayError(errorPartial[...], nowMs: nowMs)
                    errorPartial = []
                }
                continue
            }
            if n < 0, errno == EAGAIN || errno == EINTR { return }
            if !errorPartial.isEmpty { sayError(errorPartial[...], nowMs: nowMs) }
            errorPartial = []
            close(errors)
            errors = -1
            return
        }
    }

    private func sayError(_ bytes: ArraySlice<UInt8>, nowMs: Int64) {
        // As text, without control characters, at most 300 characters.
        let text = String(decoding: bytes.prefix(1_200), as: UTF8.self).unicodeScalars
            .map { $0.properties.generalCategory == .control ? " " : String($0) }.joined().prefix(300)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        lastError = String(text)
        say(nowMs, "feed \(spec.name): stderr: \(text)")
    }

    /// A minute after the window opened: says how many lines were left out of it, opens the next.
    private func closeLogWindow(_ nowMs: Int64) {
        guard nowMs - logWindow >= 60_000 else { return }
        if droppedInWindow > 0 { log("feed \(spec.name): \(droppedInWindow) more lines of its errors were not logged") }
        logWindow = nowMs
        loggedInWindow = 0
        droppedInWindow = 0
    }

    /// Logs a line unless this feed has said `logLinesPerMinute` already this minute.
    private func say(_ nowMs: Int64, _ line: String) {
        closeLogWindow(nowMs)
        if loggedInWindow < Self.logLinesPerMinute {
            loggedInWindow += 1
            log(line)
        } else {
            droppedInWindow += 1
        }
    }

    private func ended(status: Int32, nowMs: Int64) {
        for fd in [output, errors] where fd >= 0 { close(fd) }
        output = -1
        errors = -1
        pid = 0
        let signal = status & 0x7F
        let how = signal == 0 ? "exited with status \((status >> 8) & 0xFF)" : "was ended by signal \(signal)"
        guard state != .stopped else { return }
        restarts += 1
        state = .restarting
        if signal != 0 || (status >> 8) & 0xFF != 0 { lastError = how }
        scheduleRestart(nowMs: nowMs, ranFor: nowMs - startedAt)
        say(nowMs, "feed \(spec.name): \(how); starting it again in \((nextStart - nowMs) / 1000) s")
    }

    /// Ends it: SIGTERM to its process group, SIGKILL after `stopGrace` seconds; reaped.
    public func stop() {
        state = .stopped
        guard pid > 0 else { return }
        let group = pid
        kill(-group, SIGTERM)
        let deadline = Date().addingTimeInterval(Self.stopGrace)
        var status: Int32 = 0
        while waitpid(group, &status, WNOHANG) == 0 {
            if Date() > deadline {
                log("feed \(spec.name): did not stop within \(Int(Self.stopGrace)) s of SIGTERM; killed")
                kill(-group, SIGKILL)
                waitpid(group, &status, 0)
                break
            }
            usleep(20_000)
        }
        // Anything it started and left behind in its group goes too.
        kill(-group, SIGKILL)
        for fd in [output, errors] where fd >= 0 { close(fd) }
        output = -1
        errors = -1
        pid = 0
        log("feed \(spec.name): stopped")
    }
}
