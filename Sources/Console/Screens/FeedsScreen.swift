import Canvas
import Foundation
import IndicatorEngine

/// Where data comes from (`F`): each feed as the leader last recorded it, the failing and quiet
/// first, with the same columns as `ioc feeds`. Enter opens a feed's indicator in the center's
/// "Dữ liệu" field, where its history and alerts are.
struct FeedsScreen: ScreenUnit {
    let state: ConsoleState

    static let columns = [("Feed", 16), ("Kind", 11), ("State", 12), ("Last data", 11), ("Taken 1h", 10), ("Refused", 9), ("Restarts", 9)]
    /// Vietnamese words need wider state and age columns.
    static let columnsVi = [("Feed", 14), ("Kind", 10), ("State", 14), ("Last data", 14), ("Taken 1h", 9), ("Refused", 9), ("Restarts", 9)]

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let marks = StatusMarks.for(state.capabilities)
        let rows = state.feeds
        let needing = rows.filter { $0.state != .running }.count
        let count = state.tr("{count} feed", plural: "{count} feeds", count: rows.count)
            + (needing == 0 ? "" : ", " + state.tr("{count} needs a look", plural: "{count} need a look", count: needing))
        buffer.put(state.shown(" " + count + " \(glyphs.separator) " + state.tr("recorded by the leader every 15 s")),
                   x: rect.x, y: rect.y, style: theme.muted, clip: rect)
        let columns = state.language == .vi ? Self.columnsVi : Self.columns
        var x = rect.x + 2
        for (name, width) in columns {
            x += buffer.put(TextWidth.pad(state.shown(state.tr(name, context: "feeds screen column")), to: width), x: x, y: rect.y + 1, style: theme.title, clip: rect)
        }
        buffer.put(state.shown(state.tr("Last error", context: "feeds screen column")), x: x, y: rect.y + 1, style: theme.title, clip: rect)
        // The selected feed's last error in full, at the foot: the column cuts it, or has no room.
        let selected = state.page.selection < rows.count ? rows[state.page.selection] : nil
        let footer = selected.map { $0.lastError.isEmpty ? 0 : 2 } ?? 0
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2 - footer)
        if let selected, footer > 0 {
            buffer.put(state.shown(" " + state.tr("Last error of {feed}", ["feed": selected.name])), x: rect.x, y: body.maxY, style: theme.title, clip: rect)
            buffer.put(TextWidth.truncate(state.shown("  " + selected.lastError), to: rect.width, ellipsis: glyphs.ellipsis),
                       x: rect.x, y: body.maxY + 1, style: theme.text, clip: rect)
        }
        if rows.isEmpty {
            buffer.put(state.shown("  " + state.tr("no feeds on record yet: the leader records them every 15 s while it leads")), x: body.x, y: body.y, style: theme.muted, clip: body)
        }
        let top = scrollTop(selection: state.page.selection, rows: rows.count, height: body.height)
        for (n, feed) in rows.enumerated().dropFirst(top).prefix(body.height) {
            let y = body.y + n - top
            let status = Self.status(feed.state)
            buffer.put(marks.glyph(status), x: body.x, y: y, style: theme.style(status), clip: body)
            var x = body.x + 2
            let cells = [feed.name, feed.kind, state.tr(feed.state.rawValue, context: "feed state"), feed.lastTime.map { state.ago(state.now - $0) } ?? state.tr("never"),
                         state.count(feed.accepted1h), state.count(feed.rejected1h), state.count(feed.restarts)]
            for (k, (cell, (_, width))) in zip(cells, columns).enumerated() {
                let style = k == 2 ? theme.style(status).bold() : k == 5 && feed.rejected1h > 0 ? theme.style(.warning) : theme.text
                x += buffer.put(TextWidth.pad(TextWidth.truncate(state.shown(cell), to: width - 1, ellipsis: glyphs.ellipsis), to: width),
                                x: x, y: y, style: style, clip: body)
            }
            buffer.put(TextWidth.truncate(state.shown(feed.lastError), to: max(0, body.maxX - x), ellipsis: glyphs.ellipsis), x: x, y: y, style: theme.muted)
            if n == state.page.selection { buffer.paint(Rect(x: body.x, y: y, width: body.width, height: 1), style: theme.text.reversed()) }
        }
    }

    /// The status colour and mark a feed's state borrows.
    static func status(_ state: FeedRecord.State) -> SeriesStatus {
        switch state {
        case .running: .ok
        case .restarting: .warning
        case .failed: .critical
        case .quiet: .stale
        case .stopped: .nodata
        }
    }
}

extension FeedsScreen {
    var panes: [Int] { [0] }
    var crumb: String? { state.tr("Feeds", context: "crumb") }
    func rowCount(pane: Int) -> Int { state.feeds.count }
    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? {
        tableRow(y: y, firstY: body.y + 2, height: body.height - 2, count: rowCount(pane: 0), selection: state.page.selection).map { (0, $0) }
    }

    /// The feed's indicator, at the center's root; a feed without a cadence has none, and is told how to get one.
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) {
        var s = state
        guard s.page.selection < s.feeds.count else { return (s, []) }
        let feed = s.feeds[s.page.selection]
        guard let i = s.catalog.indicatorIndex[FeedIndicators.code(feed: feed.name)] else {
            s.notice = s.tr("'{feed}' has no indicator: give it an expected cadence (expect: 10m) in ioc.yaml to have one, with an alert when it goes quiet",
                            ["feed": feed.name])
            return (s, [])
        }
        s.stack.append(indicatorPage(s, i, region: s.catalog.rootRegion))
        return (s, reloadEffects(s))
    }
}

extension FeedsScreen {
    var reloads: [Effect] { [.loadFeeds] }
    var reloadsWithData: [Effect] { [.loadFeeds] }
}
