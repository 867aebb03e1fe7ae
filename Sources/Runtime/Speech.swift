import Coordinator
import IndicatorEngine
import Localization

/// The language a command speaks to the person who ran it, in its messages and errors: set
/// once, as the command reads its center (`--lang`, else the center's `language:`, else the
/// locale). One process runs one command for one person, so it has one language; the console
/// keeps each operator's own in its state, and `--json` never goes through here.
public enum Speech {
    nonisolated(unsafe) public private(set) static var messages = Messages.shipped(Language.fromEnvironment())

    public static func use(_ language: Language) { messages = .shipped(language) }

    /// Numbers as the language writes them (`0,52`, `39.589`).
    public static var forms: NumberForms { NumberForms(messages.language) }
}

/// `id` in the command's language, its `{name}` placeholders filled.
func say(_ id: String, _ values: [String: String] = [:]) -> String { Speech.messages.text(id, values) }

/// The same with a count (`{count}` in the language's digits).
func say(_ id: String, plural: String, count: Int, _ values: [String: String] = [:]) -> String {
    Speech.messages.text(id, plural: plural, count: count, values)
}

extension Messages {
    /// What the leader did, in this language: its phrase, or its English (a code, an older leader).
    public func said(_ response: CommandResponse) -> String { response.phrase.map(text) ?? response.result }

    /// Why the leader refused, in this language: its phrase, or its English from an older leader.
    public func refusal(_ response: CommandResponse) -> String {
        text("refused: {reason}", ["reason": response.phrase.map(text) ?? response.result])
    }
}

/// A role's word: `giám sát viên`, `supervisor` (`a supervisor`, `an operator` with its article;
/// Vietnamese has none).
func say(role: String, article: Bool = false) -> String {
    let word = Speech.messages.text(role, context: "role")
    guard article, Speech.messages.language == .en else { return word }
    return (role.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + word
}
