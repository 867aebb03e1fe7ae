import Canvas
import Console
import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Localization
import Runtime
import TestSupport
import Testing

/// A shift's comforts against a real store and leader (#17): preferences that survive a
/// restart, the wall on a fake clock, the line mode through real file descriptors.
@Suite struct ShiftRunnerTests {
    let catalog = Fixtures.catalog()
    let dir = TemporaryDirectory("ioc-shift")
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    func settings(preferences: PreferencesFile? = nil, theme: Theme? = nil, wall: Int64? = nil) -> ConsoleRunner.Settings {
        let grant = OperatorGrant(identity: Identity(user: "lan", uid: 1000), role: .operator, scope: [])
        var settings = ConsoleRunner.Settings(catalog: catalog, timeZone: zone, theme: theme, keyMap: KeyMap.standard, grant: grant,
                                              center: Center.of(RegionScope(codes: [], catalog: catalog), catalog: catalog, centers: []),
                                              startLeader: nil)
        settings.preferences = preferences
        settings.wall = wall
        return settings
    }

    func keys(_ text: String) -> ScriptedBackend.Step { .events(text.map { .key(.char($0)) }) }

    /// Pins, a home screen and a theme chosen in one session are there in the next: it opens
    /// on the home screen, in that theme, with Theo dõi on the overview. The file is the
    /// operator's own (0600 in a 0700 folder).
    @Test func preferencesSurviveARestart() throws {
        let path = dir.file("ioc.sqlite")
        let store = try Store(path: path)
        let now = Int64(Date().timeIntervalSince1970)
        // Both of the field's indicators ok: the table lists them by name, the salinity first.
        try store.enqueueIntake([Observation(indicator: "agri.salinity.max", region: "83", time: now - 60, value: 3.2),
                                 Observation(indicator: "agri.water_level", region: "83", time: now - 60, value: 100)])
        let leader = BackgroundLeader(catalog: catalog, path: path)
        defer { leader.stop() }
        let file = PreferencesFile(path: dir.file("home/.config/ioc/preferences.json"))
        let first = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the overview with the value") { $0.contains("3.2 ‰") },
            keys("2"),
            .until("the field table") { $0.contains("Bến Tre › Nông nghiệp - Xâm nhập mặn") },
            keys("f"),
            .until("pinned") { $0.contains("pinned Độ mặn cao nhất · Bến Tre to Theo dõi") },
            keys("H"),
            .until("home set") { $0.contains("83/agri is now your home") },
            keys("TT"),
            .until("theme chosen") { $0.contains("theme cvd, kept for your next start") },
            keys("q"),
        ])
        #expect(try ConsoleRunner(store: try Store(path: path), terminal: first, settings: settings(preferences: file), log: { _ in }).run() == "quit by operator")
        #expect(first.failures == [])
        let saved = try JSONDecoder().decode(Preferences.self, from: Data(contentsOf: URL(fileURLWithPath: file.path)))
        #expect(saved == Preferences(favourites: [Favourite(indicator: "agri.salinity.max", region: "83")], home: "83/agri", theme: "cvd"))
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: dir.file("home/.config/ioc"))
        #expect((folder[.posixPermissions] as? Int) == 0o700)

        let second = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the home screen at start") { $0.contains("Bến Tre › Nông nghiệp - Xâm nhập mặn") && $0.contains("3.2 ‰") },
            .events([.key(.escape)]),
            .until("Theo dõi on the overview") { $0.contains("Theo dõi · 1 pinned") && $0.contains("✓ Độ mặn cao nhất · Bến Tre") },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: second, settings: settings(preferences: file), log: { _ in })
        #expect(runner.state.theme.name == "cvd")
        #expect(try runner.run() == "quit by operator")
        #expect(second.failures == [])
        // The command line's theme wins over the saved one, for that session.
        let third = try ConsoleRunner(store: try Store(path: path), terminal: ScriptedBackend(size: Size(width: 100, height: 30), script: []),
                                      settings: settings(preferences: file, theme: .light), log: { _ in })
        #expect(third.state.theme.name == "light")
    }

    /// The language: the center's when the operator never chose one, `L` switches it and the
    /// next start keeps that choice, `--lang` wins for one run.
    @Test func theLanguageChosenWithLIsKept() throws {
        let path = dir.file("ioc.sqlite")
        // The store made before the leader starts, as the other tests here do: opening it while
        // the leader creates it can find it locked.
        _ = try Store(path: path)
        let leader = BackgroundLeader(catalog: catalog, path: path)
        defer { leader.stop() }
        let file = PreferencesFile(path: dir.file("home/.config/ioc/preferences.json"))
        var center = settings(preferences: file)
        center.language = .vi
        let first = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the center's language, with data") { $0.contains("q thoát") && $0.contains("dữ liệu") && $0.contains(" trước · ") },
            keys("L"),
            .until("English, said in English") { $0.contains("The console speaks English now") && $0.contains("Alerts: none open") },
            keys("q"),
        ])
        #expect(try ConsoleRunner(store: try Store(path: path), terminal: first, settings: center, log: { _ in }).run() == "quit by operator")
        #expect(first.failures == [])
        #expect(try JSONDecoder().decode(Preferences.self, from: Data(contentsOf: URL(fileURLWithPath: file.path))).language == "en")
        let second = try ConsoleRunner(store: try Store(path: path), terminal: ScriptedBackend(size: Size(width: 100, height: 30), script: []),
                                       settings: center, log: { _ in })
        #expect(second.state.language == .en, "the operator's choice outlives the center's language")
        center.languageOption = .vi
        let third = try ConsoleRunner(store: try Store(path: path), terminal: ScriptedBackend(size: Size(width: 100, height: 30), script: []),
                                      settings: center, log: { _ in })
        #expect(third.state.language == .vi, "--lang wins for the run")
    }

    /// A file that is not JSON is said at start, the console goes on with defaults, and the
    /// first change keeps the unreadable file aside instead of overwriting it. A home screen
    /// the catalog no longer has is said, not fatal.
    @Test func unreadablePreferencesAreKeptAside() throws {
        let path = dir.file("ioc.sqlite")
        let file = PreferencesFile(path: dir.file("prefs/preferences.json"))
        try FileManager.default.createDirectory(atPath: dir.file("prefs"), withIntermediateDirectories: true)
        try Data("{\"favourites\": [oops".utf8).write(to: URL(fileURLWithPath: file.path))
        let backend = ScriptedBackend(size: Size(width: 240, height: 30), script: [
            .until("the problem said") { $0.contains("are not valid JSON") },
            keys("2f"),
            .until("the old file kept") { $0.contains("your unreadable preferences were kept as \(file.path).unreadable") },
            keys("q"),
        ])
        #expect(try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(preferences: file), log: { _ in }).run() == "quit by operator")
        #expect(backend.failures == [])
        #expect(try String(contentsOfFile: file.path + ".unreadable", encoding: .utf8) == "{\"favourites\": [oops")
        #expect(try JSONDecoder().decode(Preferences.self, from: Data(contentsOf: URL(fileURLWithPath: file.path))).favourites.count == 1)

        try file.save(Preferences(home: "83/nowhere", theme: "sepia"))
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: ScriptedBackend(size: Size(width: 100, height: 30), script: []),
                                       settings: settings(preferences: file), log: { _ in })
        #expect(runner.state.stack.count == 1 && runner.state.theme.name == "dark")
        #expect(runner.state.notice?.contains("your saved theme 'sepia' is unknown") == true)
        let noHome = try ConsoleRunner(store: try Store(path: path), terminal: ScriptedBackend(size: Size(width: 100, height: 30), script: []),
                                       settings: settings(preferences: file, theme: .dark), log: { _ in })
        #expect(noHome.state.notice?.contains("your home screen: cannot open '83/nowhere': no field 'nowhere'") == true)
    }

    @Test func thePreferencesFileIsTheUsersOwn() {
        #expect(PreferencesFile.forCurrentUser(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/lan"])?.path == "/cfg/ioc/preferences.json")
        #expect(PreferencesFile.forCurrentUser(environment: ["HOME": "/home/lan"])?.path == "/home/lan/.config/ioc/preferences.json")
        #expect(PreferencesFile.forCurrentUser(environment: [:])?.path.hasSuffix("/.config/ioc/preferences.json") == true, "from the password database")
    }

    /// The wall on a fake clock against a real leader: an hour per field, a critical alert
    /// that fires takes over and holds through the clock until acknowledged through the
    /// leader, as another operator would.
    @Test func theWallRotatesAndACriticalAlertHoldsItUntilAcknowledged() throws {
        let path = dir.file("ioc.sqlite")
        let other = try Store(path: path)
        let leader = BackgroundLeader(catalog: catalog, path: path)
        defer { leader.stop() }
        nonisolated(unsafe) var offset: Int64 = 0
        let now = Int64(Date().timeIntervalSince1970)
        let backend = ScriptedBackend(size: Size(width: 120, height: 36), script: [
            .until("the first field") { $0.contains("1 Hành chính công") && ($0.contains("1/2 · next in 1h: Nông nghiệp - Xâm nhập mặn") || $0.contains("1/2 · next in 59m")) },
            .run { offset += 3_600_000 },
            .until("the second field, an hour later") { $0.contains("2/2 · next in 1h: Hành chính công") },
            .run { try other.enqueueIntake([Observation(indicator: "agri.salinity.max", region: "83", time: now, value: 9.5)]) },
            .until("the alert took over") { $0.contains("CRITICAL ALERT · held here until acknowledged") && $0.contains("✖ Độ mặn cao nhất · Bến Tre") },
            .run { offset += 7_200_000 },
            .until("held two hours later") { $0.contains("CRITICAL ALERT") && $0.contains("(3h)") },
            .run {
                let alert = try #require(try other.alerts().first { $0.indicator == "agri.salinity.max" })
                let response = try CommandClient(storePath: path, startLeader: nil).send(CommandRequest(.ack(alert: alert.id, note: "pump on")), timeout: 10)
                #expect(response.ok)
            },
            .until("released, the rotation back") { !$0.contains("CRITICAL ALERT") && $0.contains("/2 · next in") },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(wall: 3_600), log: { _ in },
                                       clock: { Int64(Date().timeIntervalSince1970 * 1000) + offset })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }

    /// `--plain` through real descriptors: the screen as text at start and after each line, no
    /// box drawing, an alert told as a line when it fires, and the end of input ends it.
    @Test func theLineModeAnswersLinesAndTellsAlerts() throws {
        let path = dir.file("ioc.sqlite")
        let other = try Store(path: path)
        let leader = BackgroundLeader(catalog: catalog, path: path)
        defer { leader.stop() }
        var fds: [Int32] = [0, 0]
        // A socket pair, made close-on-exec at once: a child another test spawns must not inherit it.
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0)
        let outPath = dir.file("out.txt")
        let out = open(outPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { close(out) }
        let backend = LineBackend(input: fds[0], output: out, environment: ["COLUMNS": "100", "LINES": "30", "LANG": "C.UTF-8"])
        #expect(backend.capabilities == Capabilities(unicode: true, colors: 0, drawing: false))
        nonisolated(unsafe) let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(), log: { _ in })
        nonisolated(unsafe) var reason: String?
        let thread = Thread { reason = try? runner.run() }
        thread.start()
        func output() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        func say(_ line: String) { _ = Array((line + "\n").utf8).withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) } }

        #expect(eventually { output().contains("1 Hành chính công") && output().contains("Alerts: none open") })
        say("2")
        #expect(eventually { output().contains("Bến Tre › Nông nghiệp - Xâm nhập mặn") })
        try other.enqueueIntake([Observation(indicator: "agri.salinity.max", region: "83", time: Int64(Date().timeIntervalSince1970), value: 9.5)])
        #expect(eventually { output().contains("✖ CRIT alert #") && output().contains("firing: Độ mặn cao nhất · Bến Tre 9.5 ‰") })
        say("a")
        #expect(eventually { output().contains("1 open, 0 acknowledged") })
        say("A checked")
        #expect(eventually { output().contains("acknowledged by") && output().contains(": checked: Độ mặn cao nhất") })
        close(fds[1])
        #expect(eventually { reason != nil })
        #expect(reason == "end of input")
        let text = output()
        for drawn in ["─", "│", "╭", "▁", "⠀"] { #expect(!text.contains(drawn), "no \(drawn) in the line mode") }
        #expect(!text.contains("\u{1B}"), "no escape sequences")
    }
}
