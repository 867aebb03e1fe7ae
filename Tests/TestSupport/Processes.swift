import Foundation

/// A child process started with posix_spawn, its output going to files (not pipes: a daemon
/// it starts, like the tmux server, may keep pipes open forever).
public final class Child {
    public let pid: pid_t
    public let scratch = TemporaryDirectory("ioc-run")
    public private(set) var exitCode: Int32?

    public init(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws {
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
    public func wait() -> Int32 {
        if let exitCode { return exitCode }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        exitCode = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return exitCode!
    }

    /// Signals the child while it has not been reaped (its pid may since belong to another process).
    public func signal(_ sig: Int32) {
        guard pid > 1, exitCode == nil else { return }
        kill(pid, sig)
    }

    /// Whether it has not exited yet (reaping it if it has, so a zombie is not taken for alive).
    public var isRunning: Bool {
        guard exitCode == nil else { return false }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        guard reaped == pid else { return reaped == 0 }
        let signal = status & 0x7F
        exitCode = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return false
    }

    public var stdout: String { (try? String(contentsOfFile: scratch.file("stdout"), encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: scratch.file("stderr"), encoding: .utf8)) ?? "" }

    deinit {
        if exitCode == nil {
            kill(pid, SIGKILL)
            wait()
        }
    }
}

/// Runs a command to completion and returns its exit code and output.
@discardableResult
public func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
    let child = try Child(arguments, environment: environment, stdin: stdin)
    let code = child.wait()
    return (code, child.stdout, child.stderr)
}

/// Polls until `condition` holds; the deadline only bounds a hung test, it asserts no speed.
public func eventually(seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}


/// Writes an executable script. The file is made by `cp`, not by this process: a file this
/// process had open for writing could be inherited by a child another test starts meanwhile,
/// and running the script would then fail with "text file busy".
public func writeExecutable(_ text: String, to path: String) throws {
    try text.write(toFile: path + ".source", atomically: true, encoding: .utf8)
    let copy = try run(["/bin/cp", path + ".source", path])
    let mode = try run(["/bin/chmod", "755", path])
    guard copy.code == 0, mode.code == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
}
