/// What the terminal can show, decided once at start by the backend.
public struct Capabilities: Sendable, Hashable {
    /// The locale is UTF-8: box drawing, braille and Vietnamese text can be shown.
    public var unicode: Bool
    /// Colours available: 0 (monochrome), 8, 16 or 256.
    public var colors: Int
    /// Borders, bars and charts are drawn; false in the line mode (`--plain`), where a screen
    /// reader or a log gets words and numbers only.
    public var drawing: Bool

    public init(unicode: Bool, colors: Int, drawing: Bool = true) {
        self.unicode = unicode
        self.colors = colors
        self.drawing = drawing
    }

    public static let full = Capabilities(unicode: true, colors: 256)
    public static let plain = Capabilities(unicode: false, colors: 0)
}

/// Characters for borders and charts, in a Unicode and an ASCII set.
public struct Glyphs: Sendable, Hashable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var ellipsis: String
    public var separator: String
    /// Sparkline levels from lowest to highest.
    public var levels: [String]

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯",
        ellipsis: "…", separator: "·", levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        ellipsis: "~", separator: "|", levels: ["_", ".", "-", "=", "+", "*", "#", "@"])

    /// No borders and no sparklines: blanks where lines would be (`--plain`).
    public static func words(unicode: Bool) -> Glyphs {
        Glyphs(horizontal: " ", vertical: " ", topLeft: " ", topRight: " ", bottomLeft: " ", bottomRight: " ",
               ellipsis: unicode ? "…" : "~", separator: unicode ? "·" : "|", levels: [])
    }

    public static func `for`(_ capabilities: Capabilities) -> Glyphs {
        guard capabilities.drawing else { return words(unicode: capabilities.unicode) }
        return capabilities.unicode ? .unicode : .ascii
    }
}
