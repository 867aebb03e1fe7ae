import Canvas
import Foundation
import IndicatorEngine

/// Every key of the screen it was opened from, generated from the key map. Each description is
/// whole: in two columns when every one fits its column on one line, else in one column with
/// the descriptions wrapped under their keys, scrolled with the arrows, PgUp/PgDn, Home and End.
public struct HelpScreen: ScreenUnit {
    let state: ConsoleState
    let kind: ScreenKind

    /// Columns the keys take, and the gap before the description.
    public static let keyWidth = 16
    public static let gap = 1
    /// Columns left of the keys.
    public static let margin = 2

    /// One line of help: the key (on an entry's first line only) and a piece of its description.
    struct Line: Equatable {
        var key: String
        var text: String
    }

    /// The help laid out for a body `width` wide and `height` high: the columns of lines.
    static func layout(_ entries: [(key: String, text: String)], width: Int, height: Int) -> [[Line]] {
        let rows = max(1, height)
        // Two columns only when every description fits on one line of its column and all fit.
        let twoColumnText = width / 2 - margin - keyWidth - gap - 1
        if entries.count > rows, entries.count <= 2 * rows, entries.allSatisfy({ TextWidth.of($0.text) <= twoColumnText }) {
            let lines = entries.map { Line(key: $0.key, text: $0.text) }
            return [Array(lines.prefix(rows)), Array(lines.dropFirst(rows))]
        }
        let textWidth = max(8, width - margin - keyWidth - gap - 1)
        var lines: [Line] = []
        for entry in entries {
            for (n, piece) in TextWidth.wrap(entry.text, to: textWidth).enumerated() {
                lines.append(Line(key: n == 0 ? entry.key : "", text: piece))
            }
        }
        return [lines]
    }

    private var entries: [(key: String, text: String)] {
        state.keyMap.bindings(on: kind).map { (state.shown(KeyMap.describe($0.keys)), state.shown(state.tr($0.action.summary, context: "key"))) }
    }

    /// The body minus the title line and the blank line under it.
    private var listHeight: Int { max(1, screenAreas(state).body.height - 2) }

    private var columns: [[Line]] {
        Self.layout(entries, width: screenAreas(state).body.width, height: listHeight)
    }

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let columns = columns
        let height = max(1, rect.height - 2)
        let total = columns.map(\.count).max() ?? 0
        // The selection is the first line shown: the list scrolls a line at a time.
        let top = min(state.page.selection, max(0, total - height))
        let title = state.shown(" " + state.tr("Keys on the {screen} screen (Esc goes back)", ["screen": state.tr(kind.rawValue, context: "screen")]))
        buffer.put(TextWidth.truncate(title, to: rect.width), x: rect.x, y: rect.y, style: theme.title)
        if total > height {
            // Where the list stands, on the right of the title line.
            let position = state.shown(state.tr("lines {first}-{last} of {total}", ["first": "\(top + 1)", "last": "\(min(total, top + height))", "total": "\(total)"])
                                      + ", ↑↓ PgUp PgDn ")
            let width = TextWidth.of(position)
            if width + TextWidth.of(title) + 2 <= rect.width { buffer.put(position, x: rect.maxX - width, y: rect.y, style: theme.muted) }
        }
        let columnWidth = rect.width / columns.count
        for (c, lines) in columns.enumerated() {
            let x = rect.x + Self.margin + c * columnWidth
            for (row, line) in lines.dropFirst(top).prefix(height).enumerated() {
                let y = rect.y + 2 + row
                buffer.put(TextWidth.pad(line.key, to: Self.keyWidth), x: x, y: y, style: theme.hintKey)
                buffer.put(line.text, x: x + Self.keyWidth + Self.gap, y: y, style: theme.text, clip: rect)
            }
        }
    }
}

extension HelpScreen {
    var panes: [Int] { [0] }
    var crumb: String? { state.tr("Help", context: "crumb") }
    /// Scroll positions: one per line that can stand at the top.
    func rowCount(pane: Int) -> Int { max(1, (columns.map(\.count).max() ?? 0) - listHeight + 1) }
    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? { nil }
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) { (state, []) }
}
