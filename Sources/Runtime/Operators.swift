import Coordinator
import Feeds
import Foundation
import IndicatorEngine
#if canImport(Glibc)
import Glibc
#endif

/// The user running this process, as `operators.yaml` sees them: the same resolution the leader
/// applies to a socket's peer, done locally so a console and the read-only commands can apply the
/// scope before (or without) asking the leader.
public enum LocalOperator {
    public static var identity: Identity { CommandServer.identity(uid: getuid()) }

    /// The grant and center of the running user, or the refusal to print (exit 77).
    public static func resolve(policy: AccessPolicy, centers: [Center], catalog: Catalog, as me: Identity = identity) -> Result<(OperatorGrant, Center), Refusal> {
        guard let grant = policy.resolve(me) else {
            let who = me.unixUID == nil ? "PostgreSQL role \(me.user)" : "user \(me.user)"
            return .failure(Refusal(message: say("{user} is not an operator of {center} ({source})", ["user": who, "center": catalog.name, "source": policy.source])))
        }
        let center = Center.of(RegionScope(codes: grant.scope, catalog: catalog), catalog: catalog, centers: centers)
        return .success((grant, center))
    }

    public struct Refusal: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        /// EX_NOPERM: the caller is not an operator of this center.
        public static let exitCode: Int32 = 77
    }
}

/// Starts a headless leader in the background, the way tmux starts its server: this very
/// executable with `arguments`, in a session of its own, its standard streams on /dev/null, so
/// it outlives the console and never shares its terminal.
public enum LeaderLauncher {
    public static func start(arguments: [String], log: (String) -> Void) {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26+; Swift does not import the macro): no controlling
        // terminal, no SIGHUP or SIGTSTP from the console's.
        Spawn.setFlags(&attributes, 0x80)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        if rc == 0 {
            log("started a leader in the background (pid \(pid)): \(arguments.joined(separator: " "))")
            spawned.append(pid)
        } else {
            log("could not start a leader: \(String(cString: strerror(rc)))")
        }
    }

    nonisolated(unsafe) private static var spawned: [pid_t] = []

    /// Collects leaders this process started that have exited (no zombies while a console runs).
    public static func reap() {
        spawned.removeAll { pid in
            var status: Int32 = 0
            return waitpid(pid, &status, WNOHANG) == pid
        }
    }
}
