import Canvas
import IndicatorEngine

/// The room's big screen (`ioc wall`): the time in digits five rows tall, then one field of the
/// home overview at a time (its counts, score, and indicators worst first, in columns on a wide
/// screen), the next one every few seconds; or, while a newly firing critical alert is not
/// acknowledged, that alert across the whole screen.
struct WallScreen: ScreenUnit {
    let state: ConsoleState

    var crumb: String? { state.tr("Wall", context: "crumb") }
    var panes: [Int] { [0] }
    func rowCount(pane: Int) -> Int { 0 }
    func row(atX x: Int, y: Int, body: Rect) -> (pane: Int, row: Int)? { nil }
    func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) { (state, []) }

    func render(in body: Rect, into buffer: inout Buffer) {
        guard let wall = state.wall else { return }
        let theme = state.theme
        let clock = BigText(String(Format.clock(state.now, timeZone: state.timeZone).prefix(5)), style: theme.title, scale: body.width >= 120 ? 3 : 2)
        clock.render(at: body.maxX - clock.width - 1, y: body.y, into: &buffer, unicode: state.capabilities.unicode, clip: body)
        let beside = Rect(x: body.x, y: body.y, width: max(0, body.width - clock.width - 3), height: BigText.height)
        let rest = Rect(x: body.x, y: body.y + BigText.height + 1, width: body.width, height: max(0, body.height - BigText.height - 1))
        let holding = state.takeoverAlerts
        if holding.isEmpty {
            renderField(wall, heading: beside, list: rest, into: &buffer)
        } else {
            renderTakeover(holding, heading: beside, list: rest, into: &buffer)
        }
    }

    private func renderField(_ wall: WallState, heading: Rect, list: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let marks = StatusMarks.for(state.capabilities)
        let fields = state.wallFields
        guard !fields.isEmpty else { return }
        let f = fields[wall.position % fields.count]
        let region = state.scope.home
        let field = state.catalog.fields[f]
        let summary = state.catalog.fieldSummaries(region: region) { state.table.status($0) }[f]
        buffer.put(state.shown(" \(field.key) \(field.name)"), x: heading.x, y: heading.y + 1, style: theme.title.bold(), clip: heading)
        var x = heading.x + 1
        // Counts with their words where there is room, as the panels show them where not.
        let words = heading.width >= 60
        for (status, n) in [(SeriesStatus.ok, summary.ok), (.warning, summary.warning), (.critical, summary.critical), (.stale, summary.stale)] {
            let text = words ? "\(marks.glyph(status)) \(state.count(n)) \(state.word(status).lowercased())   " : "\(marks.glyph(status))\(state.count(n)) "
            x += buffer.put(text, x: x, y: heading.y + 2, style: n > 0 ? theme.style(status).bold() : theme.muted, clip: heading)
        }
        let firing = state.alerts.filter { $0.state.countsAsFiring }.count
        buffer.put(state.shown(" " + state.tr("score {score}", ["score": summary.score.map(state.percent) ?? "–"]) + " · "
                               + state.tr("{count} alert firing", plural: "{count} alerts firing", count: firing)),
                   x: heading.x, y: heading.y + 3, style: theme.text.bold(), clip: heading)
        let next = state.catalog.fields[fields[(wall.position + 1) % fields.count]].name
        let left = max(0, wall.every - (state.now - wall.since))
        let line = " \(wall.position + 1)/\(fields.count) · " + state.tr("next in {time}: {field}", ["time": state.age(left), "field": next])
        buffer.put(TextWidth.truncate(state.shown(line), to: heading.width, ellipsis: Glyphs.for(state.capabilities).ellipsis),
                   x: heading.x, y: heading.y + 4, style: theme.muted, clip: heading)

        // The field's indicators worst first, in as many columns as the width allows.
        let indicators = OverviewView(state: state, region: region).panelIndicators(field: f)
        let columns = max(1, min(3, list.width / 60))
        let cells = list.grid(columns: columns, rows: 1)
        let view = OverviewView(state: state, region: region)
        let glyphs = Glyphs.for(state.capabilities)
        for (n, i) in indicators.prefix(columns * list.height).enumerated() {
            let cell = cells[n / max(1, list.height)]
            view.renderHeadline(i, in: cell.row(n % max(1, list.height)), into: &buffer, glyphs: glyphs, marks: marks)
        }
    }

    private func renderTakeover(_ alerts: [Alert], heading: Rect, list: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let marks = StatusMarks.for(state.capabilities)
        let critical = theme.style(.critical).bold()
        let title = " \(marks.glyph(.critical)) " + state.tr("CRITICAL ALERT · held here until acknowledged", plural: "CRITICAL ALERTS · held here until acknowledged",
                                                              count: alerts.count)
        buffer.fill(heading.row(1), style: critical.reversed())
        buffer.put(state.shown(title), x: heading.x, y: heading.y + 1, style: critical.reversed(), clip: heading)
        buffer.put(state.shown(" " + state.tr("acknowledge from a console (a, then A) or: ioc ack ID --note TEXT")), x: heading.x, y: heading.y + 3,
                   style: theme.muted, clip: heading)
        var y = list.y
        for (n, alert) in alerts.enumerated() where y + 2 < list.maxY {
            let catalog = state.catalog
            let indicator = catalog.indicatorIndex[alert.indicator].map { catalog.indicators[$0] }
            let region = catalog.regionIndex[alert.region].map { catalog.regions[$0].name } ?? alert.region
            let unit = indicator?.unit.isEmpty == false ? " " + indicator!.unit : ""
            let value = alert.value.map { state.number($0, kind: indicator?.kind ?? .number) + unit } ?? "–"
            buffer.put(state.shown(" \(marks.glyph(.critical)) \(indicator?.name ?? alert.indicator) · \(region)"), x: list.x, y: y, style: critical, clip: list)
            if n == 0, let v = alert.value, list.maxY - y >= 10 {
                // The first one's value as large as the clock, its unit beside it.
                let big = BigText(state.number(v, kind: indicator?.kind ?? .number), style: critical, scale: list.width >= 120 ? 3 : 2)
                big.render(at: list.x + 3, y: y + 2, into: &buffer, unicode: state.capabilities.unicode, clip: list)
                buffer.put(state.shown(unit), x: list.x + 4 + big.width, y: y + 1 + BigText.height, style: critical, clip: list)
                y += BigText.height + 2
            }
            let since = alert.firedAt ?? alert.since
            buffer.put(state.shown("   \(value)   " + state.tr("firing since {time} ({age})", ["time": Format.dayAndTime(since, timeZone: state.timeZone),
                                                                                              "age": state.age(state.now - since)])
                                   + "   " + state.tr("alert #{id} · {rule}", ["id": "\(alert.id)", "rule": alert.rule])),
                       x: list.x, y: y + 1, style: theme.text.bold(), clip: list)
            y += 3
        }
    }
}

extension WallScreen {
    /// The field on the wall now.
    var sparklineSeries: [SeriesID] {
        let fields = state.wallFields
        guard let wall = state.wall, !fields.isEmpty else { return [] }
        return OverviewView(state: state, region: state.scope.home).panelIndicators(field: fields[wall.position % fields.count])
            .prefix(60).map { state.catalog.series($0, state.scope.home) }
    }
}
