import Foundation
import TestSupport

/// The `ioc` binary built beside this test bundle (the test target depends on it).
let iocBinary: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
    // The bundle may be a directory (.xctest/...) on some layouts; walk up to where `ioc` is.
    for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("ioc").path) {
        dir.deleteLastPathComponent()
    }
    return dir.appendingPathComponent("ioc").path
}()

let defaultConfig = repositoryRoot.appendingPathComponent("config").path

/// A child process started with posix_spawn, its output going to files (not pipes: a daemon
/// it starts, like the tmux server, may keep pipes open forever).
final class Child {
    let pid: pid_t
    let scratch = TemporaryDirectory("ioc-run")
    private(set) var exitCode: Int32?

    init(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws {
        let outPath = scratch.file("stdout"), errPath = scratch.file("stderr"), inPath = scratch.file("stdin")
        try Data((stdin ?? "").utf8).write(to: URL(fileURLWithPath: inPath))
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // The test runner's threads may block signals; the child must start with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        self.pid = pid
    }

    /// Waits for the exit; the code, or 128 + the signal that ended it.
    @discardableResult
    func wait() -> Int32 {
        if let exitCode { return exitCode }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        exitCode = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return exitCode!
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    var stdout: String { (try? String(contentsOfFile: scratch.file("stdout"), encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: scratch.file("stderr"), encoding: .utf8)) ?? "" }

    deinit {
        if exitCode == nil {
            kill(pid, SIGKILL)
            wait()
        }
    }
}

/// Runs a command to completion and returns its exit code and output.
@discardableResult
func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
    let child = try Child(arguments, environment: environment, stdin: stdin)
    let code = child.wait()
    return (code, child.stdout, child.stderr)
}

/// Polls until `condition` holds; the deadline only bounds a hung test, it asserts no speed.
func eventually(seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

/// A tmux server on a private socket running one command in a fixed-size window.
/// The shell around the command prints `IOC-EXIT=<code>` when it ends, so tests read the exit code off the screen.
final class TmuxSession {
    let socket = "ioc-e2e-\(UUID().uuidString.prefix(8))"
    let width: Int
    let height: Int

    init(command: String, width: Int = 120, height: Int = 36, environment: [String: String] = [:]) throws {
        self.width = width
        self.height = height
        let env = (["LANG": "C.UTF-8", "TERM": "xterm-256color"].merging(environment) { _, new in new })
            .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        // The pane outlives the command (bounded) so its last screen and exit code can be read.
        let script = "env \(env) \(command); echo IOC-EXIT=$?; sleep 120"
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", script])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/tmux"
        let result = try run([tmuxPath, "-u", "-f", "/dev/null", "-L", socket] + args, environment: ["LANG": "C.UTF-8"])
        return result.stdout
    }

    func screen() -> String { (try? tmux(["capture-pane", "-p"])) ?? "" }

    func send(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pid of the command (the child of the pane's shell).
    func commandPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Polls the screen until `predicate` holds; returns the last screen and whether it held.
    /// The deadline only bounds a hung test; it asserts nothing about speed.
    func waitFor(seconds: Double = 30, _ predicate: (String) -> Bool) -> (ok: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = screen()
            if predicate(last) { return (true, last) }
            usleep(50_000)
        }
        return (false, last)
    }

    func waitFor(_ text: String, seconds: Double = 30) -> (ok: Bool, screen: String) {
        waitFor(seconds: seconds) { $0.contains(text) }
    }
}
