import Canvas
import IndicatorEngine

/// One screen of the console as a unit: how it draws its body, the rows its panes list, the
/// pane and row under a cell, what Enter opens, the breadcrumb it adds. A new screen is one
/// file in this folder and one case of `Screen`, found through `unit(for:)`.
protocol ScreenUnit {
    /// Draws the body (between the two header lines and the key hints).
    func render(in body: Rect, into buffer: inout Buffer)
    /// Its panes in Tab order; 0 is the main one.
    var panes: [Int] { get }
    /// Rows the selection moves among in `pane`.
    func rowCount(pane: Int) -> Int
    /// The pane and row under a cell of the body, if any (for clicks).
    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)?
    /// Enter: the state with the selected row opened, and the effects that needs.
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect])
    /// What the page adds to the breadcrumbs, if anything.
    var crumb: String? { get }
    /// What the page loads from the store when opened and with the charts' refresh.
    var reloads: [Effect] { get }
    /// What the page loads again with each commit the console follows (the feeds' records come
    /// with a commit of their own).
    var reloadsWithData: [Effect] { get }
    /// The series whose sparklines the page shows.
    var sparklineSeries: [SeriesID] { get }
    /// What `e` exports from the page; nil where it has no table.
    var exportTable: ExportTable? { get }
    /// The indicator and region `f` pins (or unpins) here; nil where nothing is selected.
    var favouriteUnderSelection: Favourite? { get }
    /// The selected row's value with its unit (`Y`); nil where no value is selected.
    var selectedValueText: String? { get }
}

/// What most screens do not have: a screen gives what it has in its own file.
extension ScreenUnit {
    var reloads: [Effect] { [] }
    var reloadsWithData: [Effect] { [] }
    var sparklineSeries: [SeriesID] { [] }
    var exportTable: ExportTable? { nil }
    var favouriteUnderSelection: Favourite? { nil }
    var selectedValueText: String? { nil }
}

extension ConsoleState {
    /// The unit for a screen: the one switch over `Screen`.
    func unit(for screen: Screen) -> any ScreenUnit {
        switch screen {
        case let .overview(region): OverviewScreen(state: self, region: region)
        case let .field(f, region): FieldScreen(state: self, field: f, region: region)
        case let .indicator(i, region): IndicatorScreen(state: self, indicator: i, region: region)
        case .alerts: AlertsScreen(state: self)
        case .audit: AuditScreen(state: self)
        case .reports: ReportsScreen(state: self)
        case .feeds: FeedsScreen(state: self)
        case let .help(kind): HelpScreen(state: self, kind: kind)
        case .wall: WallScreen(state: self)
        }
    }

    var currentUnit: any ScreenUnit { unit(for: page.screen) }
}

/// The row of a scrolled table under `y`, if any: the tables' shared hit test.
func tableRow(y: Int, firstY: Int, height: Int, count: Int, selection: Int) -> Int? {
    let top = scrollTop(selection: selection, rows: count, height: height)
    let row = y - firstY + top
    return y >= firstY && y < firstY + height && row < count ? row : nil
}
