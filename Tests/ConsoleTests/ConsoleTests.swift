import Canvas
import Console
import Foundation
import IndicatorEngine
import TestSupport
import PropertyBased
import Testing

let goldenDirectory = repositoryRoot.appendingPathComponent("Tests/ConsoleTests/Golden")

/// A fixed state: every fixture indicator has a value, some in breach, with a short history.
func fixtureState(size: Size, capabilities: Capabilities = .full) -> ConsoleState {
    let catalog = Fixtures.catalog()
    var engine = Engine(catalog: catalog)
    let start: Int64 = 1_764_400_000
    let values: [(String, String, [Double])] = [
        ("admin.online_rate", "83", [72, 70.5, 68, 66.25]),
        ("admin.online_rate", "831", [71, 70, 69, 58]),
        ("admin.online_rate", "838", [74, 75, 76, 77.5]),
        ("admin.overdue", "83", [12, 18, 25, 31]),
        ("agri.salinity.max", "83", [2.1, 2.8, 3.4, 9.6]),
        ("agri.water_level", "83", [40, 60, 85, 112]),
    ]
    for (code, region, series) in values {
        for (i, v) in series.enumerated() {
            engine.apply([Observation(indicator: code, region: region, time: start + Int64(i) * 30, value: v)], now: start + Int64(i) * 30)
        }
    }
    var state = ConsoleState(catalog: catalog, table: engine.table, now: start + 100, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!,
                             size: size, capabilities: capabilities, operatorName: "op1", access: .operator)
    state.lastData = start + 90
    state.alerts = engine.alerts.open
    return state
}

/// Applies keys in order, collecting the effects.
func press(_ state: ConsoleState, _ keys: [Key]) -> (ConsoleState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    for key in keys {
        let (next, e) = update(s, .key(key))
        s = next
        effects += e
    }
    return (s, effects)
}

func type(_ text: String) -> [Key] { text.map { .char($0) } }

/// The state's screen against a golden file (`IOC_UPDATE_GOLDEN=1` writes it).
func check(_ state: ConsoleState, _ golden: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let mismatch = goldenMismatch(view(state).text, file: golden, directory: goldenDirectory)
    #expect(mismatch == nil, "\(mismatch ?? "")", sourceLocation: sourceLocation)
}

@Suite struct ScreenSnapshotTests {
    /// The Reports screen: the list beside the selected report at 80×24, then the report read full
    /// width and scrolled, prose wrapped and tables cut at the edge; Esc returns to the list.
    @Test func reportsListAndReading() {
        var state = fixtureState(size: Size(width: 80, height: 24))
        var (s, effects) = press(state, [.char("R")])
        #expect(effects == [.loadReports] && s.page.screen == .reports)
        let written: Int64 = 1_764_400_000
        s = update(s, .reports([ReportFile(name: "day-2025-11-28-83", path: "/r/day-2025-11-28-83.md", written: written, others: ["xlsx"]),
                                ReportFile(name: "month-2025-10-83", path: "/r/month-2025-10-83.md", written: written - 86_400 * 29, others: [])])).0
        (s, effects) = press(s, [.down, .enter])
        #expect(effects == [.loadReport(path: "/r/month-2025-10-83.md")])
        let text = """
            # Monthly report 2025-10 · IOC Bến Tre

            ## Summary

            At the end of the period 3 of 4 indicators of Bến Tre were ok and 1 beyond a threshold; the mean field score was 75% (previous period 50%).

            | Field | Score | Previous | OK | Warning | Critical | Stale | No data | Got worse |
            |---|---:|---:|---:|---:|---:|---:|---:|---|
            | Hành chính công | 100% | 50% | 2 | 0 | 0 | 0 | 0 | admin.overdue, admin.online_rate |
            """ + String(repeating: "\n- line", count: 30)
        state = update(s, .reportPreview(ReportPreview(title: "month-2025-10-83", text: text))).0
        #expect(state.page.pane == 1)
        check(state, "reports-reading-80x24.txt")
        (s, _) = press(state, [.pageDown])
        #expect(s.page.selection == 16)
        (s, _) = press(s, [.escape])
        #expect(s.page.screen == .reports && s.page.pane == 0)
        check(s, "reports-list-80x24.txt")
        // A period asked for at the prompt becomes the effect that produces it.
        (s, effects) = press(s, [.char("n")] + Array(repeating: .backspace, count: 5) + type("quarter:2025-Q3") + [.enter])
        #expect(effects == [.produceReport(period: "quarter:2025-Q3")] && s.notice == "producing the quarter:2025-Q3 report…")
    }

    @Test func overviewAt120x36() { check(fixtureState(size: Size(width: 120, height: 36)), "overview-120x36.txt") }
    @Test func overviewAt80x24() { check(fixtureState(size: Size(width: 80, height: 24)), "overview-80x24.txt") }
    @Test func overviewAt160x48() { check(fixtureState(size: Size(width: 160, height: 48)), "overview-160x48.txt") }
    @Test func overviewInAsciiMode() {
        check(fixtureState(size: Size(width: 80, height: 24), capabilities: .plain), "overview-80x24-ascii.txt")
    }
    @Test func tooSmall() { check(fixtureState(size: Size(width: 60, height: 20)), "too-small-60x20.txt") }

    @Test func fieldScreen() {
        check(press(fixtureState(size: Size(width: 80, height: 24)), [.char("1")]).0, "field-80x24.txt")
        check(press(fixtureState(size: Size(width: 160, height: 48)), [.char("1")]).0, "field-160x48.txt")
    }

    @Test func indicatorScreenWithHistory() {
        var (state, effects) = press(fixtureState(size: Size(width: 160, height: 48)), [.char("1"), .enter])
        guard case let .loadHistory(series, range)? = effects.last else {
            Issue.record("opening an indicator loads its history: \(effects)")
            return
        }
        let points = (0..<40).map { HistoryValue(time: state.now - range.seconds + Int64($0) * range.seconds / 40, value: 50 + 20 * sin(Double($0) / 4)) }
        state = update(state, .history(HistoryData(series: series, range: range, points: points))).0
        check(state, "indicator-160x48.txt")
        check(press(fixtureState(size: Size(width: 80, height: 24)), [.char("1"), .enter]).0, "indicator-80x24-loading.txt")
        var small = press(fixtureState(size: Size(width: 80, height: 24)), [.char("1"), .enter]).0
        small = update(small, .history(HistoryData(series: series, range: range, points: points))).0
        check(small, "indicator-80x24.txt")
    }

    @Test func aDistrictOverviewListsItsCommunes() {
        let state = press(fixtureState(size: Size(width: 120, height: 36)), [.char(":")] + type("chau thanh") + [.enter]).0
        check(state, "region-chau-thanh-120x36.txt")
        check(press(fixtureState(size: Size(width: 80, height: 24)), [.char(":")] + type("chau thanh") + [.enter]).0, "region-chau-thanh-80x24.txt")
        check(press(fixtureState(size: Size(width: 160, height: 48)), [.char(":")] + type("chau thanh") + [.enter]).0, "region-chau-thanh-160x48.txt")
        let text = view(state).text
        #expect(text.contains(" 2 communes "))
        #expect(text.contains("Tân Thạch") && text.contains("An Khánh"))
    }

    @Test func alertsAndHelp() {
        check(press(fixtureState(size: Size(width: 80, height: 24)), [.char("a")]).0, "alerts-80x24.txt")
        check(press(fixtureState(size: Size(width: 160, height: 48)), [.char("a")]).0, "alerts-160x48.txt")
        check(press(fixtureState(size: Size(width: 80, height: 24)), [.char("?")]).0, "help-overview-80x24.txt")
        check(press(fixtureState(size: Size(width: 160, height: 48)), [.char("1"), .char("?")]).0, "help-field-160x48.txt")
    }

    /// The Feeds screen (`F`): the failing and quiet first, as `ioc feeds` orders them; Enter on a
    /// feed without a cadence says how to give it one, on one with a cadence opens its indicator.
    @Test func feedsScreen() throws {
        let (state, effects) = press(fixtureState(size: Size(width: 120, height: 36)), [.char("F")])
        #expect(effects == [.loadFeeds])
        let now = state.now
        let records = [
            FeedRecord(name: "simulator", kind: "simulator", state: .running, lastTime: now - 2, accepted1h: 52_011, rejected1h: 0, restarts: 0, lastError: ""),
            FeedRecord(name: "telegraf", kind: "http", state: .quiet, lastTime: now - 1_260, accepted1h: 310, rejected1h: 4, restarts: 0, lastError: ""),
            FeedRecord(name: "tram-man", kind: "command", state: .failed, lastTime: nil, accepted1h: 0, rejected1h: 0, restarts: 7,
                       lastError: "exited with status 1: Error: Connection refused"),
            FeedRecord(name: "dvc-portal", kind: "command", state: .restarting, lastTime: now - 400, accepted1h: 96, rejected1h: 0, restarts: 2, lastError: "killed by signal 9"),
        ]
        var shown = update(state, .feeds(records)).0
        check(shown, "feeds-120x36.txt")
        var small = update(press(fixtureState(size: Size(width: 80, height: 24)), [.char("F")]).0, .feeds(records)).0
        check(small, "feeds-80x24.txt")
        #expect(shown.feeds.map(\.name) == ["tram-man", "telegraf", "dvc-portal", "simulator"])
        small = press(small, [.enter]).0
        #expect(small.notice?.hasPrefix("'tram-man' has no indicator: give it an expected cadence (expect: 10m) in ioc.yaml") == true)
        #expect(reloadEffects(shown) == [.loadFeeds], "the runner reloads it with the charts")

        let base = Fixtures.catalog()
        let (field, own) = try #require(FeedIndicators.make([FeedCadence(name: "tram-man", kind: "command", every: 300)], rootLevel: .province, key: "="))
        let catalog = try Catalog(name: base.name, regions: base.regions, fields: base.fields + [field], indicators: base.indicators + own, root: "83")
        shown = ConsoleState(catalog: catalog, table: Engine(catalog: catalog).table, now: now, timeZone: state.timeZone, size: state.size,
                             capabilities: .full, operatorName: "op1", access: .operator)
        shown = update(press(shown, [.char("F")]).0, .feeds(records)).0
        let (opened, loads) = press(shown, [.enter])
        #expect(opened.page.screen == .indicator(catalog.indicatorIndex["data.feed.tram-man"]!, region: catalog.rootRegion))
        #expect(loads.count == 1 && view(opened).text.contains("Nguồn tram-man"))
        #expect(view(press(shown, [.char("=")]).0).text.contains("Dữ liệu"), "its field opens by its key")
    }

    @Test func anIndicatorPageListsOpenThenRecentlyResolvedAlerts() {
        var state = fixtureState(size: Size(width: 160, height: 48))
        var resolved = state.alerts.first { $0.indicator == "agri.salinity.max" }!
        resolved.id = 99
        resolved.state = .resolved
        resolved.region = "831"
        state = update(state, .data(state.table, alerts: state.alerts, resolved: [resolved], now: state.now)).0
        state = press(state, [.char("2"), .enter]).0
        let text = view(state).text
        #expect(text.contains("CRITICAL firing Bến Tre"))
        #expect(text.contains("CRITICAL resolved Châu Thành"))
    }

    @Test func asciiAndMonochromeFieldScreens() {
        check(press(fixtureState(size: Size(width: 80, height: 24), capabilities: .plain), [.char("2")]).0, "field-80x24-ascii.txt")
        let mono = view(press(fixtureState(size: Size(width: 80, height: 24), capabilities: Capabilities(unicode: true, colors: 0)), [.char("2")]).0).text
        #expect(mono.contains("✖ Độ mặn cao nhất"), "severity by glyph without colour")
    }
}

@Suite struct NavigationTests {
    @Test func fieldKeysIndicatorsAndBackFormAStackWithBreadcrumbs() {
        let start = fixtureState(size: Size(width: 120, height: 36))
        var (s, _) = press(start, [.char("2")])
        #expect(s.stack.count == 2)
        #expect(breadcrumbs(s) == ["Bến Tre", "Nông nghiệp - Xâm nhập mặn"])
        (s, _) = press(s, [.enter])
        guard case let .indicator(i, _) = s.page.screen else { Issue.record("no indicator page"); return }
        // Sorted worst first: the critical salinity leads.
        #expect(s.catalog.indicators[i].code == "agri.salinity.max")
        #expect(breadcrumbs(s).last == "Độ mặn cao nhất")
        (s, _) = press(s, [.escape, .escape])
        #expect(s.stack.count == 1)
        (s, _) = press(s, [.escape])
        #expect(s.stack.count == 1, "the overview is the bottom of the stack")
    }

    @Test func tabMovesToTheAlertStripAndEnterOpensTheAlert() {
        var (s, effects) = press(fixtureState(size: Size(width: 120, height: 36)), [.tab, .down, .enter])
        #expect(s.page.screen == .alerts)
        #expect(s.page.selection == 1)
        #expect(effects == [.loadJournal(alert: s.alertRows(s.page)[1].id)])
        (s, _) = press(s, [.escape])
        #expect(s.page.pane == 1, "back on the overview, the strip keeps the selection")
        (s, _) = press(s, [.tab])
        #expect(s.page.pane == 0)
        #expect(view(s).text.contains("Alerts: 3 open"))
    }

    @Test func aDistrictsCommunesAreAPaneTabReachesAndEnterOpens() {
        var s = press(fixtureState(size: Size(width: 120, height: 36)), [.char(":")] + type("chau thanh") + [.enter]).0
        (s, _) = press(s, [.tab])
        #expect(s.page.pane == 2, "Tab goes from the fields to the communes first")
        let communes = s.childRows(s.region).map(\.region)
        #expect(communes.count == 2)
        (s, _) = press(s, [.down, .enter])
        #expect(s.page.screen == .overview(region: communes[1]))
        (s, _) = press(s, [.escape, .tab])
        #expect(s.page.pane == 1, "then the alert strip")
        (s, _) = press(s, [.tab])
        #expect(s.page.pane == 0, "then back to the fields")

        // The compact layout at 80×24 (the center's ten fields): a click on a commune row opens it.
        var small = Center.screen([.char(":")] + type("chau thanh") + [.enter], size: Size(width: 80, height: 24))
        let lines = view(small).lines()
        let y = try! #require(lines.firstIndex { $0.hasPrefix(" Xã An Hiệp") })
        (small, _) = update(small, .click(x: 3, y: y))
        guard case let .overview(region) = small.page.screen else { Issue.record("the click did not open the commune"); return }
        #expect(small.catalog.regions[region].name == "Xã An Hiệp")
        // And a click on a field's line opens the field.
        var field = Center.screen([], size: Size(width: 80, height: 24))
        let fieldLine = try! #require(view(field).lines().firstIndex { $0.hasPrefix(" 4  Y tế") })
        (field, _) = update(field, .click(x: 6, y: fieldLine))
        guard case .field(3, _) = field.page.screen else { Issue.record("the click did not open the field: \(field.page.screen)"); return }
    }

    @Test func overviewSelectionMovesAndOpens() {
        var (s, _) = press(fixtureState(size: Size(width: 120, height: 36)), [.right])
        #expect(s.page.selection == 1)
        (s, _) = press(s, [.right, .right, .left, .home])
        #expect(s.page.selection == 0)
        (s, _) = press(s, [.char("l"), .enter])
        guard case .field(1, _) = s.page.screen else { Issue.record("Enter opens the selected field"); return }
    }

    @Test func drillingDownAnIndicatorGoesToTheDistrict() {
        var (s, effects) = press(fixtureState(size: Size(width: 120, height: 36)), [.char("1")])
        // Worst first: the online rate (warning at Châu Thành... critical status first) then overdue.
        let rows = s.fieldRows(0, region: s.catalog.rootRegion, page: s.page)
        let online = rows.firstIndex(of: s.catalog.indicatorIndex["admin.online_rate"]!)!
        (s, effects) = press(s, Array(repeating: Key.down, count: online) + [.enter])
        #expect(effects.contains { if case .loadHistory = $0 { true } else { false } })
        #expect(s.page.range == .month, "a daily indicator's chart starts at 30 days")
        let ranked = s.indicatorRows(s.catalog.indicatorIndex["admin.online_rate"]!, region: s.catalog.rootRegion)
        #expect(ranked.map { s.catalog.regions[$0.region].name } == ["Mỏ Cày Bắc", "Châu Thành"], "higher is better ranks first")
        (s, _) = press(s, [.down, .enter])
        guard case let .overview(region) = s.page.screen else { Issue.record("a district with no children for this indicator opens its overview"); return }
        #expect(s.catalog.regions[region].name == "Châu Thành")
        #expect(breadcrumbs(s).prefix(2) == ["Bến Tre", "Châu Thành"])
    }

    @Test func theRangeKeyCyclesAndReloads() {
        var (s, _) = press(fixtureState(size: Size(width: 120, height: 36)), [.char("2"), .enter])
        #expect(s.page.range == .week)
        var effects: [Effect]
        (s, effects) = press(s, [.char("t")])
        #expect(s.page.range == .month)
        guard case .loadHistory(_, .month)? = effects.first else { Issue.record("t reloads the history: \(effects)"); return }
        (s, _) = press(s, [.char("t"), .char("t")])
        #expect(s.page.range == .day)
    }

    @Test func jumpMatchesWithoutDiacritics() {
        let s = fixtureState(size: Size(width: 120, height: 36))
        #expect(s.jumpCandidates("mo cay bac").first?.label.contains("Mỏ Cày Bắc") == true)
        #expect(s.jumpCandidates("TAN THACH").first?.label.contains("Tân Thạch") == true)
        #expect(s.jumpCandidates("do man").first?.target == .indicator(s.catalog.indicatorIndex["agri.salinity.max"]!))
        #expect(s.jumpCandidates("nong nghiep").first?.target == .field(1))
        #expect(s.jumpCandidates("zzz").isEmpty)
        var (after, _) = press(s, [.char(":")] + type("mo cay bac") + [.enter])
        guard case let .overview(region) = after.page.screen else { Issue.record("jumped nowhere"); return }
        #expect(after.catalog.regions[region].name == "Mỏ Cày Bắc")
        (after, _) = press(s, [.char(":")] + type("qqq") + [.enter])
        #expect(after.notice == "nothing matches 'qqq'")
        #expect(after.stack.count == 1)
    }

    @Test func filterAndSortTheFieldTable() {
        var (s, _) = press(fixtureState(size: Size(width: 120, height: 36)), [.char("1"), .char("/")] + type("qua han"))
        #expect(s.fieldRows(0, region: s.catalog.rootRegion, page: s.page).map { s.catalog.indicators[$0].code } == ["admin.overdue"])
        (s, _) = press(s, [.enter])
        #expect(s.prompt == nil)
        #expect(s.page.filter == "qua han", "Enter keeps the filter")
        (s, _) = press(s, [.char("/"), .escape])
        #expect(s.page.filter.isEmpty, "Esc clears it")
        (s, _) = press(s, [.char("o")])
        #expect(s.page.sort == .age)
        (s, _) = press(s, [.char("o"), .char("o")])
        #expect(s.page.sort == .value)
        #expect(s.fieldRows(0, region: s.catalog.rootRegion, page: s.page).map { s.catalog.indicators[$0].code } == ["admin.online_rate", "admin.overdue"])
        (s, _) = press(s, [.char("O")])
        #expect(s.fieldRows(0, region: s.catalog.rootRegion, page: s.page).map { s.catalog.indicators[$0].code } == ["admin.overdue", "admin.online_rate"])
    }

    @Test func acknowledgeAndSilenceFromTheAlertsScreen() {
        var (s, effects) = press(fixtureState(size: Size(width: 120, height: 36)), [.char("a"), .char("A")] + type("đã gọi trạm") + [.enter])
        let first = s.alertRows(s.page)[0]
        #expect(effects == [.acknowledge(alert: first.id, note: "đã gọi trạm")])
        (s, effects) = press(s, [.char("s"), .backspace, .backspace] + type("30m") + [.enter])
        #expect(effects == [.silence(alert: first.id, seconds: 1_800)])
        (s, effects) = press(s, [.char("s"), .backspace, .backspace] + type("soon") + [.enter])
        #expect(effects.isEmpty)
        #expect(s.notice?.contains("not a duration") == true)
        (s, effects) = press(s, [.enter])
        #expect(effects == [.loadJournal(alert: first.id)])
        (s, effects) = press(s, [.char("n")] + type("trạm bơm đã chạy") + [.enter])
        #expect(effects == [.note(alert: first.id, text: "trạm bơm đã chạy")])
        (s, effects) = press(s, [.char("n"), .enter])
        #expect(effects.isEmpty && s.notice == "a note needs text")
        // A viewer may look, not act.
        var viewer = fixtureState(size: Size(width: 120, height: 36))
        viewer.access = .viewer
        (s, effects) = press(viewer, [.char("a"), .char("A")])
        #expect(effects.isEmpty && s.prompt == nil && s.notice?.contains("op1 is a viewer") == true)
    }

    @Test func qQuitsAndRRepaintsButNotWhileTyping() {
        let s = fixtureState(size: Size(width: 80, height: 24))
        #expect(update(s, .key(.char("q"))).1 == [.quit])
        #expect(update(s, .key(.char("r"))).1 == [.repaint])
        #expect(update(s, .key(.ctrl("l"))).1 == [.repaint])
        #expect(update(s, .key(.char("x"))).1 == [])
        let typing = press(s, [.char(":")]).0
        #expect(update(typing, .key(.char("q"))).1 == [], "q is text in a prompt")
    }

    @Test func resizeReflowsAndTooSmallComesBack() {
        var state = fixtureState(size: Size(width: 120, height: 36))
        state = update(state, .resize(Size(width: 70, height: 20))).0
        #expect(view(state).lines().contains { $0.contains("terminal too small: need 80×24, have 70×20") })
        #expect(update(state, .key(.char("q"))).1 == [.quit], "q still quits on the too-small screen")
        state = update(state, .resize(Size(width: 100, height: 30))).0
        let lines = view(state).lines()
        #expect(lines.count == 30)
        #expect(lines[0].contains("IOC Bến Tre"))
    }

    @Test func dataAndTicksMoveTheHeader() {
        var state = fixtureState(size: Size(width: 120, height: 36))
        #expect(view(state).lines()[0].contains("data 10s ago"))
        state = update(state, .tick(now: state.now + 5)).0
        #expect(view(state).lines()[0].contains("data 15s ago"))
        state = update(state, .data(state.table, alerts: state.alerts, now: state.now)).0
        #expect(view(state).lines()[0].contains("data 0s ago"))
    }

    /// Every key with its whole description, at every size from an SSH client's 80×24 to a wall's
    /// 240×70: scrolled from top to bottom, no help line is cut, and every description reads
    /// whole (wrapped under its key where the width is short).
    @Test func helpShowsEveryDescriptionWholeAtEverySize() async {
        let base = fixtureState(size: Size(width: 80, height: 24))
        await propertyCheck(count: 60, input: Gen.int(in: 80...240), Gen.int(in: 24...70)) { width, height in
            for opener in [[Key.char("?")], [.char("1"), .char("?")], [.char("a"), .char("?")]] {
                var state = base
                state = update(state, .resize(Size(width: width, height: height))).0
                state = press(state, opener).0
                let kind = state.stack[state.stack.count - 2].screen.kind
                var frames = [view(state).lines()]
                var scrolled = 0
                while scrolled < 200 {
                    let next = press(state, [.down]).0
                    guard next.page.selection != state.page.selection else { break }
                    state = next
                    frames.append(view(state).lines())
                    scrolled += 1
                }
                // The list: between the title (and the line under it) and the key hints.
                let bodies = frames.map { Array($0.dropFirst(4).dropLast()) }
                for line in bodies.joined() {
                    #expect(!line.contains("…"), "a help line is cut at \(width)×\(height): \(line)")
                }
                // One column: the descriptions' pieces, read in order, give each one whole.
                let column = HelpScreen.margin + HelpScreen.keyWidth + HelpScreen.gap
                var seen = Set<String>()
                let pieces = bodies.joined().filter { seen.insert($0).inserted }
                    .map { String($0.dropFirst(column)).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                let whole = frames.joined().joined(separator: "\n")
                for binding in state.keyMap.bindings(on: kind) {
                    #expect(whole.contains(KeyMap.describe(binding.keys)), "\(binding.action) missing from help at \(width)×\(height)")
                    #expect(whole.contains(binding.action.summary) || pieces.contains(binding.action.summary),
                            "\(binding.action)'s description is not whole at \(width)×\(height)")
                }
            }
        }
    }

    @Test func helpAt80x24ScrollsWithTheArrowsAndPages() {
        let state = press(fixtureState(size: Size(width: 80, height: 24)), [.char("?")]).0
        let first = view(state).lines()
        #expect(first[2].contains("lines 1-19 of"), "the title says where the list stands: \(first[2])")
        let end = press(state, [.end]).0
        #expect(end.page.selection > 0)
        let last = view(end).lines()
        let lastKey = KeyMap.describe(state.keyMap.bindings(on: .overview).last!.keys)
        #expect(last.contains { $0.hasPrefix("  " + lastKey) }, "End shows the last key")
        #expect(press(end, [.home]).0.page.selection == 0)
        #expect(press(state, [.pageDown]).0.page.selection > 0)
    }

    @Test func hintsAndHelpComeFromTheKeyMap() {
        let state = fixtureState(size: Size(width: 160, height: 48))
        let footer = view(state).lines().last ?? ""
        for binding in state.keyMap.bindings(on: .overview) where binding.hinted {
            #expect(footer.contains(binding.action.hint), "hint for \(binding.action) missing")
        }
        let help = view(press(state, [.char("?")]).0).text
        for binding in state.keyMap.bindings(on: .overview) {
            #expect(help.contains(binding.action.summary))
        }
        // On the overview `l` moves right, so help must not list it under "open".
        #expect(state.keyMap.bindings(on: .overview).first { $0.action == .open }?.keys == [.enter])
    }
}

@Suite struct FormatTests {
    @Test func values() {
        #expect(Format.value(91.5, kind: .number) == "91.5")
        #expect(Format.value(7.0, kind: .number) == "7")
        #expect(Format.value(6.314, kind: .number) == "6.31")
        #expect(Format.value(123.44, kind: .number) == "123.4")
        #expect(Format.value(3_700, kind: .integer) == "3,700")
        #expect(Format.value(-1_234_567, kind: .number) == "-1,234,567")
        #expect(Format.value(1, kind: .boolean) == "yes")
    }

    @Test func clockAndAge() {
        #expect(Format.clock(1_764_400_000, timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!) == "14:06:40")
        #expect(Format.age(59) == "59s")
        #expect(Format.age(61) == "1m")
        #expect(Format.age(7_200) == "2h")
        #expect(Format.age(-5) == "0s")
    }
}

@Suite struct KeyMapTests {
    @Test func overridesReplaceKeysAndShowInHelp() {
        let map = KeyMap.standard.overriding([.alerts: [.function(2)], .quit: [.char("q"), .function(10)]])
        #expect(map.action(for: .function(2), on: .overview) == .alerts)
        #expect(map.action(for: .char("a"), on: .overview) == nil)
        #expect(map.action(for: .function(10), on: .field) == .quit)
        var state = fixtureState(size: Size(width: 120, height: 36))
        state.keyMap = map
        let help = view(press(state, [.char("?")]).0).text
        #expect(help.contains("F2") && help.contains("open alerts"))
    }

    @Test func keyNamesParse() {
        #expect(Key.parse("q") == .char("q"))
        #expect(Key.parse("Enter") == .enter)
        #expect(Key.parse("esc") == .escape)
        #expect(Key.parse("PgDn") == .pageDown)
        #expect(Key.parse("F10") == .function(10))
        #expect(Key.parse("Ctrl-L") == .ctrl("l"))
        #expect(Key.parse("Space") == .char(" "))
        #expect(Key.parse("Hyper-Q") == nil)
        #expect(Key.parse("F13") == nil)
    }
}

@Suite struct ClickTests {
    @Test func aClickOnAPanelOrRowOpensIt() {
        let start = fixtureState(size: Size(width: 120, height: 36))
        // The second panel's title row (panels start under the two header lines).
        let lines = view(start).lines()
        let y = lines.firstIndex { $0.contains("2 Nông nghiệp") }!
        let x = lines[y].distance(from: lines[y].startIndex, to: lines[y].range(of: "2 Nông nghiệp")!.lowerBound)
        var (s, _) = update(start, .click(x: x, y: y))
        guard case .field(1, _) = s.page.screen else { Issue.record("the click did not open the field"); return }
        // Rows start under the summary and column titles: the second row is at body.y + 3.
        var effects: [Effect]
        (s, effects) = update(s, .click(x: 5, y: 2 + 3))
        guard case let .indicator(i, _) = s.page.screen else { Issue.record("the click did not open the row"); return }
        #expect(s.catalog.indicators[i].code == s.fieldRows(1, region: s.catalog.rootRegion, page: Page(.field(1, region: 0))).last.map { s.catalog.indicators[$0].code })
        #expect(effects.contains { if case .loadHistory = $0 { true } else { false } })
        let before = s.stack.count
        (s, _) = update(s, .click(x: 119, y: 35))
        #expect(s.stack.count == before, "a click on nothing does nothing")
    }
}

/// Time travel in the console: `:at`, `[` `]`, pause, the header that says so, live data that
/// does not move the picture, actions refused in the past, Esc back to live.
@Suite struct TimeTravelTests {
    @Test func travellingThereAndBack() {
        let state = fixtureState(size: Size(width: 80, height: 24))
        // 2025-11-29 14:08:20 at +07:00 is `now`; 28/11 17:00 is the next day's evening before.
        let then: Int64 = 1_764_324_000
        var (s, effects) = press(state, [.char(":")] + type("at 2025-11-28 17:00") + [.enter])
        #expect(effects == [.travel(to: then)])
        // The runner answers with the center as it stood: here an emptier table and no alerts.
        let past = Engine(catalog: state.catalog).table
        (s, effects) = update(s, .travelled(past, alerts: [], at: then))
        #expect(s.moment == .past(then) && s.alerts.isEmpty && effects.isEmpty)
        let mismatch = goldenMismatch(view(s).text, file: "time-travel-80x24.txt", directory: goldenDirectory)
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(view(s).text.hasPrefix(" ◷ AS OF 28/11 17:00 · 21h ago "))
        // Live data arriving changes nothing on screen.
        let before = view(s).text
        s = update(s, .data(state.table, alerts: state.alerts, now: state.now + 5)).0
        #expect(view(s).text.split(separator: "\n").dropFirst() == before.split(separator: "\n").dropFirst(), "below the header, nothing moved")
        #expect(view(s).text.hasPrefix(" ◷ AS OF 28/11 17:00 · 21h ago · 1 upda"), "the header counts what is held back")
        // Actions are refused in the past, with the way back.
        (s, effects) = press(s, [.char("a"), .char("A")])
        #expect(effects.isEmpty && s.prompt == nil && s.notice?.hasPrefix("this is 28/11 17:00, not now: acknowledging") == true)
        // `[` goes back by the range's step (7d: 6 hours), `]` forward; forward past now is live.
        (s, effects) = press(s, [.escape, .char("[")])
        #expect(effects == [.travel(to: then - 6 * 3_600)])
        (s, effects) = press(s, [.char("]")])
        #expect(effects == [.travel(to: then + 6 * 3_600)])
        s = update(s, .travelled(past, alerts: [], at: state.now - 60)).0
        (s, effects) = press(s, [.char("]")])
        #expect(effects == [.travel(to: nil)])
        // Esc at the top returns to live; so does :now.
        (_, effects) = press(s, [.escape])
        #expect(effects == [.travel(to: nil)])
        (_, effects) = press(s, [.char(":")] + type("now") + [.enter])
        #expect(effects == [.travel(to: nil)])
        s = update(s, .travelled(state.table, alerts: state.alerts, at: nil)).0
        #expect(s.moment == .live && !view(s).text.contains("AS OF"))
        // A time it cannot read says how to write one.
        (s, effects) = press(s, [.char(":")] + type("at tomorrow") + [.enter])
        #expect(effects.isEmpty && s.notice?.hasPrefix("cannot read the time 'tomorrow'") == true)
    }

    @Test func pauseIsNowFrozen() {
        let state = fixtureState(size: Size(width: 80, height: 24))
        var (s, effects) = press(state, [.char("p")])
        #expect(s.moment == .paused(state.now) && effects.isEmpty)
        #expect(view(s).text.hasPrefix(" ⏸ PAUSED 14:08:20 · now, frozen "))
        // Frozen: new data is not shown; actions still are allowed (it is now).
        s = update(s, .data(Engine(catalog: state.catalog).table, alerts: [], now: state.now + 5)).0
        #expect(s.alerts == state.alerts)
        (s, effects) = press(s, [.char("a"), .char("A")])
        #expect(s.prompt != nil)
        (_, effects) = press(s, [.escape, .char("p")])
        #expect(effects == [.travel(to: nil)])
        // In ASCII the glyphs are words too.
        var plain = state
        plain.capabilities = .plain
        #expect(view(press(plain, [.char("p")]).0).text.hasPrefix(" || PAUSED 14:08:20"))
    }
}

/// Labels along a chart's time axis, on the center's clock, as many as fit.
@Suite struct TimeAxisTests {
    let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    /// 2025-11-29 14:08:20 at +07:00.
    let now: Int64 = 1_764_400_100

    @Test func hoursDaysAndMonthsAtLocalBoundaries() {
        let day = TimeAxis.ticks(from: now - 86_400, to: now, width: 60, range: .day, timeZone: zone).map(\.label)
        #expect(day == ["15:00", "18:00", "21:00", "00:00", "03:00", "06:00", "09:00", "12:00"], "every 3 hours fit in 60 columns")
        let month = TimeAxis.ticks(from: now - 30 * 86_400, to: now, width: 60, range: .month, timeZone: zone).map(\.label)
        // Every 5 days would put 31/10 beside 01/11: a week apart, from the 1st.
        #expect(month == ["01/11", "08/11", "15/11", "22/11"])
        let year = TimeAxis.ticks(from: now - 365 * 86_400, to: now, width: 60, range: .year, timeZone: zone).map(\.label)
        #expect(year == ["01/25", "03/25", "05/25", "07/25", "09/25"], "every other month, from January")
        // Labels never touch, and none runs past the plot.
        for (range, span) in [(HistoryRange.day, Int64(86_400)), (.week, 7 * 86_400), (.month, 30 * 86_400), (.year, 365 * 86_400)] {
            for width in [20, 40, 67, 140] {
                let ticks = TimeAxis.ticks(from: now - span, to: now, width: width, range: range, timeZone: zone)
                #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1.offset - $0.offset >= $0.label.count + 2 }, "\(range) \(width)")
                #expect(ticks.allSatisfy { $0.offset + $0.label.count + 2 <= width }, "\(range) \(width)")
            }
        }
    }
}

@Suite struct ColourBlindThemeTests {
    /// The cvd theme never tells ok from trouble by red against green, and keeps every glyph.
    @Test func noRedOrGreenAndTheSameGlyphs() {
        let redsAndGreens: Set<Color> = [.red, .green, .brightRed, .brightGreen, .index(196), .index(46), .index(160), .index(34)]
        for status in SeriesStatus.allCases {
            #expect(!redsAndGreens.contains(Theme.cvd.style(status).foreground), "\(status)")
        }
        #expect(Set(SeriesStatus.allCases.map { Theme.cvd.style($0) }).count == SeriesStatus.allCases.count, "each status its own style")
        var state = fixtureState(size: Size(width: 80, height: 24))
        let dark = view(state).text
        state.theme = .cvd
        #expect(view(state).text == dark, "the same characters: only colours change")
        #expect(Theme.all.map(\.name) == ["dark", "light", "cvd"])
    }
}

/// `y`, `Y` and locators: where the console is, as text to pass on, and back.
@Suite struct LocatorTests {
    @Test func copyingWhereYouAreAndTheSelectedValue() {
        let state = fixtureState(size: Size(width: 80, height: 24))
        var (s, effects) = press(state, [.char("y")])
        #expect(effects == [.copy("83")] && s.notice == "copied 83 to your clipboard")
        (s, effects) = press(state, [.char("2"), .char("y")])
        #expect(effects == [.copy("83/agri")])
        // The field table sorts by status, worst first: the salinity (critical) leads.
        (s, effects) = press(s, [.char("Y")])
        #expect(effects == [.copy("9.6 ‰")])
        (s, effects) = press(s, [.enter, .char("y")])
        #expect(effects.last == .copy("83/agri/agri.salinity.max"))
        // In the past the moment goes with it.
        s = update(s, .travelled(s.table, alerts: [], at: 1_764_324_000)).0
        (_, effects) = press(s, [.char("y")])
        #expect(effects == [.copy("83/agri/agri.salinity.max@2025-11-28T17:00:00+07:00")])
    }

    @Test func aLocatorOpensItsPagesAndMoment() throws {
        let state = fixtureState(size: Size(width: 80, height: 24))
        let catalog = state.catalog, zone = state.timeZone
        let everything = RegionScope.everything(catalog)
        let (pages, at) = try Locator.parse("83/agri/agri.salinity.max@2025-11-28T17:00:00+07:00", catalog: catalog, scope: everything,
                                            now: state.now, timeZone: zone)
        #expect(pages.map(\.screen) == [.overview(region: 0), .field(1, region: 0), .indicator(catalog.indicatorIndex["agri.salinity.max"]!, region: 0)])
        #expect(at == 1_764_324_000)
        #expect(try Locator.parse("831", catalog: catalog, scope: everything, now: state.now, timeZone: zone).pages.map(\.screen)
            == [.overview(region: catalog.regionIndex["831"]!)])
        for (text, problem) in [("999/agri", "no region '999'"), ("83/sport", "no field 'sport'"), ("83/agri/admin.overdue", "no indicator 'admin.overdue' of agri"),
                                ("83@tomorrow", "cannot read the time 'tomorrow'"), ("", "write REGION[/FIELD[/INDICATOR]][@TIME]")] {
            let error = #expect(throws: Locator.Problem.self) { try Locator.parse(text, catalog: catalog, scope: everything, now: state.now, timeZone: zone) }
            #expect(error?.description.contains(problem) == true, "\(text): \(error?.description ?? "")")
        }
        let district = RegionScope(codes: ["838"], catalog: catalog)
        let outside = #expect(throws: Locator.Problem.self) { try Locator.parse("831", catalog: catalog, scope: district, now: state.now, timeZone: zone) }
        #expect(outside?.description.contains("outside your scope") == true)
    }
}

/// The chart's cursor: Tab to it, left and right along the points, the moment and value shown,
/// Enter travels there.
@Suite struct ChartCursorTests {
    @Test func alongTheChartAndIntoThePast() {
        let state = fixtureState(size: Size(width: 100, height: 30))
        var (s, _) = press(state, [.char("2"), .enter])
        guard case let .indicator(i, region) = s.page.screen else {
            Issue.record("not on an indicator page: \(s.page.screen)")
            return
        }
        let series = s.catalog.series(i, region)
        let hour: Int64 = 3_600
        let points = (0..<24).map { HistoryValue(time: state.now - (24 - Int64($0)) * hour * 7, value: Double($0 % 5) + 1) }
        s = update(s, .history(HistoryData(series: series, range: s.page.range, points: points))).0
        var effects: [Effect] = []
        // Tab until the chart's pane (the alerts pane is skipped when empty).
        for _ in 0..<3 where s.page.pane != 2 { (s, _) = press(s, [.tab]) }
        #expect(s.page.pane == 2 && s.page.selection == 23, "the cursor starts at the newest point")
        (s, _) = press(s, [.left, .left])
        #expect(s.page.selection == 21)
        let text = view(s).text
        let p = points[21]
        #expect(text.contains("\(Format.dayAndTime(p.time, timeZone: s.timeZone)) · \(Format.value(p.value, kind: .number)) ‰  Enter travels there"), "\(text)")
        (s, effects) = press(s, [.right])
        #expect(s.page.selection == 22)
        (_, effects) = press(s, [.enter])
        #expect(effects == [.travel(to: points[22].time)])
    }
}
