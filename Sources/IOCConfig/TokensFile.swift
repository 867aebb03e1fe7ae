import Feeds
import Foundation
import IndicatorEngine
import Yams

extension ConfigLoader {
    /// The write endpoint's tokens file: `tokens: [{ name, token, scope: [region codes],
    /// indicators: [code prefixes] }]`. It holds secrets, so only its owner may read it (mode
    /// 0600 or 0400); anything else, a duplicate name or token, a short token or an unknown
    /// region is an error with file, line and key. Read by the leader only.
    public static func loadTokens(path file: String, catalog: Catalog) throws(ConfigError) -> [FeedToken] {
        func fail(_ message: String) -> ConfigError { ConfigError(issues: [ConfigIssue(file: file, key: "", message: message)]) }
        var info = stat()
        guard stat(file, &info) == 0 else { throw fail("cannot read the tokens file: \(String(cString: strerror(errno)))") }
        if info.st_mode & 0o077 != 0 {
            throw fail(String(format: "holds secrets but others may read it (mode %04o); chmod 600 it (owned by the service account)", info.st_mode & 0o7777))
        }
        guard let text = FileManager.default.contents(atPath: file).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw fail("cannot read the tokens file")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return [] }
            root = node
        } catch {
            throw fail("YAML syntax: \(error)")
        }
        let diagnostics = Diagnostics()
        var tokens: [FeedToken] = []
        guard let top = MappingReader(root, file: file, path: "", allowed: ["tokens"], diagnostics: diagnostics) else {
            throw ConfigError(issues: diagnostics.issues)
        }
        guard let items = top.node("tokens")?.sequence else {
            top.error("tokens", "expected a list of { name, token, scope, indicators }")
            throw ConfigError(issues: diagnostics.issues)
        }
        for (k, node) in items.enumerated() {
            guard let item = MappingReader(node, file: file, path: "tokens[\(k)]", allowed: Schema.token, diagnostics: diagnostics),
                  let name = item.string("name", required: true), let secret = item.string("token", required: true) else { continue }
            if tokens.contains(where: { $0.name == name }) { item.error("name", "a second token named '\(name)'") }
            if tokens.contains(where: { $0.token == secret }) { item.error("token", "the same token as '\(tokens.first { $0.token == secret }!.name)'") }
            if secret.count < 16 { item.error("token", "at least 16 characters (e.g. openssl rand -hex 24)") }
            let scope = item.strings("scope") ?? []
            for code in scope where catalog.regionIndex[code] == nil { item.error("scope", "unknown region '\(code)'") }
            tokens.append(FeedToken(name: name, token: secret, scope: scope, indicators: item.strings("indicators") ?? []))
        }
        guard diagnostics.issues.isEmpty else { throw ConfigError(issues: diagnostics.issues) }
        return tokens
    }
}
