import Foundation
import TestSupport
import Testing

let fieldNames = [
    "Hành chính công", "Kinh tế - xã hội", "Chuyển đổi số", "Y tế", "Giáo dục",
    "Nông nghiệp - Xâm nhập mặn", "Tài nguyên - Môi trường", "Giao thông", "Du lịch - Thương mại", "An ninh trật tự",
]

@Suite(.serialized) struct ConsoleEndToEndTests {
    @Test func overviewShowsTheProvinceAndTenFieldsThenQQuits() throws {
        let dir = TemporaryDirectory("ioc-e2e")
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(dir.file("ioc.sqlite"))'")
        let shown = tmux.waitFor { screen in screen.contains("Bến Tre") && fieldNames.allSatisfy(screen.contains) }
        #expect(shown.ok, "overview never showed:\n\(shown.screen)")
        // Live values arrive from the stand-in feed.
        let live = tmux.waitFor("data 0s ago")
        #expect(live.ok, "no data arrived:\n\(live.screen)")
        try tmux.send("q")
        let exited = tmux.waitFor("IOC-EXIT=")
        #expect(exited.screen.contains("IOC-EXIT=0"), "\(exited.screen)")
        // The terminal is given back: the console's frame is gone.
        #expect(!exited.screen.contains("╭"))
        #expect(FileManager.default.fileExists(atPath: dir.file("ioc.sqlite")))
    }

    /// At 80×24, where panels cannot fit, every field is one line with its counts and score,
    /// for the province and for a district (issue #19).
    @Test func at80x24EveryFieldShowsItsCountsAndScoreForTheProvinceAndADistrict() throws {
        let dir = TemporaryDirectory("ioc-e2e")
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(dir.file("ioc.sqlite"))'", width: 80, height: 24)
        /// Each field's line: its name, four counts and a score.
        func everyFieldHasCountsAndScore(_ screen: String) -> Bool {
            let lines = screen.split(separator: "\n").map(String.init)
            return fieldNames.allSatisfy { name in
                lines.contains { line in
                    guard let range = line.range(of: name) else { return false }
                    let rest = line[range.upperBound...].split(separator: " ")
                    return rest.count >= 5 && rest.prefix(4).allSatisfy { Int($0) != nil } && (rest[4].hasSuffix("%") || rest[4] == "–")
                }
            }
        }
        let province = tmux.waitFor { $0.contains("data 0s ago") && everyFieldHasCountsAndScore($0) }
        #expect(province.ok, "the province at 80×24:\n\(province.screen)")
        try tmux.send(":")
        try tmux.send("-l", "chau thanh")
        try tmux.send("Enter")
        let district = tmux.waitFor { $0.contains("Bến Tre › Châu Thành") && everyFieldHasCountsAndScore($0) && $0.contains("communes") }
        #expect(district.ok, "Châu Thành at 80×24:\n\(district.screen)")
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
    }

    /// A first start on an empty store (issue #29): the console says what the leader it started
    /// is doing, with its progress, and answers keys while that leader writes a year of history:
    /// the prompt and a jump show while the progress is still on screen.
    @Test func aFirstStartSaysWhatItDoesAndAnswersKeysWhileTheLeaderSeeds() throws {
        let dir = TemporaryDirectory("ioc-e2e")
        let store = dir.file("ioc.sqlite")
        defer { stopBackgroundLeader(store: store) }
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(store)'", width: 80, height: 24)
        let seeding = "Starting the center: writing a year of history…"
        let started = tmux.waitFor { $0.contains(seeding) }
        #expect(started.ok, "no progress while seeding:\n\(started.screen)")
        try tmux.send(":")
        let prompt = tmux.waitFor { $0.contains(":▏") }
        #expect(prompt.ok && prompt.screen.contains(seeding), "the prompt did not show while seeding:\n\(prompt.screen)")
        try tmux.send("-l", "chau thanh")
        try tmux.send("Enter")
        let jumped = tmux.waitFor { $0.contains("Bến Tre › Châu Thành") }
        #expect(jumped.ok && jumped.screen.contains(seeding), "the jump did not land while seeding:\n\(jumped.screen)")
        let seeded = tmux.waitFor(seconds: 180) { !$0.contains("Starting the center") && $0.contains("communes") && !$0.contains("no leader") }
        #expect(seeded.ok, "the center never finished starting:\n\(seeded.screen)")
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
    }

    @Test func resizeBelowMinimumAndBack() throws {
        let dir = TemporaryDirectory("ioc-e2e")
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(dir.file("ioc.sqlite"))'")
        #expect(tmux.waitFor("An ninh trật tự").ok)
        try tmux.resize(width: 70, height: 20)
        let small = tmux.waitFor("terminal too small: need 80×24, have 70×20")
        #expect(small.ok, "\(small.screen)")
        try tmux.resize(width: 100, height: 30)
        let back = tmux.waitFor { $0.contains("An ninh trật tự") && !$0.contains("too small") }
        #expect(back.ok, "\(back.screen)")
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
    }

    @Test func sigtermRestoresTheTerminalAndExitsCleanly() throws {
        let dir = TemporaryDirectory("ioc-e2e")
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(dir.file("ioc.sqlite"))'")
        #expect(tmux.waitFor("Bến Tre").ok)
        let pid = try #require(try tmux.commandPID())
        kill(pid, SIGTERM)
        let exited = tmux.waitFor("IOC-EXIT=")
        #expect(exited.screen.contains("IOC-EXIT=0"), "\(exited.screen)")
        #expect(!exited.screen.contains("╭"))
    }

    @Test func asciiLocaleShowsNamesWithoutDiacritics() throws {
        let dir = TemporaryDirectory("ioc-e2e")
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(dir.file("ioc.sqlite"))'",
                                   width: 80, height: 24, environment: ["LANG": "C", "LC_ALL": "C", "TERM": "vt100"])
        let shown = tmux.waitFor { $0.contains("IOC Ben Tre") && $0.contains("Nong nghiep - Xam nhap man") }
        #expect(shown.ok, "\(shown.screen)")
        let nonASCII = shown.screen.unicodeScalars.filter { !$0.isASCII }
        #expect(nonASCII.isEmpty, "non-ASCII on a C-locale screen:\n\(shown.screen)")
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
    }
}

@Suite struct CommandLineTests {
    @Test func statusJSONFollowsTheContract() throws {
        let dir = TemporaryDirectory("ioc-cli")
        let result = try run([iocBinary, "status", "--json", "--config", defaultConfig, "--store", dir.file("ioc.sqlite")])
        #expect(result.code == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["indicators"] as? Int ?? 0 >= 1_000)
        #expect(object["regions"] as? Int ?? 0 >= 150)
        let fields = try #require(object["fields"] as? [[String: Any]])
        #expect(fields.map { $0["name"] as? String ?? "" } == fieldNames)
        for field in fields {
            for key in ["code", "name", "indicators", "ok", "warning", "critical", "stale", "nodata", "score"] {
                #expect(field.keys.contains(key), "field lacks \(key)")
            }
            #expect(field["nodata"] as? Int == field["indicators"] as? Int, "an empty store has no data")
        }
        let alerts = try #require(object["alerts"] as? [String: Int])
        #expect(alerts == ["pending": 0, "firing": 0])
    }

    /// `--lang vi`: what people read is Vietnamese, numbers written the Vietnamese way; what
    /// scripts read (`--json`) is the same bytes in either language.
    @Test func statusSpeaksTheLanguageAskedAndItsJSONDoesNot() throws {
        let dir = TemporaryDirectory("ioc-cli")
        let store = dir.file("ioc.sqlite")
        let vi = try run([iocBinary, "status", "--lang", "vi", "--config", defaultConfig, "--store", store])
        #expect(vi.code == 0, "\(vi.stderr)")
        let first = vi.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains(" chỉ tiêu, ") && first.contains(" địa bàn; cảnh báo: 0 đang xảy ra, 0 chờ xác định"), "\(vi.stdout)")
        #expect(first.range(of: #"\d\.\d{3} chỉ tiêu"#, options: .regularExpression) != nil, "thousands grouped with a dot: \(first)")
        #expect(vi.stdout.contains("LĨNH VỰC") && vi.stdout.contains("CHƯA CÓ DỮ LIỆU") && !vi.stdout.contains("FIELD"), "\(vi.stdout)")
        let en = try run([iocBinary, "status", "--lang", "en", "--config", defaultConfig, "--store", store])
        #expect(en.stdout.contains(" indicators, ") && en.stdout.contains("FIELD"), "\(en.stdout)")
        let bad = try run([iocBinary, "status", "--lang", "fr", "--config", defaultConfig, "--store", store])
        #expect(bad.code == 64 && bad.stderr.contains("--lang"), "\(bad.stderr)")
        let jsonVI = try run([iocBinary, "status", "--json", "--lang", "vi", "--config", defaultConfig, "--store", store])
        let jsonEN = try run([iocBinary, "status", "--json", "--config", defaultConfig, "--store", store], environment: ["LANG": "C.UTF-8"])
        #expect(jsonVI.code == 0 && jsonVI.stdout == jsonEN.stdout, "the JSON contract is the same in both languages")
    }

    @Test func aBrokenConfigurationExits78NamingFileLineAndKey() throws {
        let dir = TemporaryDirectory("ioc-cli")
        try FileManager.default.copyItem(atPath: defaultConfig, toPath: dir.file("config"))
        let regions = dir.file("config/regions.yaml")
        let text = try String(contentsOfFile: regions, encoding: .utf8)
        try text.replacingOccurrences(of: #"level: province }"#, with: #"level: province, colour: red }"#)
            .write(toFile: regions, atomically: true, encoding: .utf8)
        let result = try run([iocBinary, "status", "--config", dir.file("config"), "--store", dir.file("ioc.sqlite")])
        #expect(result.code == 78)
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("level: province }") }) + 1
        #expect(result.stderr.contains("regions.yaml:\(line):"), "\(result.stderr)")
        #expect(result.stderr.contains("regions[0].colour: unknown key"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func theConsoleRefusesToRunWithoutATerminal() throws {
        let dir = TemporaryDirectory("ioc-cli")
        let result = try run([iocBinary, "--config", defaultConfig, "--store", dir.file("ioc.sqlite")])
        #expect(result.code == 1)
        #expect(result.stderr.contains("needs a terminal"))
    }
}

@Suite(.serialized) struct SharedConsoleEndToEndTests {
    @Test func twoConsolesAndServeShareAlertsAcksAndTheLead() throws {
        let dir = TemporaryDirectory("ioc-shared")
        let store = dir.file("ioc.sqlite")
        let args = "--config '\(defaultConfig)' --store '\(store)' --no-simulator"
        let serve = try Child([iocBinary, "serve", "--config", defaultConfig, "--store", store, "--no-simulator"])
        #expect(eventually { serve.stderr.contains("leading") }, "\(serve.stderr)")
        let left = try TmuxSession(command: "'\(iocBinary)' \(args)")
        let right = try TmuxSession(command: "'\(iocBinary)' \(args)")
        let currentUser = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        for console in [left, right] {
            let shown = console.waitFor { $0.contains("admin \(currentUser)") && !$0.contains("no leader") }
            #expect(shown.ok, "a console did not attach to the leader:\n\(shown.screen)")
        }

        let now = Int64(Date().timeIntervalSince1970)
        let ingest = try run([iocBinary, "ingest", "-", "--config", defaultConfig, "--store", store],
                             stdin: "agri.salinity.max,region=831 value=9.5 \(now)\n")
        #expect(ingest.code == 0, "\(ingest.stderr)")
        // Peak salinity holds for 10 minutes before it fires: both consoles show it pending.
        for console in [left, right] {
            let alert = console.waitFor("Độ mặn cao nhất · Châu Thành")
            #expect(alert.ok, "the alert did not reach a console:\n\(alert.screen)")
            #expect(alert.screen.contains("pending"))
        }
        let alerts = try run([iocBinary, "alerts", "--json", "--config", defaultConfig, "--store", store])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(alerts.stdout.utf8)) as? [[String: Any]])
        let id = try #require(list.first { $0["region"] as? String == "831" }?["id"] as? Int)
        let ack = try run([iocBinary, "ack", "\(id)", "--note", "đã điều thêm bác sĩ", "--config", defaultConfig, "--store", store])
        #expect(ack.code == 0, "\(ack.stderr)")
        for console in [left, right] {
            // The province's roll-up breaches too (and old report figures are stale): the district's is acknowledged.
            let acked = console.waitFor { $0.contains(" open, 1 acknowledged") && $0.contains("ack \(currentUser)") }
            #expect(acked.ok, "the ack did not reach a console:\n\(acked.screen)")
        }

        // The leader dies; the consoles start a headless leader in the background (they never
        // lead themselves) and attach to it; an ack goes through it.
        let killed = serve.pid
        serve.signal(SIGKILL)
        serve.wait()
        let next = eventually { (backgroundLeader(store: store)).map { $0 != killed } ?? false }
        #expect(next, "no leader took over:\n\(left.screen())\n\(right.screen())")
        for console in [left, right] {
            #expect(console.waitFor { !$0.contains("no leader") && $0.contains("admin \(currentUser)") }.ok)
        }
        let note = try run([iocBinary, "note", "\(id)", "after the takeover", "--config", defaultConfig, "--store", store])
        #expect(note.code == 0, "\(note.stderr)")
        for console in [left, right] {
            try console.send("q")
            #expect(console.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
        }
        stopBackgroundLeader(store: store)
    }
}

@Suite(.serialized) struct OperatorFlowEndToEndTests {
    @Test func jumpDrillDownSwitchRangeAndAcknowledgeSeenOnASecondConsole() throws {
        let dir = TemporaryDirectory("ioc-flow")
        let store = dir.file("ioc.sqlite")
        let args = "--config '\(defaultConfig)' --store '\(store)' --no-simulator"
        // Nobody leads: the first console starts a headless leader in the background, the way
        // tmux starts its server; both consoles attach to it.
        defer { stopBackgroundLeader(store: store) }
        let first = try TmuxSession(command: "'\(iocBinary)' \(args)")
        #expect(first.waitFor { $0.contains("IOC Bến Tre") && !$0.contains("no leader") }.ok)
        #expect(backgroundLeader(store: store) != nil, "the console started no leader")
        let second = try TmuxSession(command: "'\(iocBinary)' \(args)")
        #expect(second.waitFor { $0.contains("IOC Bến Tre") && !$0.contains("no leader") }.ok)
        let now = Int64(Date().timeIntervalSince1970)
        #expect(try run([iocBinary, "ingest", "-", "--config", defaultConfig, "--store", store],
                        stdin: "agri.salinity.max,region=838 value=9.5 \(now)\n").code == 0)
        // Both consoles show the breach before anyone navigates to it.
        #expect(first.waitFor("Độ mặn cao nhất · Mỏ Cày Bắc").ok)
        #expect(second.waitFor("Độ mặn cao nhất · Mỏ Cày Bắc").ok)

        // Jump by name without diacritics.
        try first.send(":")
        try first.send("-l", "mo cay bac")
        #expect(first.waitFor("→ district Mỏ Cày Bắc").ok)
        try first.send("Enter")
        #expect(first.waitFor("Bến Tre › Mỏ Cày Bắc").ok)
        // Open the agriculture field there, then its worst indicator (the salinity breach), then switch range.
        try first.send("6")
        #expect(first.waitFor("Bến Tre › Mỏ Cày Bắc › Nông nghiệp - Xâm nhập mặn").ok)
        try first.send("Enter")
        let indicator = first.waitFor("› Độ mặn cao nhất")
        #expect(indicator.ok, "\(indicator.screen)")
        #expect(first.waitFor("[7d]").ok)
        try first.send("t")
        #expect(first.waitFor("[30d]").ok)

        // Back to the top, open alerts, acknowledge the first with a note.
        try first.send("Escape", "Escape", "Escape", "Escape", "a")
        #expect(first.waitFor("Bến Tre › Alerts").ok)
        try first.send("A")
        try first.send("-l", "đã báo trạm")
        try first.send("Enter")
        let user = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        let acked = first.waitFor("ack \(user): đã báo trạm")
        #expect(acked.ok, "\(acked.screen)")
        let seen = second.waitFor("1 acknowledged")
        #expect(seen.ok, "the second console never saw the ack:\n\(seen.screen)")

        try second.send("?")
        #expect(second.waitFor("Keys on the overview screen").ok)
        for console in [first, second] {
            try console.send("q")
            #expect(console.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
        }
    }
}

@Suite(.serialized) struct TerminalTypeEndToEndTests {
    @Test(arguments: ["xterm-256color", "screen-256color", "tmux-256color", "linux", "vt100"])
    func theConsoleWorksUnder(_ term: String) throws {
        let dir = TemporaryDirectory("ioc-term")
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(dir.file("ioc.sqlite"))' --no-simulator",
                                   width: 100, height: 30, environment: ["TERM": term])
        let shown = tmux.waitFor { $0.contains("IOC Bến Tre") && $0.contains("An ninh trật tự") && $0.contains("q quit") }
        #expect(shown.ok, "TERM=\(term):\n\(shown.screen)")
        try tmux.send("2")
        #expect(tmux.waitFor("Bến Tre › Kinh tế - xã hội").ok, "TERM=\(term)")
        try tmux.send("q")
        let exited = tmux.waitFor("IOC-EXIT=")
        #expect(exited.screen.contains("IOC-EXIT=0"), "TERM=\(term):\n\(exited.screen)")
    }
    /// A terminal type the host has never heard of (a new emulator's, brought by an SSH client):
    /// the console falls back to xterm-256color and says so, instead of ncurses ending the process.
    @Test func anUnknownTerminalTypeFallsBackAndSaysSo() throws {
        let dir = TemporaryDirectory("ioc-term")
        let store = dir.file("ioc.sqlite")
        defer { stopBackgroundLeader(store: store) }
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(store)' --no-simulator",
                                   width: 100, height: 30, environment: ["TERM": "ioc-emulator-nobody-knows"])
        let shown = tmux.waitFor { $0.contains("IOC Bến Tre") && $0.contains("'ioc-emulator-nobody-knows' is unknown on this host; using xterm-256color") }
        #expect(shown.ok, "\(shown.screen)")
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
    }

    /// Over SSH every write becomes a packet: a frame must reach the terminal in one write, not
    /// one per cursor move (ncurses alone wrote about 140 for a full 160×48 frame).
    @Test func eachFrameReachesTheTerminalInOneWrite() throws {
        let strace = try #require(["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                  "strace is missing (.ci/run installs it)")
        let dir = TemporaryDirectory("ioc-frames")
        let store = dir.file("ioc.sqlite"), trace = dir.file("writes.txt")
        defer { stopBackgroundLeader(store: store) }
        let started = Date()
        let tmux = try TmuxSession(command: "'\(strace)' -e trace=write -o '\(trace)' '\(iocBinary)' --config '\(defaultConfig)' --store '\(store)' --no-simulator",
                                   width: 160, height: 48)
        #expect(tmux.waitFor { $0.contains("An ninh trật tự") && !$0.contains("no leader") }.ok)
        // Ten whole-screen changes, each waited for on screen.
        let overview: (String) -> Bool = { $0.contains("An ninh trật tự") && !$0.contains("Bến Tre ›") }
        let steps: [(String, (String) -> Bool)] = [
            ("2", { $0.contains("Bến Tre › Kinh tế - xã hội") }), ("Escape", overview),
            ("4", { $0.contains("Bến Tre › Y tế") }), ("Escape", overview),
            ("a", { $0.contains("Bến Tre › Alerts") }), ("Escape", overview),
            ("?", { $0.contains("Keys on the overview screen") }), ("Escape", overview),
            ("6", { $0.contains("Bến Tre › Nông nghiệp") }), ("Escape", overview),
        ]
        var presses = 0
        for (key, shown) in steps {
            try tmux.send(key)
            presses += 1
            #expect(tmux.waitFor(shown).ok, "after \(key)")
        }
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=0").ok)
        let seconds = Int(Date().timeIntervalSince(started)) + 1
        let writes = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("write(1,") }.count
        // One write per frame: at most a frame per key and one per second (the clock), with room
        // for start and end.
        #expect(writes > 0 && writes <= presses + seconds + 10, "\(writes) writes to the terminal for \(presses) keys in \(seconds) s")
    }

    @Test(arguments: ["dumb", ""]) func aTerminalThatCannotMoveTheCursorIsRefusedClearly(_ term: String) throws {
        let dir = TemporaryDirectory("ioc-term")
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(defaultConfig)' --store '\(dir.file("ioc.sqlite"))' --no-simulator",
                                   width: 100, height: 30, environment: ["TERM": term])
        let refused = tmux.waitFor("IOC-EXIT=")
        #expect(refused.screen.contains("the console needs a terminal that can move the cursor") && refused.screen.contains("IOC-EXIT=1"),
                "TERM='\(term)':\n\(refused.screen)")
    }
}

/// A console whose terminal nobody reads (a closed laptop lid, a stalled SSH link) blocks in its
/// own writes; the center must not notice.
@Suite(.serialized) struct StalledTerminalEndToEndTests {
    /// Runs `arguments` on a pseudo-terminal whose output is never read, pressing keys that make
    /// it draw whole screens, so its writes fill the terminal's buffer and block. Keys come one at
    /// a time (curses holds output back while input is pending, and Esc must stand alone).
    static let unreadTerminal = """
        import os, pty, sys, time, fcntl
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        print(pid, flush=True)
        fcntl.fcntl(fd, fcntl.F_SETFL, os.O_NONBLOCK)
        deadline = time.time() + 300
        while time.time() < deadline:
            for key in [b"1", b"\\x1b", b"?", b"\\x1b", b"a", b"\\x1b"]:
                try:
                    os.write(fd, key)
                except OSError:
                    pass
                time.sleep(0.1)
        """

    /// Whether a process sleeps in write(2) (x86-64: 1, arm64: 64).
    static func isBlockedWriting(_ pid: Int32) -> Bool {
        let syscall = (try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8))?.split(separator: " ").first
        return syscall == "1" || syscall == "64"
    }

    @Test func aConsoleBlockedOnItsTerminalCostsTheCenterNothing() throws {
        let dir = TemporaryDirectory("ioc-stall")
        let store = dir.file("ioc.sqlite")
        let serve = try Child(ioc(["serve", "--no-simulator"], store: store))
        defer { serve.signal(SIGTERM); serve.wait() }
        #expect(eventually { serve.stderr.contains("leading") }, "\(serve.stderr)")
        let stalled = try Child(["/usr/bin/python3", "-c", Self.unreadTerminal] + ioc(["--no-simulator"], store: store),
                                environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"])
        defer { stalled.signal(SIGKILL) }
        #expect(eventually { Int32(stalled.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) != nil }, "\(stalled.stderr)")
        let console = try #require(Int32(stalled.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(console, SIGKILL) }
        #expect(eventually(seconds: 120) { Self.isBlockedWriting(console) }, "the console never blocked on its terminal")

        // Meanwhile: values arrive, alerts are evaluated and acknowledged, as if nothing happened.
        let now = Int64(Date().timeIntervalSince1970)
        let ingest = try run(ioc(["ingest", "-"], store: store), stdin: "agri.salinity.max,region=831 value=9.5 \(now)\n")
        #expect(ingest.code == 0, "\(ingest.stderr)")
        let alerts = try run(ioc(["alerts", "--json"], store: store))
        let list = try #require(try JSONSerialization.jsonObject(with: Data(alerts.stdout.utf8)) as? [[String: Any]])
        let id = try #require(list.first { $0["region"] as? String == "831" }?["id"] as? Int, "\(list)")
        let ack = try run(ioc(["ack", "\(id)", "--note", "while a console is stalled"], store: store))
        #expect(ack.code == 0, "\(ack.stderr)")
        #expect(Self.isBlockedWriting(console), "the console was still blocked all along")
    }
}
