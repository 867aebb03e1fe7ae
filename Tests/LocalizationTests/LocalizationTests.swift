import Foundation
@testable import Localization
import TestSupport
import Testing

@Suite struct LanguageTests {
    @Test func theLocaleDecidesWhenTheCenterDoesNot() {
        #expect(Language.fromEnvironment([:]) == .en)
        #expect(Language.fromEnvironment(["LANG": "vi_VN.UTF-8"]) == .vi)
        #expect(Language.fromEnvironment(["LANG": "C.UTF-8"]) == .en)
        #expect(Language.fromEnvironment(["LANG": "vi_VN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]) == .en, "LC_MESSAGES before LANG")
        #expect(Language.fromEnvironment(["LC_ALL": "vi_VN", "LC_MESSAGES": "en_US.UTF-8"]) == .vi, "LC_ALL before all")
        #expect(Language.fromEnvironment(["LC_ALL": "", "LANG": "vi"]) == .vi, "an empty one is skipped")
        #expect(Language.fromEnvironment(["LANG": "fr_FR.UTF-8"]) == .en, "neither: English")
        #expect(Language.parse("vi") == .vi && Language.parse("EN_us") == .en && Language.parse("de") == nil && Language.parse("") == nil)
    }
}

@Suite struct POFileTests {
    @Test func entriesContextsPluralsContinuationsAndEscapes() throws {
        let text = #"""
        # a comment
        msgid ""
        msgstr "Language: vi\n"

        msgctxt "status"
        msgid "ok"
        msgstr "Đạt"

        #, fuzzy
        msgid "guess"
        msgstr "đoán"

        #, python-brace-format
        msgid "{count} alert"
        msgid_plural "{count} alerts"
        msgstr[0] "{count} "
        "cảnh báo"

        msgid "say \"hi\"\tthen\\go"
        msgstr "nói \"chào\""
        """#
        let entries = try POFile.parse(text, file: "t.po")
        #expect(entries.map(\.id) == ["", "ok", "guess", "{count} alert", #"say "hi"\#tthen\go"#])
        #expect(entries[0].translations == ["Language: vi\n"])
        #expect(entries[1].context == "status" && entries[1].translations == ["Đạt"])
        #expect(entries[2].flags == ["fuzzy"])
        #expect(entries[3].plural == "{count} alerts" && entries[3].translations == ["{count} cảnh báo"] && entries[3].flags == ["python-brace-format"])
        #expect(entries[4].translations == [#"nói "chào""#] && entries[4].line == 19)
        let messages = Messages(language: .vi, entries: entries)
        #expect(messages.text("ok", context: "status") == "Đạt" && messages.text("ok") == "ok", "a context is part of the key")
        #expect(messages.text("guess") == "guess", "a fuzzy translation is not used")
        #expect(messages.text("{count} alert", plural: "{count} alerts", count: 1_234) == "1.234 cảnh báo")
        #expect(Messages.english.text("{count} alert", plural: "{count} alerts", count: 1) == "1 alert")
        #expect(Messages.english.text("{count} alert", plural: "{count} alerts", count: 1_234) == "1,234 alerts")
    }

    @Test func whatIsWrongIsSaidWithItsLine() {
        func problem(_ text: String) -> String? {
            do { _ = try POFile.parse(text, file: "vi.po"); return nil } catch { return error.description }
        }
        #expect(problem("msgid \"a\"\nmsgstr \"b\nmsgid \"c\"\nmsgstr \"d\"") == "vi.po:2: expected a string in double quotes, found '\"b'")
        #expect(problem("msgid \"a\"\nmsgid_plural \"as\"\n") == "vi.po:1: msgid \"a\" has no msgstr")
        #expect(problem("msgstr \"b\"") == "vi.po:1: msgstr before msgid")
        #expect(problem("msgid \"a\"\nmsgtxt \"b\"") == "vi.po:2: unknown keyword 'msgtxt'")
        #expect(problem("\"loose\"") == "vi.po:1: a string outside any msgid or msgstr")
        #expect(problem("msgid \"a\\q\"\nmsgstr \"b\"") == "vi.po:1: unknown escape \\q")
        #expect(problem("msgid \"a\"\nmsgstr[1] \"b\"") == "vi.po:2: msgstr[1] out of order")
    }
}

/// The shipped Vietnamese catalog: what CI checks of it.
@Suite struct VietnameseCatalogTests {
    static let file = repositoryRoot.appendingPathComponent("Sources/Localization/Catalogs/vi.po").path

    @Test func theCompiledCatalogIsTheFileAndGettextAcceptsIt() throws {
        let text = try String(contentsOfFile: Self.file, encoding: .utf8)
        #expect(VietnameseCatalog.text + "\n" == text, "Catalogs/vi.po changed: run tools/po-embed")
        let check = try run(["/usr/bin/msgfmt", "--check", "--check-format", "--check-header", "-o", "/dev/null", Self.file])
        #expect(check.code == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("warning"), "\(check.stderr)")
    }

    @Test func everyMessageIsTranslatedWithTheSamePlaceholders() throws {
        let entries = try POFile.parse(VietnameseCatalog.text, file: "vi.po").filter { !$0.id.isEmpty }
        #expect(entries.count >= 30, "the statuses, severities, alert states, roles, outlooks and console words")
        let messages = Messages.shipped(.vi)
        for entry in entries {
            #expect(!entry.flags.contains("fuzzy") && entry.translations.allSatisfy { !$0.isEmpty }, "\(entry.id) is not translated")
            #expect(messages.has(entry.id, context: entry.context))
            for translation in entry.translations {
                #expect(Messages.placeholders(in: translation) == Messages.placeholders(in: entry.id),
                        "vi.po:\(entry.line): '\(translation)' names other placeholders than '\(entry.id)'")
                let braced = !Messages.placeholders(in: entry.id).isEmpty
                #expect(braced == entry.flags.contains("python-brace-format"), "vi.po:\(entry.line): mark placeholders python-brace-format for msgfmt to check")
            }
        }
        // One term per concept: the glossary's words.
        #expect(messages.text("critical", context: "status") == "Nghiêm trọng")
        #expect(messages.text("stale", context: "status") == "Chậm cập nhật")
        #expect(messages.text("operator", context: "role") == "cán bộ trực")
        #expect(messages.text("data {age} ago", ["age": NumberForms(.vi).duration(5)]) == "dữ liệu 5 giây trước")
    }

    /// A catalog where a translation drops a placeholder: msgfmt says so, so CI would.
    @Test func gettextCatchesAPlaceholderLeftOut() throws {
        let dir = TemporaryDirectory("ioc-po")
        try "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n#, python-brace-format\nmsgid \"{open} open\"\nmsgstr \"đang mở\"\n"
            .write(toFile: dir.file("bad.po"), atomically: true, encoding: .utf8)
        let check = try run(["/usr/bin/msgfmt", "--check", "-o", "/dev/null", dir.file("bad.po")])
        #expect(check.code != 0 && check.stderr.contains("open"), "\(check.stderr)")
    }
}

@Suite struct NumberFormsTests {
    let vi = NumberForms(.vi), en = NumberForms(.en)
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    @Test func numbers() {
        #expect(vi.integer(39_589) == "39.589" && en.integer(39_589) == "39,589")
        #expect(vi.integer(-1_234_567) == "-1.234.567" && vi.integer(999) == "999" && vi.integer(0) == "0")
        #expect(vi.decimal(6.28, places: 2) == "6,28" && en.decimal(6.28, places: 2) == "6.28")
        #expect(vi.decimal(4_794.45, places: 1) == "4.794,5" && en.decimal(4_794.45, places: 1) == "4,794.5")
        #expect(vi.decimal(0.005, places: 2) == "0,01" && vi.decimal(-0.004, places: 2) == "0,00" && vi.decimal(-2.5, places: 0) == "-3")
        #expect(vi.decimal(7, places: 3) == "7,000" && vi.decimal(.nan, places: 1) == "–" && vi.decimal(.infinity, places: 1) == "–")
        #expect(vi.percent(6.28, places: 2) == "6,28 %" && en.percent(6.28, places: 2) == "6.28%")
    }

    @Test func datesAndPeriods() {
        let t: Int64 = 1_796_661_600  // 2026-12-07 23:40 in Bến Tre (UTC+7)
        #expect(vi.date(t, timeZone: zone) == "07/12/2026" && en.date(t, timeZone: zone) == "2026-12-07")
        #expect(vi.time(t, timeZone: zone) == "23:40")
        #expect(vi.week(49, of: 2026) == "tuần 49/2026" && en.week(49, of: 2026) == "week 49 of 2026")
        #expect(vi.month(11, of: 2026) == "tháng 11/2026" && en.month(11, of: 2026) == "November 2026")
        #expect(vi.quarter(4, of: 2026) == "quý IV/2026" && en.quarter(4, of: 2026) == "Q4 2026")
        #expect(vi.half(1, of: 2026) == "6 tháng đầu năm 2026" && vi.half(2, of: 2026) == "6 tháng cuối năm 2026" && en.half(2, of: 2026) == "H2 2026")
        #expect(vi.year(2026) == "năm 2026")
        #expect(vi.ago(5) == "5 giây trước" && vi.duration(13 * 60 + 5) == "13 phút" && vi.duration(2 * 3_600) == "2 giờ")
        #expect(vi.duration(3 * 86_400 + 1) == "3 ngày" && en.ago(5) == "5s ago" && vi.duration(-3) == "0 giây")
    }
}
