import Canvas
import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Runtime
import TestSupport
import Testing

/// What the commands print for people: names beside codes, the center's clock with ages, lines
/// that fit an 80-column terminal without cutting a name.
@Suite struct HumanOutputTests {
    let catalog = Fixtures.catalog()
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    /// 2026-12-07 23:53 in Bến Tre.
    var now: Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return Int64(calendar.date(from: DateComponents(year: 2026, month: 12, day: 7, hour: 23, minute: 53))!.timeIntervalSince1970)
    }

    @Test func timesAreOnTheCentersClockWithTheirAge() {
        let out = HumanOutput(catalog: catalog, timeZone: zone, now: now)
        #expect(out.when(now - 13 * 60) == "23:40 (13m ago)")
        #expect(out.when(now - 86_400) == "06/12 23:53 (1d ago)")
        #expect(out.when(now - 400 * 86_400) == "02/11/2025 23:53 (400d ago)")
        #expect(out.when(now + 2 * 3_600) == "08/12 01:53 (in 2h)")
    }

    @Test func inVietnameseTheAgeIsSaidInWordsAndCountsGroupedWithADot() {
        let out = HumanOutput(catalog: catalog, timeZone: zone, now: now, language: .vi)
        #expect(out.when(now - 13 * 60) == "23:40 (13 phút trước)")
        #expect(out.when(now - 86_400) == "06/12 23:53 (1 ngày trước)")
        #expect(out.when(now + 2 * 3_600) == "08/12 01:53 (sau 2 giờ)")
        #expect(out.count(39_589) == "39.589" && HumanOutput(catalog: catalog, timeZone: zone, now: now).count(39_589) == "39589")
    }

    @Test func alertsStatusAndValuesNameWhatTheyShowAndFit80Columns() throws {
        let dir = TemporaryDirectory("ioc-human")
        let store = try Store(path: dir.file("ioc.sqlite"))
        let leader = try Leader(catalog: catalog, store: store)
        try leader.ingest([Observation(indicator: "agri.salinity.max", region: "831", time: now - 60, value: 9.5)], now: now - 60)
        let out = HumanOutput(catalog: catalog, timeZone: zone, now: now)

        let alerts = AlertReport.lines(try AlertReport.list(store: store, all: false), out)
        #expect(alerts.count >= 3, "\(alerts)")
        #expect(alerts.allSatisfy { TextWidth.of($0) <= 80 }, "\(alerts)")
        let text = alerts.joined(separator: "\n")
        #expect(text.contains("Độ mặn cao nhất · Châu Thành") && text.contains("agri.salinity.max") && text.contains("@ 831"), "\(text)")
        #expect(text.contains("23:52 (1m ago)") && text.contains("CRITICAL"), "\(text)")
        #expect(!text.contains("…"), "no name is cut: \(text)")

        let status = try StatusReport.read(catalog: catalog, store: store, now: now).lines(center: "IOC Bến Tre", out)
        #expect(status.allSatisfy { TextWidth.of($0) <= 80 }, "\(status)")
        #expect(status.contains { $0.hasPrefix("Nông nghiệp - Xâm nhập mặn (agri)") }, "\(status)")

        let value = try ValueReport.read(catalog: catalog, store: store, indicator: "agri.salinity.max", region: "831", scope: .everything(catalog), now: now)
        #expect(value.text(out) == "Độ mặn cao nhất · Châu Thành: 9.5 ‰ (critical) at 23:52 (1m ago)  [agri.salinity.max 831]")
        let none = try ValueReport.read(catalog: catalog, store: store, indicator: "agri.water_level", region: "83", scope: .everything(catalog), now: now)
        #expect(none.text(out).contains(": no value (nodata)"))
    }

    /// The same in Vietnamese: its words, its number forms, every line still within 80 columns.
    @Test func inVietnameseAlertsValuesFeedsAndTheAuditReadAsVietnamese() throws {
        let dir = TemporaryDirectory("ioc-human")
        let store = try Store(path: dir.file("ioc.sqlite"))
        let leader = try Leader(catalog: catalog, store: store)
        try leader.ingest([Observation(indicator: "agri.salinity.max", region: "831", time: now - 60, value: 9.5)], now: now - 60)
        let out = HumanOutput(catalog: catalog, timeZone: zone, now: now, language: .vi)

        let alerts = AlertReport.lines(try AlertReport.list(store: store, all: false), out)
        #expect(alerts.allSatisfy { TextWidth.of($0) <= 80 }, "\(alerts)")
        let text = alerts.joined(separator: "\n")
        #expect(alerts[0].hasPrefix("SỐ") && text.contains("MỨC ĐỘ") && text.contains("NGHIÊM TRỌNG"), "\(text)")
        #expect(text.contains("23:52 (1 phút trước)") && (text.contains("đang xảy ra") || text.contains("chờ xác định")), "\(text)")
        #expect(!text.contains("SEVERITY") && !text.contains("ago") && !text.contains("CRITICAL"), "\(text)")

        let value = try ValueReport.read(catalog: catalog, store: store, indicator: "agri.salinity.max", region: "831", scope: .everything(catalog), now: now)
        #expect(value.text(out) == "Độ mặn cao nhất · Châu Thành: 9,5 ‰ (Nghiêm trọng) lúc 23:52 (1 phút trước)  [agri.salinity.max 831]")
        let none = try ValueReport.read(catalog: catalog, store: store, indicator: "agri.water_level", region: "83", scope: .everything(catalog), now: now)
        #expect(none.text(out).contains(": chưa có giá trị (Chưa có dữ liệu)"), "\(none.text(out))")

        let feeds = FeedsReport.lines([FeedRecord(name: "simulator", kind: "simulator", state: .running, lastTime: now - 5, accepted1h: 29_293,
                                                  rejected1h: 0, restarts: 0, lastError: ""),
                                       FeedRecord(name: "tram-man-chau-thanh", kind: "command", state: .restarting, lastTime: now - 780,
                                                  accepted1h: 12_345, rejected1h: 7, restarts: 3, lastError: "exit 1")], out)
        #expect(feeds[0].hasPrefix("NGUỒN") && feeds[1].contains("đang chạy") && feeds[1].contains("29.293"), "\(feeds)")
        #expect(feeds.allSatisfy { TextWidth.of($0) <= 80 }, "\(feeds)")
        let audit = AuditEntry(time: now - 60, user: "lan", role: "operator", action: "ack", target: "alert 7", origin: "10.0.0.5:50000 (claimed)").text(out)
        #expect(audit == "23:52 (1 phút trước)  lan (cán bộ trực) xác nhận alert 7: đã thực hiện từ 10.0.0.5:50000 (claimed)", "\(audit)")
    }

    /// Running silences by name with their codes, until when on the center's clock.
    @Test func silencesNameWhatTheyMuteAndUntilWhen() throws {
        let dir = TemporaryDirectory("ioc-human")
        let store = try Store(path: dir.file("ioc.sqlite"))
        var batch = Batch()
        batch.silences = [Silence(id: 4, indicator: "agri.salinity.max", region: "831", start: now - 60, end: now + 7_200, createdBy: "lan",
                                  comment: "kiểm tra máy bơm")]
        try store.commit(batch)
        let lines = try SilencesReport.lines(store, HumanOutput(catalog: catalog, timeZone: zone, now: now))
        #expect(lines[0].hasPrefix("ID") && lines.allSatisfy { TextWidth.of($0) <= 80 }, "\(lines)")
        // Read as words: the wrapped cell continues under its column.
        let text = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("#4") && text.contains("08/12 01:53 (in 2h)") && text.contains("lan"), "\(lines)")
        #expect(text.contains("Độ mặn cao nhất (agri.salinity.max) · Châu Thành (831)") && text.contains("kiểm tra máy bơm"), "\(lines)")
    }

    /// Feeds as a table that fits 80 columns, each last error whole under its feed's row.
    @Test func feedsFit80ColumnsWithTheirErrorsWhole() {
        let out = HumanOutput(catalog: catalog, timeZone: zone, now: now)
        let error = "mosquitto_sub exited with status 1: Error: Connection refused while connecting to the broker on 127.0.0.1:1883"
        let lines = FeedsReport.lines([
            FeedRecord(name: "tram-man-chau-thanh", kind: "command", state: .restarting, lastTime: now - 780, accepted1h: 12_345, rejected1h: 7,
                       restarts: 3, lastError: error),
            FeedRecord(name: "simulator", kind: "simulator", state: .running, lastTime: now - 5, accepted1h: 29_293, rejected1h: 0, restarts: 0, lastError: ""),
        ], out)
        #expect(lines[0].hasPrefix("FEED") && lines.allSatisfy { TextWidth.of($0) <= 80 }, "\(lines)")
        #expect(lines[1].contains("tram-man-chau-thanh") && lines[1].contains("23:40 (13m ago)") && lines[1].hasSuffix("3"), "\(lines)")
        #expect(lines[2].trimmingCharacters(in: .whitespaces) == "command", "the kind under the name: \(lines)")
        let said = lines.dropFirst(3).prefix { !$0.contains("simulator") }.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(said == "↳ " + error, "\(said)")
    }

    /// A long name in the flexible column is wrapped under itself, never cut.
    @Test func aTableWrapsItsFlexibleColumn() {
        let out = HumanOutput(catalog: catalog, timeZone: zone, now: now)
        let long = "Sản phẩm chủ lực xã nông thôn mới nâng cao giao dịch trực tuyến trên sàn thương mại điện tử"
        let lines = out.table(["ID", "WHEN", "WHAT"], [["#1", "23:40 (13m ago)", long + "\ncode.of.it @ 83"]], flexible: 2)
        #expect(lines.allSatisfy { TextWidth.of($0) <= 80 }, "\(lines)")
        let column = lines[0].range(of: "WHAT")!.lowerBound.utf16Offset(in: lines[0])
        let pieces = lines.dropFirst().map { String($0.dropFirst(column)) }
        #expect(pieces.dropLast().joined(separator: " ") == long)
        #expect(pieces.last == "code.of.it @ 83")
    }
}
