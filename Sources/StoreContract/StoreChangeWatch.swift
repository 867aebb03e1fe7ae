import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wakes a follower when the store may have changed, so an idle console sleeps instead of
/// asking SQLite five times a second: inotify on the store's WAL, which every commit writes.
/// Events only say "look"; the follower still asks `PRAGMA data_version` and reads what is
/// newer, so a missed or spurious event costs a late or an empty look, never a wrong screen.
/// When the WAL is missing (a store no leader has opened yet) or inotify is unavailable,
/// `isArmed` is false and the follower polls as before; each `drain` tries to arm again.
public final class StoreChangeWatch {
    /// Readable when there are events: for the caller's `poll`. -1 without inotify.
    public let descriptor: Int32
    private let walPath: String
    private var watch: Int32 = -1

    public init(storePath: String) {
        walPath = storePath + "-wal"
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        arm()
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    public var isArmed: Bool { watch >= 0 }

    private func arm() {
        guard descriptor >= 0, watch < 0 else { return }
        watch = inotify_add_watch(descriptor, walPath, UInt32(IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF))
    }

    /// Reads every pending event; true when any arrived (the store may have changed). A WAL
    /// that was removed or replaced is watched again when it reappears.
    @discardableResult
    public func drain() -> Bool {
        guard descriptor >= 0 else { return false }
        var any = false
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            any = true
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let event = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: inotify_event.self) }
                if event.mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                    inotify_rm_watch(descriptor, watch)
                    watch = -1
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
        arm()
        return any
    }
}
extension StoreChangeWatch: ChangeSignal {}
