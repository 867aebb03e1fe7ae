import Foundation
import Runtime
import TestSupport
import Testing

@Suite struct FileLogTests {
    @Test func theLogFileIsRotatedNotGrownWithoutBound() throws {
        let dir = TemporaryDirectory("ioc-log")
        let path = dir.file("ioc.log")
        let log = FileLog(path: path, maxBytes: 4_096, environment: [:])
        #expect(!log.isJournal)
        for n in 0..<400 { log.write("line \(n) of a busy leader", level: n == 395 ? .error : .info) }
        let size = { (p: String) in (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? -1 }
        #expect(size(path) > 0 && size(path) <= 4_096, "the current file stays under its bound: \(size(path))")
        #expect(size(path + ".1") > 0 && size(path + ".1") <= 4_096, "one older file is kept")
        #expect(!FileManager.default.fileExists(atPath: path + ".2"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("line 399 of a busy leader"))
        let older = try String(contentsOfFile: path + ".1", encoding: .utf8)
        #expect((older + text).contains("error: line 395 of a busy leader"), "errors are marked")
    }

    @Test func underSystemdLinesGoToTheJournalWithTheirLevel() throws {
        let log = FileLog(path: "/nonexistent/ioc.log", environment: ["JOURNAL_STREAM": "8:12345"])
        #expect(log.isJournal, "no file is opened under systemd")
    }
}
