import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What every process ioc starts gets: an empty signal mask and default signal dispositions
/// (a thread of ours may block or ignore signals the child must see), with `flags` beside.
public enum Spawn {
    public static func setFlags(_ attributes: inout posix_spawnattr_t, _ flags: Int32) {
        posix_spawnattr_setflags(&attributes, Int16(flags | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
    }

    /// Why a program could not be started: the error number, said as the system says it.
    public struct Failure: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// Where a child's standard stream comes from or goes.
    public enum Stream {
        case descriptor(Int32)
        case devNull
    }

    /// Starts `command` (a path, or a name looked up in PATH) in a process group of its own,
    /// so stopping it stops what it started; default signals; its standard input, output and
    /// error as given. The pid, or the error number.
    public static func start(_ command: [String], stdin: Stream, stdout: Stream, stderr: Stream) -> Result<pid_t, Failure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case let .descriptor(source): posix_spawn_file_actions_adddup2(&actions, source, fd)
            case .devNull: posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        setFlags(&attributes, Int32(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = command[0].contains("/") ? posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
            : posix_spawnp(&pid, command[0], &actions, &attributes, argv, environ)
        return rc == 0 ? .success(pid) : .failure(Failure(code: rc))
    }
}
