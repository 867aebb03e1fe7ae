import Canvas
import Console
import Foundation

/// The console as a stream of lines (`ioc --plain`): no cursor movement, no box drawing, no
/// colour, nothing but text a screen reader can read out and a log can keep. It prints the
/// screen at start and after each line the operator types (not at every tick or value, which
/// would drown a reader), and the alert news the runner announces as it happens. Works on a
/// pipe as well as a terminal; the end of input ends the session.
public final class LineBackend: TerminalBackend {
    public let size: Size
    public let capabilities: Capabilities
    private let input: Int32
    private let output: Int32
    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var ended = false
    /// The next frame answers the operator (or is the first): print it.
    private var answering = true

    /// `environment`: `COLUMNS` and `LINES` size the text (at least 80×24; 100×40 without them),
    /// the locale says whether Vietnamese is shown with its diacritics.
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.input = input
        self.output = output
        let width = environment["COLUMNS"].flatMap(Int.init) ?? 100, height = environment["LINES"].flatMap(Int.init) ?? 40
        size = Size(width: max(minimumSize.width, min(width, 400)), height: max(minimumSize.height, min(height, 200)))
        let locale = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
        let utf8 = locale.uppercased().replacingOccurrences(of: "-", with: "").contains("UTF8")
        capabilities = Capabilities(unicode: utf8, colors: 0, drawing: false)
        // A reader that went away must end the session, not the process.
        signal(SIGPIPE, SIG_IGN)
    }

    public func draw(_ buffer: Buffer, repaint: Bool) {
        guard answering || repaint else { return }
        answering = false
        write(LineMode.text(of: buffer).joined(separator: "\n") + "\n\n")
    }

    public func announce(_ line: String) { write(line + "\n") }

    public func bell() {}

    /// The notice says what was copied; a stream has no clipboard to put it on.
    public func copy(_ text: String) {}

    public func wait(timeout: Int32, watching: [Int32]) -> [TerminalEvent] {
        if !lines.isEmpty { return [nextLine()] }
        if ended { return [.hangup("end of input")] }
        var fds = ([input] + watching).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        guard ready > 0, fds[0].revents != 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: 4_096)
        let count = read(input, &chunk, chunk.count)
        if count < 0 { return errno == EINTR || errno == EAGAIN ? [] : [.hangup("input failed: \(String(cString: strerror(errno)))")] }
        if count == 0 {
            // The last line may have no newline.
            ended = true
            if !pending.isEmpty { lines.append(String(decoding: pending, as: UTF8.self)) }
            pending = []
            return lines.isEmpty ? [.hangup("end of input")] : [nextLine()]
        }
        pending += chunk[0..<count]
        while let newline = pending.firstIndex(of: 10) {
            // Bytes that are not UTF-8 become U+FFFD, never a trap; a CR before the LF goes.
            var line = String(decoding: pending[..<newline], as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            lines.append(line)
            pending.removeSubrange(...newline)
        }
        // A line without an end longer than any screen's is taken as it is.
        if pending.count > 64 * 1_024 {
            lines.append(String(decoding: pending, as: UTF8.self))
            pending = []
        }
        return lines.isEmpty ? [] : [nextLine()]
    }

    private func nextLine() -> TerminalEvent {
        answering = true
        return .line(lines.removeFirst().filter { !$0.isASCII || $0.asciiValue! >= 32 })
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(output, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
