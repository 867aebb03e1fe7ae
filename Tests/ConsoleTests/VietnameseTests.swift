import Canvas
@testable import Console
import Foundation
import IndicatorEngine
import Localization
import TestSupport
import Testing

/// The console in Vietnamese (#31): the default center's screens as the operators read them, at
/// 80×24 and 160×48, with no English chrome left; `L` switching for one operator; every word the
/// console says has its Vietnamese.
@Suite struct VietnameseConsoleTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]

    /// The screens of the issue, each reached by the keys an operator presses, with what the
    /// runner would answer (feeds, audit, reports, a journal, the past).
    static func screens(_ size: Size) -> [(name: String, state: ConsoleState)] {
        var result = Center.screens.map { ($0.name, Center.screen($0.keys, size: size, language: .vi)) }
        let home = Center.state(size: size, language: .vi)
        let now = Center.now
        result.append(("help", press(home, [.char("?")]).0))
        var journal = press(home, [.char("a")]).0
        let alert = journal.alerts[0]
        journal = update(journal, .journal(alert: alert.id, [
            JournalEntry(alert: alert.id, time: alert.since, actor: "engine", action: "firing", from: .pending, to: .firing, reason: "condition cleared"),
            JournalEntry(alert: alert.id, time: now - 60, actor: "giamsat1", action: "note", from: nil, to: nil, reason: "đã báo trạm quan trắc"),
        ])).0
        result.append(("alerts-journal", journal))
        var past = press(home, [.char(":")] + "at 08/03/2026 17h00".map { .char($0) } + [.enter]).0
        past = update(past, .travelled(Center.engine.table, alerts: [], at: now - 17 * 3_600)).0
        result.append(("time-travel", past))
        var feeds = press(home, [.char("F")]).0
        feeds = update(feeds, .feeds([
            FeedRecord(name: "simulator", kind: "simulator", state: .running, lastTime: now - 2, accepted1h: 52_011, rejected1h: 0, restarts: 0, lastError: ""),
            FeedRecord(name: "tram-man", kind: "command", state: .failed, lastTime: nil, accepted1h: 0, rejected1h: 0, restarts: 7,
                       lastError: "exited with status 1"),
            FeedRecord(name: "telegraf", kind: "http", state: .quiet, lastTime: now - 1_260, accepted1h: 310, rejected1h: 4, restarts: 0, lastError: ""),
        ])).0
        result.append(("feeds", feeds))
        var audit = press(home, [.char("u")]).0
        audit = update(audit, .audit([
            AuditEntry(time: now - 60, user: "truc1", role: "operator", action: "ack", target: "alert 12", result: "applied", detail: "đã báo trạm", origin: ""),
            AuditEntry(time: now - 30, user: "khach1", role: "viewer", action: "silence", target: "", result: "refused", detail: "", origin: "10.0.0.7"),
        ])).0
        result.append(("audit", audit))
        var reports = press(home, [.char("R")]).0
        reports = update(reports, .reports([ReportFile(name: "month-2026-02-83", path: "/r/month-2026-02-83.md", written: now - 86_400 * 7, others: ["xlsx", "csv"])])).0
        result.append(("reports", reports))
        let reading = update(reports, .reportPreview(ReportPreview(title: "Báo cáo tháng 02/2026 · Bến Tre", text: """
            # Báo cáo tháng 02/2026 · IOC Bến Tre

            ## Tóm tắt

            Cuối kỳ, Bến Tre có 1.032/1.038 chỉ tiêu đạt và 6 chỉ tiêu vượt ngưỡng; điểm bình quân các lĩnh vực là 97,5 % (kỳ trước 96 %).
            """))).0
        result.append(("reports-reading", reading))
        return result
    }

    static let cases: [(String, Size)] = sizes.flatMap { size in screens(size).map { ($0.name, size) } }

    @Test(arguments: cases) func snapshot(_ name: String, _ size: Size) {
        let state = Self.screens(size).first { $0.name == name }!.state
        #expect(state.language == .vi)
        let mismatch = goldenMismatch(view(state).text, file: "vi-\(name)-\(size.width)x\(size.height).txt", directory: goldenDirectory)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    /// English words the console's chrome used to say. Codes (`agri.salinity.max`), key names
    /// (Enter, Esc, Tab, PgUp) and the `:at`/`ioc` commands stay as they are.
    static let englishChrome = ["quit", "help", "open", "back", "jump", "alerts", "Alerts", "score", "worst", "indicator", "Indicator",
                                "Field", "Value", "Target", "Trend", "Age", "data", "ago", "acknowledged", "firing", "pending", "WARN",
                                "CRIT", "STALE", "WARNING", "CRITICAL", "Severity", "State", "History", "loading", "ranked", "districts",
                                "communes", "Journal", "Keys", "screen", "feeds", "Feed", "entries", "written", "AS OF", "PAUSED",
                                "supervisor", "operator", "min", "mean", "max", "thresholds", "target", "roll-up", "source", "monthly",
                                "daily", "hourly", "higher_is_better", "lower_is_better", "none", "open", "Theo dõi pinned", "pinned",
                                "Time", "User", "Role", "Action", "Result", "Detail", "applied", "refused", "running", "failed", "quiet",
                                "never", "Last error", "Reports", "Audit", "Help", "select", "filter", "sort", "range", "silence", "note",
                                "lines", "of", "the", "and", "no", "yes", "Enter reads", "condition cleared", "firing since"]

    /// Every Vietnamese golden is free of them (a word counts alone: `agri.salinity.max` is a code).
    @Test func noEnglishChromeIsLeft() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path).filter { $0.hasPrefix("vi-") }
        #expect(files.count == Self.cases.count)
        for file in files {
            let text = try String(contentsOf: goldenDirectory.appendingPathComponent(file), encoding: .utf8)
            for word in Self.englishChrome {
                let pattern = "(?<![\\p{L}\\p{N}._/-])" + NSRegularExpression.escapedPattern(for: word) + "(?![\\p{L}\\p{N}._/-])"
                let found = text.range(of: pattern, options: .regularExpression)
                #expect(found == nil, "\(file) still says '\(word)': \(found.map { String(text[text.lineRange(for: $0)]) } ?? "")")
            }
        }
    }

    /// The README shows the screens the shipped center opens on, as the goldens have them.
    @Test func theReadmeShowsTheVietnameseScreens() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for file in ["vi-overview-80x24.txt", "vi-district-80x24.txt", "vi-overview-160x48.txt"] {
            let screen = try String(contentsOf: goldenDirectory.appendingPathComponent(file), encoding: .utf8)
            #expect(readme.contains("```\n" + screen.trimmingCharacters(in: .newlines) + "\n```"), "README.md does not show \(file) as it is")
        }
    }

    /// The scan finds an English word in a screen that has one.
    @Test func theScanCatchesEnglish() {
        let english = view(Center.state(size: Size(width: 80, height: 24))).text
        #expect(english.range(of: "(?<![\\p{L}\\p{N}._/-])quit(?![\\p{L}\\p{N}._/-])", options: .regularExpression) != nil)
    }

    /// Vietnamese numbers and words on the screens: `4,08 ‰`, `1.032`-style counts, status words, ages.
    @Test func vietnameseFormsOnScreen() {
        let overview = view(Center.state(size: Size(width: 160, height: 48), language: .vi)).text
        #expect(overview.contains(",") && overview.contains("‰"))
        #expect(overview.range(of: #"\d+,\d+ ‰"#, options: .regularExpression) != nil, "decimals with a comma")
        #expect(overview.range(of: #"\d+\.\d+ ‰"#, options: .regularExpression) == nil, "no English decimals")
        #expect(overview.contains("giám sát viên giamsat1 · dữ liệu 0 giây trước"), "\(overview.prefix(200))")
        #expect(overview.contains("CẢNH BÁO") && overview.contains("đang xảy ra 2 giờ"))
        let field = view(Center.screen([.char("2")], size: Size(width: 160, height: 48), language: .vi)).text
        #expect(field.contains("chỉ tiêu, sắp xếp theo trạng thái"))
    }

    /// `L` switches this operator's language at once, says so in the new one, and keeps it.
    @Test func theLKeySwitchesAndKeepsTheLanguage() {
        let english = Center.state(size: Size(width: 80, height: 24))
        let (vi, effects) = press(english, [.char("L")])
        #expect(vi.language == .vi && vi.preferences.language == "vi")
        #expect(effects == [.savePreferences(vi.preferences), .repaint])
        #expect(vi.notice == "Bảng điều khiển đã chuyển sang tiếng Việt, cả cho lần mở sau (L để đổi ngôn ngữ)")
        let lines = view(vi).lines()
        #expect(lines[0].contains("dữ liệu 0 giây trước") && lines[23].contains("Bảng điều khiển"))
        #expect(view(press(vi, [.char("a")]).0).lines()[23].contains("q thoát"), "the hints in Vietnamese, the keys the same")
        let (back, _) = press(vi, [.char("L")])
        #expect(back.language == .en && back.preferences.language == "en")
        #expect(back.notice == "The console speaks English now, and will at your next start (L switches)")
        #expect(view(back).lines()[0].contains("data 0s ago"))
    }

    /// Tab completes a name whole, whatever words the language puts before it.
    @Test func completionGivesTheName() {
        let state = press(Center.state(size: Size(width: 80, height: 24), language: .vi), [.char(":")] + "chau th".map { .char($0) } + [.tab]).0
        #expect(state.prompt == .command("Châu Thành"))
        #expect(view(state).lines()[23].contains("Châu Thành (Bến Tre), đơn vị cấp huyện"))
    }
}

/// Every word the console and the commands can say has its Vietnamese, found from the sources
/// themselves, so a new message without a translation fails here rather than on a screen.
@Suite struct ConsoleCatalogTests {
    static let sources = ["Sources/Console", "Sources/Console/Screens", "Sources/Runtime", "Sources/Runtime/Stores", "Sources/Coordinator", "Sources/IndicatorEngine"].flatMap { folder in
        ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent(folder).path)) ?? [])
            .filter { $0.hasSuffix(".swift") }
            .map { repositoryRoot.appendingPathComponent(folder).appendingPathComponent($0).path }
    }

    @Test func everyLiteralMessageIsTranslated() throws {
        let vi = Messages.shipped(.vi)
        let call = try NSRegularExpression(pattern: #"(?:\btr|\bsay|words\.text|\bPhrase)\(\s*"((?:[^"\\]|\\.)*)"(?:\s*,\s*plural:\s*"(?:[^"\\]|\\.)*")?(?:[^()"]*?context:\s*"([^"]*)")?"#)
        var checked = 0
        for path in Self.sources {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for match in call.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let id = String(text[Range(match.range(at: 1), in: text)!]).replacingOccurrences(of: "\\\"", with: "\"")
                let context = Range(match.range(at: 2), in: text).map { String(text[$0]) }
                // An interpolated string is no message of the catalog (a line passed on as it is).
                if id.contains("\\(") { continue }
                #expect(vi.has(id, context: context), "\((path as NSString).lastPathComponent): '\(id)' (context \(context ?? "none")) has no Vietnamese in vi.po")
                checked += 1
            }
        }
        #expect(checked > 100, "the scan found the console's messages")
    }

    /// The words made from values: keys, screens, levels, columns, ranges, frequencies, states.
    @Test func everyWordOfAValueIsTranslated() {
        let vi = Messages.shipped(.vi)
        func expectAll(_ ids: [String], _ context: String?) {
            for id in ids { #expect(vi.has(id, context: context), "'\(id)' (context \(context ?? "none")) has no Vietnamese in vi.po") }
        }
        expectAll(Action.allCases.map(\.summary), "key")
        expectAll(KeyMap.standard.bindings.filter(\.hinted).map(\.action.hint), "key hint")
        expectAll(ScreenKind.allCases.map(\.rawValue), "screen")
        expectAll(RegionLevel.allCases.map(\.rawValue), "level")
        expectAll(FieldColumn.allCases.map(\.rawValue), "sort")
        expectAll(HistoryRange.allCases.map(\.rawValue), "range")
        expectAll(Array(Frequency.named.keys), "frequency")
        expectAll(Direction.allCases.map(\.rawValue), "direction")
        expectAll(RollupRule.names, "rollup")
        expectAll(AlertState.allCases.map(\.rawValue), "alert state")
        expectAll(AlertState.allCases.map(\.rawValue), "journal")
        expectAll(Severity.allCases.map(\.rawValue), "severity")
        expectAll(Role.allCases.map(\.rawValue), "role")
        expectAll(FeedRecord.State.allCases.map(\.rawValue), "feed state")
        expectAll(["Time", "User", "Role", "Action", "Target", "Result", "Detail · from"], "audit column")
        expectAll(FeedsScreen.columns.map(\.0) + ["Last error"], "feeds screen column")
        expectAll(["Indicator", "Value", "Target / progress", "Trend", "Age"], "field column")
        expectAll(["STALE", "WARNING", "CRITICAL"], "alert label")
        expectAll(["STALE", "WARN", "CRIT"], "alert label short")
        expectAll(["a viewer", "an operator", "a supervisor", "an admin"], "role with article")
        expectAll(["acknowledging an alert", "a note on an alert", "silencing", "expiring someone else's silence", "ingesting",
                   "reloading the configuration", "a test notification"], "action")
    }
}
