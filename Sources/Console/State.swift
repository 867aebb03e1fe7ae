import Canvas
import Foundation
import IndicatorEngine

/// Whether this console runs the engine or follows another process that does.
public enum Role: String, Sendable {
    case leader, follower
}

/// Everything the screen shows, as a value: `update` makes the next one, `view` draws it.
public struct ConsoleState: Sendable {
    public var catalog: Catalog
    public var table: SeriesTable
    public var now: Int64
    /// When data last arrived (Unix seconds), for the header's freshness mark.
    public var lastData: Int64?
    public var timeZone: TimeZone
    public var size: Size
    public var capabilities: Capabilities
    public var theme: Theme
    public var keyMap: KeyMap
    public var role: Role
    public var operatorName: String
    public var region: RegionID
    /// Open alerts, most severe and oldest first.
    public var alerts: [Alert] = []

    public init(catalog: Catalog, table: SeriesTable, now: Int64, timeZone: TimeZone, size: Size,
                capabilities: Capabilities, theme: Theme = .dark, keyMap: KeyMap = .standard,
                role: Role = .leader, operatorName: String) {
        self.catalog = catalog
        self.table = table
        self.now = now
        self.timeZone = timeZone
        self.size = size
        self.capabilities = capabilities
        self.theme = theme
        self.keyMap = keyMap
        self.role = role
        self.operatorName = operatorName
        self.region = catalog.rootRegion
    }
}

extension ConsoleState {
    /// Text as this terminal can show it: folded to ASCII before it is measured, so a
    /// non-UTF-8 terminal gets aligned columns and never mojibake.
    public func shown(_ text: String) -> String {
        capabilities.unicode ? text : Folding.ascii(text)
    }
}

/// What can happen to the console.
public enum Message: Sendable {
    case key(Key)
    case resize(Size)
    case tick(now: Int64)
    case data(SeriesTable, alerts: [Alert], now: Int64)
}

/// What the runner must do after an update; the core never performs effects itself.
public enum Effect: Sendable, Equatable {
    case none
    case quit
    /// Repaint every cell, not just the changed ones (after `r`, or garbage from elsewhere).
    case repaint
}

/// The pure transition: the new state and the effect to perform.
public func update(_ state: ConsoleState, _ message: Message) -> (ConsoleState, Effect) {
    var next = state
    switch message {
    case let .key(key):
        switch state.keyMap.action(for: key) {
        case .quit: return (next, .quit)
        case .redraw: return (next, .repaint)
        case nil: return (next, .none)
        }
    case let .resize(size):
        next.size = size
    case let .tick(now):
        next.now = now
    case let .data(table, alerts, now):
        next.table = table
        next.alerts = alerts
        next.now = now
        next.lastData = now
    }
    return (next, .none)
}
