import Canvas
import Foundation
import IndicatorEngine

/// The pure transition: the new state and the effects for the runner to perform.
public func update(_ state: ConsoleState, _ message: Message) -> (ConsoleState, [Effect]) {
    var next = state
    switch message {
    case let .key(key):
        if next.prompt != nil { return typeInPrompt(next, key) }
        guard let action = next.keyMap.action(for: key, on: next.page.screen.kind) else { return (next, []) }
        // The wall moves by itself; by hand only along its rotation, to help and back, or away.
        if next.page.screen == .wall, !KeyMap.wallActions.contains(action) { return (next, []) }
        next.notice = nil
        return perform(next, action, key: key)
    case let .resize(size):
        next.size = size
    case let .tick(now):
        next.now = now
        next.wallTick()
        let effects = refreshes(&next, now: now)
        return (next, effects)
    case let .data(table, alerts, resolved, now):
        if next.startup == .reading { next.startup = nil }
        let reloads = next.currentUnit.reloadsWithData
        // A paused or past picture does not move.
        guard next.moment == .live else {
            next.heldUpdates += 1
            return (next, reloads)
        }
        next.table = table
        next.alerts = next.inScope(alerts)
        next.recentlyResolved = next.inScope(resolved)
        next.now = now
        next.lastData = now
        next.wallSawAlerts()
        next.page.selection = min(next.page.selection, max(0, next.rowCount - 1))
        return (next, reloads)
    case let .history(data):
        next.history = data
    case let .journal(alert, entries):
        next.journal = (alert, entries)
    case let .notice(text):
        next.notice = text
    case let .audit(rows):
        next.audit = rows
        next.page.selection = min(next.page.selection, max(0, next.rowCount - 1))
    case let .feeds(records):
        next.feeds = FeedRecord.needingALookFirst(records.map { $0.asOf(next.now, catalog: next.catalog) })
        next.page.selection = min(next.page.selection, max(0, next.rowCount - 1))
    case let .link(reason):
        next.link = reason
    case let .startup(startup):
        next.startup = startup
    case let .reports(files):
        next.reports = files
        if next.page.screen == .reports, next.page.pane == 0 { next.page.selection = min(next.page.selection, max(0, files.count - 1)) }
    case let .trends(loaded, long):
        next.trends.merge(loaded) { _, new in new }
        next.longHistory.merge(long) { _, new in new }
    case let .travelled(table, alerts, at):
        // Another moment: sparklines and target trends end elsewhere.
        next.trends = [:]
        next.longHistory = [:]
        next.table = table
        next.alerts = next.inScope(alerts)
        next.recentlyResolved = []
        next.moment = at.map { .past($0) } ?? .live
        next.heldUpdates = 0
        next.notice = nil
        next.journal = nil
        next.page.selection = min(next.page.selection, max(0, next.rowCount - 1))
        return (next, reloadEffects(next))
    case let .reportPreview(preview):
        next.reportPreview = preview
        next.notice = nil
        if next.page.screen == .reports {
            next.page.pane = 1
            next.page.selection = 0
        }
    case let .notifications(failing):
        next.failingNotifications = failing
    case let .click(x, y):
        guard next.prompt == nil, next.size.width >= minimumSize.width, next.size.height >= minimumSize.height,
              let (pane, row) = clickedRow(next, x: x, y: y) else { return (next, []) }
        next.page.pane = pane
        next.page.selection = row
        next.notice = nil
        return open(next)
    }
    return (next, [])
}

/// The pane and row under a cell, computed with the same geometry the views draw with.
func clickedRow(_ s: ConsoleState, x: Int, y: Int) -> (pane: Int, row: Int)? {
    s.currentUnit.row(atX: x, y: y, body: screenAreas(s).body)
}

private func perform(_ state: ConsoleState, _ action: Action, key: Key) -> (ConsoleState, [Effect]) {
    var s = state
    let rows = s.rowCount
    func move(_ to: Int) { s.page.selection = max(0, min(to, rows - 1)) }
    switch action {
    case .quit: return (s, [.quit])
    case .redraw: return (s, [.repaint])
    case .help: s.stack.append(Page(.help(s.page.screen.kind)))
    case .back where s.stack.count == 1 && s.prompt == nil && s.moment != .live:
        // At the top, Esc returns to live.
        return (s, [.travel(to: nil)])
    case .back where s.page.screen == .reports && s.page.pane == 1:
        // Reading a report: back to the list first.
        s.page.pane = 0
        s.page.selection = 0
    case .back:
        if s.prompt == nil, s.stack.count > 1 { s.stack.removeLast() }
        s.journal = nil
        return (s, reloadEffects(s))
    case .up: move(s.page.selection - 1)
    case .down: move(s.page.selection + 1)
    case .pageUp: move(s.page.selection - pageRows(s))
    case .pageDown: move(s.page.selection + pageRows(s))
    case .home: move(0)
    case .end: move(rows - 1)
    case .previousField: s.wallStep(by: -1)
    case .nextField: s.wallStep(by: 1)
    case .left: move(s.page.selection - 1)
    case .right: move(s.page.selection + 1)
    case .nextPane:
        // The panes in screen order, skipping those with nothing to select.
        let panes = s.currentUnit.panes
        var next = s.page.pane
        for _ in panes.indices {
            next = panes[((panes.firstIndex(of: next) ?? 0) + 1) % panes.count]
            s.page.pane = next
            if s.rowCount > 0 { break }
        }
        if s.rowCount == 0 { s.page.pane = 0 }
        // The chart's cursor starts at the newest point.
        s.page.selection = s.page.pane == 2 ? max(0, s.rowCount - 1) : 0
    case .openField:
        guard case let .char(c) = key, let f = s.catalog.fields.firstIndex(where: { $0.key == String(c) }),
              s.fields(at: s.region).contains(f) else { break }
        s.stack.append(Page(.field(f, region: s.region)))
    case .alerts:
        if s.page.screen != .alerts { s.stack.append(Page(.alerts)) }
    case .audit:
        guard s.access >= .supervisor else {
            s.notice = s.tr("the audit is for supervisors; 'ioc audit' shows your own entries")
            break
        }
        if s.page.screen != .audit { s.stack.append(Page(.audit)) }
        return (s, [.loadAudit])
    case .reports:
        if s.page.screen != .reports { s.stack.append(Page(.reports)) }
        return (s, [.loadReports])
    case .feeds:
        if s.page.screen != .feeds { s.stack.append(Page(.feeds)) }
        return (s, [.loadFeeds])
    case .produceReport:
        s.prompt = .report("month")
    case .command: s.prompt = .command("")
    case .filter: s.prompt = .filter(s.page.filter)
    case .sort:
        let all = FieldColumn.allCases
        s.page.sort = all[(all.firstIndex(of: s.page.sort)! + 1) % all.count]
        s.page.ascending = s.page.sort == .name
    case .reverseSort: s.page.ascending.toggle()
    case .range:
        s.page.range = s.page.range.next
        return (s, reloadEffects(s))
    case .acknowledge where s.moment.isPast, .silence where s.moment.isPast, .note where s.moment.isPast:
        s.notice = s.tr("this is {time}, not now: acknowledging, notes and silences act on the present (Esc or :now returns)",
                        ["time": Format.dayAndTime(s.viewTime, timeZone: s.timeZone)])
    case .export:
        guard let table = s.exportTable else { break }
        return (s, [.export(table)])
    case .copyLocator:
        let locator = Locator.of(s)
        s.notice = s.tr("copied {text} to your clipboard", ["text": locator])
        return (s, [.copy(locator)])
    case .copyValue:
        guard let text = s.currentUnit.selectedValueText else {
            s.notice = s.tr("nothing selected has a value to copy")
            break
        }
        s.notice = s.tr("copied {text} to your clipboard", ["text": text])
        return (s, [.copy(text)])
    case .favourite:
        guard s.toggleFavourite() else { break }
        return (s, [.savePreferences(s.preferences)])
    case .setHome:
        let here = Locator.place(of: s)
        s.preferences.home = here
        s.notice = s.tr("{place} is now your home: the console opens here (H elsewhere moves it)", ["place": here])
        return (s, [.savePreferences(s.preferences)])
    case .cycleTheme:
        let all = Theme.all
        s.theme = all[((all.firstIndex { $0.name == s.theme.name } ?? 0) + 1) % all.count]
        s.preferences.theme = s.theme.name
        s.notice = s.tr("theme {name}, kept for your next start (T for the next one)", ["name": s.theme.name])
        return (s, [.savePreferences(s.preferences), .repaint])
    case .language:
        // The notice is already in the new language: the operator sees at once what L did.
        s.language = s.language == .vi ? .en : .vi
        s.preferences.language = s.language.rawValue
        s.notice = s.tr("The console speaks English now, and will at your next start (L switches)")
        return (s, [.savePreferences(s.preferences), .repaint])
    case .pause:
        if s.moment == .live {
            s.moment = .paused(s.now)
        } else {
            return (s, [.travel(to: nil)])
        }
    case .stepBack, .stepForward:
        let step = s.page.range.travelStep
        let target = s.viewTime + (action == .stepBack ? -step : step)
        return (s, [.travel(to: target >= s.now ? nil : target)])
    case .acknowledge where s.access < .operator, .silence where s.access < .operator, .note where s.access < .operator:
        s.notice = s.tr("{user} is a {role}: acknowledging, notes and silencing take an operator", ["user": s.operatorName, "role": s.word(s.access)])
    case .note:
        guard let alert = selectedAlert(s) else { break }
        s.prompt = .note(alert: alert.id, "")
    case .acknowledge:
        guard let alert = selectedAlert(s) else { break }
        s.prompt = .ackNote(alert: alert.id, "")
    case .silence:
        guard let alert = selectedAlert(s) else { break }
        s.prompt = .silence(alert: alert.id, "2h")
    case .open:
        return open(s)
    }
    return (s, [])
}

/// Enter: what the current screen opens for its selected row.
func open(_ state: ConsoleState) -> (ConsoleState, [Effect]) { state.currentUnit.open(state) }

/// A page for an indicator, its chart range fitting how often the indicator is reported.
func indicatorPage(_ s: ConsoleState, _ i: IndicatorID, region: RegionID) -> Page {
    var page = Page(.indicator(i, region: region))
    let seconds = s.catalog.indicators[i].frequency.seconds
    page.range = seconds <= 3_600 ? .week : seconds <= 86_400 ? .month : .year
    return page
}

/// The history the current page needs (also for the runner's periodic refresh).
public func reloadEffects(_ s: ConsoleState) -> [Effect] { s.currentUnit.reloads }

/// What the console's clocks ask at `now`: the page's charts reloaded every half minute, the
/// sparklines loaded afresh every five minutes while live (the first tick only sets the clocks).
func refreshes(_ s: inout ConsoleState, now: Int64) -> [Effect] {
    guard var due = s.refresh else {
        s.refresh = RefreshTimes(charts: now + RefreshTimes.charts, sparklines: now + RefreshTimes.sparklines)
        return []
    }
    var effects: [Effect] = []
    if now >= due.charts {
        effects += reloadEffects(s)
        due.charts = now + RefreshTimes.charts
    }
    if now >= due.sparklines, s.moment == .live {
        s.trends = [:]
        s.longHistory = [:]
        effects.append(.loadTrends)
        due.sparklines = now + RefreshTimes.sparklines
    }
    s.refresh = due
    return effects
}

extension ConsoleState {
    /// A series' value with its unit, as the tables show it; nil without a value.
    func valueWithUnit(_ series: SeriesID) -> String? {
        guard let value = table[series]?.value else { return nil }
        let indicator = catalog.indicators[catalog.indicator(of: series)]
        return number(value, kind: indicator.kind) + (indicator.unit.isEmpty ? "" : " " + indicator.unit)
    }
}

private func selectedAlert(_ s: ConsoleState) -> Alert? {
    let rows = s.alertRows(s.page)
    return s.page.selection < rows.count ? rows[s.page.selection] : nil
}

/// Rows a page key moves by: the body height less headers.
func pageRows(_ s: ConsoleState) -> Int { max(1, s.size.height - 8) }

private func typeInPrompt(_ state: ConsoleState, _ key: Key) -> (ConsoleState, [Effect]) {
    var s = state
    guard let prompt = s.prompt else { return (s, []) }
    var text = prompt.text
    switch key {
    case .escape:
        if case .filter = prompt { s.page.filter = "" }
        s.prompt = nil
        return (s, [])
    case .backspace, .delete:
        if !text.isEmpty { text.removeLast() }
    case .tab:
        // Completion: the best candidate's name.
        if case .command = prompt, let best = s.jumpCandidates(text).first {
            text = best.name
        }
    case .enter:
        s.prompt = nil
        return submit(s, prompt)
    case let .char(c):
        text.append(c)
    default:
        return (s, [])
    }
    switch prompt {
    case .command: s.prompt = .command(text)
    case .filter:
        s.prompt = .filter(text)
        s.page.filter = text
        s.page.selection = 0
    case let .ackNote(alert, _): s.prompt = .ackNote(alert: alert, text)
    case let .note(alert, _): s.prompt = .note(alert: alert, text)
    case let .silence(alert, _): s.prompt = .silence(alert: alert, text)
    case .report: s.prompt = .report(text)
    }
    return (s, [])
}

private func submit(_ state: ConsoleState, _ prompt: Prompt) -> (ConsoleState, [Effect]) {
    var s = state
    switch prompt {
    case let .command(text) where text.lowercased() == "now" || text.lowercased().hasPrefix("at "):
        guard text.lowercased() != "now" else { return (s, [.travel(to: nil)]) }
        do {
            let time = try Moment.parse(String(text.dropFirst(3)), now: s.now, timeZone: s.timeZone)
            guard time < s.now else { return (s, [.travel(to: nil)]) }
            return (s, [.travel(to: time)])
        } catch {
            s.notice = error.description
            return (s, [])
        }
    case let .command(text):
        guard let target = s.jumpCandidates(text).first?.target else {
            s.notice = s.tr("nothing matches '{text}'", ["text": text])
            return (s, [])
        }
        switch target {
        case let .field(f): s.stack.append(Page(.field(f, region: s.region)))
        case let .region(r):
            guard s.scope.reaches(r, in: s.catalog) else {
                s.notice = s.tr("{region} is outside your scope", ["region": s.catalog.regions[r].name])
                return (s, [])
            }
            s.stack.append(Page(.overview(region: r)))
        case let .indicator(i):
            let region = s.catalog.isReported(i, at: s.region) ? s.region : s.scope.home
            s.stack.append(indicatorPage(s, i, region: region))
            return (s, reloadEffects(s))
        }
    case .filter:
        break
    case let .note(alert, text):
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            s.notice = s.tr("a note needs text")
            return (s, [])
        }
        return (s, [.note(alert: alert, text: text)])
    case let .ackNote(alert, note):
        return (s, [.acknowledge(alert: alert, note: note)])
    case let .silence(alert, text):
        guard let seconds = Durations.parse(text), seconds > 0 else {
            s.notice = s.tr("'{text}' is not a duration like 30m, 2h, 1d, 1w or 3600 (seconds)", ["text": text])
            return (s, [])
        }
        return (s, [.silence(alert: alert, seconds: seconds)])
    case let .report(text):
        let period = text.trimmingCharacters(in: .whitespaces)
        guard !period.isEmpty else { return (s, []) }
        s.notice = s.tr("producing the {period} report…", ["period": period])
        return (s, [.produceReport(period: period)])
    }
    return (s, [])
}
