import Foundation
import TestSupport
import Testing

/// The shift's comforts as the real binary gives them (#17): the wall in a real terminal, the
/// line mode through a pipe, preferences kept in the operator's own folder between runs.
@Suite(.serialized) struct ShiftEndToEndTests {
    /// `ioc wall`: the time in large digits, a field, then the next one by itself.
    @Test func theWallShowsTheTimeLargeAndRotatesByItself() throws {
        let dir = TemporaryDirectory("ioc-e2e-wall")
        let store = dir.file("ioc.sqlite")
        defer { stopBackgroundLeader(store: store) }
        let tmux = try TmuxSession(command: "'\(iocBinary)' wall --every 2s --config '\(defaultConfig)' --store '\(store)' --no-simulator", width: 120, height: 36)
        let first = tmux.waitFor { $0.contains("Bến Tre › Wall") && $0.contains("███") && $0.contains(" 1 Hành chính công") && $0.contains("1/10 · next in") && $0.contains(": Kinh tế - xã hội") }
        #expect(first.ok, "the wall never showed its first field:\n\(first.screen)")
        let second = tmux.waitFor { $0.contains(" 2 Kinh tế - xã hội") && $0.contains("2/10 · next in") && $0.contains(": Chuyển đổi số") }
        #expect(second.ok, "the wall never moved on:\n\(second.screen)")
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
        let bad = try run([iocBinary, "wall", "--every", "soon", "--config", defaultConfig, "--store", store])
        #expect(bad.code == 64 && bad.stderr.contains("--every 'soon' is not a duration of at least 1s"), "\(bad.stderr)")
    }

    /// `ioc --plain` on a pipe: screens as text without box drawing, the keys as lines; `f` and
    /// `H` in one run are the operator's own preferences in the next, which opens at home.
    @Test func theLineModeOnAPipeAndPreferencesBetweenRuns() throws {
        let dir = TemporaryDirectory("ioc-e2e-plain")
        let store = dir.file("ioc.sqlite")
        defer { stopBackgroundLeader(store: store) }
        let environment = ["XDG_CONFIG_HOME": dir.file("config-home"), "LANG": "C.UTF-8", "COLUMNS": "100", "LINES": "30"]
        // No simulator: a leader of the default center would first write a year of history.
        let arguments = [iocBinary, "--plain", "--config", defaultConfig, "--store", store, "--no-simulator"]
        let first = try run(arguments, environment: environment, stdin: "2\nf\nH\nq\n")
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Bến Tre › Kinh tế - xã hội"))
        #expect(first.stdout.contains("to Theo dõi on the overview"))
        #expect(first.stdout.contains("83/econ is now your home"))
        for drawn in ["─", "│", "╭", "▁", "\u{1B}"] { #expect(!first.stdout.contains(drawn), "no \(drawn) in the line mode") }
        let saved = try String(contentsOfFile: dir.file("config-home/ioc/preferences.json"), encoding: .utf8)
        #expect(saved.contains("\"home\" : \"83/econ\""))

        let second = try run(arguments, environment: environment, stdin: "esc\n")
        #expect(second.code == 0, "the end of input ends it: \(second.stderr)")
        let screens = second.stdout.components(separatedBy: "\n\n")
        #expect(screens.first?.contains("Bến Tre › Kinh tế - xã hội") == true, "opens at home: \(second.stdout)")
        #expect(screens.dropFirst().first?.contains("Theo dõi · 1 pinned") == true, "the pin on the overview: \(second.stdout)")
    }
}
