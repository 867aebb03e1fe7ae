import Canvas
import IndicatorEngine

/// Styles and glyphs for the console, per colour theme. Severity is always carried by a
/// glyph or word as well, so monochrome and colour-blind operators read the same screen.
public struct Theme: Sendable {
    public var name: String
    public var header: Style
    public var title: Style
    public var border: Style
    public var text: Style
    public var muted: Style
    public var hint: Style
    public var hintKey: Style
    public var statusStyles: [SeriesStatus: Style]

    public func style(_ status: SeriesStatus) -> Style { statusStyles[status] ?? text }

    public static let dark = Theme(
        name: "dark",
        header: Style(foreground: .black, background: .cyan, attributes: [.bold]),
        title: Style(foreground: .brightCyan, attributes: [.bold]),
        border: Style(foreground: .gray),
        text: .plain,
        muted: Style(foreground: .gray),
        hint: Style(foreground: .gray),
        hintKey: Style(foreground: .brightCyan, attributes: [.bold]),
        statusStyles: [
            .ok: Style(foreground: .green),
            .warning: Style(foreground: .brightYellow, attributes: [.bold]),
            .critical: Style(foreground: .brightRed, attributes: [.bold]),
            .stale: Style(foreground: .magenta),
            .nodata: Style(foreground: .gray),
        ])

    public static let light = Theme(
        name: "light",
        header: Style(foreground: .brightWhite, background: .blue, attributes: [.bold]),
        title: Style(foreground: .blue, attributes: [.bold]),
        border: Style(foreground: .gray),
        text: .plain,
        muted: Style(foreground: .gray),
        hint: Style(foreground: .gray),
        hintKey: Style(foreground: .blue, attributes: [.bold]),
        statusStyles: [
            .ok: Style(foreground: .green),
            .warning: Style(foreground: .yellow, attributes: [.bold]),
            .critical: Style(foreground: .red, attributes: [.bold]),
            .stale: Style(foreground: .magenta),
            .nodata: Style(foreground: .gray),
        ])

    /// For colour-blind operators (red and green look alike to one man in twelve): the
    /// Okabe-Ito blue, orange and vermillion instead of green, yellow and red; glyphs unchanged.
    public static let cvd = Theme(
        name: "cvd",
        header: Style(foreground: .black, background: .index(31), attributes: [.bold]),
        title: Style(foreground: .index(31), attributes: [.bold]),
        border: Style(foreground: .gray),
        text: .plain,
        muted: Style(foreground: .gray),
        hint: Style(foreground: .gray),
        hintKey: Style(foreground: .index(31), attributes: [.bold]),
        statusStyles: [
            .ok: Style(foreground: .index(32)),
            .warning: Style(foreground: .index(214), attributes: [.bold]),
            .critical: Style(foreground: .index(166), attributes: [.bold, .underline]),
            .stale: Style(foreground: .index(141)),
            .nodata: Style(foreground: .gray),
        ])

    public static let all = [dark, light, cvd]
}

/// The glyph and word that name a status without colour.
public struct StatusMarks: Sendable {
    public var glyphs: [SeriesStatus: String]

    public func glyph(_ status: SeriesStatus) -> String { glyphs[status] ?? "?" }

    public static let unicode = StatusMarks(glyphs: [.ok: "✓", .warning: "▲", .critical: "✖", .stale: "◌", .nodata: "·"])
    public static let ascii = StatusMarks(glyphs: [.ok: "+", .warning: "!", .critical: "X", .stale: "?", .nodata: "-"])

    public static func `for`(_ capabilities: Capabilities) -> StatusMarks { capabilities.unicode ? .unicode : .ascii }
}
