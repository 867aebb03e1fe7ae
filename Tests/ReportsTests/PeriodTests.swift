import Foundation
import PropertyBased
import Reports
import Testing

/// Periods in the center's zone (Asia/Ho_Chi_Minh, UTC+7), under both conventions, at the
/// boundaries where they differ.
@Suite struct PeriodTests {
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    func parse(_ spec: String, _ convention: PeriodConvention = .calendar, now: Int64 = 1_796_000_000) throws -> ReportPeriod {
        try ReportPeriod.parse(spec, now: now, convention: convention, timeZone: zone)
    }

    func bounds(_ p: ReportPeriod) -> String { "\(p.startText) \(p.endText)" }

    /// Unix seconds of a local moment written as ISO 8601 with the +07:00 offset.
    func at(_ text: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970)
    }

    @Test func calendarPeriodsRunFromTheFirstLocalMidnight() throws {
        #expect(bounds(try parse("day:2026-11-28")) == "2026-11-28T00:00:00+07:00 2026-11-29T00:00:00+07:00")
        #expect(bounds(try parse("week:2026-W48")) == "2026-11-23T00:00:00+07:00 2026-11-30T00:00:00+07:00")
        #expect(bounds(try parse("month:2026-11")) == "2026-11-01T00:00:00+07:00 2026-12-01T00:00:00+07:00")
        #expect(bounds(try parse("month:2026-12")) == "2026-12-01T00:00:00+07:00 2027-01-01T00:00:00+07:00")
        #expect(bounds(try parse("quarter:2026-Q4")) == "2026-10-01T00:00:00+07:00 2027-01-01T00:00:00+07:00")
        #expect(bounds(try parse("half:2026-H1")) == "2026-01-01T00:00:00+07:00 2026-07-01T00:00:00+07:00")
        #expect(bounds(try parse("year:2026")) == "2026-01-01T00:00:00+07:00 2027-01-01T00:00:00+07:00")
        // ISO weeks: 2026 has 53 (it starts on a Thursday), 2025 has 52.
        #expect(bounds(try parse("week:2026-W53")) == "2026-12-28T00:00:00+07:00 2027-01-04T00:00:00+07:00")
        #expect(throws: PeriodError.self) { try parse("week:2025-W53") }
    }

    @Test func administrativePeriodsRunFromTheFifteenthToTheFourteenth() throws {
        let a = PeriodConvention.administrative
        #expect(bounds(try parse("month:2026-11", a)) == "2026-10-15T00:00:00+07:00 2026-11-15T00:00:00+07:00")
        // January starts in the previous year.
        #expect(bounds(try parse("month:2026-01", a)) == "2025-12-15T00:00:00+07:00 2026-01-15T00:00:00+07:00")
        #expect(bounds(try parse("quarter:2026-Q1", a)) == "2025-12-15T00:00:00+07:00 2026-03-15T00:00:00+07:00")
        #expect(bounds(try parse("quarter:2026-Q4", a)) == "2026-09-15T00:00:00+07:00 2026-12-15T00:00:00+07:00")
        #expect(bounds(try parse("half:2026-H2", a)) == "2026-06-15T00:00:00+07:00 2026-12-15T00:00:00+07:00")
        #expect(bounds(try parse("year:2026", a)) == "2025-12-15T00:00:00+07:00 2026-12-15T00:00:00+07:00")
        // Days and weeks are the same in both conventions.
        #expect(bounds(try parse("day:2026-11-28", a)) == bounds(try parse("day:2026-11-28")))
        #expect(bounds(try parse("week:2026-W48", a)) == bounds(try parse("week:2026-W48")))
        #expect(try parse("month:2026-11", a).convention == .administrative)
    }

    @Test func theFifteenthBelongsToTheNextAdministrativeMonthQuarterAndYear() {
        let a = PeriodConvention.administrative
        let lastMoment = at("2026-12-14T23:59:59+07:00"), cutOff = at("2026-12-15T00:00:00+07:00")
        func label(_ t: Int64, _ kind: PeriodKind, _ c: PeriodConvention) -> String {
            ReportPeriod.containing(t, kind: kind, convention: c, timeZone: zone).label
        }
        #expect(label(lastMoment, .month, a) == "2026-12")
        #expect(label(cutOff, .month, a) == "2027-01")
        #expect(label(lastMoment, .quarter, a) == "2026-Q4")
        #expect(label(cutOff, .quarter, a) == "2027-Q1")
        #expect(label(cutOff, .half, a) == "2027-H1")
        #expect(label(lastMoment, .year, a) == "2026")
        #expect(label(cutOff, .year, a) == "2027")
        // The calendar moves at the first: the 15th is still December 2026.
        #expect(label(cutOff, .month, .calendar) == "2026-12")
        // The first local hour of a month is in it, though UTC still says the month before.
        #expect(label(at("2026-12-01T00:30:00+07:00"), .month, .calendar) == "2026-12")
        #expect(label(at("2026-11-30T23:59:59+07:00"), .month, .calendar) == "2026-11")
    }

    @Test func withoutADateTheLastCompletePeriod() throws {
        let now = at("2026-11-30T10:00:00+07:00")
        #expect(try parse("month", now: now).label == "2026-10")
        #expect(try parse("month", .administrative, now: now).label == "2026-11")
        #expect(try parse("day", now: now).label == "2026-11-29")
        #expect(try parse("week", now: now).label == "2026-W48")
        #expect(try parse("quarter", now: now).label == "2026-Q3")
        #expect(try parse("year", now: now).label == "2025")
        #expect(try parse("month:2026-11").previous.label == "2026-10")
        #expect(try parse("month:2026-01").previous.label == "2025-12")
        #expect(try parse("quarter:2026-Q1", .administrative).next.label == "2026-Q2")
    }

    @Test func aPeriodThatCannotBeReadSaysHowToWriteIt() {
        for spec in ["month:2026-13", "month:26-11", "fortnight", "day:2026-02-30", "quarter:2026-Q5", "week:2026-48", "year:twenty", "month:2026-1",
                     "month:", "year:", "week:-W", "day:--", "quarter:2026-Q", "month:99999999999999999999-01", "day:2026-11-28:x", ":2026"] {
            #expect(throws: PeriodError.self, "\(spec)") { try parse(spec) }
        }
        #expect(throws: PeriodError(spec: "month:2026-13", problem: "expected month:2026-11")) { try parse("month:2026-13") }
        let unknown = #expect(throws: PeriodError.self) { try parse("fortnight") }
        #expect(unknown?.description == "invalid period 'fortnight': unknown period 'fortnight'; use one of day, week, month, quarter, half, year")
    }
}

/// Periods tile time: whatever the moment, kind and convention, the period holding it holds
/// it, runs from local midnight, and meets the one before and after it exactly; and no spec
/// traps the parser.
@Suite struct PeriodProperties {
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    @Test func periodsTileTimeWithoutGapsOrOverlaps() async {
        // 1990 to 2060.
        await propertyCheck(count: 600, input: Gen.int64(in: 631_152_000...2_840_140_800), Gen.int(in: 0...5), Gen.bool) { t, k, admin in
            let kind = PeriodKind.allCases[k]
            let p = ReportPeriod.containing(t, kind: kind, convention: admin ? .administrative : .calendar, timeZone: zone)
            #expect(p.start <= t && t < p.end, "\(kind) \(p.label) \(p.startText) \(p.endText) at \(t)")
            #expect(p.previous.end == p.start && p.next.start == p.end)
            #expect((p.start + 7 * 3_600) % 86_400 == 0, "starts at a local midnight")
            #expect(p.label == (try? ReportPeriod.parse("\(kind.rawValue):\(p.label)", now: t, convention: p.convention, timeZone: zone))?.label)
        }
    }

    @Test func noSpecTrapsTheParser() async {
        let alphabet = Array("dayweekmonthquarterhalfyear:-WQH0123456789 ".unicodeScalars)
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...24)) { picks in
            var text = ""
            text.unicodeScalars.append(contentsOf: picks.map { alphabet[$0] })
            _ = try? ReportPeriod.parse(text, now: 1_796_000_000, convention: .administrative, timeZone: zone)
        }
    }
}
