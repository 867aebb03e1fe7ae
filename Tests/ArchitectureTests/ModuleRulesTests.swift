import Foundation
import TestSupport
import Testing

/// The dependency direction of DESIGN.md, read from the sources: a target that imports what it
/// must not fails here, loudly, with the file that does it.
@Suite struct ModuleRulesTests {
    /// Each target and the modules it may import (the system's own: Foundation, Glibc, Dispatch).
    static let allowed: [String: Set<String>] = [
        "IndicatorEngine": [],
        "Canvas": [],
        "SeriesCodec": [],
        "IOCConfig": ["IndicatorEngine", "Feeds", "Reports", "Yams"],
        "IndicatorStore": ["IndicatorEngine", "SeriesCodec", "GRDB", "GRDBSQLite"],
        "IndicatorStorePostgres": ["IndicatorEngine", "IndicatorStore", "SeriesCodec", "PostgresNIO", "NIOCore", "NIOPosix", "NIOSSL", "Logging"],
        "Feeds": ["IndicatorEngine"],
        "Console": ["Canvas", "IndicatorEngine"],
        "CursesBackend": ["Canvas", "CNcursesw", "CursesShims"],
        "Reports": ["IndicatorEngine", "ZIPFoundation"],
        "Coordinator": ["IndicatorEngine", "IndicatorStore", "Feeds", "Reports"],
        "HTTPFeed": ["Feeds", "IndicatorEngine", "NIOCore", "NIOPosix", "NIOHTTP1", "NIOHTTPCompression"],
        "Runtime": ["Canvas", "Console", "Coordinator", "Feeds", "HTTPFeed", "IOCConfig", "IndicatorEngine", "IndicatorStore", "IndicatorStorePostgres", "Reports"],
        "ioc": ["ArgumentParser", "BuildInfo", "Canvas", "Console", "Coordinator", "CursesBackend", "Feeds", "IOCConfig", "IndicatorEngine",
                "IndicatorStore", "Reports", "Runtime"],
        "ioc-bench": ["Canvas", "Console", "Coordinator", "Feeds", "IOCConfig", "IndicatorEngine", "IndicatorStore", "IndicatorStorePostgres", "Reports", "Runtime", "TestSupport"],
    ]
    static let system: Set<String> = ["Foundation", "Glibc", "Dispatch"]
    /// Modules only one target may touch.
    static let owners: [String: String] = ["GRDB": "IndicatorStore", "GRDBSQLite": "IndicatorStore", "CNcursesw": "CursesBackend",
                                           "CursesShims": "CursesBackend", "Yams": "IOCConfig", "ZIPFoundation": "Reports", "PostgresNIO": "IndicatorStorePostgres",
                                           "NIOHTTP1": "HTTPFeed", "NIOHTTPCompression": "HTTPFeed"]

    /// `import X` lines of every Swift file of a target, with the file.
    static func imports(of target: String) throws -> [(file: String, module: String)] {
        try imports(in: repositoryRoot.appendingPathComponent("Sources/\(target)"), named: "Sources/\(target)")
    }

    static func imports(in folder: URL, named name: String) throws -> [(file: String, module: String)] {
        guard let files = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [(String, String)] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                      words[..<at].allSatisfy({ $0.hasPrefix("@") || ["public", "internal", "private"].contains($0) }) else { continue }
                found.append(("\(name)/\(file)", String(words[at + 1].split(separator: ".")[0])))
            }
        }
        return found
    }

    @Test func everyTargetImportsOnlyWhatTheDesignAllows() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Sources").path)
            .filter { !$0.hasPrefix(".") && !["CNcursesw", "CursesShims", "BuildInfo"].contains($0) }  // C targets
        #expect(Set(targets) == Set(Self.allowed.keys), "a target without a rule here (or a rule without a target): add it")
        for target in targets {
            let problems = Self.violations(target: target, try Self.imports(of: target))
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    static func violations(target: String, _ imports: [(file: String, module: String)]) -> [String] {
        let may = (allowed[target] ?? []).union(system)
        var problems: [String] = []
        for (file, module) in imports {
            if !may.contains(module) { problems.append("\(file) imports \(module), which \(target) must not (DESIGN.md, Modules)") }
            if let owner = owners[module], owner != target { problems.append("\(file): only \(owner) may import \(module)") }
        }
        return problems
    }

    @Test func theRuleCatchesAForbiddenImport() throws {
        // The check can fail: a Console file importing GRDB is found and named.
        let dir = TemporaryDirectory("ioc-rules")
        try "import Foundation\n@preconcurrency import GRDB\nimport Canvas\n".write(toFile: dir.file("View.swift"), atomically: true, encoding: .utf8)
        let found = try Self.imports(in: dir.url, named: "Sources/Console")
        #expect(found.map(\.module) == ["Foundation", "GRDB", "Canvas"])
        #expect(Self.violations(target: "Console", found) == [
            "Sources/Console/View.swift imports GRDB, which Console must not (DESIGN.md, Modules)",
            "Sources/Console/View.swift: only IndicatorStore may import GRDB",
        ])
    }
}
