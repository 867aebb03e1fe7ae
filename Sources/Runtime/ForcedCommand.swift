import Foundation

/// `ioc` as an SSH forced command (`ForceCommand ioc` for the operators' group, or
/// `command="ioc"` on a key): sshd runs `ioc` whatever the client asked for and puts the request
/// in `SSH_ORIGINAL_COMMAND`. An empty request is a login: the console. Otherwise only the
/// read-only commands run, and never with `--config` or `--store` (an account without a shell
/// must not point ioc at a configuration of its own making).
public enum ForcedCommand {
    public static let allowed = ["status", "alerts", "value", "whoami"]

    /// The arguments to run for the client's request, or why not.
    public static func arguments(for request: String) -> Result<[String], Refusal> {
        guard let words = split(request) else { return .failure(Refusal(message: "cannot read the command (an unclosed quote)")) }
        var rest = words[...]
        if let first = rest.first, first == "ioc" || first.hasSuffix("/ioc") { rest = rest.dropFirst() }
        guard let command = rest.first else { return .success([]) }
        guard allowed.contains(command) else {
            return .failure(Refusal(message: """
                over SSH this account runs the console, or \(allowed.map { "'ioc \($0)'" }.joined(separator: ", ")); not '\(request)'
                """))
        }
        if let option = rest.first(where: { $0 == "--config" || $0 == "--store" || $0.hasPrefix("--config=") || $0.hasPrefix("--store=") }) {
            return .failure(Refusal(message: "over SSH the center's own configuration and store are used; '\(option)' is not allowed"))
        }
        return .success(Array(rest))
    }

    public struct Refusal: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Words as a POSIX shell splits them (spaces; single and double quotes; backslash), without
    /// any expansion. Nil for an unclosed quote.
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                word.append(c)
                escaped = false
                continue
            }
            switch (quote, c) {
            case (nil, "\\"), ("\"", "\\"):
                escaped = true
                inWord = true
            case (nil, "'"), (nil, "\""):
                quote = c
                inWord = true
            case let (q?, c) where c == q:
                quote = nil
            case (nil, " "), (nil, "\t"), (nil, "\n"):
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(c)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(word) }
        return words
    }
}
