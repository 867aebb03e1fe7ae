import Foundation

/// One message of a gettext catalog.
public struct POEntry: Sendable, Equatable {
    public var context: String?
    /// The English text, which is also the message's key.
    public var id: String
    /// The English plural, for messages with a count.
    public var plural: String?
    /// The translation, or one per plural form (`msgstr[n]`).
    public var translations: [String]
    /// `#,` flags: a `fuzzy` translation is not used.
    public var flags: [String]
    /// Where the entry starts in its file.
    public var line: Int
}

/// What is wrong with a catalog, and where.
public struct POProblem: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// A gettext `.po` file, read the way `msgfmt` reads it: comments, `msgctxt`, `msgid`,
/// `msgid_plural`, `msgstr` and `msgstr[n]`, each a C string continued on the next lines.
public enum POFile {
    public static func parse(_ text: String, file: String) throws(POProblem) -> [POEntry] {
        var entries: [POEntry] = []
        var current: POEntry?
        var field: String?
        var flags: [String] = []

        func finish() {
            if let entry = current { entries.append(entry) }
            current = nil
            field = nil
        }
        func append(_ value: String, to field: String, line: Int) throws(POProblem) {
            guard current != nil else { throw POProblem(file: file, line: line, message: "\(field) before msgid") }
            switch field {
            case "msgctxt": current!.context = (current!.context ?? "") + value
            case "msgid": current!.id += value
            case "msgid_plural": current!.plural = (current!.plural ?? "") + value
            default:
                // msgstr or msgstr[n].
                let index = field == "msgstr" ? 0 : Int(field.dropFirst(7).dropLast()) ?? -1
                guard index >= 0, index <= current!.translations.count else {
                    throw POProblem(file: file, line: line, message: "\(field) out of order")
                }
                if index == current!.translations.count { current!.translations.append("") }
                current!.translations[index] += value
            }
        }

        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#,") {
                flags += line.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("\"") {
                guard let field else { throw POProblem(file: file, line: number, message: "a string outside any msgid or msgstr") }
                try append(try unquote(line, file: file, line: number), to: field, line: number)
                continue
            }
            guard let space = line.firstIndex(of: " ") else {
                throw POProblem(file: file, line: number, message: "expected a keyword and a quoted string, found '\(line)'")
            }
            let keyword = String(line[..<space])
            let value = try unquote(line[line.index(after: space)...].trimmingCharacters(in: .whitespaces), file: file, line: number)
            switch keyword {
            case "msgctxt", "msgid":
                // A new entry begins at msgctxt, or at a msgid not preceded by its msgctxt.
                if keyword == "msgctxt" || field != "msgctxt" {
                    finish()
                    current = POEntry(context: nil, id: "", plural: nil, translations: [], flags: flags, line: number)
                    flags = []
                }
            case "msgid_plural", "msgstr":
                break
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), Int(keyword.dropFirst(7).dropLast()) != nil else {
                    throw POProblem(file: file, line: number, message: "unknown keyword '\(keyword)'")
                }
            }
            field = keyword
            try append(value, to: keyword, line: number)
        }
        finish()
        for entry in entries where entry.translations.isEmpty {
            throw POProblem(file: file, line: entry.line, message: "msgid \"\(entry.id)\" has no msgstr")
        }
        return entries
    }

    /// A C string's contents, `\n`, `\t`, `\"` and `\\` unescaped.
    static func unquote(_ text: String, file: String, line: Int) throws(POProblem) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw POProblem(file: file, line: line, message: "expected a string in double quotes, found '\(text)'")
        }
        var result = ""
        var escaped = false
        for c in text.dropFirst().dropLast() {
            if escaped {
                switch c {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(c)
                default: throw POProblem(file: file, line: line, message: "unknown escape \\\(c)")
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                throw POProblem(file: file, line: line, message: "a double quote inside a string must be written \\\"")
            } else {
                result.append(c)
            }
        }
        if escaped { throw POProblem(file: file, line: line, message: "the string ends in a lone backslash") }
        return result
    }
}
