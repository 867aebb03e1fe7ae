import Canvas
import Console
import Foundation
import IndicatorEngine
import TestSupport
import Testing

/// Comfort for a whole shift (#17): favourites and preferences, the wall, the line mode.
@Suite struct FavouriteTests {
    /// `f` on a field table pins the selected indicator in that region; on an indicator page the
    /// selected region; the overview shows them under "Theo dõi", Tab reaches them, Enter opens
    /// one, `f` there unpins it. Each change asks the runner to keep the preferences.
    @Test func pinningShowsOnTheOverviewAndUnpinning() {
        let start = fixtureState(size: Size(width: 120, height: 36))
        // Field 2 sorted by status: the salinity (critical) first.
        var (s, effects) = press(start, [.char("2"), .char("f")])
        let salinity = Favourite(indicator: "agri.salinity.max", region: "83")
        #expect(s.preferences.favourites == [salinity])
        #expect(effects == [.savePreferences(Preferences(favourites: [salinity]))])
        #expect(s.notice == "pinned Độ mặn cao nhất · Bến Tre to Theo dõi on the overview")
        // An indicator page: the selected district.
        (s, effects) = press(s, [.escape, .char(":")] + type("admin.online_rate") + [.enter, .down, .char("f")])
        let rows = s.indicatorRows(s.catalog.indicatorIndex["admin.online_rate"]!, region: 0)
        let district = Favourite(indicator: "admin.online_rate", region: s.catalog.regions[rows[1].region].code)
        #expect(s.preferences.favourites == [salinity, district])
        #expect(effects.last == .savePreferences(Preferences(favourites: [salinity, district])))

        (s, _) = press(s, [.escape])
        check(s, "theo-doi-120x36.txt")
        check(update(s, .resize(Size(width: 80, height: 24))).0, "theo-doi-80x24.txt")
        let text = view(s).text
        #expect(text.contains("Theo dõi · 2 pinned"))
        #expect(text.contains("✖ Độ mặn cao nhất · Bến Tre") && text.contains("9.6 ‰"))

        // Tab reaches Theo dõi first after the fields; Enter opens the favourite's indicator page.
        (s, _) = press(s, [.tab])
        #expect(s.page.pane == 3 && s.page.selection == 0)
        var (opened, loads) = press(s, [.enter])
        #expect(opened.page.screen == .indicator(s.catalog.indicatorIndex["agri.salinity.max"]!, region: 0))
        #expect(loads.count == 1)
        // `f` there unpins it; the panel goes when the last one does.
        (s, effects) = press(s, [.char("f")])
        #expect(s.preferences.favourites == [district] && effects == [.savePreferences(Preferences(favourites: [district]))])
        (s, _) = press(s, [.char("f")])
        #expect(s.preferences.favourites.isEmpty && s.page.pane == 0)
        #expect(!view(s).text.contains("Theo dõi ·"))
        (opened, loads) = press(start, [.char("a"), .char("f")])
        #expect(opened.preferences.favourites.isEmpty && loads.isEmpty, "f does nothing on the alerts screen")
    }

    /// Favourites the catalog or the scope does not have are not shown, and not dropped either.
    @Test func favouritesOutsideTheCatalogOrScopeAreKeptButNotShown() {
        var s = fixtureState(size: Size(width: 120, height: 36))
        s.preferences.favourites = [Favourite(indicator: "gone.indicator", region: "83"), Favourite(indicator: "agri.salinity.max", region: "999"),
                                    Favourite(indicator: "admin.overdue", region: "83")]
        #expect(s.favouriteSeries.map(\.favourite.indicator) == ["admin.overdue"])
        s.scope = RegionScope(codes: ["838"], catalog: s.catalog)
        s.stack = [Page(.overview(region: s.scope.home))]
        #expect(s.favouriteSeries.isEmpty)
        #expect(s.preferences.favourites.count == 3)
    }

    /// `H` makes the screen the home (a locator without time, even in the past); `T` cycles
    /// the themes; both are kept.
    @Test func homeAndThemeAreKept() {
        var (s, effects) = press(fixtureState(size: Size(width: 100, height: 30)), [.char("2"), .char("H")])
        #expect(s.preferences.home == "83/agri")
        #expect(effects == [.savePreferences(Preferences(home: "83/agri"))])
        (s, effects) = press(s, [.char("T")])
        #expect(s.theme.name == "light" && s.preferences.theme == "light")
        #expect(effects == [.savePreferences(Preferences(home: "83/agri", theme: "light")), .repaint])
        (s, _) = press(s, [.char("T"), .char("T")])
        #expect(s.theme.name == "dark")
        s = update(s, .travelled(s.table, alerts: s.alerts, at: s.now - 3_600)).0
        (s, _) = press(s, [.char("H")])
        #expect(s.preferences.home == "83/agri", "a home is a place, not a moment")
    }
}

@Suite struct WallTests {
    func wall(every: Int64 = 20, size: Size = Size(width: 120, height: 36)) -> ConsoleState {
        var s = fixtureState(size: size)
        s.startWall(every: every)
        return s
    }

    func tick(_ s: ConsoleState, by seconds: Int64) -> ConsoleState { update(s, .tick(now: s.now + seconds)).0 }

    /// A critical alert on a series, firing since `at`.
    func critical(_ id: Int64, _ indicator: String, _ region: String, at: Int64, in s: ConsoleState) -> Alert {
        let series = s.catalog.series(s.catalog.indicatorIndex[indicator]!, s.catalog.regionIndex[region]!)
        var alert = Alert(id: id, rule: indicator, kind: .threshold, series: series, indicator: indicator, region: region, severity: .critical,
                          state: .firing, activeAt: at, since: at, firedAt: at, value: 12)
        alert.value = 12
        return alert
    }

    /// With a fake clock: a field stays `every` seconds, then the next, around the list; the
    /// arrows move it by hand and the count starts again.
    @Test func rotatesThroughTheFieldsWithTheClock() {
        var s = wall()
        #expect(s.page.screen == .wall && s.wall?.position == 0)
        #expect(view(s).text.contains("1 Hành chính công"))
        s = tick(s, by: 19)
        #expect(s.wall?.position == 0)
        #expect(view(s).text.contains("1/2 · next in 1s: Nông nghiệp - Xâm nhập mặn"))
        s = tick(s, by: 1)
        #expect(s.wall?.position == 1)
        #expect(view(s).text.contains("2 Nông nghiệp - Xâm nhập mặn"))
        s = tick(s, by: 20)
        #expect(s.wall?.position == 0, "around the list")
        s = press(s, [.right]).0
        #expect(s.wall?.position == 1 && s.wall?.since == s.now)
        s = press(s, [.left, .left]).0
        #expect(s.wall?.position == 1)
        // Keys that would leave the wall do nothing; help lists only what the wall answers to.
        let (same, effects) = press(s, [.char("a"), .char("1"), .char(":"), .escape])
        #expect(same.stack.count == 1 && same.prompt == nil && effects.isEmpty)
        let help = view(press(s, [.char("?")]).0).text
        #expect(help.contains("the next field") && !help.contains("open alerts"))
    }

    /// A critical alert that starts firing takes the screen over and holds it through the clock
    /// until it is acknowledged (anywhere: the data says so); then the rotation resumes. One
    /// firing before the wall started does not take over; a warning does not either.
    @Test func aNewlyFiringCriticalAlertTakesOverUntilAcknowledged() {
        var s = wall(size: Size(width: 120, height: 36))
        let before = s.alerts
        #expect(before.contains { $0.severity == .critical && $0.state == .firing }, "the fixture has one firing already")
        s = update(s, .data(s.table, alerts: before, now: s.now + 1)).0
        #expect(s.wall?.takeover == [])

        let new = critical(501, "admin.overdue", "831", at: s.now, in: s)
        var warning = critical(502, "admin.online_rate", "838", at: s.now, in: s)
        warning.severity = .warning
        s = update(s, .data(s.table, alerts: before + [new, warning], now: s.now + 1)).0
        #expect(s.wall?.takeover == [501])
        check(s, "wall-takeover-120x36.txt")
        #expect(view(s).text.contains("CRITICAL ALERT · held here until acknowledged"))
        s = tick(s, by: 300)
        #expect(s.wall?.position == 0 && view(s).text.contains("alert #501"), "held through the clock")

        var acked = new
        acked.acknowledged = Acknowledgement(by: "lan", at: s.now, note: "on it")
        s = update(s, .data(s.table, alerts: before + [acked, warning], now: s.now)).0
        #expect(s.wall?.takeover == [] && s.wall?.since == s.now)
        #expect(view(s).text.contains("1 Hành chính công"))
        s = tick(s, by: 20)
        #expect(s.wall?.position == 1)
        // It fired once: acknowledged, it never takes over again, even if the ack went.
        s = update(s, .data(s.table, alerts: before + [new], now: s.now)).0
        #expect(s.wall?.takeover == [])
    }

    @Test func wallScreensAtTwoSizes() {
        var s = wall(size: Size(width: 80, height: 24))
        check(s, "wall-80x24.txt")
        s = update(s, .resize(Size(width: 160, height: 48))).0
        check(s, "wall-160x48.txt")
    }

    @Test func bigDigitsForTheClock() {
        #expect(BigText("12:05", scale: 1).lines(unicode: false) == [
            " #  ###   ### ###",
            "##    # # # # #  ",
            " #  ###   # # ###",
            " #  #   # # #   #",
            "### ###   ### ###",
        ])
        #expect(BigText("1", scale: 2).lines(unicode: true)[0] == "  ██  ")
        #expect(BigText("12:05", scale: 2).width == 34)
    }
}

@Suite struct LineModeTests {
    /// Words are keys, a `:` line is typed into the jump prompt, and once a key opens a prompt
    /// the rest of the line is its text.
    @Test func aLineStandsForKeys() {
        let s = fixtureState(size: Size(width: 100, height: 30))
        #expect(LineMode.keys(for: "2", in: s) == [.char("2")])
        #expect(LineMode.keys(for: " down down enter ", in: s) == [.down, .down, .enter])
        #expect(LineMode.keys(for: "esc", in: s) == [.escape])
        #expect(LineMode.keys(for: "back", in: s) == [.escape])
        #expect(LineMode.keys(for: "", in: s) == [.char("r")], "an empty line shows the screen again")
        #expect(LineMode.keys(for: ":chau thanh", in: s) == type(":chau thanh") + [.enter])
        let alerts = press(s, [.char("a")]).0
        #expect(LineMode.keys(for: "A checked the pump", in: alerts) == [.char("A")] + type("checked the pump") + [.enter])
        let typing = press(alerts, [.char("A")]).0
        #expect(LineMode.keys(for: "down", in: typing) == type("down") + [.enter], "a prompt takes the line as text")
        #expect(LineMode.keys(for: "", in: typing) == [.enter])
    }

    /// No borders, bars or charts; the selection marked with `>`; the chart as words.
    @Test func theScreenAsLinesOfText() {
        let words = Capabilities(unicode: true, colors: 0, drawing: false)
        var s = press(fixtureState(size: Size(width: 100, height: 30), capabilities: words), [.char(":")] + type("agri.water_level") + [.enter]).0
        let points = (0..<48).map { HistoryValue(time: s.now - 86_400 * 7 + Int64($0) * 12_600, value: 40 + Double($0) * 1.5) }
        s = update(s, .history(HistoryData(series: s.catalog.series(s.catalog.indicatorIndex["agri.water_level"]!, 0), range: s.page.range, points: points))).0
        let lines = LineMode.text(of: view(s))
        let mismatch = goldenMismatch(lines.joined(separator: "\n"), file: "indicator-plain-100x30.txt", directory: goldenDirectory)
        #expect(mismatch == nil, "\(mismatch ?? "")")
        let text = lines.joined(separator: "\n")
        for drawn in ["─", "│", "╭", "█", "▁", "┄", "⠀"] { #expect(!text.contains(drawn), "no \(drawn) in the line mode") }
        #expect(text.contains("min 40 · mean 75.25 · max 110.5 cm"))
        let ranked = LineMode.text(of: view(press(fixtureState(size: Size(width: 100, height: 30), capabilities: words),
                                                  [.char(":")] + type("admin.online_rate") + [.enter, .down]).0))
        #expect(ranked.contains { $0.hasPrefix(">") && $0.contains("Châu Thành") }, "the selected row is marked: \(ranked)")
        let overview = LineMode.text(of: view(fixtureState(size: Size(width: 100, height: 30), capabilities: words)))
        #expect(overview.contains { $0.hasPrefix("> 1 Hành chính công") }, "the selected panel: \(overview)")
    }

    /// Alerts that open, change, are acknowledged or close are told one line each.
    @Test func alertNewsIsOneLineEach() {
        let s = fixtureState(size: Size(width: 100, height: 30))
        let firing = s.alerts.first { $0.indicator == "agri.salinity.max" }!
        var acked = firing
        acked.acknowledged = Acknowledgement(by: "lan", at: s.now, note: "pump on")
        let clock = Format.clock(s.now, timeZone: s.timeZone)
        #expect(LineMode.alertNews(from: [], to: [firing], in: s) == ["\(clock) ✖ CRIT alert #\(firing.id) firing: Độ mặn cao nhất · Bến Tre 9.6 ‰"])
        #expect(LineMode.alertNews(from: [firing], to: [acked], in: s) == ["\(clock) ✖ CRIT alert #\(firing.id) acknowledged by lan: pump on: Độ mặn cao nhất · Bến Tre 9.6 ‰"])
        #expect(LineMode.alertNews(from: [acked], to: [], in: s) == ["\(clock) ✖ CRIT alert #\(firing.id) closed: Độ mặn cao nhất · Bến Tre 9.6 ‰"])
        #expect(LineMode.alertNews(from: [firing], to: [firing], in: s).isEmpty)
    }
}
