import Foundation
import IndicatorStore

/// Appends timestamped lines to the log file; the console never writes logs to the screen.
public final class FileLog {
    private let handle: FileHandle?

    public init(path: String) {
        // Group-readable beside the store (operators read the center's log), never world-readable.
        SharedFiles.create(path)
        handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
    }

    public func write(_ message: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle?.write(Data("\(stamp) [\(getpid())] \(message)\n".utf8))
    }

    deinit { try? handle?.close() }
}
