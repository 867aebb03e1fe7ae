import Foundation
import TestSupport
import Testing

/// The shipped center as its operators meet it (#31): the real console in tmux opens in
/// Vietnamese at 80×24, `L` gives English and is kept for the next start, `--lang` wins for one
/// run, and the commands speak the center's language while their JSON stays the same bytes.
@Suite(.serialized) struct VietnameseEndToEndTests {
    @Test func theShippedCenterOpensInVietnameseAndLSwitchesForThisOperator() throws {
        let dir = TemporaryDirectory("ioc-vi")
        let store = dir.file("ioc.sqlite")
        let home = ["HOME": dir.file("home"), "XDG_CONFIG_HOME": dir.file("home/.config")]
        let command = "'\(iocBinary)' --config '\(shippedConfig)' --store '\(store)'"
        let vi = try TmuxSession(command: command, width: 80, height: 24, environment: home)
        let opened = vi.waitFor { $0.contains("dữ liệu") && $0.contains("q thoát") && $0.contains("Cảnh báo") }
        #expect(opened.ok, "not in Vietnamese:\n\(opened.screen)")
        #expect(!opened.screen.contains("quit") && !opened.screen.contains("data "), "\(opened.screen)")
        try vi.send("a")
        #expect(vi.waitFor("Danh sách cảnh báo").ok)
        try vi.send("L")
        let english = vi.waitFor { $0.contains("The console speaks English now") && $0.contains("Alerts") }
        #expect(english.ok, "L did not give English:\n\(english.screen)")
        try vi.send("q")
        #expect(vi.waitFor("IOC-EXIT=0").ok)

        // The choice is this operator's: the next start is English, `--lang vi` wins for one run.
        let again = try TmuxSession(command: command, width: 80, height: 24, environment: home)
        let kept = again.waitFor { $0.contains("q quit") && $0.contains("data ") }
        #expect(kept.ok, "the language was not kept:\n\(kept.screen)")
        try again.send("q")
        let forced = try TmuxSession(command: command + " --lang vi", width: 80, height: 24, environment: home)
        #expect(forced.waitFor { $0.contains("q thoát") }.ok)
        try forced.send("q")
    }

    @Test func theCommandsSpeakTheCentersLanguageAndTheirJSONDoesNot() throws {
        let dir = TemporaryDirectory("ioc-vi")
        let store = dir.file("ioc.sqlite")
        let status = try run([iocBinary, "status", "--config", shippedConfig, "--store", store], environment: ["LANG": "C.UTF-8"])
        #expect(status.code == 0 && status.stdout.contains("LĨNH VỰC") && status.stdout.contains(" chỉ tiêu, "), "\(status.stdout)\(status.stderr)")
        let english = try run([iocBinary, "status", "--lang", "en", "--config", shippedConfig, "--store", store])
        #expect(english.stdout.contains("FIELD"), "\(english.stdout)")
        let jsonVI = try run([iocBinary, "status", "--json", "--config", shippedConfig, "--store", store])
        let jsonEN = try run([iocBinary, "status", "--json", "--lang", "en", "--config", shippedConfig, "--store", store])
        #expect(jsonVI.code == 0 && jsonVI.stdout == jsonEN.stdout && jsonVI.stdout.hasPrefix("{"))
        // Errors too, with the same exit status.
        let bad = try run([iocBinary, "report", "--period", "month", "--format", "pdf", "--config", shippedConfig, "--store", store])
        #expect(bad.code == 64 && bad.stderr.contains("không có định dạng 'pdf': dùng md, csv, xlsx hoặc json"), "\(bad.stderr)")
        let badEN = try run([iocBinary, "report", "--period", "month", "--format", "pdf", "--lang", "en", "--config", shippedConfig, "--store", store])
        #expect(badEN.code == 64 && badEN.stderr.contains("unknown format 'pdf'"), "\(badEN.stderr)")
    }
}
