/// A line chart of (x, y) points in a rectangle: braille dots (2×4 per cell) in a Unicode
/// terminal, one `*` per cell otherwise. Horizontal reference lines (thresholds, a target)
/// are drawn across the plot where they fall within the y range.
public struct LineChart: Sendable {
    public var points: [(x: Double, y: Double)]
    public var xRange: ClosedRange<Double>
    public var references: [(y: Double, style: Style)]
    public var style: Style

    public init(points: [(x: Double, y: Double)], xRange: ClosedRange<Double>, references: [(y: Double, style: Style)] = [], style: Style = .plain) {
        self.points = points
        self.xRange = xRange
        self.references = references
        self.style = style
    }

    /// The y range shown: the data's, widened to include the reference lines, with a margin.
    public var yRange: ClosedRange<Double>? {
        let ys = points.map(\.y).filter(\.isFinite)
        guard var lo = ys.min(), var hi = ys.max() else { return nil }
        for r in references where r.y.isFinite {
            // Only lines near the data: a far-off line would flatten the curve.
            let span = max(hi - lo, abs(hi) * 0.1, 1e-9)
            if r.y >= lo - span && r.y <= hi + span { lo = min(lo, r.y); hi = max(hi, r.y) }
        }
        if hi == lo { hi += 1; lo -= 1 }
        let pad = (hi - lo) * 0.05
        return (lo - pad)...(hi + pad)
    }

    public func render(in rect: Rect, into buffer: inout Buffer, unicode: Bool) {
        guard rect.width > 0, rect.height > 0, let yr = yRange, xRange.upperBound > xRange.lowerBound else { return }
        let dotsX = rect.width * (unicode ? 2 : 1), dotsY = rect.height * (unicode ? 4 : 1)
        func dx(_ x: Double) -> Int { Int(((x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(dotsX - 1)).rounded()) }
        func dy(_ y: Double) -> Int { Int(((yr.upperBound - y) / (yr.upperBound - yr.lowerBound) * Double(dotsY - 1)).rounded()) }
        for r in references where yr.contains(r.y) {
            let row = dy(r.y) / (unicode ? 4 : 1)
            buffer.put(String(repeating: unicode ? "┄" : "-", count: rect.width), x: rect.x, y: rect.y + row, style: r.style, clip: rect)
        }
        var cells = [[UInt8]](repeating: [UInt8](repeating: 0, count: rect.width), count: rect.height)
        func dot(_ x: Int, _ y: Int) {
            guard x >= 0, x < dotsX, y >= 0, y < dotsY else { return }
            if unicode {
                let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
                cells[y / 4][x / 2] |= bits[x % 2][y % 4]
            } else {
                cells[y][x] = 1
            }
        }
        var previous: (Int, Int)?
        for p in points where p.y.isFinite && xRange.contains(p.x) {
            let (x, y) = (dx(p.x), dy(p.y))
            if let (px, py) = previous, px <= x {
                // Join to the previous point so a steep change stays a line.
                let steps = max(abs(y - py), x - px, 1)
                for k in 0...steps { dot(px + (x - px) * k / steps, py + (y - py) * k / steps) }
            } else {
                dot(x, y)
            }
            previous = (x, y)
        }
        for row in 0..<rect.height {
            for col in 0..<rect.width where cells[row][col] != 0 {
                let glyph = unicode ? String(Character(Unicode.Scalar(0x2800 + UInt32(cells[row][col]))!)) : "*"
                buffer.put(glyph, x: rect.x + col, y: rect.y + row, style: style, clip: rect)
            }
        }
    }
}

/// A horizontal bar for a share of the largest value: eighth blocks in Unicode, `#` otherwise.
public func bar(_ fraction: Double, width: Int, unicode: Bool) -> String {
    guard width > 0, fraction.isFinite, fraction > 0 else { return "" }
    let eighths = Int((min(1, fraction) * Double(width * 8)).rounded())
    if !unicode { return String(repeating: "#", count: max(1, eighths / 8)) }
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
}
