import Canvas
import IndicatorEngine

/// The province at a glance: one panel per field in a grid that reflows with the width.
struct OverviewView {
    let state: ConsoleState
    let region: RegionID
    static let minimumPanelWidth = 38

    func render(in rect: Rect, into buffer: inout Buffer) {
        let catalog = state.catalog
        let count = catalog.fields.count
        guard count > 0 else { return }
        let cells = Self.panels(count: count, in: rect)
        let summaries = catalog.fieldSummaries(region: region) { state.table.status($0) }
        for f in 0..<count {
            renderPanel(field: f, summary: summaries[f], in: cells[f], into: &buffer, selected: state.page.pane == 0 && f == state.page.selection)
        }
    }

    /// The grid of panels for `count` fields, reflowing with the width.
    static func panels(count: Int, in rect: Rect) -> [Rect] {
        let columns = max(1, min(count, rect.width / minimumPanelWidth))
        return rect.grid(columns: columns, rows: (count + columns - 1) / columns)
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
            x += buffer.put("\(marks.glyph(status))\(n) ", x: x, y: inner.y, style: n > 0 ? theme.style(status) : theme.muted, clip: inner)
        }
        let score = summary.score.map { "score \(Int($0.rounded()))%" } ?? "score -"
        buffer.put(score, x: inner.maxX - 1 - TextWidth.of(score), y: inner.y, style: theme.text, clip: inner)

        let headline = state.catalog.headline(field: f)
        for (row, indicator) in headline.filter({ state.catalog.isReported($0, at: region) }).enumerated() where row + 1 < inner.height {
            renderHeadline(indicator, in: inner.row(row + 1), into: &buffer, glyphs: glyphs, marks: marks)
        }
    }

    func renderHeadline(_ i: IndicatorID, in rect: Rect, into buffer: inout Buffer, glyphs: Glyphs, marks: StatusMarks) {
        let theme = state.theme
        let indicator = state.catalog.indicators[i]
        let series = state.catalog.series(i, region)
        let current = state.table[series]
        let status = state.table.status(series)
        let valueText = state.shown(current.map { Format.value($0.value, kind: indicator.kind) + (indicator.unit.isEmpty ? "" : " " + indicator.unit) } ?? "–")
        let sparkWidth = rect.width >= 44 ? 10 : 0
        let valueWidth = min(14, TextWidth.of(valueText))
        let nameWidth = rect.width - 2 - 2 - valueWidth - (sparkWidth > 0 ? sparkWidth + 1 : 0) - 1

        var x = rect.x + 1
        x += buffer.put(marks.glyph(status) + " ", x: x, y: rect.y, style: theme.style(status), clip: rect)
        buffer.put(TextWidth.pad(state.shown(indicator.name), to: max(0, nameWidth), ellipsis: glyphs.ellipsis), x: x, y: rect.y, style: theme.text, clip: rect)
        x += max(0, nameWidth) + 1
        buffer.put(TextWidth.pad(valueText, to: valueWidth, alignRight: true, ellipsis: glyphs.ellipsis), x: x, y: rect.y,
                   style: theme.style(status).bold(), clip: rect)
        x += valueWidth + 1
        if sparkWidth > 0 {
            Sparkline(values: state.table.recentValues(series), style: theme.muted)
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
