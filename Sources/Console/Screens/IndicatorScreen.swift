import Canvas
import Foundation
import IndicatorEngine

/// One indicator: its definition, its value in each child region with bars and ranks, its
/// history chart with thresholds and target, and its alerts.
struct IndicatorScreen: ScreenUnit {
    let state: ConsoleState
    let indicator: IndicatorID
    let region: RegionID

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let ind = state.catalog.indicators[indicator]
        let series = state.catalog.series(indicator, region)
        let current = state.table[series]
        let status = state.table.status(series)

        // Definition and the value here.
        let here = "\(marks.glyph(status)) \(valueText(state, ind, current?.value))  \(state.word(status))"
            + (current.map { "  " + state.ago(state.viewTime - $0.time) } ?? "")
        buffer.put(state.shown(" " + here), x: rect.x, y: rect.y, style: theme.style(status).bold())
        var definition = "\(ind.code) · \(state.tr(ind.frequency.label, context: "frequency")) · \(state.tr(ind.direction.rawValue, context: "direction")) · "
            + state.tr("roll-up {rule}", ["rule": state.tr(ind.rollup.name, context: "rollup")])
        if let formula = ind.formula { definition += " · = \(formula)" }
        buffer.put(TextWidth.truncate(state.shown(" " + definition), to: rect.width, ellipsis: glyphs.ellipsis), x: rect.x, y: rect.y + 1, style: theme.muted)
        if !ind.source.isEmpty || !ind.description.isEmpty {
            let about = [ind.description, ind.source.isEmpty ? "" : state.tr("source: {source}", ["source": ind.source])].filter { !$0.isEmpty }.joined(separator: " · ")
            buffer.put(TextWidth.truncate(state.shown(" " + about), to: rect.width, ellipsis: glyphs.ellipsis), x: rect.x, y: rect.y + 2, style: theme.muted)
        }
        let alerts = state.indicatorAlerts(indicator)
        let main = Self.mainArea(state, indicator: indicator, body: rect)
        let alertArea = Rect(x: rect.x, y: main.maxY, width: rect.width, height: rect.maxY - main.maxY)
        let tableArea = Self.tableArea(state, indicator: indicator, region: region, main: main)
        let chartArea = tableArea.height == main.height
            ? Rect(x: tableArea.maxX + 1, y: main.y, width: main.width - tableArea.width - 1, height: main.height)
            : Rect(x: main.x, y: tableArea.maxY, width: main.width, height: main.height - tableArea.height)

        // Child regions ranked.
        let rows = state.indicatorRows(indicator, region: region)
        let level = state.catalog.children[region].first.map { state.word(state.catalog.regions[$0].level, count: rows.count) } ?? state.tr("regions")
        let title = " " + (rows.isEmpty ? state.tr("Reported at this level only: no region below reports it")
            : state.tr("{count} {level} ranked", ["count": state.count(rows.count), "level": level]))
        buffer.put(state.shown(title), x: tableArea.x, y: tableArea.y, style: rows.isEmpty ? theme.muted : theme.title, clip: tableArea)
        // Bars start below the lowest value, so close values (rates near 97%) still differ.
        let values = rows.compactMap(\.value)
        let high = values.max() ?? 0, low = values.min() ?? 0
        let baseline = low >= 0 ? max(0, low - (high - low)) : low
        let nameW = 22, valueW = 14
        let barW = max(4, tableArea.width - nameW - valueW - 10)
        let visible = Rect(x: tableArea.x, y: tableArea.y + 1, width: tableArea.width, height: tableArea.height - 1)
        let top = state.page.pane == 0 ? scrollTop(selection: state.page.selection, rows: rows.count, height: visible.height) : 0
        for (n, row) in rows.enumerated().dropFirst(top).prefix(visible.height) {
            let y = visible.y + n - top
            let child = state.catalog.series(indicator, row.region)
            let s = state.table.status(child)
            var x = tableArea.x
            x += buffer.put(String(format: "%3@ ", row.rank.map { "\($0)" } ?? "–"), x: x, y: y, style: theme.muted)
            x += buffer.put(marks.glyph(s) + " ", x: x, y: y, style: theme.style(s))
            buffer.put(TextWidth.pad(state.shown(state.catalog.regions[row.region].name), to: nameW, ellipsis: glyphs.ellipsis), x: x, y: y, style: theme.text)
            x += nameW + 1
            buffer.put(TextWidth.pad(valueText(state, ind, row.value), to: valueW, alignRight: true), x: x, y: y, style: theme.style(s))
            x += valueW + 1
            if let v = row.value, high > baseline {
                if state.capabilities.drawing {
                    buffer.put(bar((v - baseline) / (high - baseline), width: barW, unicode: state.capabilities.unicode), x: x, y: y, style: theme.style(s))
                }
            }
            if state.page.pane == 0 && n == state.page.selection {
                buffer.paint(Rect(x: tableArea.x, y: y, width: tableArea.width, height: 1), style: theme.text.reversed())
            }
        }

        renderChart(in: chartArea, into: &buffer, indicator: ind, series: series)

        if !alerts.isEmpty {
            buffer.put(state.shown(" " + state.tr("Alerts (Tab to select, Enter for the journal)")), x: alertArea.x, y: alertArea.y, style: theme.title)
            for (n, alert) in alerts.prefix(alertArea.height - 1).enumerated() {
                let y = alertArea.y + 1 + n
                let region = state.catalog.regionIndex[alert.region].map { state.catalog.regions[$0].name } ?? alert.region
                let line = state.tr("{severity} {state} {region} since {age}", ["severity": state.tr(alert.severity.rawValue.uppercased(), context: "alert label"), "state": state.word(alert.state), "region": region,
                                                                              "age": state.age(state.viewTime - alert.since)])
                    + (alert.acknowledged.map { " · " + state.tr("ack {user}", ["user": $0.by]) } ?? "")
                buffer.put(state.shown("  " + line), x: alertArea.x, y: y, style: theme.style(alert.severity == .critical ? .critical : .warning))
                if state.page.pane == 1 && n == state.page.selection {
                    buffer.paint(Rect(x: alertArea.x, y: y, width: alertArea.width, height: 1), style: theme.text.reversed())
                }
            }
        }
    }

    /// Below the three definition lines and above the indicator's alerts.
    static func mainArea(_ state: ConsoleState, indicator: IndicatorID, body: Rect) -> Rect {
        let alerts = state.indicatorAlerts(indicator)
        let alertHeight = min(alerts.count, 4) + (alerts.isEmpty ? 0 : 1)
        return Rect(x: body.x, y: body.y + 3, width: body.width, height: body.height - 3 - alertHeight)
    }

    /// The ranked regions: the left half on wide terminals; else on top, only as tall as its
    /// rows need (at most half), so the chart gets the rest; one line when nothing ranks here.
    static func tableArea(_ state: ConsoleState, indicator: IndicatorID, region: RegionID, main: Rect) -> Rect {
        let count = state.indicatorRows(indicator, region: region).count
        if count > 0, main.width >= 120 { return Rect(x: main.x, y: main.y, width: main.width / 2, height: main.height) }
        let height = count == 0 ? 1 : min(count + 1, max(2, main.height / 2))
        return Rect(x: main.x, y: main.y, width: main.width, height: min(height, main.height))
    }

    func renderChart(in rect: Rect, into buffer: inout Buffer, indicator ind: Indicator, series: SeriesID) {
        let theme = state.theme
        let range = state.page.range
        let ranges = HistoryRange.allCases.map { r in state.tr(r.rawValue, context: "range") }
            .enumerated().map { HistoryRange.allCases[$0.offset] == range ? "[\($0.element)]" : $0.element }.joined(separator: " ")
        buffer.put(state.shown(" " + state.tr("History {ranges}  (t switches)", ["ranges": ranges])), x: rect.x, y: rect.y, style: theme.title)
        guard let history = state.history, history.series == series, history.range == range else {
            buffer.put(state.shown("   " + state.tr("loading…")), x: rect.x, y: rect.y + 2, style: theme.muted)
            return
        }
        guard !history.points.isEmpty else {
            buffer.put(state.shown("   " + state.tr("no history in this range")), x: rect.x, y: rect.y + 2, style: theme.muted)
            return
        }
        var references: [(y: Double, style: Style, name: String)] = []
        if let t = ind.thresholds {
            for (bounds, style, name) in [(t.warning, theme.style(.warning), state.word(Severity.warning)), (t.critical, theme.style(.critical), state.word(Severity.critical))] {
                if let b = bounds {
                    if let a = b.above { references.append((a, style, name)) }
                    if let below = b.below { references.append((below, style, name)) }
                }
            }
        }
        if let target = ind.target { references.append((target.value, theme.style(.ok), state.tr("target"))) }
        let end = state.viewTime, start = end - range.seconds
        guard state.capabilities.drawing else {
            renderChartAsWords(in: rect, indicator: ind, history: history, references: references, into: &buffer)
            return
        }
        let chart = LineChart(points: history.points.map { (Double($0.time), $0.value) }, xRange: Double(start)...Double(end),
                              references: references.map { ($0.y, $0.style) }, style: theme.text)
        let labelW = 10
        // Title, plot, time axis, legend; the axis only where the plot keeps two rows.
        let axis = rect.height >= 6
        let plot = Rect(x: rect.x + labelW + 1, y: rect.y + 1, width: rect.width - labelW - 2, height: rect.height - (axis ? 3 : 2))
        chart.render(in: plot, into: &buffer, unicode: state.capabilities.unicode)
        if state.page.pane == 2, !history.points.isEmpty {
            // The cursor: its column reversed, its moment and value on the title line.
            let p = history.points[min(state.page.selection, history.points.count - 1)]
            let column = plot.x + Int(Double(p.time - start) / Double(max(1, end - start)) * Double(max(0, plot.width - 1)))
            buffer.paint(Rect(x: column, y: plot.y, width: 1, height: plot.height), style: theme.title.reversed())
            let text = "\(Format.dayAndTime(p.time, timeZone: state.timeZone)) · \(state.number(p.value, kind: ind.kind))\(ind.unit.isEmpty ? "" : " " + ind.unit)  "
                + state.tr("Enter travels there")
            let shown = TextWidth.truncate(state.shown(text), to: max(0, rect.width / 2))
            buffer.put(shown, x: rect.maxX - TextWidth.of(shown) - 1, y: rect.y, style: theme.title)
        }
        if let yr = chart.yRange {
            buffer.put(TextWidth.pad(state.number(yr.upperBound, kind: .number), to: labelW, alignRight: true), x: rect.x, y: plot.y, style: theme.muted)
            buffer.put(TextWidth.pad(state.number(yr.lowerBound, kind: .number), to: labelW, alignRight: true), x: rect.x, y: plot.maxY - 1, style: theme.muted)
            // A line the range leaves out is named at the edge it lies beyond, never lost.
            let unit = ind.unit.isEmpty ? "" : " " + ind.unit
            let above = references.filter { $0.y > yr.upperBound }.sorted { $0.y < $1.y }
            let below = references.filter { $0.y < yr.lowerBound }.sorted { $0.y > $1.y }
            for (k, r) in above.prefix(1).enumerated() {
                let text = (state.capabilities.unicode ? "↑ " : "^ ") + state.tr("{line} {value} above", ["line": r.name, "value": state.number(r.y, kind: ind.kind) + unit])
                buffer.put(state.shown(text), x: max(plot.x, plot.maxX - TextWidth.of(text)), y: plot.y + k, style: r.style)
            }
            for (k, r) in below.prefix(1).enumerated() {
                let text = (state.capabilities.unicode ? "↓ " : "v ") + state.tr("{line} {value} below", ["line": r.name, "value": state.number(r.y, kind: ind.kind) + unit])
                buffer.put(state.shown(text), x: max(plot.x, plot.maxX - TextWidth.of(text)), y: plot.maxY - 1 - k, style: r.style)
            }
        }
        if axis {
            for tick in TimeAxis.ticks(from: start, to: end, width: plot.width, range: range, timeZone: state.timeZone) {
                buffer.put("\(state.capabilities.unicode ? "╵" : "|")\(tick.label)", x: plot.x + tick.offset, y: plot.maxY, style: theme.muted, clip: Rect(x: plot.x, y: plot.maxY, width: plot.width, height: 1))
            }
        }
        let legend = (ind.thresholds != nil ? "┄ " + state.tr("thresholds") + "  " : "")
            + (ind.target != nil ? "┄ " + state.tr("target") + " " + state.number(ind.target!.value, kind: ind.kind) + "  " : "")
        // The range on screen in three numbers (of the chart's points, each a bucket's mean).
        let summary = state.rangeSummary(history.points.map(\.value), indicator: ind)
        buffer.put(TextWidth.truncate(state.shown(" " + legend + summary), to: max(0, rect.maxX - plot.x)), x: plot.x, y: rect.maxY - 1, style: theme.muted)
    }
}

extension IndicatorScreen {
    /// The chart for a screen reader or a log (`--plain`): the lines it would draw, by name and
    /// value, then evenly spaced moments with their values, then min, mean and max.
    func renderChartAsWords(in rect: Rect, indicator ind: Indicator, history: HistoryData,
                            references: [(y: Double, style: Style, name: String)], into buffer: inout Buffer) {
        let theme = state.theme
        let unit = ind.unit.isEmpty ? "" : " " + ind.unit
        var lines: [String] = []
        if !references.isEmpty {
            lines.append("   " + state.tr("lines: {lines}", ["lines": references.map { "\($0.name) \(state.number($0.y, kind: ind.kind))\(unit)" }.joined(separator: ", ")]))
        }
        let points = history.points, room = max(1, rect.height - 2 - lines.count)
        let step = max(1, (points.count + room - 1) / room)
        for p in stride(from: points.count - 1, through: 0, by: -step).reversed().map({ points[$0] }) {
            lines.append("   \(Format.dayAndTime(p.time, timeZone: state.timeZone))  \(state.number(p.value, kind: ind.kind))\(unit)")
        }
        lines.append("   " + state.rangeSummary(points.map(\.value), indicator: ind))
        for (k, line) in lines.prefix(rect.height - 1).enumerated() {
            buffer.put(TextWidth.truncate(state.shown(line), to: rect.width), x: rect.x, y: rect.y + 1 + k, style: k == lines.count - 1 ? theme.muted : theme.text)
        }
    }

    /// The regions table, the alerts, the chart's cursor.
    var panes: [Int] { [0, 1, 2] }
    var crumb: String? { state.catalog.indicators[indicator].name }

    func rowCount(pane: Int) -> Int {
        switch pane {
        case 0: state.indicatorRows(indicator, region: region).count
        case 1: state.indicatorAlerts(indicator).count
        default: chartPoints.count
        }
    }

    /// The chart's points, when the history on hand is this page's.
    var chartPoints: [HistoryValue] {
        guard let history = state.history, history.series == state.catalog.series(indicator, region), history.range == state.page.range else { return [] }
        return history.points
    }

    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? {
        guard state.page.pane == 0 else { return nil }
        let table = Self.tableArea(state, indicator: indicator, region: region, main: Self.mainArea(state, indicator: indicator, body: body))
        guard x < table.maxX else { return nil }
        return tableRow(y: y, firstY: table.y + 1, height: table.height - 1, count: rowCount(pane: 0), selection: state.page.selection)
            .map { (0, $0) }
    }

    /// Enter on a region drills down (the same indicator a level lower where it is reported
    /// there, else that region's overview); on an alert, the alerts screen with its journal.
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) {
        var s = state
        let selection = s.page.selection
        if s.page.pane == 2 {
            // Enter at the chart's cursor travels to that moment.
            let points = chartPoints
            guard selection < points.count else { return (s, []) }
            return (s, [.travel(to: points[selection].time < s.now ? points[selection].time : nil)])
        }
        if s.page.pane == 1 {
            let alerts = s.indicatorAlerts(indicator)
            guard selection < alerts.count else { return (s, []) }
            var page = Page(.alerts)
            page.filter = alerts[selection].indicator
            s.stack.append(page)
            return (s, [.loadJournal(alert: alerts[selection].id)])
        }
        let rows = s.indicatorRows(indicator, region: region)
        guard selection < rows.count else { return (s, []) }
        let child = rows[selection].region
        if !s.catalog.children[child].filter({ s.catalog.isReported(indicator, at: $0) }).isEmpty {
            s.stack.append(indicatorPage(s, indicator, region: child))
            return (s, reloadEffects(s))
        }
        s.stack.append(Page(.overview(region: child)))
        return (s, [])
    }
}

extension IndicatorScreen {
    var reloads: [Effect] { [.loadHistory(state.catalog.series(indicator, region), state.page.range)] }

    var exportTable: ExportTable? {
        let catalog = state.catalog, table = state.table
        let ind = catalog.indicators[indicator]
        let rows = state.indicatorRows(indicator, region: region).map { ranked -> [String] in
            let s = catalog.series(indicator, ranked.region)
            return [catalog.regions[ranked.region].code, catalog.regions[ranked.region].name, ranked.rank.map(String.init) ?? "",
                    ExportTable.number(ranked.value), ind.unit, table.status(s).rawValue, ExportTable.time(table[s]?.time, state.timeZone)]
        }
        return ExportTable(name: "indicator-\(ind.code)-\(catalog.regions[region].code)",
                           header: ["region", "name", "rank", "value", "unit", "status", "time"], rows: rows)
    }

    /// The selected ranked region, else the page's own.
    private var selectedRegion: RegionID {
        let rows = state.indicatorRows(indicator, region: region)
        return state.page.pane == 0 && state.page.selection < rows.count ? rows[state.page.selection].region : region
    }

    var favouriteUnderSelection: Favourite? {
        Favourite(indicator: state.catalog.indicators[indicator].code, region: state.catalog.regions[selectedRegion].code)
    }

    var selectedValueText: String? { state.valueWithUnit(state.catalog.series(indicator, selectedRegion)) }
}
