import Foundation

/// Appends timestamped lines to the log file; the console never writes logs to the screen.
public final class FileLog {
    private let handle: FileHandle?

    public init(path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
    }

    public func write(_ message: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle?.write(Data("\(stamp) [\(getpid())] \(message)\n".utf8))
    }

    deinit { try? handle?.close() }
}
