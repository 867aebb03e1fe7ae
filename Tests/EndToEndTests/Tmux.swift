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

/// The shipped center as it is: it speaks Vietnamese (`language: vi`).
let shippedConfig = repositoryRoot.appendingPathComponent("config").path

/// The shipped center in English, for the end-to-end tests that read English words off the
/// screen and the commands; `VietnameseEndToEndTests` reads the shipped one as operators do.
let defaultConfig: String = {
    let copy = NSTemporaryDirectory() + "ioc-e2e-config-en-\(getpid())"
    try? FileManager.default.removeItem(atPath: copy)
    try! FileManager.default.copyItem(atPath: shippedConfig, toPath: copy)
    let file = copy + "/ioc.yaml"
    let yaml = try! String(contentsOfFile: file, encoding: .utf8)
    precondition(yaml.contains("\nlanguage: vi "), "the shipped center says language: vi")
    try! yaml.replacingOccurrences(of: "\nlanguage: vi ", with: "\nlanguage: en ").write(toFile: file, atomically: true, encoding: .utf8)
    return copy
}()

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

/// The pid of the process leading `store`, from `ioc info` (nil: nobody leads).
func backgroundLeader(store: String) -> Int32? {
    guard let info = try? run([iocBinary, "info", "--config", defaultConfig, "--store", store]) else { return nil }
    guard let line = info.stdout.split(separator: "\n").first(where: { $0.hasPrefix("leader:") }),
          let pid = line.split(separator: " ").last.flatMap({ Int32($0) }), pid > 1 else { return nil }
    // Only an `ioc serve` is ever signalled: a pid read at the wrong moment must not hit another process.
    let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
    return command.contains("serve") ? pid : nil
}

/// Stops the leader a console started in the background (it would linger for its idle minute).
func stopBackgroundLeader(store: String) {
    guard let pid = backgroundLeader(store: store) else { return }
    kill(pid, SIGTERM)
    _ = eventually(seconds: 20) { backgroundLeader(store: store) == nil }
}
