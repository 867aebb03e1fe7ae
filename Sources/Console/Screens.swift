import Canvas
import Foundation
import IndicatorEngine

/// A field's indicators in one region: status, name, value, target and progress, trend, age.
/// Narrow terminals drop the trend first, then the target, then the age; the value and its unit
/// are never cut, and names keep their distinguishing tail.
struct FieldView {
    let state: ConsoleState
    let field: Int
    let region: RegionID

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let rows = state.fieldRows(field, region: region, page: state.page)
        let values = rows.map { valueText(state, state.catalog.indicators[$0], state.table[state.catalog.series($0, region)]?.value) }
        let (nameW, valueW, targetW, trendW, ageW) = Self.columns(width: rect.width, widestValue: values.map(TextWidth.of).max() ?? 0)
        let wide = trendW > 0
        let arrow = state.page.ascending ? (state.capabilities.unicode ? "↑" : "^") : (state.capabilities.unicode ? "↓" : "v")
        func head(_ title: String, _ column: FieldColumn) -> String { title + (state.page.sort == column ? arrow : "") }
        var header = "  " + TextWidth.pad(head("Indicator", .name), to: nameW) + " " + TextWidth.pad(head("Value", .value), to: valueW, alignRight: true)
        if targetW > 0 { header += " " + TextWidth.pad(head("Target / progress", .target), to: targetW, alignRight: true) }
        if wide { header += " " + TextWidth.pad("Trend", to: trendW) }
        if ageW > 0 { header += " " + TextWidth.pad(head("Age", .age), to: ageW, alignRight: true) }
        let summary = "\(rows.count) indicators, sorted by \(state.page.sort.rawValue)" + (state.page.filter.isEmpty ? "" : ", filter '\(state.page.filter)'")
        buffer.put(state.shown(" " + summary), x: rect.x, y: rect.y, style: theme.muted)
        buffer.put(state.shown(header), x: rect.x, y: rect.y + 1, style: theme.title)
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        guard !rows.isEmpty else {
            buffer.put(state.page.filter.isEmpty ? "  no indicator of this field is reported here" : "  nothing matches the filter", x: body.x, y: body.y, style: theme.muted)
            return
        }
        let top = scrollTop(selection: state.page.selection, rows: rows.count, height: body.height)
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
            buffer.put(TextWidth.pad(values[n], to: valueW, alignRight: true, ellipsis: glyphs.ellipsis),
                       x: x, y: y, style: theme.style(status).bold())
            x += valueW + 1
            var target = ""
            if targetW > 0, let t = indicator.target {
                let history = state.table.recentValues(series)
                let assessment = t.assess(direction: indicator.direction, history: [(current?.time ?? state.now, current?.value ?? history.last ?? 0)], now: state.now)
                target = Format.value(t.value, kind: indicator.kind) + " " + (assessment.map { "\(Int(($0.progress * 100).rounded()))%" } ?? "")
            }
            if targetW > 0 {
                buffer.put(TextWidth.pad(state.shown(target), to: targetW, alignRight: true), x: x, y: y, style: theme.muted)
                x += targetW + 1
            }
            if wide {
                Sparkline(values: state.table.recentValues(series), style: theme.muted)
                    .render(in: Rect(x: x, y: y, width: trendW, height: 1), into: &buffer, glyphs: glyphs)
                x += trendW + 1
            }
            if ageW > 0 {
                let age = current.map { Format.age(state.now - $0.time) } ?? ""
                buffer.put(TextWidth.pad(age, to: ageW, alignRight: true), x: x, y: y, style: status == .stale ? theme.style(.stale) : theme.muted)
            }
            if n == state.page.selection { buffer.paint(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme.text.reversed()) }
        }
    }
}

extension FieldView {
    /// Column widths for a table `width` wide: the value as wide as the widest value (so it is
    /// never cut), then age, target and trend added in that order while the name keeps room.
    static func columns(width: Int, widestValue: Int) -> (name: Int, value: Int, target: Int, trend: Int, age: Int) {
        let nameMinimum = 24
        let value = max(5, min(widestValue, width / 3))
        var name = width - 2 - value - 1
        var age = 0, target = 0, trend = 0
        if name - 7 >= nameMinimum { age = 6; name -= 7 }
        if name - 19 >= nameMinimum { target = 18; name -= 19 }
        if name - 17 >= nameMinimum + 16 { trend = 16; name -= 17 }
        return (name, value, target, trend, age)
    }
}

/// One indicator: its definition, its value in each child region with bars and ranks, its
/// history chart with thresholds and target, and its alerts.
struct IndicatorView {
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
        let here = "\(marks.glyph(status)) \(valueText(state, ind, current?.value))  \(status.rawValue)"
            + (current.map { "  \(Format.age(state.now - $0.time)) ago" } ?? "")
        buffer.put(state.shown(" " + here), x: rect.x, y: rect.y, style: theme.style(status).bold())
        var definition = "\(ind.code) · \(ind.frequency.label) · \(ind.direction.rawValue) · roll-up \(ind.rollup.name)"
        if let formula = ind.formula { definition += " · = \(formula)" }
        buffer.put(TextWidth.truncate(state.shown(" " + definition), to: rect.width, ellipsis: glyphs.ellipsis), x: rect.x, y: rect.y + 1, style: theme.muted)
        if !ind.source.isEmpty || !ind.description.isEmpty {
            let about = [ind.description, ind.source.isEmpty ? "" : "source: \(ind.source)"].filter { !$0.isEmpty }.joined(separator: " · ")
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
        let level = state.catalog.children[region].first.map { state.catalog.regions[$0].level.rawValue + (rows.count == 1 ? "" : "s") } ?? "regions"
        let title = rows.isEmpty ? " Reported at this level only: no region below reports it" : " \(rows.count) \(level) ranked"
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
                buffer.put(bar((v - baseline) / (high - baseline), width: barW, unicode: state.capabilities.unicode), x: x, y: y, style: theme.style(s))
            }
            if state.page.pane == 0 && n == state.page.selection {
                buffer.paint(Rect(x: tableArea.x, y: y, width: tableArea.width, height: 1), style: theme.text.reversed())
            }
        }

        renderChart(in: chartArea, into: &buffer, indicator: ind, series: series)

        if !alerts.isEmpty {
            buffer.put(" Alerts (Tab to select, Enter for the journal)", x: alertArea.x, y: alertArea.y, style: theme.title)
            for (n, alert) in alerts.prefix(alertArea.height - 1).enumerated() {
                let y = alertArea.y + 1 + n
                let region = state.catalog.regionIndex[alert.region].map { state.catalog.regions[$0].name } ?? alert.region
                let line = "\(alert.severity.rawValue.uppercased()) \(alert.state.rawValue) \(region) since \(Format.age(state.now - alert.since))"
                    + (alert.acknowledged.map { " · ack \($0.by)" } ?? "")
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
        let ranges = HistoryRange.allCases.map { $0 == range ? "[\($0.rawValue)]" : $0.rawValue }.joined(separator: " ")
        buffer.put(" History " + ranges + "  (t switches)", x: rect.x, y: rect.y, style: theme.title)
        guard let history = state.history, history.series == series, history.range == range else {
            buffer.put("   loading…", x: rect.x, y: rect.y + 2, style: theme.muted)
            return
        }
        guard !history.points.isEmpty else {
            buffer.put("   no history in this range", x: rect.x, y: rect.y + 2, style: theme.muted)
            return
        }
        var references: [(y: Double, style: Style)] = []
        if let t = ind.thresholds {
            for (bounds, style) in [(t.warning, theme.style(.warning)), (t.critical, theme.style(.critical))] {
                if let b = bounds {
                    if let a = b.above { references.append((a, style)) }
                    if let below = b.below { references.append((below, style)) }
                }
            }
        }
        if let target = ind.target { references.append((target.value, theme.style(.ok))) }
        let chart = LineChart(points: history.points.map { (Double($0.time), $0.value) },
                              xRange: Double(state.now - range.seconds)...Double(state.now), references: references, style: theme.text)
        let labelW = 10
        let plot = Rect(x: rect.x + labelW + 1, y: rect.y + 1, width: rect.width - labelW - 2, height: rect.height - 2)
        chart.render(in: plot, into: &buffer, unicode: state.capabilities.unicode)
        if let yr = chart.yRange {
            buffer.put(TextWidth.pad(Format.value(yr.upperBound, kind: .number), to: labelW, alignRight: true), x: rect.x, y: plot.y, style: theme.muted)
            buffer.put(TextWidth.pad(Format.value(yr.lowerBound, kind: .number), to: labelW, alignRight: true), x: rect.x, y: plot.maxY - 1, style: theme.muted)
        }
        let legend = (ind.thresholds != nil ? "┄ thresholds " : "") + (ind.target != nil ? "┄ target \(Format.value(ind.target!.value, kind: ind.kind))" : "")
        buffer.put(state.shown(" " + legend), x: plot.x, y: rect.maxY - 1, style: theme.muted)
    }
}

/// Open alerts, most severe and oldest first, with the journal of the one opened.
struct AlertsView {
    let state: ConsoleState

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let rows = state.alertRows(state.page)
        let journalHeight = state.journal == nil ? 0 : min(8, rect.height / 3)
        let (list, journalArea) = rect.splitBottom(journalHeight)
        let acked = rows.filter { $0.acknowledged != nil }.count
        buffer.put(state.shown(" \(rows.count) open, \(acked) acknowledged" + (state.page.filter.isEmpty ? "" : ", filter '\(state.page.filter)'")),
                   x: list.x, y: list.y, style: theme.muted)
        let header = "  Severity   State       Indicator · region"
        buffer.put(header, x: list.x, y: list.y + 1, style: theme.title)
        let body = Rect(x: list.x, y: list.y + 2, width: list.width, height: list.height - 2)
        if rows.isEmpty { buffer.put("  no open alerts", x: body.x, y: body.y, style: theme.muted) }
        let top = scrollTop(selection: state.page.selection, rows: rows.count, height: body.height)
        for (n, alert) in rows.enumerated().dropFirst(top).prefix(body.height) {
            let y = body.y + n - top
            let status: SeriesStatus = alert.kind == .stale ? .stale : alert.severity == .critical ? .critical : .warning
            let word = alert.kind == .stale ? "STALE" : alert.severity.rawValue.uppercased()
            let indicator = state.catalog.indicatorIndex[alert.indicator].map { state.catalog.indicators[$0] }
            let region = state.catalog.regionIndex[alert.region].map { state.catalog.regions[$0].name } ?? alert.region
            var x = body.x
            x += buffer.put(TextWidth.pad("\(marks.glyph(status)) \(word)", to: 11), x: x, y: y, style: theme.style(status).bold())
            x += buffer.put(TextWidth.pad(alert.state.rawValue + (alert.isMuted ? "*" : ""), to: 12), x: x, y: y, style: theme.text)
            var tail = [indicator.map { valueText(state, $0, alert.value) } ?? "", Format.age(state.now - alert.since)]
            tail.append(alert.acknowledged.map { "ack \($0.by)" + ($0.note.isEmpty ? "" : ": \($0.note)") } ?? "")
            let right = state.shown(tail.filter { !$0.isEmpty }.joined(separator: "  "))
            let rightW = min(TextWidth.of(right), body.width / 2)
            let what = state.shown("\(indicator?.name ?? alert.indicator) \(glyphs.separator) \(region)")
            buffer.put(TextWidth.pad(what, to: max(0, body.maxX - x - rightW - 2), ellipsis: glyphs.ellipsis), x: x, y: y, style: theme.text)
            buffer.put(TextWidth.truncate(right, to: rightW, ellipsis: glyphs.ellipsis), x: body.maxX - rightW - 1, y: y,
                       style: alert.acknowledged == nil ? theme.text : theme.muted)
            if n == state.page.selection { buffer.paint(Rect(x: body.x, y: y, width: body.width, height: 1), style: theme.text.reversed()) }
        }
        if let journal = state.journal, journalHeight > 1 {
            buffer.put(" Journal of alert #\(journal.alert)", x: journalArea.x, y: journalArea.y, style: theme.title)
            for (n, entry) in journal.entries.suffix(journalHeight - 1).enumerated() {
                let line = "  \(Format.clock(entry.time, timeZone: state.timeZone)) \(entry.actor): \(entry.action)"
                    + (entry.reason.isEmpty ? "" : " — \(entry.reason)")
                buffer.put(TextWidth.truncate(state.shown(line), to: journalArea.width, ellipsis: glyphs.ellipsis),
                           x: journalArea.x, y: journalArea.y + 1 + n, style: theme.muted)
            }
        }
    }
}

/// Every key of the screen it was opened from, generated from the key map.
struct HelpView {
    let state: ConsoleState
    let kind: ScreenKind

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.put(" Keys on the \(kind.rawValue) screen (Esc goes back)", x: rect.x, y: rect.y, style: theme.title)
        let bindings = state.keyMap.bindings(on: kind)
        // Two columns when one does not fit, so every key is always listed.
        let rows = max(1, rect.height - 2)
        let columns = bindings.count > rows ? 2 : 1
        let columnWidth = rect.width / columns
        let ellipsis = Glyphs.for(state.capabilities).ellipsis
        for (n, binding) in bindings.enumerated() {
            let column = n / rows, row = n % rows
            guard column < columns else { break }
            let x = rect.x + 2 + column * columnWidth
            buffer.put(TextWidth.pad(state.shown(KeyMap.describe(binding.keys)), to: 16), x: x, y: rect.y + 2 + row, style: theme.hintKey)
            buffer.put(TextWidth.truncate(binding.action.summary, to: columnWidth - 20, ellipsis: ellipsis), x: x + 17, y: rect.y + 2 + row, style: theme.text)
        }
    }
}

/// The child regions of a district (its communes) with each field's score, worst first;
/// a pane of its own on the overview (Tab), scrolled to the selection, Enter opens one.
struct ChildrenView {
    let state: ConsoleState
    let region: RegionID

    func render(in rect: Rect, into buffer: inout Buffer) {
        let rows = state.childRows(region)
        guard rect.height > 1, !rows.isEmpty else { return }
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let catalog = state.catalog
        let nameW = 22
        let columnW = max(4, min(7, (rect.width - nameW - 2) / max(1, catalog.fields.count)))
        let below = catalog.regions[rows[0].region].level.rawValue + (rows.count == 1 ? "" : "s")
        var header = TextWidth.pad(" \(rows.count) \(below)", to: nameW + 1)
        for field in catalog.fields { header += TextWidth.pad(field.key, to: columnW, alignRight: true) }
        buffer.put(state.shown(header), x: rect.x, y: rect.y, style: theme.title, clip: rect)
        let visible = rect.height - 1
        let selected = state.page.pane == 2 ? state.page.selection : -1
        let top = selected >= 0 ? scrollTop(selection: selected, rows: rows.count, height: visible) : 0
        for (n, row) in rows.enumerated().dropFirst(top).prefix(visible) {
            let y = rect.y + 1 + n - top
            buffer.put(TextWidth.pad(state.shown(" " + catalog.regions[row.region].name), to: nameW + 1, ellipsis: glyphs.ellipsis),
                       x: rect.x, y: y, style: theme.text, clip: rect)
            for (f, summary) in row.summaries.enumerated() {
                let text = summary.score.map { "\(Int($0.rounded()))%" } ?? "–"
                let style: Style = summary.critical > 0 ? theme.style(.critical) : summary.warning > 0 ? theme.style(.warning) : theme.muted
                buffer.put(TextWidth.pad(state.shown(text), to: columnW, alignRight: true), x: rect.x + nameW + 1 + f * columnW, y: y,
                           style: style, clip: rect)
            }
            if n == selected { buffer.paint(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme.text.reversed()) }
        }
        if rows.count > visible {
            let more = state.shown("\(top + 1)-\(min(rows.count, top + visible)) of \(rows.count) ")
            buffer.put(more, x: rect.maxX - TextWidth.of(more), y: rect.y, style: theme.muted, clip: rect)
        }
    }
}
