import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Leader election: an exclusive `flock` on a lock file beside the database. The kernel drops
/// the lock when its holder exits or is killed, so a follower can always take over.
public final class LeaderLock {
    public let path: String
    private var fd: Int32 = -1

    public init(storePath: String) {
        path = storePath + ".lock"
    }

    deinit { release() }

    public var isHeld: Bool { fd >= 0 }

    /// Tries once, without waiting; true when this process now leads.
    public func tryAcquire() -> Bool {
        if fd >= 0 { return true }
        let handle = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard handle >= 0 else { return false }
        if flock(handle, LOCK_EX | LOCK_NB) == 0 {
            fd = handle
            // For humans reading the file: who leads.
            _ = ftruncate(handle, 0)
            let text = "\(getpid())\n"
            _ = text.withCString { write(handle, $0, strlen($0)) }
            return true
        }
        close(handle)
        return false
    }

    /// Who leads: nil when nobody holds the lock (taken and let go again at once to find out),
    /// else the pid the leader wrote into the lock file ("?" when it cannot be read).
    public func holder() -> String? {
        guard !isHeld else { return "\(getpid())" }
        if tryAcquire() {
            release()
            return nil
        }
        return (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
    }

    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }
}
