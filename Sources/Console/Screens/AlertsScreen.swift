import Canvas
import Foundation
import IndicatorEngine

/// Open alerts, most severe and oldest first, with the journal of the one opened.
struct AlertsScreen: ScreenUnit {
    let state: ConsoleState

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let rows = state.alertRows(state.page)
        let journalHeight = state.journal == nil ? 0 : min(8, rect.height / 3)
        let (list, journalArea) = rect.splitBottom(journalHeight)
        let acked = rows.filter { $0.acknowledged != nil }.count
        buffer.put(state.shown(" " + state.tr("{open} open, {acknowledged} acknowledged", ["open": state.count(rows.count), "acknowledged": state.count(acked)])
                               + state.filterNote),
                   x: list.x, y: list.y, style: theme.muted)
        let labelW = state.labelWidth + 3, stateW = state.stateWidth + 1
        let header = "  " + TextWidth.pad(state.tr("Severity"), to: labelW - 2) + TextWidth.pad(state.tr("State"), to: stateW) + state.tr("Indicator · region")
        buffer.put(state.shown(header), x: list.x, y: list.y + 1, style: theme.title)
        let body = Rect(x: list.x, y: list.y + 2, width: list.width, height: list.height - 2)
        if rows.isEmpty { buffer.put(state.shown("  " + state.tr("no open alerts")), x: body.x, y: body.y, style: theme.muted) }
        let top = scrollTop(selection: state.page.selection, rows: rows.count, height: body.height)
        for (n, alert) in rows.enumerated().dropFirst(top).prefix(body.height) {
            let y = body.y + n - top
            let status: SeriesStatus = alert.kind == .stale ? .stale : alert.severity == .critical ? .critical : .warning
            let indicator = state.catalog.indicatorIndex[alert.indicator].map { state.catalog.indicators[$0] }
            let region = state.catalog.regionIndex[alert.region].map { state.catalog.regions[$0].name } ?? alert.region
            var x = body.x
            x += buffer.put(TextWidth.pad("\(marks.glyph(status)) \(state.label(alert))", to: labelW), x: x, y: y, style: theme.style(status).bold())
            x += buffer.put(TextWidth.pad(state.word(alert.state) + (alert.isMuted ? "*" : ""), to: stateW), x: x, y: y, style: theme.text)
            var tail = [indicator.map { valueText(state, $0, alert.value) } ?? "", state.age(state.viewTime - alert.since)]
            tail.append(alert.acknowledged.map { state.tr("ack {user}", ["user": $0.by]) + ($0.note.isEmpty ? "" : ": \($0.note)") } ?? "")
            let right = state.shown(tail.filter { !$0.isEmpty }.joined(separator: "  "))
            let rightW = min(TextWidth.of(right), body.width / 2)
            let what = state.shown("\(indicator?.name ?? alert.indicator) \(glyphs.separator) \(region)")
            buffer.put(TextWidth.pad(what, to: max(0, body.maxX - x - rightW - 2), ellipsis: glyphs.ellipsis), x: x, y: y, style: theme.text)
            buffer.put(TextWidth.truncate(right, to: rightW, ellipsis: glyphs.ellipsis), x: body.maxX - rightW - 1, y: y,
                       style: alert.acknowledged == nil ? theme.text : theme.muted)
            if n == state.page.selection { buffer.paint(Rect(x: body.x, y: y, width: body.width, height: 1), style: theme.text.reversed()) }
        }
        if let journal = state.journal, journalHeight > 1 {
            buffer.put(state.shown(" " + state.tr("Journal of alert #{id}", ["id": "\(journal.alert)"])), x: journalArea.x, y: journalArea.y, style: theme.title)
            for (n, entry) in journal.entries.suffix(journalHeight - 1).enumerated() {
                let line = "  \(Format.clock(entry.time, timeZone: state.timeZone)) \(state.tr(entry.actor, context: "journal actor")): \(entry.actor == "notify" ? entry.action : state.tr(entry.action, context: "journal"))"
                    + (entry.reason.isEmpty ? "" : " — " + (entry.actor == "engine" ? state.tr(entry.reason, context: "journal reason") : entry.reason))
                buffer.put(TextWidth.truncate(state.shown(line), to: journalArea.width, ellipsis: glyphs.ellipsis),
                           x: journalArea.x, y: journalArea.y + 1 + n, style: theme.muted)
            }
        }
    }
}

extension AlertsScreen {
    var panes: [Int] { [0] }
    var crumb: String? { state.tr("Alerts") }

    func rowCount(pane: Int) -> Int { state.alertRows(state.page).count }

    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? {
        let journalHeight = state.journal == nil ? 0 : min(8, body.height / 3)
        return tableRow(y: y, firstY: body.y + 2, height: body.height - journalHeight - 2, count: rowCount(pane: 0),
                        selection: state.page.selection).map { (0, $0) }
    }

    /// Enter shows the selected alert's journal.
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) {
        let rows = state.alertRows(state.page)
        guard state.page.selection < rows.count else { return (state, []) }
        return (state, [.loadJournal(alert: rows[state.page.selection].id)])
    }
}

extension AlertsScreen {
    var exportTable: ExportTable? {
        let rows = state.alertRows(state.page).map { a -> [String] in
            [String(a.id), a.severity.rawValue, a.state.rawValue, a.indicator, a.region, ExportTable.number(a.value), ExportTable.time(a.since, state.timeZone),
             a.acknowledged?.by ?? ""]
        }
        return ExportTable(name: "alerts", header: ["id", "severity", "state", "indicator", "region", "value", "since", "acked_by"], rows: rows)
    }
}
