/// Digits five rows tall, for a clock and a value read across a room (`ioc wall`): block cells on a
/// Unicode terminal, `#` elsewhere, each cell `scale` columns wide.
public struct BigText: Sendable {
    public var text: String
    public var style: Style
    public var scale: Int

    public init(_ text: String, style: Style = .plain, scale: Int = 2) {
        self.text = text
        self.style = style
        self.scale = max(1, scale)
    }

    public static let height = 5

    /// Rows of each character: `#` is a lit cell. Characters without a shape are skipped.
    static let font: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"],
        "1": [" # ", "## ", " # ", " # ", "###"],
        "2": ["###", "  #", "###", "#  ", "###"],
        "3": ["###", "  #", "###", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"],
        "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"],
        "7": ["###", "  #", "  #", "  #", "  #"],
        "8": ["###", "# #", "###", "# #", "###"],
        "9": ["###", "# #", "###", "  #", "###"],
        ":": [" ", "#", " ", "#", " "],
        ".": [" ", " ", " ", " ", "#"],
        ",": [" ", " ", " ", " ", "#"],
        "-": ["   ", "   ", "###", "   ", "   "],
        " ": [" ", " ", " ", " ", " "],
    ]

    /// The five rows, characters one blank cell apart.
    public func lines(unicode: Bool) -> [String] {
        let lit = String(repeating: unicode ? "█" : "#", count: scale), dark = String(repeating: " ", count: scale)
        var rows = Array(repeating: "", count: Self.height)
        for (n, c) in text.filter({ Self.font[$0] != nil }).enumerated() {
            for r in 0..<Self.height {
                if n > 0 { rows[r] += dark }
                rows[r] += Self.font[c]![r].map { $0 == "#" ? lit : dark }.joined()
            }
        }
        return rows
    }

    /// Columns the text takes.
    public var width: Int { lines(unicode: false).first?.count ?? 0 }

    public func render(at x: Int, y: Int, into buffer: inout Buffer, unicode: Bool, clip: Rect? = nil) {
        for (r, line) in lines(unicode: unicode).enumerated() {
            buffer.put(line, x: x, y: y + r, style: style, clip: clip)
        }
    }
}
