import Canvas
import Foundation
import IndicatorEngine

/// Every key of the screen it was opened from, generated from the key map.
struct HelpScreen: ScreenUnit {
    let state: ConsoleState
    let kind: ScreenKind

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.put(" Keys on the \(kind.rawValue) screen (Esc goes back)", x: rect.x, y: rect.y, style: theme.title)
        let bindings = state.keyMap.bindings(on: kind)
        // Two columns when one does not fit, so every key is always listed.
        let rows = max(1, rect.height - 2)
        let columns = bindings.count > rows ? 2 : 1
        let columnWidth = rect.width / columns
        let ellipsis = Glyphs.for(state.capabilities).ellipsis
        for (n, binding) in bindings.enumerated() {
            let column = n / rows, row = n % rows
            guard column < columns else { break }
            let x = rect.x + 2 + column * columnWidth
            buffer.put(TextWidth.pad(state.shown(KeyMap.describe(binding.keys)), to: 16), x: x, y: rect.y + 2 + row, style: theme.hintKey)
            buffer.put(TextWidth.truncate(binding.action.summary, to: columnWidth - 20, ellipsis: ellipsis), x: x + 17, y: rect.y + 2 + row, style: theme.text)
        }
    }
}

extension HelpScreen {
    var panes: [Int] { [0] }
    var crumb: String? { "Help" }
    func rowCount(pane: Int) -> Int { state.keyMap.bindings(on: kind).count }
    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? { nil }
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) { (state, []) }
}
