import Canvas
import Console
import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Runtime
import TestSupport
import Testing

/// The console runner end to end against a real temporary store, driven by a scripted terminal:
/// whole scenarios in milliseconds, without tmux.
@Suite struct ConsoleRunnerTests {
    let catalog = Fixtures.catalog()
    let dir = TemporaryDirectory("ioc-runner")

    /// Settings of a console of `user`; `startLeader` is what the console does when nobody leads.
    func settings(user: String = "lan", role: Role = .operator, scope: [String] = [], startLeader: (() -> Void)? = nil) -> ConsoleRunner.Settings {
        let grant = OperatorGrant(identity: Identity(user: user, uid: 1000), role: role, scope: scope)
        let center = Center.of(RegionScope(codes: scope, catalog: catalog), catalog: catalog, centers: [])
        return ConsoleRunner.Settings(catalog: catalog, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!, theme: .dark, keyMap: KeyMap.standard,
                                      grant: grant, center: center, startLeader: startLeader)
    }

    func keys(_ text: String) -> ScriptedBackend.Step { .events(text.map { .key(.char($0)) }) }

    @Test func drillDownAcknowledgeDataFromElsewhereResizeAndQuit() throws {
        let path = dir.file("ioc.sqlite")
        let other = try Store(path: path)
        // Nobody leads: the console starts one (here a thread; `ioc` starts `ioc serve` in the background).
        nonisolated(unsafe) var leader: BackgroundLeader?
        defer { leader?.stop() }
        let now = Int64(Date().timeIntervalSince1970)
        let backend = ScriptedBackend(size: Size(width: 120, height: 36), script: [
            .until("the overview") { $0.contains("1 Hành chính công") && $0.contains("Alerts: none open") },
            .until("attached to the leader it started") { !$0.contains("no leader") },
            // Another process hands the leader a breaching value through the intake queue.
            .run { try other.enqueueIntake([Observation(indicator: "agri.salinity.max", region: "83", time: now - 10, value: 9.5)]) },
            .until("the alert in the strip") { $0.contains("CRIT  Độ mặn cao nhất · Bến Tre") },
            keys("2"),
            .until("the field table") { $0.contains("Bến Tre › Nông nghiệp - Xâm nhập mặn") && $0.contains("9.5 ‰") },
            .events([.key(.enter)]),
            .until("the indicator page") { $0.contains("agri.salinity.max · realtime") },
            .events([.key(.escape), .key(.escape)]),
            keys("a"),
            .until("the alerts screen") { $0.contains("1 open, 0 acknowledged") },
            keys("A"), keys("checked"), .events([.key(.enter)]),
            .until("the acknowledgement, applied by the leader") { $0.contains("ack \(CommandServer.identity(uid: getuid()).user): checked") },
            keys("n"), keys("pump restarted"), .events([.key(.enter)]),
            .until("the note, applied by the leader") { $0.contains("note added to alert") },
            .events([.resized(Size(width: 80, height: 24))]),
            .until("the frame at the new size") { $0.split(separator: "\n", omittingEmptySubsequences: false).count == 24 },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(startLeader: { [catalog] in
            if leader == nil { leader = BackgroundLeader(catalog: catalog, path: path) }
        }), log: { _ in })
        let reason = try runner.run()
        #expect(backend.failures == [])
        #expect(reason == "quit by operator")
        #expect(backend.frames.last?.size == Size(width: 80, height: 24))
        #expect(try other.alerts().first?.acknowledged?.by == CommandServer.identity(uid: getuid()).user, "the ack is in the store, for every console")
        // The leader took the user from the kernel (this test's own account), not from the console.
        let me = CommandServer.identity(uid: getuid()).user
        #expect(try other.auditTrail().contains { $0.action == "ack" && $0.user == me && $0.result == "applied" })
        #expect(try other.auditTrail().contains { $0.action == "session start" && $0.user == me })
        let alert = try #require(try other.alerts().first)
        #expect(try other.journal(alert: alert.id).contains { $0.action == "note" && $0.reason == "pump restarted" && $0.actor == me })
    }

    /// Time travel against a real store and leader: `:at` shows the value that stood then with
    /// the banner, live data arriving meanwhile is held back, Esc shows it.
    @Test func travelToThePastAndBackToLive() throws {
        let path = dir.file("ioc.sqlite")
        let other = try Store(path: path)
        let now = Int64(Date().timeIntervalSince1970)
        try other.enqueueIntake([Observation(indicator: "admin.overdue", region: "831", time: now - 3 * 86_400, value: 5),
                                 Observation(indicator: "admin.overdue", region: "831", time: now - 600, value: 40)])
        let leader = BackgroundLeader(catalog: catalog, path: path)
        defer { leader.stop() }
        let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        let twoDaysAgo = f.string(from: Date(timeIntervalSince1970: TimeInterval(now - 2 * 86_400)))
        let backend = ScriptedBackend(size: Size(width: 120, height: 36), script: [
            .until("the overview, attached") { $0.contains("1 Hành chính công") && !$0.contains("no leader") },
            keys("1"),
            .until("the live value") { $0.contains("Bến Tre › Hành chính công") && $0.contains("40 hồ sơ") },
            keys(":at \(twoDaysAgo)"), .events([.key(.enter)]),
            .until("the past, said so") { $0.contains("◷ AS OF") && $0.contains("5 hồ sơ") && !$0.contains("40 hồ sơ") },
            // Live data arrives: the picture holds, the header counts it.
            .run { try other.enqueueIntake([Observation(indicator: "admin.overdue", region: "831", time: now, value: 77)]) },
            .until("held back") { $0.contains("held") && $0.contains("5 hồ sơ") && !$0.contains("77 hồ sơ") },
            keys("a"), keys("A"),
            .until("actions refused in the past") { $0.contains("not now: acknowledging, notes and silences act on the present") },
            .events([.key(.escape), .key(.escape), .key(.escape)]),
            .until("live again, with what arrived") { !$0.contains("AS OF") && $0.contains("1 Hành chính công") },
            keys("1"),
            .until("the new live value") { $0.contains("77 hồ sơ") },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(role: .admin), log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }

    /// `y` sends the locator to the operator's own clipboard as OSC 52; `ioc --open` opens one.
    @Test func aLocatorIsCopiedAsOSC52AndOpenedAgain() throws {
        let path = dir.file("ioc.sqlite")
        let backend = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the overview") { $0.contains("1 Hành chính công") },
            keys("2y"),
            .until("said so") { $0.contains("copied 83/agri to your clipboard") },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(), log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
        // ESC ] 52 ; c ; base64("83/agri") BEL
        #expect(backend.clipboard == [[0x1B, 0x5D, 0x35, 0x32, 0x3B, 0x63, 0x3B] + Array("ODMvYWdyaQ==".utf8) + [0x07]])

        var opening = settings()
        opening.open = "838/agri/agri.salinity.max"
        let second = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the indicator page the locator names") { $0.contains("Mỏ Cày Bắc › Nông nghiệp - Xâm nhập mặn › Độ mặn cao nhất") },
            keys("q"),
        ])
        let reopened = try ConsoleRunner(store: try Store(path: path), terminal: second, settings: opening, log: { _ in })
        #expect(try reopened.run() == "quit by operator")
        #expect(second.failures == [])
        opening.open = "999"
        #expect(throws: Locator.Problem.self) { try ConsoleRunner(store: try Store(path: path), terminal: second, settings: opening, log: { _ in }) }
    }

    /// A fresh console's sparklines show the store's last day, not only what it has seen live.
    @Test func sparklinesComeFromTheStoresLastDay() throws {
        let path = dir.file("ioc.sqlite")
        let store = try Store(path: path)
        let now = Int64(Date().timeIntervalSince1970)
        var batch = Batch()
        // The water level rises through the last day, one value every 90 minutes.
        batch.observations = (0..<16).map { k in
            Observation(indicator: "agri.water_level", region: "83", time: now - 86_000 + Int64(k) * 5_400, value: Double(k * 10))
        }
        try store.commit(batch)
        let backend = ScriptedBackend(size: Size(width: 120, height: 36), script: [
            .until("the overview with a day's sparkline") { frame in
                frame.split(separator: "\n").contains { $0.contains("Mực nước") && $0.contains("▁") && $0.contains("█") }
            },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(), log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }

    /// The field table judges a target from the store's year, not from the latest value alone:
    /// from 20 a year ago to 60 now of a target of 100 is half way, not 60%.
    @Test func targetsAreJudgedFromTheYearOnDisk() throws {
        let now = Int64(Date().timeIntervalSince1970)
        let withTarget = Fixtures.catalog(indicators: [
            Indicator(code: "admin.digital_records", name: "Hồ sơ số hóa", field: "admin", unit: "%", direction: .higherIsBetter,
                      levels: [.province, .district], target: Target(value: 100, by: now + 365 * 86_400)),
        ])
        let path = dir.file("ioc.sqlite")
        let store = try Store(path: path)
        try store.enqueueIntake((0...12).map { k in
            Observation(indicator: "admin.digital_records", region: "83", time: now - 360 * 86_400 + Int64(k) * 30 * 86_400 - 3_600,
                        value: 20 + Double(k) * 40 / 12)
        })
        let leader = BackgroundLeader(catalog: withTarget, path: path)
        defer { leader.stop() }
        let grant = OperatorGrant(identity: Identity(user: "lan", uid: 1000), role: .operator, scope: [])
        let center = Center.of(RegionScope(codes: [], catalog: withTarget), catalog: withTarget, centers: [])
        let settings = ConsoleRunner.Settings(catalog: withTarget, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!, theme: .dark,
                                              keyMap: KeyMap.standard, grant: grant, center: center, startLeader: nil)
        let backend = ScriptedBackend(size: Size(width: 140, height: 36), script: [
            .until("the overview") { $0.contains("1 Hành chính công") && !$0.contains("no leader") },
            keys("1"),
            .until("progress from the year") { frame in
                frame.split(separator: "\n").contains { $0.contains("Hồ sơ số hóa") && $0.contains("60 %") && $0.contains("100 50%") }
            },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings, log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }

    /// `e` writes the table on screen as CSV in the operator's own folder and says where.
    @Test func theTableOnScreenIsExportedAsCSV() throws {
        let path = dir.file("ioc.sqlite")
        let exports = dir.file("exports")
        var settings = settings()
        settings.exportDirectory = exports
        let backend = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the overview") { $0.contains("1 Hành chính công") },
            keys("1"),
            .until("the field table") { $0.contains("Bến Tre › Hành chính công") },
            keys("e"),
            .until("where it went") { $0.contains("exported 2 rows to \(exports)/field-admin-83-") },
            keys("a"), keys("e"),
            .until("the alerts too") { $0.contains("exported 0 rows to \(exports)/alerts-") },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings, log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
        let files = try FileManager.default.contentsOfDirectory(atPath: exports).sorted()
        #expect(files.count == 2 && files[1].hasPrefix("field-admin-83-") && files[1].hasSuffix(".csv"))
        let text = try String(contentsOfFile: exports + "/" + files[1], encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "indicator,name,region,value,unit,status,time,target")
        #expect(try Data(contentsOf: URL(fileURLWithPath: exports + "/" + files[1])).starts(with: [0xEF, 0xBB, 0xBF]), "a byte order mark")
        #expect(lines.dropFirst().prefix(2).map { $0.components(separatedBy: ",")[0] }.sorted() == ["admin.online_rate", "admin.overdue"])
        #expect(try FileManager.default.attributesOfItem(atPath: exports)[.posixPermissions] as? Int == 0o700)
    }

    /// The Reports screen: the folder's reports newest first, one read full width and back to
    /// the list, a period produced on demand, and a period that cannot be read.
    @Test func reportsAreListedReadAndProducedOnDemand() throws {
        let path = dir.file("ioc.sqlite")
        let store = try Store(path: path)
        var batch = Batch()
        let now = Int64(Date().timeIntervalSince1970)
        batch.observations = [Observation(indicator: "admin.overdue", region: "831", time: now - 2 * 86_400, value: 12)]
        try store.commit(batch)
        let folder = ReportMaker.directory(store: path)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "# Monthly report 2026-10 · IOC Bến Tre\n\nA written report.\n".write(toFile: folder + "/month-2026-10-83.md", atomically: true, encoding: .utf8)
        try Data([0x50, 0x4B]).write(to: URL(fileURLWithPath: folder + "/month-2026-10-83.xlsx"))
        let backend = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the overview") { $0.contains("1 Hành chính công") },
            keys("R"),
            .until("the list") { $0.contains("Bến Tre › Reports") && $0.contains("1 written") && $0.contains("month-2026-10-83 +xlsx") },
            .events([.key(.enter)]),
            .until("the report, read") { $0.contains("month-2026-10-83 · lines 1-4 of 4") && $0.contains("A written report.") },
            .events([.key(.escape)]),
            .until("back to the list") { $0.contains("1 written") },
            keys("n"),
            .until("the prompt") { $0.contains("report of period") && $0.contains("month▏") },
            .events(Array(repeating: .key(.backspace), count: 5)), keys("week"), .events([.key(.enter)]),
            .until("the week produced now") { $0.contains("(produced now; ioc report --output saves it)") && $0.contains("# Weekly report") },
            .events([.key(.escape)]), keys("n"), .events(Array(repeating: .key(.backspace), count: 5)), keys("month:2026-13"), .events([.key(.enter)]),
            .until("what is wrong with the period") { $0.contains("invalid period 'month:2026-13': expected month:2026-11") },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(), log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }

    @Test func aHangupEndsTheRunAndAClickOpensAPanel() throws {
        let backend = ScriptedBackend(size: Size(width: 120, height: 36), script: [
            .until("the overview") { $0.contains("2 Nông nghiệp") },
            .events([.click(x: 64, y: 3)]),
            .until("the field the click opened") { $0.contains("Bến Tre › Nông nghiệp - Xâm nhập mặn") },
            .events([.hangup("SIGHUP")]),
        ])
        let runner = try ConsoleRunner(store: try Store(path: dir.file("ioc.sqlite")), terminal: backend, settings: settings(), log: { _ in })
        #expect(try runner.run() == "SIGHUP")
        #expect(backend.failures == [])
    }

    @Test func aScriptThatNeverComesTrueFailsInsteadOfHanging() throws {
        let backend = ScriptedBackend(size: Size(width: 80, height: 24), script: [.until("something never shown") { $0.contains("no such text") }],
                                      patience: 0.2)
        let runner = try ConsoleRunner(store: try Store(path: dir.file("ioc.sqlite")), terminal: backend, settings: settings(), log: { _ in })
        #expect(try runner.run() == "script failed")
        #expect(backend.failures.first?.hasPrefix("never showed something never shown") == true)
    }

    @Test func anAlertsJournalSaysHowItsNotificationsWentAndTheHeaderWhenTheyFail() throws {
        let path = dir.file("ioc.sqlite")
        let store = try Store(path: path)
        let now = Int64(Date().timeIntervalSince1970)
        let leader = try Leader(catalog: catalog, store: store)
        try leader.ingest([Observation(indicator: "agri.salinity.max", region: "83", time: now - 10, value: 9.5)], now: now)
        let alert = try #require(try store.alerts().first)
        var batch = Batch()
        batch.outbox = [OutboxMessage(key: "k1", receiver: "duty", body: "{}", alerts: [alert.id], created: now - 5),
                        OutboxMessage(key: "k2", receiver: "sms", body: "{}", alerts: [alert.id], created: now - 4)]
        try store.commit(batch)
        let rows = try store.notificationLog().map(\.message)
        try store.recordDelivery(id: rows.first { $0.key == "k1" }!.id, at: now - 3, delivered: true, detail: "exit 0")
        try store.recordDelivery(id: rows.first { $0.key == "k2" }!.id, at: now - 3, delivered: false, detail: "exit 3: no signal", nextTry: now + 600)
        let backend = ScriptedBackend(size: Size(width: 160, height: 40), script: [
            .until("the header says deliveries fail") { $0.contains("notifications failing: 1") },
            keys("a"),
            .until("the alerts screen") { $0.contains("1 open, 0 acknowledged") },
            .events([.key(.enter)]),
            .until("the journal with both deliveries") {
                $0.contains("notify: duty — delivered") && $0.contains("notify: sms — failing after 1 try: exit 3: no signal")
            },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(), log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }

    @Test func aDeliveryThatFailsWhileTheConsoleRunsShowsInItsHeader() throws {
        let path = dir.file("ioc.sqlite")
        let store = try Store(path: path)
        var batch = Batch()
        batch.outbox = [OutboxMessage(key: "k1", receiver: "duty", body: "{}", alerts: [], created: 1)]
        try store.commit(batch)
        let id = try #require(try store.notificationLog().first?.message.id)
        let backend = ScriptedBackend(size: Size(width: 160, height: 40), script: [
            .until("the overview, deliveries well") { $0.contains("1 Hành chính công") && !$0.contains("notifications failing") },
            // A failed try is recorded without a new change sequence.
            .run { try store.recordDelivery(id: id, at: 2, delivered: false, detail: "exit 1", nextTry: 3_600) },
            .until("the header says so") { $0.contains("notifications failing: 1") },
            keys("q"),
        ])
        let runner = try ConsoleRunner(store: try Store(path: path), terminal: backend, settings: settings(), log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }
}

/// A console on a store another process holds for itself: every read of it waits. The console
/// still draws at once, says it is reading, and answers keys; the center arrives when the store
/// answers again.
@Suite struct ConsoleNeverWaitsTests {
    let catalog = Fixtures.catalog()
    let dir = TemporaryDirectory("ioc-busy")

    /// `sqlite3` holding the store in exclusive locking mode until released.
    final class ExclusiveHolder {
        let process = Process()
        let input = Pipe()
        init(_ path: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [path]
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // It waits its turn (the store's creator may still be closing), then keeps it.
            input.fileHandleForWriting.write(Data(".timeout 30000\nPRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\nDELETE FROM meta WHERE key = 'none';\n".utf8))
        }
        func release() {
            input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    @Test func aStoreThatMakesReadersWaitDoesNotStopTheConsole() throws {
        let path = dir.file("ioc.sqlite")
        _ = try Store(path: path)
        let holder = try ExclusiveHolder(path)
        // Held: a reader without patience is refused at once.
        #expect(eventually(seconds: 30) { (try? run(["/usr/bin/sqlite3", path, "SELECT count(*) FROM meta"]))?.code != 0 })
        let grant = OperatorGrant(identity: Identity(user: "lan", uid: 1000), role: .operator, scope: [])
        let center = Center.of(RegionScope(codes: [], catalog: catalog), catalog: catalog, centers: [])
        let settings = ConsoleRunner.Settings(catalog: catalog, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!, theme: .dark,
                                              keyMap: KeyMap.standard, grant: grant, center: center, startLeader: nil)
        let backend = ScriptedBackend(size: Size(width: 100, height: 30), script: [
            .until("the first frame, saying the center is being read") { $0.contains("Reading the center…") && $0.contains("1 Hành chính công") },
            .events(":chau thanh".map { .key(.char($0)) }),
            .until("the prompt, at once") { $0.contains(":chau thanh") && $0.contains("Reading the center…") },
            .events([.key(.enter)]),
            .until("the jump, while the store still makes readers wait") { $0.contains("Bến Tre › Châu Thành") && $0.contains("Reading the center…") },
            .events([.key(.escape)]),
            .run { holder.release() },
            .until("the center, once the store answers") { !$0.contains("Reading the center") && !$0.contains("Cannot read") && $0.contains("Alerts: none open") },
            .events([.key(.char("q"))]),
        ])
        // The console opens the store itself, off its loop.
        let runner = try ConsoleRunner(connection: .sqlite(path: path, startLeader: nil), terminal: backend, settings: settings, log: { _ in })
        #expect(try runner.run() == "quit by operator")
        #expect(backend.failures == [])
    }
}
