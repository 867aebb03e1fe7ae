import Canvas
import Console
import Feeds
import Foundation
import IOCConfig
import IndicatorEngine

/// The console on the full Ben Tre default:
/// - key-to-frame with the test backend: `update` and `view` for opening the busiest field and
///   an indicator with a year of history, median and 99th percentile over 1,000 presses;
/// - time from process start to the first complete frame of the real `ioc` (release, beside
///   this binary) on a seeded store, in tmux;
/// - bytes the real console writes to its terminal per second, idle and with the simulator;
/// - key to frame in the real console, idle, while its leader seeds an empty store, and while
///   `ioc compact` compacts a seeded year, the same way in the same run.
func runConsoleBenchmark(_ args: [String]) {
    let configDir = args.first ?? "config"
    guard let config = try? ConfigLoader.load(directory: configDir) else {
        print("ioc-bench: cannot load the configuration in \(configDir)")
        exit(1)
    }
    let catalog = config.catalog
    keyToFrame(catalog, hints: config.simulatorHints)
    realConsole(configDir: configDir)
}

private func keyToFrame(_ catalog: Catalog, hints: [String: SimulatorHint]) {
    let now: Int64 = 1_767_225_600
    var engine = Engine(catalog: catalog)
    var simulator = Simulator(catalog: catalog, hints: hints, seed: 1)
    engine.apply(resolved: simulator.next(now: now), now: now)
    var state = ConsoleState(catalog: catalog, table: engine.table, now: now, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
                             size: Size(width: 160, height: 48), capabilities: .full, operatorName: "bench")
    state.alerts = engine.alerts.open
    let busiest = catalog.indicatorsByField.indices.max { catalog.indicatorsByField[$0].count < catalog.indicatorsByField[$1].count }!
    let fieldKey = Key.char(Character(catalog.fields[busiest].key))
    let year = (0..<365).map { HistoryValue(time: now - Int64(365 - $0) * 86_400, value: 50 + 10 * sin(Double($0) / 9)) }
    var openField: [Double] = [], openIndicator: [Double] = [], back: [Double] = []
    func timed(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    }
    var frames = 0
    for _ in 0..<250 {
        openField.append(timed {
            state = update(state, .key(fieldKey)).0
            frames += view(state).size.width
        })
        openIndicator.append(timed {
            let (next, effects) = update(state, .key(.enter))
            state = next
            if case let .loadHistory(series, range)? = effects.first {
                state = update(state, .history(HistoryData(series: series, range: range, points: year))).0
            }
            frames += view(state).size.width
        })
        for _ in 0..<2 {
            back.append(timed {
                state = update(state, .key(.escape)).0
                frames += view(state).size.width
            })
        }
    }
    func report(_ name: String, _ xs: [Double]) {
        let sorted = xs.sorted()
        print(String(format: "  %@: median %.2f ms, p99 %.2f ms (%d presses)", name, sorted[sorted.count / 2],
                     sorted[min(sorted.count - 1, sorted.count * 99 / 100)], xs.count))
    }
    print("key to frame (test backend, 160×48, \(catalog.fields[busiest].name) has \(catalog.indicatorsByField[busiest].count) indicators):")
    report("open the busiest field", openField)
    report("open an indicator with a year of history", openIndicator)
    report("back", back)
    report("all 1,000 presses", openField + openIndicator + back)
}

private func realConsole(configDir: String) {
    let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let ioc = bin.appendingPathComponent("ioc").path
    guard FileManager.default.isExecutableFile(atPath: ioc), FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
        print("ioc-bench: needs the release ioc beside this binary and tmux; skipping the real-console figures")
        return
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("ioc-bench-console-\(getpid())")
    try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let store = work.appendingPathComponent("ioc.sqlite").path
    _ = shell(ioc, ["seed", "--config", configDir, "--store", store])
    let socket = "ioc-bench-\(getpid())"
    func tmux(_ args: [String]) -> Int32 { shell("/usr/bin/tmux", ["-u", "-f", "/dev/null", "-L", socket] + args) }

    // The first complete frame (the footer drawn) after the command starts, for ioc and for a
    // bare ncurses program measured the same way in the same run: spawn in tmux, poll the pane.
    let bare = work.appendingPathComponent("bare-ncurses").path
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../tools/bare-ncurses.c").path
    let compiled = shell("/usr/bin/cc", [source, "-o", bare, "-lncursesw"]) == 0
    func firstFrame(_ command: String) -> Double? {
        let started = Date()
        _ = tmux(["new-session", "-d", "-x", "160", "-y", "48", "env LANG=C.UTF-8 TERM=xterm-256color " + command])
        defer {
            _ = tmux(["kill-server"])
            usleep(200_000)
        }
        let capture = work.appendingPathComponent("pane.txt").path
        while Date().timeIntervalSince(started) < 20 {
            _ = shell("/bin/sh", ["-c", "/usr/bin/tmux -L \(socket) capture-pane -p > '\(capture)'"])
            if let text = try? String(contentsOfFile: capture, encoding: .utf8), text.contains("q quit") {
                return Date().timeIntervalSince(started) * 1_000
            }
        }
        return nil
    }
    var iocFrames: [Double] = [], bareFrames: [Double] = []
    for _ in 0..<7 {
        if let ms = firstFrame("'\(ioc)' --config '\(configDir)' --store '\(store)' --no-simulator") { iocFrames.append(ms) }
        if compiled, let ms = firstFrame("'\(bare)'") { bareFrames.append(ms) }
    }
    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    if !iocFrames.isEmpty {
        print(String(format: "first complete frame after the command starts (seeded store, 160×48, in tmux): ioc median %.0f ms, worst %.0f ms",
                     median(iocFrames), iocFrames.max()!))
    }
    if !bareFrames.isEmpty {
        print(String(format: "reference, a bare ncurses program (tools/bare-ncurses.c), same way: median %.0f ms; ioc / bare %.1f×",
                     median(bareFrames), median(iocFrames) / median(bareFrames)))
    }

    for (label, flags) in [("idle (no simulator; the clock changes each second)", ["--no-simulator"]), ("with the simulator", ["--simulator"])] {
        let capture = work.appendingPathComponent("pane.bytes").path
        try? FileManager.default.removeItem(atPath: capture)
        _ = tmux(["new-session", "-d", "-x", "160", "-y", "48",
                  "env LANG=C.UTF-8 TERM=xterm-256color '\(ioc)' --config '\(configDir)' --store '\(store)' " + flags.joined(separator: " ")])
        sleep(3)
        _ = tmux(["pipe-pane", "-o", "cat >> '\(capture)'"])
        sleep(20)
        _ = tmux(["pipe-pane"])
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: capture))?[.size] as? Int) ?? 0
        print(String(format: "bytes written to the terminal, %@: %.0f bytes/s over 20 s", label, Double(bytes) / 20))
        _ = tmux(["kill-server"])
        usleep(200_000)
    }
    keysWhileBusy(ioc: ioc, configDir: configDir, work: work, socket: socket)
}

/// Key to frame in the real console in tmux: `?` until the help shows, Esc until it is gone,
/// each timed from send-keys to the pane showing it (tmux and the polling are in every figure
/// alike, so the figures compare with each other, not with the test backend's). Idle beside
/// its leader; while the leader it started seeds an empty store; while `ioc compact` compacts
/// a freshly seeded year beside the leader.
private func keysWhileBusy(ioc: String, configDir: String, work: URL, socket: String) {
    func tmux(_ args: [String]) -> Int32 { shell("/usr/bin/tmux", ["-u", "-f", "/dev/null", "-L", socket] + args) }
    /// Ends the session and gives its server time to go (a new session at once may find it leaving).
    func endSession() {
        _ = tmux(["kill-server"])
        usleep(300_000)
    }
    let capturePath = work.appendingPathComponent("keys.txt").path
    func pane() -> String {
        _ = shell("/bin/sh", ["-c", "/usr/bin/tmux -L \(socket) capture-pane -p > '\(capturePath)'"])
        return (try? String(contentsOfFile: capturePath, encoding: .utf8)) ?? ""
    }
    func waitFor(_ seconds: Double, _ condition: (String) -> Bool) -> Bool {
        let started = Date()
        while Date().timeIntervalSince(started) < seconds { if condition(pane()) { return true } }
        return false
    }
    /// Round trips while `busy` holds, at most `count`; each key's time to its frame, in ms.
    func roundTrips(_ count: Int, while busy: () -> Bool) -> [Double] {
        var times: [Double] = []
        for _ in 0..<count {
            guard busy() else { break }
            for (key, helpShown) in [("?", true), ("Escape", false)] {
                let started = Date()
                _ = tmux(["send-keys", key])
                if waitFor(10, { $0.contains("Keys on the") == helpShown }) { times.append(Date().timeIntervalSince(started) * 1_000) }
            }
        }
        return times
    }
    func console(_ store: String, _ flags: String) {
        _ = tmux(["new-session", "-d", "-x", "120", "-y", "36", "env LANG=C.UTF-8 TERM=xterm-256color '\(ioc)' --config '\(configDir)' --store '\(store)' \(flags)"])
    }
    func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
    func running(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }
    var results: [(String, [Double])] = []

    // Idle: a seeded store, its leader idle, the console attached.
    let idleStore = work.appendingPathComponent("idle.sqlite").path
    _ = shell(ioc, ["seed", "--config", configDir, "--store", idleStore])
    let idleLeader = spawnQuiet(ioc, ["serve", "--config", configDir, "--store", idleStore, "--no-simulator"])
    console(idleStore, "--no-simulator")
    if waitFor(30, { $0.contains("q quit") && !$0.contains("no leader") }) { results.append(("idle", roundTrips(40) { true })) } else { print("ioc-bench: the idle console never attached") }
    endSession()

    // Compaction: a freshly seeded year, its leader idle, `ioc compact` moving rows into day chunks.
    let compactStore = work.appendingPathComponent("compact.sqlite").path
    _ = shell(ioc, ["seed", "--config", configDir, "--store", compactStore])
    let compactLeader = spawnQuiet(ioc, ["serve", "--config", configDir, "--store", compactStore, "--no-simulator"])
    console(compactStore, "--no-simulator")
    if waitFor(30, { $0.contains("q quit") && !$0.contains("no leader") }) {
        let compactor = spawnQuiet(ioc, ["compact", "--config", configDir, "--store", compactStore])
        results.append(("while ioc compact compacts a seeded year", roundTrips(400) { running(compactor) }))
        if running(compactor) { stop(compactor) }
    }
    endSession()

    // Seeding: an empty store; the console starts its leader, which writes a year of history.
    let emptyStore = work.appendingPathComponent("empty.sqlite").path
    console(emptyStore, "")
    let seeding = "writing a year of history"
    if waitFor(30, { $0.contains(seeding) }) {
        results.append(("while its leader seeds an empty store", roundTrips(400) { pane().contains(seeding) }))
    } else {
        print("ioc-bench: the seeding was never seen; the console showed:\n" + pane().split(separator: "\n").prefix(3).joined(separator: "\n"))
    }
    endSession()
    for pid in [idleLeader, compactLeader] where pid > 0 { stop(pid) }
    // The leader the console started would wait out its idle minute.
    _ = shell("/bin/sh", ["-c", "kill $('\(ioc)' info --config '\(configDir)' --store '\(emptyStore)' | awk '/^leader:/ {print $NF}') 2>/dev/null"])

    func percentile(_ xs: [Double], _ p: Double) -> Double { xs.sorted()[min(xs.count - 1, Int(Double(xs.count) * p))] }
    let idle = results.first { $0.0 == "idle" }.map { percentile($0.1, 0.5) }
    print("key to frame in the real console (120×36, in tmux: ? until the help shows, Esc until it goes):")
    for (label, times) in results where !times.isEmpty {
        let median = percentile(times, 0.5)
        print(String(format: "  %@: %d keys, median %.1f ms, p90 %.1f ms, worst %.1f ms%@", label, times.count, median, percentile(times, 0.9),
                     times.max()!, idle.map { label == "idle" ? "" : String(format: "; median / idle %.2f×", median / $0) } ?? ""))
    }
}

/// Runs a command to completion with posix_spawn and waitpid, its output discarded. Foundation's
/// Process can wait forever when the command leaves a daemon behind (the tmux server).
@discardableResult
func shell(_ executable: String, _ arguments: [String]) -> Int32 {
    let pid = spawnQuiet(executable, arguments)
    guard pid > 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xFF
}

/// Starts a command in the background, its output discarded; its pid (-1 when it could not start).
func spawnQuiet(_ executable: String, _ arguments: [String]) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else { return -1 }
    return pid
}
