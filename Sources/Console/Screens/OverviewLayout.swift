import Canvas
import IndicatorEngine

/// Where the overview's parts go at a given size, for the views and for clicks alike. Field
/// panels when every panel gets at least two content rows; otherwise one line per field, so
/// every field's counts and score are always on screen. Under a district, its communes get the
/// rows the fields leave (all of them when they fit); under the province, its districts get what
/// the one-line list leaves. The alert strip sits at the bottom; on the operator's home overview,
/// their favourites ("Theo dõi") sit just above it.
struct OverviewLayout {
    enum Fields: Equatable {
        case panels([Rect])
        case compact(Rect)
    }

    let fields: Fields
    let children: Rect
    let strip: Rect
    /// The operator's favourites (empty when none, or away from the home overview).
    let watch: Rect

    static let minimumPanelWidth = 38
    /// Content rows a panel must have (counts, and at least one indicator).
    static let minimumContentRows = 2
    /// Rows the alert strip keeps for alerts: two, four on tall terminals.
    static func stripAlertRows(bodyHeight: Int) -> Int { bodyHeight >= 33 ? 4 : 2 }
    /// Rows Theo dõi keeps for favourites: three, six on tall terminals (more scroll).
    static func watchRows(bodyHeight: Int) -> Int { bodyHeight >= 33 ? 6 : 3 }

    init(_ state: ConsoleState, region: RegionID, body: Rect) {
        let count = state.fields(at: region).count
        let isRoot = region == state.scope.home
        let childCount = state.catalog.children[region].count
        let alerts = state.alerts.count
        var stripHeight = 1 + max(1, min(alerts, Self.stripAlertRows(bodyHeight: body.height)))
        let favourites = isRoot ? state.favouriteSeries.count : 0
        let watchHeight = favourites == 0 ? 0 : 1 + min(favourites, Self.watchRows(bodyHeight: body.height))
        let rest = body.height - stripHeight - watchHeight
        let columns = max(1, min(max(count, 1), body.width / Self.minimumPanelWidth))
        let panelRows = (count + columns - 1) / columns
        let panelsNeed = panelRows * (2 + Self.minimumContentRows)
        let childrenWant = childCount == 0 ? 0 : childCount + 1
        // A district's communes always get a few rows; the province's districts only spare ones.
        let childrenMin = isRoot ? 0 : min(childrenWant, 4)

        var fieldsArea: Rect, childArea: Rect
        if count > 0, rest - childrenMin >= panelsNeed {
            let childHeight = isRoot ? 0 : min(childrenWant, rest - panelsNeed)
            (fieldsArea, childArea) = Rect(x: body.x, y: body.y, width: body.width, height: rest).splitBottom(childHeight)
            fields = .panels(Self.panels(count: count, columns: columns, rows: panelRows, in: fieldsArea))
        } else {
            // One line per field under a title line; what is left goes to the communes, or (at
            // the province, and under a commune, which has nothing below) to more alerts first.
            let listHeight = min(rest, count + 1)
            var left = rest - listHeight
            if isRoot || childrenWant == 0 {
                let more = min(left, max(0, alerts + 1 - stripHeight))
                stripHeight += more
                left -= more
            }
            let childHeight = min(childrenWant, left)
            fieldsArea = Rect(x: body.x, y: body.y, width: body.width, height: listHeight)
            childArea = Rect(x: body.x, y: body.y + listHeight, width: body.width, height: childHeight)
            fields = .compact(fieldsArea)
        }
        self.children = childArea
        strip = Rect(x: body.x, y: body.maxY - stripHeight, width: body.width, height: stripHeight)
        watch = Rect(x: body.x, y: strip.y - watchHeight, width: body.width, height: watchHeight)
    }

    /// `count` panels in rows of `columns`; a shorter last row spreads over the whole width.
    static func panels(count: Int, columns: Int, rows: Int, in rect: Rect) -> [Rect] {
        let grid = rect.grid(columns: columns, rows: rows)
        let full = columns * (rows - 1)
        let last = count - full
        guard last > 0, last < columns, let first = grid.dropFirst(full).first else { return Array(grid.prefix(count)) }
        let row = Rect(x: rect.x, y: first.y, width: rect.width, height: first.height)
        return Array(grid.prefix(full)) + row.grid(columns: last, rows: 1)
    }

    /// The field under a cell, if any.
    func field(atX x: Int, y: Int) -> Int? {
        switch fields {
        case let .panels(cells): return cells.firstIndex { $0.contains(x: x, y: y) }
        case let .compact(rect):
            guard rect.contains(x: x, y: y), y > rect.y else { return nil }
            return y - rect.y - 1
        }
    }
}
