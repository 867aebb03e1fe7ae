import Canvas
import Foundation
import IndicatorEngine

/// The smallest terminal the console lays out for.
public let minimumSize = Size(width: 80, height: 24)

/// Draws the state into a fresh buffer of the state's size.
public func view(_ state: ConsoleState) -> Buffer {
    var buffer = Buffer(size: state.size, asciiOnly: !state.capabilities.unicode)
    guard state.size.width >= minimumSize.width, state.size.height >= minimumSize.height else {
        drawTooSmall(state, into: &buffer)
        return buffer
    }
    let area = buffer.area
    let (header, rest) = area.splitTop(1)
    let (body, footer) = rest.splitBottom(1)
    let (panels, strip) = body.splitBottom(AlertStrip.height(for: state))
    drawHeader(state, in: header, into: &buffer)
    OverviewView(state: state).render(in: panels, into: &buffer)
    AlertStrip(state: state).render(in: strip, into: &buffer)
    drawHints(state, in: footer, into: &buffer)
    return buffer
}

func drawTooSmall(_ state: ConsoleState, into buffer: inout Buffer) {
    let lines = [
        state.shown("terminal too small: need \(minimumSize.width)×\(minimumSize.height), have \(state.size.width)×\(state.size.height)"),
        "enlarge the window, or press q to quit",
    ]
    let top = max(0, state.size.height / 2 - 1)
    for (i, line) in lines.enumerated() {
        let text = TextWidth.truncate(line, to: state.size.width)
        let x = max(0, (state.size.width - TextWidth.of(text)) / 2)
        buffer.put(text, x: x, y: top + i, style: i == 0 ? state.theme.title : state.theme.muted)
    }
}

func drawHeader(_ state: ConsoleState, in rect: Rect, into buffer: inout Buffer) {
    let theme = state.theme
    let sep = " \(Glyphs.for(state.capabilities).separator) "
    buffer.fill(rect, style: theme.header)
    let root = state.catalog.regions[state.region].name
    let left = state.shown(" \(state.catalog.name)\(sep)\(root)")
    var right = [state.role.rawValue, "operator \(state.operatorName)"]
    if let last = state.lastData {
        right.append("data \(Format.age(state.now - last)) ago")
    } else {
        right.append("no data yet")
    }
    right.append(Format.clock(state.now, timeZone: state.timeZone))
    let rightText = state.shown(right.joined(separator: sep) + " ")
    let rightWidth = TextWidth.of(rightText)
    let leftText = TextWidth.truncate(left, to: max(0, rect.width - rightWidth - 1), ellipsis: Glyphs.for(state.capabilities).ellipsis)
    buffer.put(leftText, x: rect.x, y: rect.y, style: theme.header)
    buffer.put(rightText, x: rect.maxX - rightWidth, y: rect.y, style: theme.header)
}

func drawHints(_ state: ConsoleState, in rect: Rect, into buffer: inout Buffer) {
    var x = rect.x + 1
    for (keys, action) in state.keyMap.bindings {
        guard let key = keys.first else { continue }
        let keyText = key.description
        let needed = TextWidth.of(keyText) + 1 + TextWidth.of(action.hint) + 2
        guard x + needed <= rect.maxX else { break }
        x += buffer.put(keyText, x: x, y: rect.y, style: state.theme.hintKey)
        x += buffer.put(" " + action.hint + "  ", x: x, y: rect.y, style: state.theme.hint)
    }
}
