import Canvas
import IndicatorEngine

/// "Theo dõi": the indicators this operator pinned (`f`), each with its region, value, status,
/// last day and age; a pane of the home overview (Tab), Enter opens one, `f` unpins it.
struct WatchView {
    let state: ConsoleState

    func render(in rect: Rect, into buffer: inout Buffer) {
        guard rect.height > 1 else { return }
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let rows = state.favouriteSeries
        let selected = state.page.pane == OverviewScreen.watchPane ? state.page.selection : -1
        buffer.put(state.shown(" " + state.tr("Theo dõi · {count} pinned (f pins or unpins)", ["count": state.count(rows.count)])), x: rect.x, y: rect.y, style: theme.title, clip: rect)
        let visible = rect.height - 1
        let top = selected >= 0 ? scrollTop(selection: selected, rows: rows.count, height: visible) : 0
        let sparkW = rect.width >= 100 ? 16 : 0, ageW = 9, valueW = 16
        let nameW = max(10, rect.width - 4 - valueW - ageW - (sparkW > 0 ? sparkW + 1 : 0) - 2)
        for (n, row) in rows.enumerated().dropFirst(top).prefix(visible) {
            let y = rect.y + 1 + n - top
            let indicator = state.catalog.indicators[row.indicator]
            let series = state.catalog.series(row.indicator, row.region)
            let status = state.table.status(series)
            let current = state.table[series]
            var x = rect.x + 1
            x += buffer.put(marks.glyph(status) + " ", x: x, y: y, style: theme.style(status), clip: rect)
            let name = state.shown("\(indicator.name) · \(state.catalog.regions[row.region].name)")
            buffer.put(TextWidth.pad(TextWidth.truncateKeepingTail(name, to: nameW, ellipsis: glyphs.ellipsis), to: nameW), x: x, y: y,
                       style: theme.text, clip: rect)
            x += nameW + 1
            buffer.put(TextWidth.pad(valueText(state, indicator, current?.value), to: valueW, alignRight: true, ellipsis: glyphs.ellipsis),
                       x: x, y: y, style: theme.style(status).bold(), clip: rect)
            x += valueW + 1
            if sparkW > 0 {
                Sparkline(values: state.trend(series), style: theme.muted).render(in: Rect(x: x, y: y, width: sparkW, height: 1), into: &buffer, glyphs: glyphs)
                x += sparkW + 1
            }
            let age = current.map { state.age(state.viewTime - $0.time) } ?? "–"
            buffer.put(TextWidth.pad(state.shown(age), to: ageW - 1, alignRight: true), x: x, y: y, style: theme.muted, clip: rect)
            if n == selected { buffer.paint(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme.text.reversed()) }
        }
        if rows.count > visible {
            let more = state.shown(state.tr("{first}-{last} of {total}", ["first": "\(top + 1)", "last": "\(min(rows.count, top + visible))",
                                                                        "total": state.count(rows.count)]) + " ")
            buffer.put(more, x: rect.maxX - TextWidth.of(more), y: rect.y, style: theme.muted, clip: rect)
        }
    }
}
