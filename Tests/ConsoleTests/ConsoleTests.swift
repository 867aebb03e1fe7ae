import Canvas
import Console
import Foundation
import IndicatorEngine
import TestSupport
import Testing

let goldenDirectory = repositoryRoot.appendingPathComponent("Tests/ConsoleTests/Golden")

/// A fixed state: every fixture indicator has a value, some in breach, with a short history.
func fixtureState(size: Size, capabilities: Capabilities = .full) -> ConsoleState {
    let catalog = Fixtures.catalog()
    var engine = Engine(catalog: catalog)
    let start: Int64 = 1_764_400_000
    let values: [(String, String, [Double])] = [
        ("admin.online_rate", "83", [72, 70.5, 68, 66.25]),
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
                             size: size, capabilities: capabilities, role: .leader, operatorName: "op1")
    state.lastData = start + 90
    state.alerts = engine.alerts.open
    return state
}

@Suite struct ScreenSnapshotTests {
    func check(_ state: ConsoleState, _ golden: String) {
        let mismatch = goldenMismatch(view(state).text, file: golden, directory: goldenDirectory)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func overviewAt120x36() { check(fixtureState(size: Size(width: 120, height: 36)), "overview-120x36.txt") }
    @Test func overviewAt80x24() { check(fixtureState(size: Size(width: 80, height: 24)), "overview-80x24.txt") }
    @Test func overviewInAsciiMode() {
        check(fixtureState(size: Size(width: 80, height: 24), capabilities: .plain), "overview-80x24-ascii.txt")
    }
    @Test func tooSmall() { check(fixtureState(size: Size(width: 60, height: 20)), "too-small-60x20.txt") }

    @Test func monochromeStillMarksSeverityByGlyph() {
        let text = view(fixtureState(size: Size(width: 120, height: 36), capabilities: Capabilities(unicode: true, colors: 0))).text
        #expect(text.contains("✖ Độ mặn cao nhất"))
        #expect(text.contains("▲ Hồ sơ quá hạn"))
    }
}

@Suite struct UpdateTests {
    @Test func qQuitsAndOtherKeysDoNot() {
        let state = fixtureState(size: Size(width: 80, height: 24))
        #expect(update(state, .key(.char("q"))).1 == .quit)
        #expect(update(state, .key(.char("x"))).1 == .none)
        #expect(update(state, .key(.char("r"))).1 == .repaint)
        #expect(update(state, .key(.ctrl("l"))).1 == .repaint)
    }

    @Test func resizeReflowsAndTooSmallComesBack() {
        var state = fixtureState(size: Size(width: 120, height: 36))
        state = update(state, .resize(Size(width: 70, height: 20))).0
        #expect(view(state).lines().contains { $0.contains("terminal too small: need 80×24, have 70×20") })
        #expect(update(state, .key(.char("q"))).1 == .quit, "q still quits on the too-small screen")
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

    @Test func hintsComeFromTheKeyMap() {
        let state = fixtureState(size: Size(width: 80, height: 24))
        let footer = view(state).lines().last ?? ""
        for (keys, action) in KeyMap.standard.bindings {
            #expect(footer.contains("\(keys[0]) \(action.hint)"))
        }
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
