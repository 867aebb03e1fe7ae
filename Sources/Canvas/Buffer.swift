/// One terminal cell: a grapheme with its style. A wide grapheme occupies its cell and
/// the next one, which holds a continuation (`width == 0`) so columns stay aligned.
public struct Cell: Sendable, Hashable {
    public var symbol: String
    public var style: Style
    public var width: UInt8

    public init(symbol: String = " ", style: Style = .plain, width: UInt8 = 1) {
        self.symbol = symbol
        self.style = style
        self.width = width
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A grid of cells that views draw into; backends (ncurses, or text for tests) read it out.
public struct Buffer: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// When the terminal cannot show UTF-8, every non-ASCII grapheme is folded on the way in.
    public let asciiOnly: Bool

    public init(size: Size, asciiOnly: Bool = false) {
        self.size = size
        self.asciiOnly = asciiOnly
        cells = Array(repeating: .blank, count: max(0, size.width) * max(0, size.height))
    }

    public var area: Rect { Rect(size: size) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Writes text from (x, y) within `clip` (default: the whole buffer); returns columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = clip.map { intersect($0, area) } ?? area
        guard y >= bounds.y, y < bounds.maxY, x < bounds.maxX else { return 0 }
        let source = asciiOnly && !text.allSatisfy(\.isASCII) ? Folding.ascii(text) : text
        var col = x
        for ch in source {
            let w = TextWidth.of(ch)
            if w == 0 {
                if ch.isASCII || ch.unicodeScalars.allSatisfy({ $0.value < 0x20 }) { continue }
                // A lone combining mark joins the previous cell.
                if col > bounds.x, col - 1 < bounds.maxX { cells[y * size.width + col - 1].symbol.append(ch) }
                continue
            }
            if col + w > bounds.maxX {
                if col < bounds.maxX { setCell(col, y, Cell(symbol: " ", style: style)) }
                break
            }
            if col >= bounds.x {
                setCell(col, y, Cell(symbol: String(ch), style: style, width: UInt8(w)))
                if w == 2 { setCell(col + 1, y, Cell(symbol: "", style: style, width: 0)) }
            }
            col += w
        }
        return col - x
    }

    /// Restyles the cells of `rect` without touching their text (selection bars, highlights).
    public mutating func paint(_ rect: Rect, style: Style) {
        let r = intersect(rect, area)
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { cells[y * size.width + x].style = style } }
    }

    public mutating func fill(_ rect: Rect, symbol: String = " ", style: Style = .plain) {
        let r = intersect(rect, area)
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { cells[y * size.width + x] = Cell(symbol: symbol, style: style) } }
    }

    /// The text of each row, trailing blanks removed: what tests compare with golden files.
    public func lines() -> [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width {
                let cell = self[x, y]
                if !cell.isContinuation { line += cell.symbol }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    public var text: String { lines().joined(separator: "\n") }

    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        let i = y * size.width + x
        // Overwriting half of a wide grapheme blanks its other half.
        if cells[i].width == 2, x + 1 < size.width { cells[i + 1] = Cell(symbol: " ", style: cells[i].style) }
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(symbol: " ", style: cells[i - 1].style) }
        cells[i] = cell
    }

    private func intersect(_ a: Rect, _ b: Rect) -> Rect {
        let x0 = max(a.x, b.x), y0 = max(a.y, b.y)
        return Rect(x: x0, y: y0, width: min(a.maxX, b.maxX) - x0, height: min(a.maxY, b.maxY) - y0)
    }
}
