import Canvas
import Foundation
import IndicatorEngine

/// A field's indicators in one region: status, name, value, target and progress, trend, age.
/// Narrow terminals drop the trend first, then the target, then the age; the value and its unit
/// are never cut, and names keep their distinguishing tail.
struct FieldScreen: ScreenUnit {
    let state: ConsoleState
    let field: Int
    let region: RegionID

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let rows = state.fieldRows(field, region: region, page: state.page)
        // Values of the rows on screen only (a field may have hundreds): the column is as wide as they need.
        let top = scrollTop(selection: state.page.selection, rows: rows.count, height: rect.height - 2)
        let shown = rows.dropFirst(top).prefix(max(0, rect.height - 2))
        var values: [Int: String] = [:]
        for (n, i) in zip(shown.indices, shown) {
            values[n] = valueText(state, state.catalog.indicators[i], state.table[state.catalog.series(i, region)]?.value)
        }
        // The column is at least as wide as its title ("Giá trị" is wider than a dash).
        let valueTitle = TextWidth.of(state.tr("Value", context: "field column")) + (state.page.sort == .value ? 1 : 0)
        let (nameW, valueW, targetW, trendW, ageW) = Self.columns(width: rect.width, widestValue: max(valueTitle, values.values.map(TextWidth.of).max() ?? 0),
                                                                   age: state.language == .vi ? 8 : 6)
        let wide = trendW > 0
        let arrow = state.page.ascending ? (state.capabilities.unicode ? "↑" : "^") : (state.capabilities.unicode ? "↓" : "v")
        func head(_ title: String, _ column: FieldColumn) -> String { title + (state.page.sort == column ? arrow : "") }
        func title(_ english: String) -> String { state.tr(english, context: "field column") }
        var header = "  " + TextWidth.pad(head(title("Indicator"), .name), to: nameW) + " " + TextWidth.pad(head(title("Value"), .value), to: valueW, alignRight: true)
        if targetW > 0 { header += " " + TextWidth.pad(head(title("Target / progress"), .target), to: targetW, alignRight: true) }
        if wide { header += " " + TextWidth.pad(title("Trend"), to: trendW) }
        if ageW > 0 { header += " " + TextWidth.pad(head(title("Age"), .age), to: ageW, alignRight: true) }
        let summary = state.tr("{count} indicators, sorted by {column}", ["count": state.count(rows.count), "column": state.tr(state.page.sort.rawValue, context: "sort")])
            + state.filterNote
        buffer.put(state.shown(" " + summary), x: rect.x, y: rect.y, style: theme.muted)
        buffer.put(state.shown(header), x: rect.x, y: rect.y + 1, style: theme.title)
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        guard !rows.isEmpty else {
            buffer.put(state.shown("  " + state.tr(state.page.filter.isEmpty ? "no indicator of this field is reported here" : "nothing matches the filter")), x: body.x, y: body.y, style: theme.muted)
            return
        }
        for (n, i) in rows.enumerated().dropFirst(top).prefix(body.height) {
            let y = body.y + n - top
            let indicator = state.catalog.indicators[i]
            let series = state.catalog.series(i, region)
            let current = state.table[series]
            let status = state.table.status(series)
            var x = rect.x
            x += buffer.put(marks.glyph(status) + " ", x: x, y: y, style: theme.style(status))
            let name = TextWidth.truncateKeepingTail(state.shown(indicator.name), to: nameW, ellipsis: glyphs.ellipsis)
            buffer.put(TextWidth.pad(name, to: nameW, ellipsis: glyphs.ellipsis), x: x, y: y, style: theme.text)
            x += nameW + 1
            buffer.put(TextWidth.pad(values[n] ?? "", to: valueW, alignRight: true, ellipsis: glyphs.ellipsis),
                       x: x, y: y, style: theme.style(status).bold())
            x += valueW + 1
            var target = ""
            if targetW > 0, let t = indicator.target {
                // The year's trend from the store, ending with the value shown.
                var history = (state.longHistory[series] ?? []).map { (time: $0.time, value: $0.value) }
                if let current, history.last?.time ?? Int64.min < current.time { history.append((current.time, current.value)) }
                let assessment = history.isEmpty ? nil : t.assess(direction: indicator.direction, history: history, now: state.viewTime)
                target = state.number(t.value, kind: indicator.kind) + " " + (assessment.map { state.percent($0.progress * 100) } ?? "")
            }
            if targetW > 0 {
                buffer.put(TextWidth.pad(state.shown(target), to: targetW, alignRight: true), x: x, y: y, style: theme.muted)
                x += targetW + 1
            }
            if wide {
                Sparkline(values: state.trend(series), style: theme.muted)
                    .render(in: Rect(x: x, y: y, width: trendW, height: 1), into: &buffer, glyphs: glyphs)
                x += trendW + 1
            }
            if ageW > 0 {
                let age = current.map { state.age(state.viewTime - $0.time) } ?? ""
                buffer.put(TextWidth.pad(age, to: ageW, alignRight: true), x: x, y: y, style: status == .stale ? theme.style(.stale) : theme.muted)
            }
            if n == state.page.selection { buffer.paint(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme.text.reversed()) }
        }
    }
}

extension FieldScreen {
    /// Column widths for a table `width` wide: the value as wide as the widest value (so it is
    /// never cut), then age, target and trend added in that order while the name keeps room.
    static func columns(width: Int, widestValue: Int, age ageWidth: Int = 6) -> (name: Int, value: Int, target: Int, trend: Int, age: Int) {
        let nameMinimum = 24
        let value = max(5, min(widestValue, width / 3))
        var name = width - 2 - value - 1
        var age = 0, target = 0, trend = 0
        if name - ageWidth - 1 >= nameMinimum { age = ageWidth; name -= ageWidth + 1 }
        if name - 19 >= nameMinimum { target = 18; name -= 19 }
        if name - 17 >= nameMinimum + 16 { trend = 16; name -= 17 }
        return (name, value, target, trend, age)
    }
}

extension FieldScreen {
    var panes: [Int] { [0] }
    var crumb: String? { state.catalog.fields[field].name }

    func rowCount(pane: Int) -> Int { state.fieldRows(field, region: region, page: state.page).count }

    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? {
        tableRow(y: y, firstY: body.y + 2, height: body.height - 2, count: rowCount(pane: 0), selection: state.page.selection).map { (0, $0) }
    }

    /// Enter opens the selected indicator in this region.
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) {
        var s = state
        let rows = s.fieldRows(field, region: region, page: s.page)
        guard s.page.selection < rows.count else { return (s, []) }
        s.stack.append(indicatorPage(s, rows[s.page.selection], region: region))
        return (s, reloadEffects(s))
    }
}

extension FieldScreen {
    var sparklineSeries: [SeriesID] { state.visibleFieldRows.map { state.catalog.series($0, region) } }

    var exportTable: ExportTable? {
        let catalog = state.catalog, table = state.table
        let rows = state.fieldRows(field, region: region, page: state.page).map { i -> [String] in
            let indicator = catalog.indicators[i], s = catalog.series(i, region), current = table[s]
            return [indicator.code, indicator.name, catalog.regions[region].code, ExportTable.number(current?.value), indicator.unit,
                    table.status(s).rawValue, ExportTable.time(current?.time, state.timeZone), ExportTable.number(indicator.target?.value)]
        }
        return ExportTable(name: "field-\(catalog.fields[field].code)-\(catalog.regions[region].code)",
                           header: ["indicator", "name", "region", "value", "unit", "status", "time", "target"], rows: rows)
    }

    /// The selected row of the table.
    private var selectedSeries: SeriesID? {
        let rows = state.fieldRows(field, region: region, page: state.page)
        guard state.page.pane == 0, state.page.selection < rows.count else { return nil }
        return state.catalog.series(rows[state.page.selection], region)
    }

    var favouriteUnderSelection: Favourite? {
        selectedSeries.map { Favourite(indicator: state.catalog.indicators[state.catalog.indicator(of: $0)].code, region: state.catalog.regions[region].code) }
    }

    var selectedValueText: String? { selectedSeries.flatMap(state.valueWithUnit) }
}
