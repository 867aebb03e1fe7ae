import Canvas
import Foundation
import IndicatorEngine

/// The reports (`R`): those the leader wrote on schedule, newest first, beside a preview of the
/// selected one's Markdown; Enter reads it full width (pane 1 scrolls it), `n` produces the
/// report of any period for this console's scope and shows it.
struct ReportsScreen: ScreenUnit {
    let state: ConsoleState
    static let listWidth = 40

    func render(in rect: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let glyphs = Glyphs.for(state.capabilities)
        let reading = state.page.pane == 1 && state.reportPreview != nil
        if !reading {
            let width = min(Self.listWidth, rect.width / 2)
            let list = Rect(x: rect.x, y: rect.y, width: width, height: rect.height)
            buffer.put(state.shown(" " + state.tr("{count} written", ["count": state.count(state.reports.count)])), x: list.x, y: list.y, style: theme.muted)
            let body = Rect(x: list.x, y: list.y + 1, width: list.width, height: list.height - 1)
            if state.reports.isEmpty {
                let lines = [state.tr("  none yet: reports: in ioc.yaml"), state.tr("  schedules them; n produces one")]
                for (k, line) in lines.enumerated() { buffer.put(state.shown(line), x: body.x, y: body.y + k, style: theme.muted, clip: body) }
            }
            let top = scrollTop(selection: state.page.selection, rows: state.reports.count, height: body.height)
            for (n, file) in state.reports.enumerated().dropFirst(top).prefix(body.height) {
                let y = body.y + n - top
                let when = Format.dayAndTime(file.written, timeZone: state.timeZone)
                let text = " \(file.name)" + (file.others.isEmpty ? "" : " +\(file.others.joined(separator: " "))")
                let line = TextWidth.truncate(state.shown(text), to: body.width - TextWidth.of(when) - 2, ellipsis: glyphs.ellipsis)
                buffer.put(TextWidth.pad(line, to: body.width - TextWidth.of(when) - 1) + when, x: body.x, y: y,
                           style: n == state.page.selection && state.page.pane == 0 ? theme.text.reversed() : theme.text, clip: body)
            }
            let preview = Rect(x: rect.x + width + 1, y: rect.y, width: rect.width - width - 1, height: rect.height)
            drawPreview(in: preview, top: 0, into: &buffer)
        } else {
            drawPreview(in: rect, top: state.page.selection, into: &buffer)
        }
    }

    /// The preview's title, then its lines from `top`.
    func drawPreview(in rect: Rect, top: Int, into buffer: inout Buffer) {
        let theme = state.theme
        guard rect.width > 4, rect.height > 1 else { return }
        guard let preview = state.reportPreview else {
            buffer.put(state.shown(state.reports.isEmpty ? "" : state.tr("Enter reads the selected report")), x: rect.x, y: rect.y, style: theme.muted, clip: rect)
            return
        }
        let lines = Self.wrap(preview.lines, width: rect.width)
        let total = lines.count
        buffer.put(state.shown(" \(preview.title) · " + state.tr("lines {first}-{last} of {total}", ["first": "\(min(total, top + 1))",
                                                                                                 "last": "\(min(total, top + rect.height - 1))", "total": "\(total)"])),
                   x: rect.x, y: rect.y, style: theme.title, clip: rect)
        for (k, line) in lines.dropFirst(top).prefix(rect.height - 1).enumerated() {
            let style = line.hasPrefix("#") ? theme.title : line.hasPrefix("|") ? theme.text : theme.muted
            buffer.put(TextWidth.truncate(state.shown(line), to: rect.width), x: rect.x, y: rect.y + 1 + k, style: line.isEmpty ? theme.text : style,
                       clip: rect)
        }
    }
}

extension ReportsScreen {
    /// Prose wrapped at word boundaries to `width`; table rows and headings stay one line each
    /// (cut at the edge), so a table keeps its columns.
    static func wrap(_ lines: [String], width: Int) -> [String] {
        guard width > 8 else { return lines }
        var result: [String] = []
        for line in lines {
            guard !line.hasPrefix("|"), !line.hasPrefix("#"), TextWidth.of(line) > width else {
                result.append(line)
                continue
            }
            result += TextWidth.wrap(line, to: width, indent: line.hasPrefix("- ") ? "  " : "")
        }
        return result
    }

    var panes: [Int] { state.reportPreview == nil ? [0] : [0, 1] }
    var crumb: String? { state.tr("Reports", context: "crumb") }
    func rowCount(pane: Int) -> Int {
        pane == 1 ? Self.wrap(state.reportPreview?.lines ?? [], width: state.size.width).count : state.reports.count
    }
    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? {
        guard state.page.pane == 0, x < body.x + min(Self.listWidth, body.width / 2) else { return nil }
        return tableRow(y: y, firstY: body.y + 1, height: body.height - 1, count: state.reports.count, selection: state.page.selection).map { (0, $0) }
    }

    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) {
        guard state.page.pane == 0, state.page.selection < state.reports.count else { return (state, []) }
        return (state, [.loadReport(path: state.reports[state.page.selection].path)])
    }
}
