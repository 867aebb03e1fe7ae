import Canvas
import IndicatorEngine

/// A region at a glance: a panel per field (counts, score, its indicators worst first) in a
/// grid that reflows with the size, or one line per field where panels would not fit.
struct OverviewView {
    let state: ConsoleState
    let region: RegionID

    func render(_ layout: OverviewLayout, into buffer: inout Buffer) {
        let catalog = state.catalog
        let fields = state.fields(at: region)
        guard !fields.isEmpty else { return }
        let summaries = catalog.fieldSummaries(region: region) { state.table.status($0) }
        switch layout.fields {
        case let .panels(cells):
            for (n, f) in fields.enumerated() {
                renderPanel(field: f, summary: summaries[f], in: cells[n], into: &buffer, selected: state.page.pane == 0 && n == state.page.selection)
            }
        case let .compact(rect):
            renderList(fields.map { ($0, summaries[$0]) }, in: rect, into: &buffer)
        }
    }

    /// The field's indicators reported here, worst first: critical, warning, stale, then its
    /// headline, then the rest (those with no data last).
    func panelIndicators(field f: Int) -> [IndicatorID] {
        let catalog = state.catalog
        let reported = catalog.indicatorsByField[f].filter { catalog.isReported($0, at: region) }
        func rank(_ i: IndicatorID) -> Int {
            switch state.table.status(catalog.series(i, region)) {
            case .critical: 0
            case .warning: 1
            case .stale: 2
            case .ok: 4
            case .nodata: 5
            }
        }
        let headline = Set(catalog.headline(field: f))
        let order = reported.enumerated().map { (n, i) -> (Int, Int, IndicatorID) in
            let r = rank(i)
            return (r <= 2 ? r : headline.contains(i) ? 3 : r, n, i)
        }
        return order.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// One line per field: key and name, the counts by status, the score and its worst indicator.
    func renderList(_ summaries: [(field: Int, summary: FieldSummary)], in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let countsW = 4 * 5, scoreW = 6
        // Names whole when they fit in three fifths of what the counts leave; the rest is for the worst indicator.
        let longest = summaries.map { TextWidth.of(state.shown(state.catalog.fields[$0.field].name)) }.max() ?? 12
        let nameW = min(longest, max(12, (rect.width - 4 - countsW - scoreW) * 3 / 5))
        let worstX = rect.x + 4 + nameW + 1 + countsW + scoreW + 2
        var title = " " + TextWidth.pad(state.tr("Field", context: "column"), to: nameW + 3)
        for status in [SeriesStatus.ok, .warning, .critical, .stale] { title += TextWidth.pad(marks.glyph(status), to: 5, alignRight: true) }
        title += TextWidth.pad(state.tr("score"), to: scoreW + 2, alignRight: true) + "  " + state.tr("worst indicator")
        buffer.put(state.shown(title), x: rect.x, y: rect.y, style: theme.title, clip: rect)
        for (n, (f, summary)) in summaries.enumerated() where n + 1 < rect.height {
            let y = rect.y + 1 + n
            let field = state.catalog.fields[f]
            var x = rect.x + 1
            x += buffer.put(TextWidth.pad(field.key, to: 2), x: x, y: y, style: theme.hintKey, clip: rect)
            buffer.put(TextWidth.pad(state.shown(field.name), to: nameW, ellipsis: glyphs.ellipsis), x: x + 1, y: y, style: theme.text, clip: rect)
            x += 1 + nameW
            for status in [SeriesStatus.ok, .warning, .critical, .stale] {
                let n = count(summary, status)
                buffer.put(TextWidth.pad(state.count(n), to: 5, alignRight: true), x: x, y: y, style: n > 0 ? theme.style(status) : theme.muted, clip: rect)
                x += 5
            }
            let score = summary.score.map(state.percent) ?? "–"
            buffer.put(TextWidth.pad(state.shown(score), to: scoreW + 2, alignRight: true), x: x, y: y, style: theme.text.bold(), clip: rect)
            if let worst = panelIndicators(field: f).first, worstX < rect.maxX - 4 {
                let status = state.table.status(state.catalog.series(worst, region))
                if status == .critical || status == .warning || status == .stale {
                    let indicator = state.catalog.indicators[worst]
                    let value = valueText(state, indicator, state.table[state.catalog.series(worst, region)]?.value)
                    let room = rect.maxX - worstX - 1
                    let valueW = min(TextWidth.of(value), max(0, room - 4))
                    let name = TextWidth.truncateKeepingTail(state.shown(indicator.name), to: max(0, room - valueW - 3), ellipsis: glyphs.ellipsis)
                    let text = marks.glyph(status) + " " + name
                    buffer.put(text, x: worstX, y: y, style: theme.style(status), clip: rect)
                    buffer.put(value, x: rect.maxX - 1 - valueW, y: y, style: theme.style(status).bold(), clip: rect)
                }
            }
            if state.page.pane == 0, n == state.page.selection { buffer.paint(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme.text.reversed()) }
        }
    }

    func renderPanel(field f: Int, summary: FieldSummary, in rect: Rect, into buffer: inout Buffer, selected: Bool) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let field = state.catalog.fields[f]
        // The selected panel: reversed title and a bold border, visible without colour too.
        let inner = Block(title: state.shown("\(field.key) \(field.name)"), titleStyle: selected ? theme.title.reversed() : theme.title,
                          borderStyle: selected ? theme.title : theme.border)
            .render(in: rect, into: &buffer, glyphs: glyphs)
        guard inner.height > 0, inner.width > 2 else { return }

        // Counts line: every status by glyph and number, then the score.
        var x = inner.x + 1
        for status in [SeriesStatus.ok, .warning, .critical, .stale] {
            let n = count(summary, status)
            x += buffer.put("\(marks.glyph(status))\(state.count(n)) ", x: x, y: inner.y, style: n > 0 ? theme.style(status) : theme.muted, clip: inner)
        }
        let score = state.tr("score {score}", ["score": summary.score.map(state.percent) ?? "-"])
        buffer.put(score, x: inner.maxX - 1 - TextWidth.of(score), y: inner.y, style: theme.text, clip: inner)

        for (row, indicator) in panelIndicators(field: f).prefix(max(0, inner.height - 1)).enumerated() {
            renderHeadline(indicator, in: inner.row(row + 1), into: &buffer, glyphs: glyphs, marks: marks)
        }
    }

    func renderHeadline(_ i: IndicatorID, in rect: Rect, into buffer: inout Buffer, glyphs: Glyphs, marks: StatusMarks) {
        let theme = state.theme
        let indicator = state.catalog.indicators[i]
        let series = state.catalog.series(i, region)
        let current = state.table[series]
        let status = state.table.status(series)
        let valueText = state.shown(current.map { state.number($0.value, kind: indicator.kind) + (indicator.unit.isEmpty ? "" : " " + indicator.unit) } ?? "–")
        let sparkWidth = rect.width >= 44 ? 10 : 0
        // The value and its unit are never cut; the name gives way.
        let valueWidth = min(TextWidth.of(valueText), max(6, rect.width / 2))
        let nameWidth = rect.width - 2 - 2 - valueWidth - (sparkWidth > 0 ? sparkWidth + 1 : 0) - 1

        var x = rect.x + 1
        x += buffer.put(marks.glyph(status) + " ", x: x, y: rect.y, style: theme.style(status), clip: rect)
        let name = TextWidth.truncateKeepingTail(state.shown(indicator.name), to: max(0, nameWidth), ellipsis: glyphs.ellipsis)
        buffer.put(TextWidth.pad(name, to: max(0, nameWidth), ellipsis: glyphs.ellipsis), x: x, y: rect.y, style: theme.text, clip: rect)
        x += max(0, nameWidth) + 1
        buffer.put(TextWidth.pad(valueText, to: valueWidth, alignRight: true, ellipsis: glyphs.ellipsis), x: x, y: rect.y,
                   style: theme.style(status).bold(), clip: rect)
        x += valueWidth + 1
        if sparkWidth > 0 {
            Sparkline(values: state.trend(series), style: theme.muted)
                .render(in: Rect(x: x, y: rect.y, width: sparkWidth, height: 1), into: &buffer, glyphs: glyphs)
        }
    }

    func count(_ s: FieldSummary, _ status: SeriesStatus) -> Int {
        switch status {
        case .ok: s.ok
        case .warning: s.warning
        case .critical: s.critical
        case .stale: s.stale
        case .nodata: s.nodata
        }
    }
}
