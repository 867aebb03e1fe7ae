import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Reports
import TestSupport
import Testing

/// The leader writes scheduled reports once their period is complete, once: a restart (a new
/// leader on the same store) finds them recorded and writes nothing again.
@Suite struct ScheduledReportTests {
    let settings = ReportSettings(schedules: [
        ReportSchedule(period: .month, at: 7 * 3_600, region: "83", formats: [.md, .xlsx]),
        ReportSchedule(period: .day, at: 7 * 3_600, formats: [.json]),
        // Due at 23:00: not yet at 10:00.
        ReportSchedule(period: .week, at: 23 * 3_600, formats: [.csv]),
    ])
    let notify = NotifyPolicy(receivers: [NotifyReceiver(name: "leaders", command: ["/bin/true"], reports: true),
                                          NotifyReceiver(name: "pager", command: ["/bin/true"])],
                              routes: [NotifyRoute(receiver: "pager")], escalations: [])

    func leader(_ f: ReportFixture, log: @escaping (String) -> Void) throws -> Participant {
        try Participant(catalog: f.catalog, store: try Store(path: f.store.path), feed: { nil }, timeZone: ReportFixture.zone, socket: false,
                        notify: notify, reports: settings, log: log)
    }

    /// Polls a leader at a fixed moment until its report thread is idle and a look found nothing more to do.
    func settle(_ p: Participant, at now: Int64) throws {
        var polls = 0
        #expect(try eventually {
            _ = try p.poll(nowMs: now * 1000)
            polls += 1
            return polls > 3 && p.reportScheduler?.isBuilding == false
        })
        _ = try p.poll(nowMs: now * 1000)
    }

    /// A center that speaks Vietnamese gets its scheduled reports and their announcements in it.
    @Test func aVietnameseCentersReportsAreWrittenInVietnamese() throws {
        let f = try ReportFixture()
        let now = ReportFixture.t("2026-11-30 10:00")
        var vietnamese = settings
        vietnamese.language = .vi
        let leader = try Participant(catalog: f.catalog, store: try Store(path: f.store.path), feed: { nil }, timeZone: ReportFixture.zone, socket: false,
                                     notify: notify, reports: vietnamese, log: { _ in })
        #expect(try eventually {
            _ = try leader.poll(nowMs: now * 1000)
            return try f.store.writtenReports().count == 2
        })
        try settle(leader, at: now)
        let markdown = try String(contentsOfFile: ReportMaker.directory(store: f.store.path) + "/month-2026-10-83.md", encoding: .utf8)
        #expect(markdown == MarkdownReport.render(try f.report("month:2026-10"), language: .vi) && markdown.hasPrefix("# Báo cáo tháng 10/2026"))
        let announced = try f.store.notificationLog().map(\.message.body).first { $0.contains("\"label\": \"2026-10\"") } ?? ""
        #expect(announced.contains("Cuối kỳ, Bến Tre có ") && announced.contains("\"status\": \"report\""), "\(announced)")
        leader.resign()
    }

    @Test func eachReportIsWrittenOnceAcrossARestart() throws {
        let f = try ReportFixture()
        let now = ReportFixture.t("2026-11-30 10:00")
        let lines = Lines()
        var first: Participant? = try leader(f, log: lines.add)
        #expect(first?.role == .leader)
        let directory = ReportMaker.directory(store: f.store.path)
        #expect(try eventually {
            _ = try first!.poll(nowMs: now * 1000)
            return try f.store.writtenReports().count == 2
        })
        try settle(first!, at: now)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == ["day-2026-11-29-83.json", "month-2026-10-83.md", "month-2026-10-83.xlsx"])
        // Shared as the store is: the operators' group reads, nobody else.
        let modes = try files.map { try FileManager.default.attributesOfItem(atPath: directory + "/" + $0)[.posixPermissions] as? Int }
        #expect(modes.allSatisfy { $0 == 0o640 }, "\(modes)")
        #expect(try f.store.writtenReports().map(\.period).sorted() == ["2026-10", "2026-11-29"])
        // The written month is the report `ioc report` gives for that period.
        let markdown = try String(contentsOfFile: directory + "/month-2026-10-83.md", encoding: .utf8)
        #expect(markdown == MarkdownReport.render(try f.report("month:2026-10")))
        // Announced to the receiver that asks for reports, not to the other.
        let messages = try f.store.notificationLog().map(\.message).filter { $0.body.contains("\"status\": \"report\"") }
        #expect(messages.count == 2 && messages.allSatisfy { $0.receiver == "leaders" })
        #expect(messages.contains { $0.body.contains("\"label\": \"2026-10\"") && $0.body.contains("\"status\": \"report\"") })
        #expect(lines.all.filter { $0.hasPrefix("report: wrote") }.count == 2)
        let stamps = try files.map { try FileManager.default.attributesOfItem(atPath: directory + "/" + $0)[.modificationDate] as? Date }

        // A restart: the old leader goes, a new one takes the store and looks at the same moment and later.
        first?.resign()
        first = nil
        let restarted = Lines()
        let second = try leader(f, log: restarted.add)
        #expect(second.role == .leader)
        try settle(second, at: now)
        try settle(second, at: now + 3_600)
        #expect(try f.store.writtenReports().count == 2)
        #expect(try f.store.notificationLog().filter { $0.message.receiver == "leaders" }.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == files)
        #expect(try files.map { try FileManager.default.attributesOfItem(atPath: directory + "/" + $0)[.modificationDate] as? Date } == stamps)
        #expect(!restarted.all.contains { $0.hasPrefix("report:") }, "\(restarted.all)")

        // The week falls due at 23:00 and is written then, once.
        try settle(second, at: now + 13 * 3_600 + 60)
        #expect(try eventually {
            _ = try second.poll(nowMs: (now + 13 * 3_600 + 120) * 1000)
            return try f.store.writtenReports().count == 3
        })
        #expect(FileManager.default.fileExists(atPath: directory + "/week-2026-W48-83.csv"))
    }
}

/// Log lines collected from any thread.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
