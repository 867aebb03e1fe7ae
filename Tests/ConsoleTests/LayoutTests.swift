import Canvas
@testable import Console
import Foundation
import IndicatorEngine
import Localization
import TestSupport
import Testing

/// The default center's screens at the sizes operators have: goldens at five sizes, and
/// properties that hold at every size from 80×24 to 240×70.
@Suite struct CenterLayoutTests {
    static let cases: [(String, Size)] = Center.screens.flatMap { screen in Center.sizes.map { (screen.name, $0) } }

    @Test(arguments: cases) func snapshot(_ name: String, _ size: Size) {
        let keys = Center.screens.first { $0.name == name }!.keys
        let mismatch = goldenMismatch(view(Center.screen(keys, size: size)).text, file: "center-\(name)-\(size.width)x\(size.height).txt",
                                      directory: goldenDirectory)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    static let everySize: [Size] = [80, 100, 120, 140, 160, 200, 240].flatMap { w in [24, 30, 36, 42, 48, 60, 70].map { Size(width: w, height: $0) } }

    /// In both languages: Vietnamese words are longer, and every guarantee holds with them.
    @Test(arguments: Center.screens.map(\.name), Language.allCases) func propertiesHoldAtEverySize(_ name: String, _ language: Language) {
        let keys = Center.screens.first { $0.name == name }!.keys
        for size in Self.everySize {
            let state = Center.screen(keys, size: size, language: language)
            let buffer = view(state)
            let lines = buffer.lines()
            let where_ = "\(name) at \(size) in \(language)"
            // Header and key hints.
            #expect(lines[0].hasPrefix(" " + state.catalog.name), "\(where_): header")
            #expect(!lines[1].trimmingCharacters(in: .whitespaces).isEmpty, "\(where_): breadcrumbs")
            #expect(!lines[size.height - 1].trimmingCharacters(in: .whitespaces).isEmpty, "\(where_): key hints")
            switch state.page.screen {
            case let .overview(region): checkOverview(state, region: region, buffer: buffer, lines: lines, where_)
            case let .field(f, region): checkField(state, field: f, region: region, lines: lines, where_)
            case let .indicator(i, region): checkIndicator(state, indicator: i, region: region, lines: lines, where_)
            default: break
            }
        }
    }

    func checkOverview(_ state: ConsoleState, region: RegionID, buffer: Buffer, lines: [String], _ where_: String) {
        let layout = OverviewLayout(state, region: region, body: screenAreas(state).body)
        let glyphs = Glyphs.for(state.capabilities)
        let summaries = state.catalog.fieldSummaries(region: region) { state.table.status($0) }
        // The fields shown here (a district center's own field only in its district).
        let shown = state.fields(at: region)
        switch layout.fields {
        case let .panels(cells):
            #expect(cells.count == shown.count, "\(where_): a panel per field")
            for (n, cell) in cells.enumerated() {
                let f = shown[n]
                // Borders and at least two content rows: counts, and an indicator.
                #expect(cell.height >= 4, "\(where_): panel \(f) has \(cell.height - 2) content rows")
                // Nothing overwrote the box: its corners and sides are intact.
                #expect(buffer[cell.x, cell.y].symbol == glyphs.topLeft && buffer[cell.maxX - 1, cell.maxY - 1].symbol == glyphs.bottomRight,
                        "\(where_): panel \(f)'s corners")
                for y in (cell.y + 1)..<(cell.maxY - 1) {
                    #expect(buffer[cell.x, y].symbol == glyphs.vertical && buffer[cell.maxX - 1, y].symbol == glyphs.vertical, "\(where_): panel \(f)'s sides")
                }
                let title = lines[cell.y]
                #expect(title.contains(state.catalog.fields[f].key + " "), "\(where_): panel \(f)'s title")
                let counts = String(lines[cell.y + 1].dropFirst(cell.x))
                #expect(counts.contains(state.tr("score")), "\(where_): panel \(f)'s score")
                #expect(counts.contains("\(summaries[f].ok)"), "\(where_): panel \(f)'s counts")
                // The second content row names an indicator.
                #expect(!lines[cell.y + 2].dropFirst(cell.x + 1).prefix(cell.width - 2).trimmingCharacters(in: .whitespaces).isEmpty,
                        "\(where_): panel \(f)'s indicators")
            }
        case let .compact(rect):
            #expect(rect.height == shown.count + 1, "\(where_): one line per field")
            for (n, f) in shown.enumerated() {
                let field = state.catalog.fields[f]
                let line = lines[rect.y + 1 + n]
                let score = summaries[f].score.map { "\(Int($0.rounded()))%" } ?? "–"
                #expect(line.hasPrefix(" \(field.key)"), "\(where_): field \(field.key) in the list")
                #expect(line.contains(" \(state.count(summaries[f].ok)) ") && line.contains(score), "\(where_): field \(field.key)'s counts and score: \(line)")
            }
        }
        if region != state.catalog.rootRegion {
            #expect(layout.children.height >= 2, "\(where_): the communes have rows")
        }
        #expect(layout.strip.height >= 2 && layout.strip.maxY == screenAreas(state).body.maxY, "\(where_): the alert strip")
    }

    func checkField(_ state: ConsoleState, field f: Int, region: RegionID, lines: [String], _ where_: String) {
        let rows = state.fieldRows(f, region: region, page: state.page)
        let titles = lines[screenAreas(state).body.y + 1]
        #expect(titles.contains(state.tr("Indicator", context: "field column")) && titles.contains(state.tr("Value", context: "field column")),
                "\(where_): the column titles are whole: \(titles)")
        for (n, i) in rows.prefix(screenAreas(state).body.height - 2).enumerated() {
            let indicator = state.catalog.indicators[i]
            let value = valueText(state, indicator, state.table[state.catalog.series(i, region)]?.value)
            #expect(lines[screenAreas(state).body.y + 2 + n].contains(value), "\(where_): the value and unit of \(indicator.code) are whole: \(value)")
        }
    }

    func checkIndicator(_ state: ConsoleState, indicator i: IndicatorID, region: RegionID, lines: [String], _ where_: String) {
        let body = screenAreas(state).body
        let main = IndicatorScreen.mainArea(state, indicator: i, body: body)
        let table = IndicatorScreen.tableArea(state, indicator: i, region: region, main: main)
        let rows = state.indicatorRows(i, region: region).count
        // The ranked list takes no more rows than it has; the chart gets the rest.
        #expect(table.height <= max(1, rows + 1) || table.height == main.height, "\(where_): the ranked list is \(table.height) rows for \(rows)")
        #expect(lines.contains { $0.contains(" " + state.tr("History {ranges}  (t switches)").prefix(7)) }, "\(where_): the chart")
    }
}

@Suite struct ClockRedrawTests {
    /// A tick that moves only the clock redraws the header over the last frame; that must be
    /// the frame a whole redraw gives. Two minutes after the last data, within ten seconds.
    @Test(arguments: Center.screens.map(\.name))
    func aTickOfTheClockRedrawsTheHeaderAsAWholeFrameWould(_ name: String) {
        let keys = Center.screens.first { $0.name == name }!.keys
        let shown = update(Center.screen(keys, size: Size(width: 120, height: 40)), .tick(now: Center.now + 121)).0
        let frame = view(shown)
        let after = update(shown, .tick(now: Center.now + 128)).0
        #expect(!tickNeedsWholeFrame(from: shown, to: after))
        let whole = view(after)
        #expect(viewClock(after, over: frame).text == whole.text)
        #expect(whole.text != frame.text, "the clock moved, so the frame did")
    }

    @Test func freshDataOrANewTenSecondsRedrawsTheWholeFrame() {
        let state = Center.state(size: Size(width: 120, height: 40))
        let soon = update(state, .tick(now: Center.now + 5)).0
        #expect(tickNeedsWholeFrame(from: state, to: soon), "ages under a minute count seconds")
        let late = update(state, .tick(now: Center.now + 125)).0
        let later = update(late, .tick(now: Center.now + 131)).0
        #expect(tickNeedsWholeFrame(from: late, to: later), "a new ten seconds")
    }
}

@Suite struct NotificationHeaderTests {
    @Test func theHeaderSaysWhileNotificationsAreFailing() {
        let state = Center.state(size: Size(width: 160, height: 48))
        #expect(!view(state).text.contains("notifications failing"))
        let failing = update(state, .notifications(failing: 3)).0
        let header = view(failing).text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("notifications failing: 3"), "\(header)")
        #expect(!view(update(failing, .notifications(failing: 0)).0).text.contains("notifications failing"))
    }
}
