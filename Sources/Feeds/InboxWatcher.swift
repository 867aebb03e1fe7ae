import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The inbox directory: files that arrive complete are handed out for ingest, then moved to
/// `done/`, with their rejected lines in `rejected/<name>.errors`.
///
/// "Complete" means renamed in or closed after writing (inotify `IN_MOVED_TO`,
/// `IN_CLOSE_WRITE`). Files already there when watching starts (a crash, a restart) are
/// taken once their size and modification time have held still for `settle` seconds.
/// Hidden files and names ending in `.tmp` or `.part` are someone's work in progress.
public final class InboxWatcher {
    public let directory: String
    public var doneDirectory: String { directory + "/done" }
    public var rejectedDirectory: String { directory + "/rejected" }
    private let inotify: Int32
    private let settle: TimeInterval
    private var ready: [String] = []
    private var settling: [String: (size: Int, modified: Date, since: Date)] = [:]

    public init(directory: String, settle: TimeInterval = 2) throws {
        self.directory = directory
        self.settle = settle
        let fm = FileManager.default
        for dir in [directory, directory + "/done", directory + "/rejected"] {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0, inotify_add_watch(inotify, directory, UInt32(IN_CLOSE_WRITE | IN_MOVED_TO)) >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let now = Date()
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where Self.isCandidate(name) {
            if let (size, modified) = stat(name) { settling[name] = (size, modified, now) }
        }
    }

    deinit { close(inotify) }

    static func isCandidate(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix(".tmp") && !name.hasSuffix(".part") && name != "done" && name != "rejected"
    }

    private func stat(_ name: String) -> (Int, Date)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date else { return nil }
        return (size, modified)
    }

    /// The next complete file's name, if any.
    public func nextReady(now: Date = Date()) -> String? {
        drainEvents()
        for (name, seen) in settling {
            guard let (size, modified) = stat(name) else {
                settling[name] = nil
                continue
            }
            if size != seen.size || modified != seen.modified {
                settling[name] = (size, modified, now)
            } else if now.timeIntervalSince(seen.since) >= settle {
                settling[name] = nil
                if !ready.contains(name) { ready.append(name) }
            }
        }
        while let name = ready.first {
            if stat(name) != nil { return name }
            ready.removeFirst()
        }
        return nil
    }

    private func drainEvents() {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            guard n > 0 else { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let length = buffer.withUnsafeBytes { raw in raw.load(fromByteOffset: offset + 12, as: UInt32.self) }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<min(n, nameStart + Int(length))].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if Self.isCandidate(name), !ready.contains(name) {
                    settling[name] = nil
                    ready.append(name)
                }
                offset = nameStart + Int(length)
            }
        }
    }

    /// A file that could not be ingested as a whole: it moves to `rejected/` beside its
    /// `.errors`, which says why, so the inbox goes on with the next file.
    public func quarantine(_ name: String, errors: [String]) throws {
        ready.removeAll { $0 == name }
        try writeErrors(name, errors)
        try move(name, into: rejectedDirectory)
    }

    private func writeErrors(_ name: String, _ errors: [String]) throws {
        guard !errors.isEmpty else { return }
        let fm = FileManager.default
        let target = rejectedDirectory + "/" + name + ".errors"
        let temporary = rejectedDirectory + "/." + name + ".errors.tmp"
        try (errors.joined(separator: "\n") + "\n").write(toFile: temporary, atomically: false, encoding: .utf8)
        if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
        try fm.moveItem(atPath: temporary, toPath: target)
    }

    private func move(_ name: String, into folder: String) throws {
        var target = folder + "/" + name
        if FileManager.default.fileExists(atPath: target) { target += "." + String(Int(Date().timeIntervalSince1970)) }
        try FileManager.default.moveItem(atPath: directory + "/" + name, toPath: target)
    }

    /// After the file's last batch is committed: its errors file (if it had rejected lines) is
    /// written, then the file moves to `done/`.
    public func finish(_ name: String, errors: [String]) throws {
        ready.removeAll { $0 == name }
        try writeErrors(name, errors)
        try move(name, into: doneDirectory)
    }
}
