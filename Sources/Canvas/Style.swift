/// A terminal colour: the terminal's default, or an index in the xterm 256-colour palette
/// (0-7 normal, 8-15 bright). The backend degrades indices to what the terminal has.
public enum Color: Sendable, Hashable {
    case `default`
    case index(UInt8)

    public static let black = Color.index(0)
    public static let red = Color.index(1)
    public static let green = Color.index(2)
    public static let yellow = Color.index(3)
    public static let blue = Color.index(4)
    public static let magenta = Color.index(5)
    public static let cyan = Color.index(6)
    public static let white = Color.index(7)
    public static let gray = Color.index(8)
    public static let brightRed = Color.index(9)
    public static let brightGreen = Color.index(10)
    public static let brightYellow = Color.index(11)
    public static let brightBlue = Color.index(12)
    public static let brightCyan = Color.index(14)
    public static let brightWhite = Color.index(15)
}

public struct Attributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1)
    public static let dim = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)
}

public struct Style: Sendable, Hashable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

    public func bold() -> Style { with(.bold) }
    public func dim() -> Style { with(.dim) }
    public func reversed() -> Style { with(.reverse) }

    public func with(_ attributes: Attributes) -> Style {
        var copy = self
        copy.attributes.formUnion(attributes)
        return copy
    }
}
