import Canvas
import IndicatorEngine

/// The most severe open alerts under the overview: severity by glyph and word, what and
/// where, value, state and age, and who acknowledged it (the same on every console). Its
/// height comes from `OverviewLayout`.
struct AlertStrip {
    let state: ConsoleState

    func render(in rect: Rect, into buffer: inout Buffer) {
        guard rect.height > 0 else { return }
        let theme = state.theme
        let acked = state.alerts.filter { $0.acknowledged != nil }.count
        let title = " " + (state.alerts.isEmpty ? state.tr("Alerts: none open")
            : state.tr("Alerts: {open} open, {acknowledged} acknowledged", ["open": state.count(state.alerts.count), "acknowledged": state.count(acked)]))
        buffer.put(state.shown(title), x: rect.x, y: rect.y, style: theme.title, clip: rect)
        guard state.alerts.isEmpty == false else {
            buffer.put(state.shown("   " + state.tr("every indicator is within its thresholds or has no alert rule")), x: rect.x, y: rect.y + 1, style: theme.muted, clip: rect)
            return
        }
        for (row, alert) in state.alerts.prefix(rect.height - 1).enumerated() {
            render(alert, in: rect.row(row + 1), into: &buffer)
            if case .overview = state.page.screen, state.page.pane == 1, row == state.page.selection {
                buffer.paint(rect.row(row + 1), style: state.theme.text.reversed())
            }
        }
    }

    func render(_ alert: Alert, in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let catalog = state.catalog
        let status: SeriesStatus = alert.kind == .stale ? .stale : alert.severity == .critical ? .critical : .warning
        let marks = StatusMarks.for(state.capabilities)
        var x = rect.x + 1
        x += buffer.put("\(marks.glyph(status)) " + TextWidth.pad(state.shortLabel(alert), to: state.shortLabelWidth) + " ", x: x, y: rect.y, style: theme.style(status).bold(), clip: rect)

        let indicator = catalog.indicatorIndex[alert.indicator].map { catalog.indicators[$0] }
        let regionName = catalog.regionIndex[alert.region].map { catalog.regions[$0].name } ?? alert.region
        let value = alert.value.map { state.number($0, kind: indicator?.kind ?? .number) + (indicator?.unit.isEmpty == false ? " " + indicator!.unit : "") }
        var tail = [value ?? "", "\(state.word(alert.state)) \(state.age(state.viewTime - alert.since))"].filter { !$0.isEmpty }
        if let ack = alert.acknowledged { tail.append(state.tr("ack {user}", ["user": ack.by])) }
        if !alert.silencedBy.isEmpty { tail.append(state.tr("silenced")) } else if alert.flapping { tail.append(state.tr("flapping")) }
        let right = state.shown(tail.joined(separator: "  "))
        let rightWidth = TextWidth.of(right)
        let nameWidth = max(0, rect.maxX - 1 - rightWidth - 2 - x)
        let what = state.shown("\(indicator?.name ?? alert.indicator) \(Glyphs.for(state.capabilities).separator) \(regionName)")
        buffer.put(TextWidth.truncate(what, to: nameWidth, ellipsis: Glyphs.for(state.capabilities).ellipsis), x: x, y: rect.y, style: theme.text, clip: rect)
        buffer.put(right, x: rect.maxX - 1 - rightWidth, y: rect.y, style: alert.acknowledged == nil ? theme.text : theme.muted, clip: rect)
    }
}
