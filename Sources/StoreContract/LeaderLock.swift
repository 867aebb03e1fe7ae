import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Leader election: an exclusive `flock` on a lock file beside the database. The kernel drops
/// the lock when its holder exits or is killed, so a standby can always take over. Processes
/// that may only read the store can still ask whether someone leads (a shared lock on a
/// read-only descriptor), and a lock file they cannot open is never taken for a leader.
public final class LeaderLock: LeadershipClaim {
    public enum Probe: Equatable, Sendable {
        case free
        /// Someone leads; the pid it wrote, when readable and alive.
        case held(pid: Int32?)
        /// The lock file cannot be opened: why, and how to fix it.
        case unavailable(String)
    }

    public let path: String
    private var fd: Int32 = -1
    /// Why the last `tryAcquire` could not open the lock file (nil: it could, or it never tried).
    public private(set) var openProblem: String?

    public init(storePath: String) {
        path = storePath + ".lock"
    }

    deinit { release() }

    public var isHeld: Bool { fd >= 0 }
    public var stillHeld: Bool { isHeld }

    /// Tries once, without waiting; true when this process now leads.
    public func tryAcquire() -> Bool {
        if fd >= 0 { return true }
        let existed = access(path, F_OK) == 0
        let handle = open(path, O_CREAT | O_RDWR | O_CLOEXEC, SharedFiles.mode)
        guard handle >= 0 else {
            openProblem = Self.explain(path, errno)
            return false
        }
        openProblem = nil
        if !existed { SharedFiles.adopt(fd: handle, path: path) }
        if flock(handle, LOCK_EX | LOCK_NB) == 0 {
            fd = handle
            // For humans and `ioc info`: who leads.
            _ = ftruncate(handle, 0)
            let text = "\(getpid())\n"
            _ = text.withCString { write(handle, $0, strlen($0)) }
            return true
        }
        close(handle)
        return false
    }

    /// Whether anyone leads, asked without writing anything.
    public func probe() -> Probe {
        if isHeld { return .held(pid: getpid()) }
        let handle = open(path, O_RDONLY | O_CLOEXEC)
        if handle < 0 {
            return errno == ENOENT ? .free : .unavailable(Self.explain(path, errno))
        }
        defer { close(handle) }
        if flock(handle, LOCK_SH | LOCK_NB) == 0 {
            flock(handle, LOCK_UN)
            return .free
        }
        return .held(pid: Self.livePid(in: path))
    }

    /// Who leads, for `ioc info`: nil when nobody does.
    public func holder() -> String? {
        switch probe() {
        case .free: return nil
        case let .held(pid): return pid.map { "pid \($0)" } ?? "a process whose pid is not readable"
        case let .unavailable(reason): return "unknown (\(reason))"
        }
    }

    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    /// The pid in the lock file, when that process is alive.
    public static func livePid(in path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }

    static func explain(_ path: String, _ code: Int32) -> String {
        let user = SharedFiles.userName(uid: getuid())
        let reason = String(cString: strerror(code))
        if code == EACCES || code == EPERM || code == EROFS {
            return "\(user) may not open the lock file \(path) (\(reason); \(SharedFiles.owner(path) ?? SharedFiles.owner((path as NSString).deletingLastPathComponent) ?? "")): "
                + "run the leader as the store's owner ('ioc serve' under the service account), or fix the permissions"
        }
        return "cannot open the lock file \(path): \(reason)"
    }
}
