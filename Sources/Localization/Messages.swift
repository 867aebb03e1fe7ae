import Foundation
import IndicatorEngine

/// The messages of one language, looked up by their English text (gettext's way: the English
/// is the key, so a message without a translation is still said, in English). Placeholders are
/// named, `{count} alerts`, so a translation may order them as its language needs.
public struct Messages: Sendable {
    public let language: Language
    private let table: [String: POEntry]

    public init(language: Language, entries: [POEntry]) {
        self.language = language
        var table: [String: POEntry] = [:]
        // A fuzzy translation is a guess nobody checked: the English is said instead.
        for entry in entries where !entry.id.isEmpty && !entry.flags.contains("fuzzy") && entry.translations.contains(where: { !$0.isEmpty }) {
            table[Self.key(entry.id, context: entry.context)] = entry
        }
        self.table = table
    }

    /// English: the messages are their own keys.
    public static let english = Messages(language: .en, entries: [])

    /// The shipped messages of `language`.
    public static func shipped(_ language: Language) -> Messages {
        switch language {
        case .en: english
        case .vi: vietnamese
        }
    }

    /// The Vietnamese catalog compiled into ioc (`Catalogs/vi.po`, embedded by `tools/po-embed`);
    /// a catalog that does not read is a failed test, never a console that cannot start.
    static let vietnamese = Messages(language: .vi, entries: (try? POFile.parse(VietnameseCatalog.text, file: "vi.po")) ?? [])

    /// Whether `id` has a translation here (English has them all).
    public func has(_ id: String, context: String? = nil) -> Bool {
        language == .en || table[Self.key(id, context: context)] != nil
    }

    /// The message `id` in this language, its `{name}` placeholders filled from `values`.
    public func text(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String {
        Self.fill(table[Self.key(id, context: context)]?.translations.first ?? id, values)
    }

    /// A message with a count: English says `id` for one and `plural` otherwise; Vietnamese has
    /// one form for every count. `{count}` is the count as this language writes numbers.
    public func text(_ id: String, plural: String, count: Int, context: String? = nil, _ values: [String: String] = [:]) -> String {
        var values = values
        values["count"] = values["count"] ?? NumberForms(language).integer(count)
        if let entry = table[Self.key(id, context: context)] {
            // Vietnamese has nplurals=1: its only form is the first.
            return Self.fill(entry.translations.first ?? id, values)
        }
        return Self.fill(count == 1 ? id : plural, values)
    }

    /// A series status by its code (`ok` … `nodata`): its word here (`Chưa có dữ liệu`); in
    /// English the code itself, as ioc has always printed it.
    public func status(_ code: String) -> String {
        language == .en ? code : text(code == "nodata" ? "no data" : code, context: "status")
    }

    /// `{name}` replaced by `values[name]`, as a phrase fills its template.
    static func fill(_ template: String, _ values: [String: String]) -> String { Phrase.fill(template, values) }

    /// A phrase of the leader's in this language: its template and its words translated, its
    /// other values (names, codes, numbers) as they are.
    public func text(_ phrase: Phrase) -> String {
        var values = phrase.values
        for (name, context) in phrase.words { if let english = values[name] { values[name] = text(english, context: context) } }
        return text(phrase.template, values)
    }

    /// The names of a message's placeholders.
    public static func placeholders(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// gettext's key: the context and the id joined by EOT.
    static func key(_ id: String, context: String?) -> String { context.map { $0 + "\u{4}" + id } ?? id }
}
