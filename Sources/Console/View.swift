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
    let (header, body, footer) = screenAreas(state)
    drawHeader(state, in: header, into: &buffer)
    state.currentUnit.render(in: body, into: &buffer)
    drawFooter(state, in: footer, into: &buffer)
    return buffer
}

/// Whether a tick of the clock from `before` to `after` can change more than the header: while
/// data is under a minute old, ages on screen count seconds; after that they count minutes, and
/// a whole frame every ten seconds keeps them within that.
public func tickNeedsWholeFrame(from before: ConsoleState, to after: ConsoleState) -> Bool {
    // The wall counts down to its next field.
    if after.wall != nil { return true }
    if let last = after.lastData, after.now - last < 60 { return true }
    return before.now / 10 != after.now / 10
}

/// `previous` (the last frame of this state's size) with the header drawn anew: what a tick of
/// the clock changes, at a fraction of a whole frame's cost.
public func viewClock(_ state: ConsoleState, over previous: Buffer) -> Buffer {
    guard previous.size == state.size, state.size.width >= minimumSize.width, state.size.height >= minimumSize.height else {
        return view(state)
    }
    var buffer = previous
    let header = screenAreas(state).header
    buffer.fill(header)
    drawHeader(state, in: header, into: &buffer)
    return buffer
}

/// What the header says when the picture is not live: "◷ AS OF 28/11 17:00 · 2d ago", "⏸ PAUSED 10:15:02".
func momentBanner(_ state: ConsoleState) -> String? {
    let unicode = state.capabilities.unicode
    let held = state.heldUpdates == 0 ? "" : "· " + state.tr("{count} update held", plural: "{count} updates held", count: state.heldUpdates) + " "
    switch state.moment {
    case .live: return nil
    case let .paused(t):
        return (unicode ? " ⏸ " : " || ") + state.tr("PAUSED {time} · now, frozen", ["time": Format.clock(t, timeZone: state.timeZone)]) + " " + held
    case let .past(t):
        return (unicode ? " ◷ " : " << ")
            + state.tr("AS OF {time} · {ago}", ["time": Format.dayAndTime(t, timeZone: state.timeZone), "ago": state.ago(state.now - t)]) + " " + held
    }
}

/// Header, body and footer of every screen; views and click handling share it.
func screenAreas(_ state: ConsoleState) -> (header: Rect, body: Rect, footer: Rect) {
    let (header, rest) = Rect(size: state.size).splitTop(2)
    let (body, footer) = rest.splitBottom(1)
    return (header, body, footer)
}

func drawTooSmall(_ state: ConsoleState, into buffer: inout Buffer) {
    let lines = [
        state.shown(state.tr("terminal too small: need {need}, have {have}", ["need": "\(minimumSize.width)×\(minimumSize.height)",
                                                                                 "have": "\(state.size.width)×\(state.size.height)"])),
        state.shown(state.tr("enlarge the window, or press q to quit")),
    ]
    let top = max(0, state.size.height / 2 - 1)
    for (i, line) in lines.enumerated() {
        let text = TextWidth.truncate(line, to: state.size.width)
        let x = max(0, (state.size.width - TextWidth.of(text)) / 2)
        buffer.put(text, x: x, y: top + i, style: i == 0 ? state.theme.title : state.theme.muted)
    }
}

/// Where the operator is: the region path, then the field, indicator or screen, from the stack.
public func breadcrumbs(_ state: ConsoleState) -> [String] {
    // From the operator's home: a district center's console never names the regions above it.
    let path = state.catalog.path(to: state.region)
    var crumbs = path.drop { $0 != state.scope.home && path.contains(state.scope.home) }.map { state.catalog.regions[$0].name }
    for page in state.stack { if let crumb = state.unit(for: page.screen).crumb { crumbs.append(crumb) } }
    var unique: [String] = []
    for crumb in crumbs where unique.last != crumb { unique.append(crumb) }
    return unique
}

func drawHeader(_ state: ConsoleState, in rect: Rect, into buffer: inout Buffer) {
    let theme = state.theme
    let glyphs = Glyphs.for(state.capabilities)
    let sep = " \(glyphs.separator) "
    let top = rect.row(0)
    buffer.fill(top, style: theme.header)
    // Why there is none, and a leader on its way, are said on the second line.
    let banner = momentBanner(state)
    var right = state.link.map { _ in [state.tr("no leader")] } ?? []
    if state.failingNotifications > 0 { right.append(state.tr("notifications failing: {count}", ["count": state.count(state.failingNotifications)])) }
    // Away from live, the banner says what matters: the age of live data gives way to it, and
    // the role word too where the banner would not fit whole (Vietnamese words are longer).
    let bannerWidth = banner.map { TextWidth.of(state.shown($0)) } ?? 0
    let who = "\(state.word(state.access)) \(state.operatorName)"
    let clock = Format.clock(state.now, timeZone: state.timeZone)
    let fitsWithRole = bannerWidth + TextWidth.of(state.shown(right.joined(separator: sep) + sep + who + sep + clock)) + 14 <= top.width
    right.append(banner == nil || fitsWithRole ? who : state.operatorName)
    if banner == nil { right.append(state.lastData.map { state.tr("data {age} ago", ["age": state.age(state.now - $0)]) } ?? state.tr("no data yet")) }
    right.append(clock)
    let rightText = state.shown(right.joined(separator: sep) + " ")
    let rightWidth = TextWidth.of(rightText)
    var x = top.x
    if let banner {
        // Unmistakable: a glyph and words, reversed, before the title.
        let text = TextWidth.truncate(state.shown(banner), to: max(0, top.width - rightWidth - 1), ellipsis: glyphs.ellipsis)
        x += buffer.put(text, x: x, y: top.y, style: theme.header.reversed().bold())
    }
    let left = TextWidth.truncate(state.shown(" " + state.title), to: max(0, top.maxX - x - rightWidth - 1), ellipsis: glyphs.ellipsis)
    buffer.put(left, x: x, y: top.y, style: theme.header)
    buffer.put(rightText, x: top.maxX - rightWidth, y: top.y, style: theme.header)
    let crumbs = breadcrumbs(state).joined(separator: state.capabilities.unicode ? " › " : " > ")
    // What the center is doing before it is there, on the right of the second line: the
    // breadcrumbs are cut first to make room for it.
    let startup = state.startup.map { TextWidth.truncate(state.shown($0.text(state) + " "), to: rect.width, ellipsis: glyphs.ellipsis) } ?? ""
    let startupWidth = TextWidth.of(startup)
    buffer.put(TextWidth.truncate(state.shown(" " + crumbs), to: max(0, rect.width - startupWidth - (startup.isEmpty ? 0 : 1)), ellipsis: glyphs.ellipsis),
               x: rect.x, y: rect.y + 1, style: theme.title)
    if !startup.isEmpty { buffer.put(startup, x: rect.maxX - startupWidth, y: rect.y + 1, style: theme.title.bold()) }
}

func drawFooter(_ state: ConsoleState, in rect: Rect, into buffer: inout Buffer) {
    let theme = state.theme
    if let prompt = state.prompt {
        let label: String
        switch prompt {
        case .command: label = ":"
        case .filter: label = "/"
        case let .ackNote(alert, _): label = state.tr("note for ack of alert #{id}: ", ["id": "\(alert)"])
        case let .note(alert, _): label = state.tr("note on alert #{id}: ", ["id": "\(alert)"])
        case let .silence(alert, _): label = state.tr("silence alert #{id}'s indicator and region for: ", ["id": "\(alert)"])
        case .report: label = state.tr("report of period (day, week, month, quarter, half, year[:date]): ")
        }
        var line = label + prompt.text + (state.capabilities.unicode ? "▏" : "_")
        if case let .command(text) = prompt, text.lowercased() == "now" || text.lowercased().hasPrefix("at ") {
            let target = text.lowercased() == "now" ? nil : try? Moment.parse(String(text.dropFirst(3)), now: state.now, timeZone: state.timeZone)
            line += "   → " + (text.lowercased() == "now" ? state.tr("back to live")
                : target.map { state.tr("the center as of {time}", ["time": Format.dayAndTime($0, timeZone: state.timeZone)]) }
                ?? state.tr("a time: 2026-11-28 17:00, 2h ago, yesterday 07:30")) + "  " + state.tr("(Enter goes, Esc cancels)")
        } else if case let .command(text) = prompt, let best = state.jumpCandidates(text).first {
            line += "   → " + best.label + "  " + state.tr("(Tab completes, Enter jumps, Esc cancels)")
        }
        buffer.put(TextWidth.truncate(state.shown(line), to: rect.width), x: rect.x, y: rect.y, style: theme.text)
        return
    }
    if let notice = state.notice {
        buffer.put(TextWidth.truncate(state.shown(" " + notice), to: rect.width), x: rect.x, y: rect.y, style: theme.title)
        return
    }
    var x = rect.x + 1
    for binding in state.keyMap.bindings(on: state.page.screen.kind) where binding.hinted {
        let keyText = KeyMap.describe(binding.keys == KeyMap.fieldKeys ? binding.keys : [binding.keys[0]])
        let hint = state.shown(state.tr(binding.action.hint, context: "key hint"))
        let needed = TextWidth.of(keyText) + 1 + TextWidth.of(hint) + 2
        guard x + needed <= rect.maxX else { break }
        x += buffer.put(state.shown(keyText), x: x, y: rect.y, style: state.theme.hintKey)
        x += buffer.put(" " + hint + "  ", x: x, y: rect.y, style: state.theme.hint)
    }
}

/// A table's visible window: the first row to show so the selection stays on screen.
func scrollTop(selection: Int, rows: Int, height: Int) -> Int {
    guard rows > height else { return 0 }
    return min(max(0, selection - height / 2), rows - height)
}

/// Formats a value with its unit, or a dash.
func valueText(_ state: ConsoleState, _ indicator: Indicator, _ value: Double?) -> String {
    guard let value else { return "–" }
    return state.shown(state.number(value, kind: indicator.kind) + (indicator.unit.isEmpty ? "" : " " + indicator.unit))
}
