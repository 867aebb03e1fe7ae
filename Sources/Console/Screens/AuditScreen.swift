import Canvas
import Foundation
import IndicatorEngine

/// The audit for supervisors (`u`): who did what, where from, and what came of it, newest first,
/// with the same columns as `ioc audit` and the `/` filter over every column.
struct AuditScreen: ScreenUnit {
    let state: ConsoleState

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let rows = state.auditRows(state.page)
        buffer.put(state.shown(" " + state.tr("{count} entry", plural: "{count} entries", count: rows.count) + state.filterNote),
                   x: rect.x, y: rect.y, style: theme.muted)
        let columns = state.auditColumns
        var x = rect.x + 1
        for (name, width) in columns { x += buffer.put(TextWidth.pad(state.shown(state.tr(name, context: "audit column")), to: width), x: x, y: rect.y + 1, style: theme.title) }
        buffer.put(state.shown(state.tr("Detail · from", context: "audit column")), x: x, y: rect.y + 1, style: theme.title, clip: rect)
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        if rows.isEmpty { buffer.put(state.shown("  " + state.tr(state.page.filter.isEmpty ? "nothing recorded" : "nothing recorded matches")), x: body.x, y: body.y, style: theme.muted) }
        let top = scrollTop(selection: state.page.selection, rows: rows.count, height: body.height)
        for (n, row) in rows.enumerated().dropFirst(top).prefix(body.height) {
            let y = body.y + n - top
            var x = body.x + 1
            let cells = [Format.clock(row.time, timeZone: state.timeZone), row.user, Role(rawValue: row.role).map(state.word) ?? row.role,
                         state.tr(row.action, context: "audit action"), row.target, state.tr(row.result, context: "audit result")]
            for (cell, (_, width)) in zip(cells, columns) {
                x += buffer.put(TextWidth.pad(TextWidth.truncate(state.shown(cell), to: width - 1, ellipsis: glyphs.ellipsis), to: width), x: x, y: y,
                                style: row.result == "refused" ? theme.style(.warning) : theme.text)
            }
            let tail = [row.detail, row.origin].filter { !$0.isEmpty }.joined(separator: " \(glyphs.separator) ")
            buffer.put(TextWidth.truncate(state.shown(tail), to: max(0, body.maxX - x), ellipsis: glyphs.ellipsis), x: x, y: y, style: theme.muted)
            if n == state.page.selection { buffer.paint(Rect(x: body.x, y: y, width: body.width, height: 1), style: theme.text.reversed()) }
        }
    }
}

extension AuditScreen {
    var panes: [Int] { [0] }
    var crumb: String? { state.tr("Audit", context: "crumb") }
    func rowCount(pane: Int) -> Int { state.auditRows(state.page).count }
    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? {
        tableRow(y: y, firstY: body.y + 2, height: body.height - 2, count: rowCount(pane: 0), selection: state.page.selection).map { (0, $0) }
    }
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) { (state, []) }
}

extension ConsoleState {
    /// The audit's columns and their widths: Vietnamese role and action words are longer.
    var auditColumns: [(String, Int)] {
        language == .vi ? [("Time", 10), ("User", 11), ("Role", 14), ("Action", 17), ("Target", 12), ("Result", 14)]
            : [("Time", 9), ("User", 12), ("Role", 11), ("Action", 14), ("Target", 18), ("Result", 8)]
    }

    /// The audit rows the filter lets through (every word in some column, diacritics ignored).
    func auditRows(_ page: Page) -> [AuditEntry] {
        let words = Folding.searchKey(page.filter).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return audit }
        return audit.filter { row in
            let text = Folding.searchKey([row.user, row.role, row.action, row.target, row.result, row.detail, row.origin].joined(separator: " "))
            return words.allSatisfy { text.contains($0) }
        }
    }
}
