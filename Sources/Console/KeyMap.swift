import Canvas
import IndicatorEngine

/// The kinds of screen, for key bindings that only apply on some of them.
public enum ScreenKind: String, Sendable, Hashable, CaseIterable {
    case overview, field, indicator, alerts, audit, reports, feeds, help, wall
}

/// Everything an operator can ask the console to do from the keyboard.
public enum Action: String, Sendable, Hashable, CaseIterable {
    case quit, redraw, help, back, open
    case up, down, left, right, pageUp, pageDown, home, end, nextPane
    case openField, alerts, audit, reports, feeds, produceReport, command, filter
    case sort, reverseSort, range
    case acknowledge, note, silence
    case stepBack, stepForward, pause, export, copyLocator, copyValue
    case favourite, setHome, cycleTheme, language, previousField, nextField

    public var summary: String {
        switch self {
        case .quit: "quit"
        case .redraw: "redraw the whole screen"
        case .help: "this help"
        case .back: "go back one screen"
        case .open: "open the selected panel, row or alert"
        case .up: "move up"
        case .down: "move down"
        case .left: "move left"
        case .right: "move right"
        case .pageUp: "page up"
        case .pageDown: "page down"
        case .home: "first row"
        case .end: "last row"
        case .nextPane: "next pane"
        case .openField: "open a field by its key"
        case .alerts: "open alerts"
        case .command: "jump to a field, district, commune or indicator by name"
        case .filter: "filter the rows"
        case .sort: "sort by the next column"
        case .reverseSort: "reverse the sort order"
        case .range: "history range: 24h, 7d, 30d, 1y"
        case .acknowledge: "acknowledge the selected alert, with a note"
        case .silence: "silence the selected alert's indicator and region"
        case .note: "add a note to the selected alert's journal"
        case .audit: "open the audit (supervisors)"
        case .reports: "open the reports: those written on schedule, newest first"
        case .feeds: "open the feeds: where data comes from, the failing and quiet ones first"
        case .produceReport: "produce the report of any period (e.g. month, month:2026-10) and read it"
        case .stepBack: "back in time by the chart range's step (1h, 6h, 1d, 1w); :at TIME jumps"
        case .stepForward: "forward in time by the same step (past now: live)"
        case .pause: "pause: now, frozen (again: live)"
        case .export: "export the table on screen as CSV (the file's path is shown)"
        case .copyLocator: "copy where you are (83/agri/agri.salinity.max@time) to your clipboard; ioc --open opens it"
        case .copyValue: "copy the selected value with its unit to your clipboard"
        case .favourite: "pin the selected indicator and region to your Theo dõi panel on the overview (again: unpin)"
        case .setHome: "make this screen your home: the console opens here (kept per user)"
        case .cycleTheme: "next colour theme: dark, light, cvd (kept per user)"
        case .language: "Vietnamese or English (kept per user; the keys stay the same)"
        case .previousField: "the previous field now (the wall moves on by itself)"
        case .nextField: "the next field now"
        }
    }

    /// The word shown in the key-hint line (the English key of its translation, context "key hint").
    public var hint: String {
        switch self {
        case .quit: "quit"
        case .redraw: "redraw"
        case .help: "help"
        case .back: "back"
        case .open: "open"
        case .openField: "fields"
        case .alerts: "alerts"
        case .command: "jump"
        case .filter: "filter"
        case .sort: "sort"
        case .reverseSort: "reverse"
        case .range: "range"
        case .acknowledge: "ack"
        case .silence: "silence"
        case .note: "note"
        case .audit: "audit"
        case .reports: "reports"
        case .feeds: "feeds"
        case .produceReport: "produce"
        case .stepBack: "back in time"
        case .stepForward: "forward"
        case .pause: "pause"
        case .export: "export"
        case .copyLocator: "copy"
        case .copyValue: "copy value"
        case .nextPane: "pane"
        case .favourite: "pin"
        case .setHome: "home"
        case .cycleTheme: "theme"
        case .language: "language"
        case .previousField: "previous"
        case .nextField: "next"
        default: rawValue
        }
    }
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// Screens it works on; nil for everywhere.
    public var screens: Set<ScreenKind>?
    /// Shown in the hint line of those screens.
    public var hinted: Bool

    public init(_ keys: [Key], _ action: Action, on screens: Set<ScreenKind>? = nil, hinted: Bool = false) {
        self.keys = keys
        self.action = action
        self.screens = screens
        self.hinted = hinted
    }
}

/// Key bindings as data: the hint line and the help screen are generated from it, so they never disagree.
public struct KeyMap: Sendable {
    public var bindings: [Binding]

    public init(bindings: [Binding]) { self.bindings = bindings }

    public static let fieldKeys: [Key] = Field.keys.compactMap(\.first).map { .char($0) }
    /// All the wall answers to: it moves by itself.
    public static let wallActions: Set<Action> = [.quit, .redraw, .help, .previousField, .nextField]

    public static let standard = KeyMap(bindings: [
        Binding([.char("q")], .quit, hinted: true),
        Binding([.char("?")], .help, hinted: true),
        Binding([.left, .char("h")], .left, on: [.overview]),
        Binding([.right, .char("l")], .right, on: [.overview]),
        Binding([.left], .left, on: [.indicator]),
        Binding([.right], .right, on: [.indicator]),
        Binding([.left, .char("h")], .previousField, on: [.wall], hinted: true),
        Binding([.right, .char("l"), .char(" ")], .nextField, on: [.wall], hinted: true),
        Binding([.enter, .char("l")], .open, on: [.overview, .field, .indicator, .alerts, .reports, .feeds], hinted: true),
        Binding([.escape, .backspace, .char("h")], .back, hinted: true),
        Binding([.up, .char("k")], .up),
        Binding([.down, .char("j")], .down),
        Binding([.pageUp], .pageUp),
        Binding([.pageDown], .pageDown),
        Binding([.home, .char("g")], .home),
        Binding([.end, .char("G")], .end),
        Binding([.tab], .nextPane, on: [.overview, .indicator, .reports]),
        Binding(fieldKeys, .openField, hinted: true),
        Binding([.char("a")], .alerts, hinted: true),
        Binding([.char(":")], .command, hinted: true),
        Binding([.char("u")], .audit),
        Binding([.char("R")], .reports),
        Binding([.char("F")], .feeds),
        Binding([.char("n")], .produceReport, on: [.reports], hinted: true),
        Binding([.char("[")], .stepBack),
        Binding([.char("]")], .stepForward),
        Binding([.char("p")], .pause),
        Binding([.char("e")], .export, on: [.field, .indicator, .alerts]),
        Binding([.char("y")], .copyLocator),
        Binding([.char("Y")], .copyValue, on: [.field, .indicator]),
        Binding([.char("f")], .favourite, on: [.overview, .field, .indicator]),
        Binding([.char("H")], .setHome, on: [.overview, .field, .indicator]),
        Binding([.char("T")], .cycleTheme),
        Binding([.char("L")], .language),
        Binding([.char("/")], .filter, on: [.field, .alerts, .audit], hinted: true),
        Binding([.char("o")], .sort, on: [.field], hinted: true),
        Binding([.char("O")], .reverseSort, on: [.field]),
        Binding([.char("t")], .range, on: [.indicator], hinted: true),
        Binding([.char("A")], .acknowledge, on: [.alerts], hinted: true),
        Binding([.char("s")], .silence, on: [.alerts], hinted: true),
        Binding([.char("n")], .note, on: [.alerts]),
        Binding([.char("r"), .ctrl("l")], .redraw),
    ])

    public func action(for key: Key, on screen: ScreenKind) -> Action? {
        bindings.first { $0.keys.contains(key) && ($0.screens?.contains(screen) ?? true) }?.action
    }

    /// The bindings that work on a screen, each with only the keys that really reach its action
    /// there (an earlier binding of the same key wins), so help and hints tell the truth.
    public func bindings(on screen: ScreenKind) -> [Binding] {
        bindings.compactMap { binding in
            guard binding.screens?.contains(screen) ?? true, screen != .wall || Self.wallActions.contains(binding.action) else { return nil }
            var effective = binding
            effective.keys = binding.keys.filter { action(for: $0, on: screen) == binding.action }
            return effective.keys.isEmpty ? nil : effective
        }
    }

    public static func describe(_ keys: [Key]) -> String {
        keys == fieldKeys ? "1-9 0" : keys.map(\.description).joined(separator: " ")
    }
}

extension KeyMap {
    /// This map with the keys of some actions replaced (from `config/keys.yaml`); the screens
    /// each action works on stay as they are.
    public func overriding(_ keys: [Action: [Key]]) -> KeyMap {
        KeyMap(bindings: bindings.map { binding in
            guard let replacement = keys[binding.action] else { return binding }
            var b = binding
            b.keys = replacement
            return b
        })
    }
}

extension KeyMap {
    /// The defaults with overrides named as `keys.yaml` names them (action → key names);
    /// unknown actions and key names were refused when the file was read.
    public func overriding(names: [String: [String]]) -> KeyMap {
        var keys: [Action: [Key]] = [:]
        for (name, keyNames) in names {
            if let action = Action(rawValue: name) { keys[action] = keyNames.compactMap(Key.parse) }
        }
        return overriding(keys)
    }
}
