import Foundation
import Yams

extension ConfigLoader {
    /// `keys.yaml` in the configuration directory: `keys: { action: [key, ...] }`. A missing file
    /// means the default bindings. Unknown actions and key names are errors with file, line and key.
    public static func loadKeys(directory: String, actions: [String], isKey: (String) -> Bool) throws(ConfigError) -> [String: [String]] {
        let file = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/keys.yaml"
        guard FileManager.default.fileExists(atPath: file) else { return [:] }
        let diagnostics = Diagnostics()
        guard let text = FileManager.default.contents(atPath: file).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw ConfigError(issues: [ConfigIssue(file: file, key: "", message: "cannot read the file")])
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return [:] }
            root = node
        } catch {
            throw ConfigError(issues: [ConfigIssue(file: file, key: "", message: "YAML syntax: \(error)")])
        }
        var result: [String: [String]] = [:]
        if let top = MappingReader(root, file: file, path: "", allowed: ["keys"], diagnostics: diagnostics),
           let keys = top.mapping("keys", allowed: actions) {
            for action in actions where keys.has(action) {
                guard let names = keys.strings(action) else { continue }
                if names.isEmpty { keys.error(action, "give at least one key") }
                for name in names where !isKey(name) {
                    keys.error(action, "unknown key '\(name)'; use a character, Enter, Esc, Tab, Up, PgUp, Home, F1-F12, Ctrl-X, ...")
                }
                result[action] = names
            }
        }
        guard diagnostics.issues.isEmpty else { throw ConfigError(issues: diagnostics.issues) }
        return result
    }
}
