import Foundation

/// Display width of text in terminal columns, measured per grapheme cluster like wcwidth:
/// combining marks take none, East Asian wide and emoji take two, controls take none.
public enum TextWidth {
    public static func of(_ text: String) -> Int {
        // Most of what a console shows is ASCII and Vietnamese (Latin with precomposed or
        // combining accents): scalar by scalar, with no grapheme breaking, gives the same width
        // at a fraction of the cost. Anything else takes the general path.
        // Symbols, arrows, box drawing, blocks and geometric shapes (the console's marks, bars
        // and sparklines) join nothing but a following variation selector or joiner, which
        // take the general path: their width is the scalar's own.
        var total = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x7F {
                if v >= 0x20 { total += 1 }
            } else if (v >= 0xA0 && v < 0x300) || (v >= 0x1E00 && v <= 0x1EFF) {
                total += 1
            } else if v >= 0x300 && v < 0x370 {
                continue
            } else if v >= 0x2010 && v <= 0x2BFF && v != 0x200D && !(v >= 0x2028 && v <= 0x202E) && !(v >= 0x2060 && v <= 0x206F) {
                total += of(scalar)
            } else {
                return graphemeWidth(text)
            }
        }
        return total
    }

    /// Width by grapheme clusters: the general path.
    static func graphemeWidth(_ text: String) -> Int {
        var total = 0
        for ch in text { total += of(ch) }
        return total
    }

    public static func of(_ ch: Character) -> Int {
        if ch.isASCII { return ch.asciiValue.map { $0 >= 0x20 && $0 != 0x7F ? 1 : 0 } ?? 1 }
        var width = 0
        for scalar in ch.unicodeScalars {
            let w = of(scalar)
            if w == 2 { return 2 }
            width = max(width, w)
        }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v == 0x200B || (v >= 0x200C && v <= 0x200F) || v == 0xFEFF { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        if isWide(v) { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Cuts text to at most `width` columns, ending in `ellipsis` when something was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let budget = width - of(ellipsis)
        guard budget >= 0 else { return "" }
        var result = ""
        var used = 0
        for ch in text {
            let w = of(ch)
            if used + w > budget { break }
            result.append(ch)
            used += w
        }
        return result + ellipsis
    }

    /// Cuts a family name like "Bệnh nhân nội trú - Trung tâm Y tế Ba Tri" so its distinguishing
    /// tail (after the last " - ") stays readable: the head is shortened first.
    public static func truncateKeepingTail(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard of(text) > width, let split = text.range(of: " - ", options: .backwards) else { return truncate(text, to: width, ellipsis: ellipsis) }
        let head = String(text[..<split.lowerBound]), tail = String(text[split.upperBound...])
        let separator = ellipsis + " "
        let tailBudget = min(of(tail), width * 2 / 3)
        let headBudget = width - tailBudget - of(separator)
        guard headBudget >= 3 else { return truncate(text, to: width, ellipsis: ellipsis) }
        var shownTail = tail
        if of(tail) > tailBudget {
            // Keep the end of the tail: the hospital, station or district that tells rows apart.
            var kept = ""
            for ch in tail.reversed() {
                if of(kept) + of(ch) + of(ellipsis) > tailBudget { break }
                kept.insert(ch, at: kept.startIndex)
            }
            shownTail = ellipsis + kept
        }
        return truncate(head, to: headBudget, ellipsis: "") + separator + shownTail
    }

    /// `text` in lines of at most `width` columns, broken between words (a word longer than a
    /// line is broken where it must be); `indent` starts every line after the first.
    public static func wrap(_ text: String, to width: Int, indent: String = "") -> [String] {
        guard width > TextWidth.of(indent), TextWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if TextWidth.of(candidate) <= width {
                current = candidate
                continue
            }
            let first = current.isEmpty && lines.isEmpty
            if !current.isEmpty, current != indent { lines.append(current) }
            current = (first ? "" : indent) + word
            // A word wider than a line: as much as fits, then the rest on the next.
            while TextWidth.of(current) > width {
                var head = ""
                for ch in current {
                    if TextWidth.of(head + String(ch)) > width { break }
                    head.append(ch)
                }
                // At least one character past the indent, so the loop always moves on.
                if head.count <= indent.count { head = String(current.prefix(indent.count + 1)) }
                lines.append(head)
                current = indent + current.dropFirst(head.count)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Pads with spaces (or cuts) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false, ellipsis: String = "…") -> String {
        let cut = truncate(text, to: width, ellipsis: ellipsis)
        let fill = String(repeating: " ", count: max(0, width - of(cut)))
        return alignRight ? fill + cut : cut + fill
    }
}

/// Folds text to plain ASCII letters: Vietnamese diacritics removed, đ → d.
/// Used for search that ignores diacritics and for terminals without UTF-8.
public enum Folding {
    public static func ascii(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "đ": out.unicodeScalars.append("d")
            case "Đ": out.unicodeScalars.append("D")
            default:
                if scalar.isASCII {
                    out.unicodeScalars.append(scalar)
                } else if scalar.properties.generalCategory == .nonspacingMark {
                    continue
                } else {
                    out += asciiStandIn(scalar)
                }
            }
        }
        return out
    }

    /// Lower-cased and diacritic-free, for matching what an operator types.
    public static func searchKey(_ text: String) -> String { ascii(text).lowercased() }

    private static func asciiStandIn(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "‰": "o/oo"
        case "›", "»": ">"
        case "‹", "«": "<"
        case "–", "—", "─", "━": "-"
        case "│", "┃": "|"
        case "·", "•": "."
        case "…": "."
        case "×": "x"
        case "²": "2"
        case "³": "3"
        case "°": "o"
        case "µ": "u"
        default: "?"
        }
    }
}
