import Canvas
import Foundation
import IndicatorEngine

/// The line mode (`ioc --plain`): for a screen reader, or a session written to a log. The
/// operator types a line; the console answers with the screen as text. Keys are words on the
/// line (`2`, `down down enter`, `esc`, `a`), a line starting with `:` or `/` is typed into that
/// prompt, and while a prompt is open the whole line is its text. An empty line shows the
/// screen again. Alerts that open, change or close are told as lines as they happen.
public enum LineMode {
    /// The keys a line stands for, given the state it arrives in. Words are read one by one
    /// against the state they lead to, so `A checked` acknowledges with the note "checked".
    public static func keys(for line: String, in state: ConsoleState) -> [Key] {
        let text = line.trimmingCharacters(in: .whitespaces)
        if state.prompt != nil { return text.map { .char($0) } + [.enter] }
        guard !text.isEmpty else { return [.char("r")] }
        if text.hasPrefix(":") || text.hasPrefix("/") { return text.map { .char($0) } + [.enter] }
        var keys: [Key] = []
        var s = state
        var rest = Substring(text)
        while let word = rest.split(separator: " ", maxSplits: 1).first {
            rest = rest.dropFirst(word.count + (rest.count > word.count ? 1 : 0)).drop { $0 == " " }
            let pressed = word.lowercased() == "back" ? [.escape] : Key.parse(String(word)).map { [$0] } ?? word.map { .char($0) }
            for key in pressed {
                keys.append(key)
                s = update(s, .key(key)).0
            }
            if s.prompt != nil {
                // The rest of the line is what the prompt asks for.
                return keys + rest.map { .char($0) } + [.enter]
            }
        }
        return keys
    }

    /// A frame as lines of text: trailing blanks cut, empty lines left out, and the selection
    /// (drawn reversed on a screen) marked with `>` where it starts, since a reader hears no colour.
    public static func text(of buffer: Buffer) -> [String] {
        var lines = buffer.lines()
        for y in 2..<max(2, buffer.size.height) {
            guard let x0 = (0..<buffer.size.width).first(where: { buffer[$0, y].style.attributes.contains(.reverse) }) else { continue }
            // Columns of the text line up with cells but for wide graphemes; count graphemes up to x0.
            let column = (0..<x0).filter { !buffer[$0, y].isContinuation }.count
            var characters = Array(lines[y])
            while characters.count < column { characters.append(" ") }
            if column > 0, characters[column - 1] == " " { characters[column - 1] = ">" } else { characters.insert(">", at: column) }
            lines[y] = String(characters)
        }
        return lines.filter { !$0.isEmpty }
    }

    /// What changed among the open alerts, one line each: firing, state changes, acknowledgements,
    /// and those no longer open.
    public static func alertNews(from old: [Alert], to new: [Alert], in state: ConsoleState) -> [String] {
        let before = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Set(new.map(\.id))
        var lines: [String] = []
        for alert in new {
            guard let was = before[alert.id] else {
                lines.append(line(alert, state.word(alert.state), state))
                continue
            }
            if was.state != alert.state { lines.append(line(alert, state.tr("now {state}", ["state": state.word(alert.state)]), state)) }
            if was.acknowledged == nil, let ack = alert.acknowledged {
                lines.append(line(alert, state.tr("acknowledged by {user}", ["user": ack.by]) + (ack.note.isEmpty ? "" : ": \(ack.note)"), state))
            }
        }
        for alert in old where !after.contains(alert.id) { lines.append(line(alert, state.tr("closed", context: "alert news"), state)) }
        return lines
    }

    static func line(_ alert: Alert, _ what: String, _ state: ConsoleState) -> String {
        let catalog = state.catalog
        let marks = StatusMarks.for(state.capabilities)
        let status: SeriesStatus = alert.kind == .stale ? .stale : alert.severity == .critical ? .critical : .warning
        let indicator = catalog.indicatorIndex[alert.indicator].map { catalog.indicators[$0] }
        let region = catalog.regionIndex[alert.region].map { catalog.regions[$0].name } ?? alert.region
        let value = alert.value.map { " " + state.number($0, kind: indicator?.kind ?? .number) + (indicator?.unit.isEmpty == false ? " " + indicator!.unit : "") } ?? ""
        return state.shown("\(Format.clock(state.now, timeZone: state.timeZone)) \(marks.glyph(status)) "
            + state.tr("{label} alert #{id} {what}: {indicator} · {region}{value}", ["label": state.shortLabel(alert), "id": "\(alert.id)", "what": what,
                                                                                  "indicator": indicator?.name ?? alert.indicator, "region": region, "value": value]))
    }
}
