import Foundation
import IndicatorEngine
import TestSupport
import Testing

/// The moments an operator names (`:at`, `--at`), on the center's clock.
@Suite struct MomentTests {
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    /// 2026-11-30 10:15 at UTC+7.
    let now: Int64 = 1_796_008_500

    func at(_ text: String) throws -> Int64 { try Moment.parse(text, now: now, timeZone: zone) }

    @Test func theFormsAnOperatorTypes() throws {
        #expect(try at("2026-11-28 17:00") == 1_795_860_000)
        #expect(try at("2026-11-28") == 1_795_798_800, "midnight")
        #expect(try at("28/11 17:00") == 1_795_860_000, "this year")
        #expect(try at("28/11/2026 17:00") == 1_795_860_000)
        #expect(try at("-2h") == now - 7_200)
        #expect(try at("-1d12h") == now - 129_600)
        #expect(try at("2h ago") == now - 7_200 && at("90m AGO") == now - 5_400)
        #expect(try at("yesterday 07:30") == 1_795_912_200)
        #expect(try at("today 07:30") == 1_795_998_600)
        #expect(try at("07:30") == 1_795_998_600)
        #expect(try at("now") == now)
        #expect(try at("2026-11-28T10:00:00Z") == 1_795_860_000)
        #expect(try at("  2026-11-28 17:00 ") == 1_795_860_000)
    }

    /// The same moments as a Vietnamese operator writes them.
    @Test func theVietnameseForms() throws {
        #expect(try at("28/11/2026 17h00") == 1_795_860_000 && at("28/11/2026 17h") == 1_795_860_000 && at("28/11 17g00") == 1_795_860_000)
        #expect(try at("2 giờ trước") == now - 7_200 && at("90 phút trước") == now - 5_400 && at("3 ngày trước") == now - 259_200)
        #expect(try at("Hôm qua 07:30") == 1_795_912_200 && at("hôm qua 7h30") == 1_795_912_200)
        #expect(try at("hôm nay 07h30") == 1_795_998_600 && at("7h30") == 1_795_998_600)
        #expect(try at("bây giờ") == now)
        for text in ["hôm kia", "2 giờ", "giờ trước", "2 năm trước", "hôm qua 25h", "17h61", "h30"] {
            #expect(throws: Moment.Problem.self, "\(text)") { try at(text) }
        }
        #expect(Moment.Problem(text: "x").description.contains("2 giờ trước, hôm qua 07:30"))
    }

    @Test func anythingElseSaysWhatToWrite() {
        for text in ["", "tomorrow", "2026-13-01", "2026-02-30 10:00", "31/04", "25:00", "12:60", "-", "-2x", "ago", " ago", "2x ago", "2026-11-28 17:00 extra",
                     "99999-01-01", "1/2/3/4", "２０２６-11-28", String(repeating: "9", count: 100)] {
            #expect(throws: Moment.Problem.self, "\(text)") { try at(text) }
        }
        #expect(throws: Moment.Problem(text: "tomorrow")) { try at("tomorrow") }
        #expect(Moment.Problem(text: "x").description.contains("write 2026-11-28 17:00, 28/11 17:00, -2h, 2h ago, yesterday 07:30"))
    }
}

@Suite struct NewestValueTests {
    /// A console's header starts from the newest value on disk, whatever the series.
    @Test func theTableKnowsItsNewestValue() {
        var engine = Engine(catalog: TestSupport.Fixtures.catalog())
        #expect(engine.table.newestTime == nil)
        engine.apply([Observation(indicator: "admin.overdue", region: "831", time: 1_000, value: 3),
                      Observation(indicator: "agri.water_level", region: "83", time: 5_000, value: 80)], now: 6_000)
        #expect(engine.table.newestTime == 5_000)
    }
}
