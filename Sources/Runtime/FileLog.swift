import Foundation
import StoreContract

/// Where a process says what it did. Under systemd (`JOURNAL_STREAM` set: stderr is the
/// journal) one line per event on stderr with its level as sd-daemon's `<N>` prefix; elsewhere
/// timestamped lines in the log file, which is rotated at `maxBytes` (one old file kept as
/// `.1`), so it never grows without bound. The console never writes logs to the screen.
public final class FileLog {
    public enum Level: Int {
        case error = 3, warning = 4, info = 6
    }

    private let path: String
    private var handle: FileHandle?
    private var written: UInt64 = 0
    /// True when lines go to the journal.
    public let isJournal: Bool
    public let maxBytes: UInt64

    /// The log file: beside the store when this user may write there, else in the user's own
    /// state directory (an operator's console on the service account's store).
    public static func path(besideStore storePath: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        // A PostgreSQL store has no folder beside it: the user's state folder.
        let shared = (storePath as NSString).deletingLastPathComponent + "/ioc.log"
        if StoreLocation.file(named: storePath) != nil, SharedFiles.isWritable(shared) { return shared }
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/state")
        try? FileManager.default.createDirectory(atPath: base + "/ioc", withIntermediateDirectories: true)
        return base + "/ioc/ioc.log"
    }

    public init(path: String, maxBytes: UInt64 = 10 << 20, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.path = path
        self.maxBytes = maxBytes
        isJournal = !(environment["JOURNAL_STREAM"] ?? "").isEmpty
        if !isJournal { open() }
    }

    private func open() {
        // Group-readable beside the store (operators read the center's log), never world-readable.
        SharedFiles.create(path)
        handle = FileHandle(forWritingAtPath: path)
        written = handle?.seekToEndOfFile() ?? 0
    }

    /// A service's messages: to the log (warnings for what could not be done), and to standard
    /// error as `prefix: message` unless the log is the journal already (which is stderr).
    public func relay(_ prefix: String, level: @escaping (String) -> Level = { $0.contains("cannot") ? .warning : .info }) -> (String) -> Void {
        { [self] message in
            write(message, level: level(message))
            if !isJournal { FileHandle.standardError.write(Data("\(prefix): \(message)\n".utf8)) }
        }
    }

    public func write(_ message: String, level: Level = .info) {
        if isJournal {
            FileHandle.standardError.write(Data("<\(level.rawValue)>\(message.replacingOccurrences(of: "\n", with: " "))\n".utf8))
            return
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let tag = level == .info ? "" : level == .error ? "error: " : "warning: "
        let line = Data("\(stamp) [\(getpid())] \(tag)\(message)\n".utf8)
        if written + UInt64(line.count) > maxBytes { rotate() }
        handle?.write(line)
        written += UInt64(line.count)
    }

    /// The current file becomes `<path>.1` (replacing an older one) and a new one starts. Another
    /// process writing the same log may rotate too; each then writes to the file it has open.
    private func rotate() {
        try? handle?.close()
        var st = stat()
        if stat(path, &st) == 0, UInt64(st.st_size) + 4_096 > maxBytes {
            _ = rename(path, path + ".1")
        }
        open()
    }

    deinit { try? handle?.close() }
}
