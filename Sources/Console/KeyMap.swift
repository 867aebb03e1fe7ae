import Canvas

/// Everything an operator can ask the console to do from the keyboard.
public enum Action: String, Sendable, Hashable, CaseIterable {
    case quit, redraw

    public var summary: String {
        switch self {
        case .quit: "quit"
        case .redraw: "redraw the screen"
        }
    }

    /// The word shown in the key-hint line.
    public var hint: String {
        switch self {
        case .quit: "quit"
        case .redraw: "redraw"
        }
    }
}

/// Key bindings as data: the hint line and help are generated from it, so they never disagree.
public struct KeyMap: Sendable {
    public var bindings: [(keys: [Key], action: Action)]

    public init(bindings: [(keys: [Key], action: Action)]) { self.bindings = bindings }

    public static let standard = KeyMap(bindings: [
        ([.char("q")], .quit),
        ([.char("r"), .ctrl("l")], .redraw),
    ])

    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    public func keys(for action: Action) -> [Key] {
        bindings.first { $0.action == action }?.keys ?? []
    }
}
