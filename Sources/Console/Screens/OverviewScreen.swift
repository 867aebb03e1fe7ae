import Canvas
import Foundation
import IndicatorEngine

/// A region's overview as a unit: its fields (panels or one line each), the regions below it,
/// the operator's favourites and the alert strip, laid out by `OverviewLayout`. Tab moves
/// fields → Theo dõi → regions below → strip.
struct OverviewScreen: ScreenUnit {
    let state: ConsoleState
    let region: RegionID
    /// The pane of the favourites ("Theo dõi").
    static let watchPane = 3

    func render(in body: Rect, into buffer: inout Buffer) {
        let layout = OverviewLayout(state, region: region, body: body)
        OverviewView(state: state, region: region).render(layout, into: &buffer)
        ChildrenView(state: state, region: region).render(in: layout.children, into: &buffer)
        WatchView(state: state).render(in: layout.watch, into: &buffer)
        AlertStrip(state: state).render(in: layout.strip, into: &buffer)
    }

    var crumb: String? { nil }

    var layout: OverviewLayout { OverviewLayout(state, region: region, body: screenAreas(state).body) }

    /// Fields (0), Theo dõi (3), the regions below (2) when they are on screen, the alert strip (1).
    var panes: [Int] {
        let layout = layout
        return [0] + (layout.watch.height >= 2 ? [Self.watchPane] : []) + (layout.children.height >= 2 ? [2] : []) + (state.alerts.isEmpty ? [] : [1])
    }

    func rowCount(pane: Int) -> Int {
        switch pane {
        case 1: min(state.alerts.count, layout.strip.height - 1)
        case Self.watchPane: layout.watch.height >= 2 ? state.favouriteSeries.count : 0
        case 2: layout.children.height >= 2 ? state.catalog.children[region].count : 0
        default: state.fields(at: region).count
        }
    }

    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? {
        let layout = OverviewLayout(state, region: region, body: body)
        if let f = layout.field(atX: x, y: y), f < state.fields(at: region).count { return (0, f) }
        if layout.watch.contains(x: x, y: y) {
            return tableRow(y: y, firstY: layout.watch.y + 1, height: layout.watch.height - 1, count: state.favouriteSeries.count,
                            selection: state.page.pane == Self.watchPane ? state.page.selection : 0).map { (Self.watchPane, $0) }
        }
        guard layout.children.contains(x: x, y: y) else { return nil }
        return tableRow(y: y, firstY: layout.children.y + 1, height: layout.children.height - 1, count: state.childRows(region).count,
                        selection: state.page.pane == 2 ? state.page.selection : 0).map { (2, $0) }
    }

    /// Enter opens the selected field, region below, or alert (on the alerts screen, with its journal).
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) {
        var s = state
        let selection = s.page.selection
        switch s.page.pane {
        case Self.watchPane:
            let rows = s.favouriteSeries
            guard selection < rows.count else { return (s, []) }
            s.stack.append(indicatorPage(s, rows[selection].indicator, region: rows[selection].region))
            return (s, reloadEffects(s))
        case 2:
            let rows = s.childRows(region)
            guard selection < rows.count else { return (s, []) }
            s.stack.append(Page(.overview(region: rows[selection].region)))
        case 1:
            guard selection < s.alerts.count else { return (s, []) }
            var page = Page(.alerts)
            page.selection = selection
            s.stack.append(page)
            return (s, [.loadJournal(alert: s.alerts[selection].id)])
        default:
            let fields = s.fields(at: region)
            guard selection < fields.count else { return (s, []) }
            s.stack.append(Page(.field(fields[selection], region: region)))
        }
        return (s, [])
    }
}

/// The child regions of a district (its communes) with each field's score, worst first;
/// a pane of its own on the overview (Tab), scrolled to the selection, Enter opens one.
struct ChildrenView {
    let state: ConsoleState
    let region: RegionID

    func render(in rect: Rect, into buffer: inout Buffer) {
        // The rows cost a summary per region below: only when there is room to show them.
        guard rect.height > 1 else { return }
        let rows = state.childRows(region)
        guard !rows.isEmpty else { return }
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let catalog = state.catalog
        let nameW = 22
        let fields = state.fields(at: region)
        let columnW = max(4, min(7, (rect.width - nameW - 2) / max(1, fields.count)))
        let below = state.word(catalog.regions[rows[0].region].level, count: rows.count)
        var header = TextWidth.pad(" " + state.tr("{count} {level}", ["count": state.count(rows.count), "level": below]), to: nameW + 1)
        for f in fields { header += TextWidth.pad(catalog.fields[f].key, to: columnW, alignRight: true) }
        buffer.put(state.shown(header), x: rect.x, y: rect.y, style: theme.title, clip: rect)
        let visible = rect.height - 1
        let selected = state.page.pane == 2 ? state.page.selection : -1
        let top = selected >= 0 ? scrollTop(selection: selected, rows: rows.count, height: visible) : 0
        for (n, row) in rows.enumerated().dropFirst(top).prefix(visible) {
            let y = rect.y + 1 + n - top
            buffer.put(TextWidth.pad(state.shown(" " + catalog.regions[row.region].name), to: nameW + 1, ellipsis: glyphs.ellipsis),
                       x: rect.x, y: y, style: theme.text, clip: rect)
            for (column, summary) in fields.map({ row.summaries[$0] }).enumerated() {
                let text = summary.score.map(state.percent) ?? "–"
                let style: Style = summary.critical > 0 ? theme.style(.critical) : summary.warning > 0 ? theme.style(.warning) : theme.muted
                buffer.put(TextWidth.pad(state.shown(text), to: columnW, alignRight: true), x: rect.x + nameW + 1 + column * columnW, y: y,
                           style: style, clip: rect)
            }
            if n == selected { buffer.paint(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: theme.text.reversed()) }
        }
        if rows.count > visible {
            let more = state.shown(state.tr("{first}-{last} of {total}", ["first": "\(top + 1)", "last": "\(min(rows.count, top + visible))",
                                                                        "total": state.count(rows.count)]) + " ")
            buffer.put(more, x: rect.maxX - TextWidth.of(more), y: rect.y, style: theme.muted, clip: rect)
        }
    }
}

extension OverviewScreen {
    /// The home overview's favourites, then each field's panel lines.
    var sparklineSeries: [SeriesID] {
        let catalog = state.catalog, view = OverviewView(state: state, region: region)
        var shown: [SeriesID] = region == state.scope.home ? state.favouriteSeries.map { catalog.series($0.indicator, $0.region) } : []
        for f in state.fields(at: region) { shown += view.panelIndicators(field: f).prefix(6).map { catalog.series($0, region) } }
        return shown
    }

    /// The selected favourite, to unpin it.
    var favouriteUnderSelection: Favourite? {
        let shown = state.favouriteSeries
        guard state.page.pane == Self.watchPane, state.page.selection < shown.count else { return nil }
        return shown[state.page.selection].favourite
    }
}
