import Foundation
import IndicatorEngine
import Yams

/// One problem in the configuration, located by file, line and key.
public struct ConfigIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Path of the offending key inside the file, e.g. `indicators[3].thresholds.warning`.
    public var key: String
    public var message: String

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
    }
}

/// Every problem found while loading; the configuration is used only when there are none.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
    /// EX_CONFIG from sysexits.h.
    public static let exitCode: Int32 = 78
}

/// Collects issues so one run reports all of them rather than the first.
final class Diagnostics {
    var issues: [ConfigIssue] = []

    func report(_ file: String, _ node: Node?, _ key: String, _ message: String) {
        issues.append(ConfigIssue(file: file, line: node?.mark?.line, column: node?.mark?.column, key: key, message: message))
    }
}

/// Reads one YAML mapping, checking keys against the ones allowed and reporting by position.
struct MappingReader {
    let file: String
    let path: String
    let node: Node
    let diagnostics: Diagnostics
    private var values: [String: (key: Node, value: Node)] = [:]

    /// Nil (with an issue reported) when `node` is not a mapping.
    init?(_ node: Node, file: String, path: String, allowed: [String], diagnostics: Diagnostics) {
        self.file = file
        self.path = path
        self.node = node
        self.diagnostics = diagnostics
        guard let mapping = node.mapping else {
            diagnostics.report(file, node, path, "expected a mapping of keys to values")
            return nil
        }
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                diagnostics.report(file, key, path, "a key must be a plain name")
                continue
            }
            let keyPath = join(path, name)
            if !allowed.contains(name) {
                let hint = closest(name, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                diagnostics.report(file, key, keyPath, "unknown key\(hint); allowed: \(allowed.joined(separator: ", "))")
            } else if values[name] != nil {
                diagnostics.report(file, key, keyPath, "duplicate key")
            } else {
                values[name] = (key, value)
            }
        }
    }

    func keyPath(_ key: String) -> String { join(path, key) }
    func node(_ key: String) -> Node? { values[key]?.value }
    func has(_ key: String) -> Bool { values[key] != nil }

    func error(_ key: String, _ message: String) {
        diagnostics.report(file, values[key]?.value ?? node, keyPath(key), message)
    }

    func missing(_ key: String) {
        diagnostics.report(file, node, keyPath(key), "missing required key")
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard let scalar = value.scalar else {
            error(key, "expected a single value, not a list or mapping")
            return nil
        }
        if required && scalar.string.isEmpty {
            error(key, "must not be empty")
            return nil
        }
        return scalar.string
    }

    func double(_ key: String, required: Bool = false) -> Double? {
        guard let text = string(key, required: required) else { return nil }
        guard let number = Double(text.replacingOccurrences(of: "_", with: "")), number.isFinite else {
            error(key, "expected a number, found '\(text)'")
            return nil
        }
        return number
    }

    func bool(_ key: String) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(key, "expected true or false, found '\(text)'")
            return nil
        }
    }

    func choice<T>(_ key: String, _ options: [(String, T)], required: Bool = false) -> T? {
        guard let text = string(key, required: required) else { return nil }
        if let match = options.first(where: { $0.0 == text }) { return match.1 }
        error(key, "unknown value '\(text)'; expected one of \(options.map(\.0).joined(separator: ", "))")
        return nil
    }

    /// A duration such as `90s`, `10m`, `2h`, `2d` or `1h30m`, in seconds.
    func duration(_ key: String) -> Int64? {
        guard let text = string(key) else { return nil }
        guard let seconds = Durations.parse(text) else {
            error(key, "expected a duration like 30s, 10m, 2h or 2d, found '\(text)'")
            return nil
        }
        return seconds
    }

    func strings(_ key: String) -> [String]? {
        guard let value = node(key) else { return nil }
        guard let sequence = value.sequence else {
            error(key, "expected a list")
            return nil
        }
        var result: [String] = []
        for (i, item) in sequence.enumerated() {
            guard let text = item.scalar?.string else {
                diagnostics.report(file, item, "\(keyPath(key))[\(i)]", "expected text")
                continue
            }
            result.append(text)
        }
        return result
    }

    func mapping(_ key: String, allowed: [String]) -> MappingReader? {
        guard let value = node(key) else { return nil }
        return MappingReader(value, file: file, path: keyPath(key), allowed: allowed, diagnostics: diagnostics)
    }
}

private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

/// The allowed word nearest to a typo, when one is near enough to suggest.
func closest(_ word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return row[b.count]
    }
    let scored = candidates.map { ($0, distance(Array(word), Array($0))) }.min { $0.1 < $1.1 }
    guard let best = scored, best.1 <= max(2, word.count / 3) else { return nil }
    return best.0
}
