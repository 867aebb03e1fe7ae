/// A key press, as decoded by a backend; views and key maps speak only this.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, backTab, delete
    case pageUp, pageDown, home, end
    case function(Int)

    public var description: String {
        switch self {
        case let .char(c): c == " " ? "Space" : String(c)
        case let .ctrl(c): "Ctrl-\(c.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .delete: "Delete"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case let .function(n): "F\(n)"
        }
    }
}

extension Key {
    /// A key from its name as written in configuration: a single character, `Enter`, `Esc`,
    /// `Backspace`, `Tab`, `Shift-Tab`, `Delete`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`,
    /// `Home`, `End`, `Space`, `F1`-`F12` or `Ctrl-X`.
    public static func parse(_ text: String) -> Key? {
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "backspace": .backspace, "tab": .tab,
            "shift-tab": .backTab, "delete": .delete, "del": .delete, "up": .up, "down": .down, "left": .left, "right": .right,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
            "space": .char(" "), "↑": .up, "↓": .down, "←": .left, "→": .right,
        ]
        if text.count == 1, let c = text.first, c != " " { return .char(c) }
        let lower = text.lowercased()
        if let key = named[lower] { return key }
        if lower.hasPrefix("ctrl-"), lower.count == 6, let c = lower.last, c.isLetter { return .ctrl(c) }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) { return .function(n) }
        return nil
    }
}
