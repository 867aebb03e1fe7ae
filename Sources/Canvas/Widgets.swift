/// A bordered box with a title; drawing it returns the inner area.
public struct Block: Sendable {
    public var title: String
    public var titleStyle: Style
    public var borderStyle: Style

    public init(title: String = "", titleStyle: Style = .plain, borderStyle: Style = .plain) {
        self.title = title
        self.titleStyle = titleStyle
        self.borderStyle = borderStyle
    }

    @discardableResult
    public func render(in rect: Rect, into buffer: inout Buffer, glyphs: Glyphs) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let inner = String(repeating: glyphs.horizontal, count: rect.width - 2)
        buffer.put(glyphs.topLeft + inner + glyphs.topRight, x: rect.x, y: rect.y, style: borderStyle)
        for y in rect.y + 1..<rect.maxY - 1 {
            buffer.put(glyphs.vertical, x: rect.x, y: y, style: borderStyle)
            buffer.put(glyphs.vertical, x: rect.maxX - 1, y: y, style: borderStyle)
        }
        buffer.put(glyphs.bottomLeft + inner + glyphs.bottomRight, x: rect.x, y: rect.maxY - 1, style: borderStyle)
        if !title.isEmpty, rect.width > 4 {
            let text = " " + TextWidth.truncate(title, to: rect.width - 4, ellipsis: glyphs.ellipsis) + " "
            buffer.put(text, x: rect.x + 1, y: rect.y, style: titleStyle)
        }
        return rect.inset(by: 1)
    }
}

/// A one-row chart of recent values, scaled between their minimum and maximum.
public struct Sparkline: Sendable {
    public var values: [Double]
    public var style: Style

    public init(values: [Double], style: Style = .plain) {
        self.values = values
        self.style = style
    }

    /// The chart's text for `width` columns: the newest values, right-aligned.
    public func text(width: Int, glyphs: Glyphs) -> String {
        let shown = values.filter(\.isFinite).suffix(width)
        guard let lo = shown.min(), let hi = shown.max(), !glyphs.levels.isEmpty else { return "" }
        let top = glyphs.levels.count - 1
        return shown.map { v in
            let level = hi > lo ? Int(((v - lo) / (hi - lo) * Double(top)).rounded()) : top / 2
            return glyphs.levels[min(max(level, 0), top)]
        }.joined()
    }

    public func render(in rect: Rect, into buffer: inout Buffer, glyphs: Glyphs) {
        let line = text(width: rect.width, glyphs: glyphs)
        let offset = rect.width - TextWidth.of(line)
        buffer.put(line, x: rect.x + offset, y: rect.y, style: style, clip: rect)
    }
}
