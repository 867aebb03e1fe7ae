import Foundation

/// A sentence for people as data: an English template with named placeholders (`{user} is
/// {role}`), its values, and which values are themselves words to translate (placeholder →
/// the catalog's context). The leader answers with phrases, so each console and command says
/// them in its own operator's language, while the audit keeps the English.
public struct Phrase: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    public var template: String
    public var values: [String: String]
    /// Placeholders whose English values are words of a context (`"role": "role with article"`).
    public var words: [String: String]

    public init(_ template: String, _ values: [String: String] = [:], words: [String: String] = [:]) {
        self.template = template
        self.values = values
        self.words = words
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// A phrase made only of text a client cannot translate (an error's own words): its template
    /// is the value alone, so no catalog has it.
    public static func verbatim(_ text: String) -> Phrase { Phrase(verbatim: text) }

    private init(verbatim text: String) { self.init("{text}", ["text": text]) }

    /// The phrase in English: the template with its values.
    public var english: String { Self.fill(template, values) }

    /// `{name}` replaced by `values[name]`; a name without a value stays as written.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, template.contains("{") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
