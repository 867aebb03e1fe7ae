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
        "Localization": ["IndicatorEngine"],
        "IOCConfig": ["IndicatorEngine", "Feeds", "Reports", "StoreContract", "Localization", "Yams"],
        // The store as a port, and its two adapters: neither adapter knows the other.
        "StoreContract": ["IndicatorEngine", "SeriesCodec"],
        "IndicatorStore": ["IndicatorEngine", "StoreContract", "SeriesCodec", "GRDB", "GRDBSQLite"],
        "IndicatorStorePostgres": ["IndicatorEngine", "StoreContract", "SeriesCodec", "PostgresNIO", "NIOCore", "NIOPosix", "NIOSSL", "Logging"],
        "Feeds": ["IndicatorEngine"],
        "Console": ["Canvas", "IndicatorEngine", "Localization"],
        "CursesBackend": ["Canvas", "CNcursesw", "CursesShims"],
        "Reports": ["IndicatorEngine", "Localization", "ZIPFoundation"],
        "Coordinator": ["IndicatorEngine", "StoreContract", "Feeds", "Localization", "Reports"],
        "HTTPFeed": ["Feeds", "IndicatorEngine", "NIOCore", "NIOPosix", "NIOHTTP1", "NIOHTTPCompression"],
        // The adapters only in Runtime/Stores/ (`adapterImporters`).
        "Runtime": ["Canvas", "Console", "Coordinator", "Feeds", "HTTPFeed", "IOCConfig", "IndicatorEngine", "Localization", "StoreContract", "IndicatorStore",
                    "IndicatorStorePostgres", "Reports"],
        "ioc": ["ArgumentParser", "BuildInfo", "Canvas", "Console", "Coordinator", "CursesBackend", "Feeds", "IOCConfig", "IndicatorEngine",
                "Localization", "StoreContract", "Reports", "Runtime"],
    ]
    /// The store's adapters, and the one folder outside them that opens a store location as the
    /// backend it names: nothing else imports an adapter.
    static let adapters: Set<String> = ["IndicatorStore", "IndicatorStorePostgres"]
    static let adapterImporters = ["Sources/IndicatorStore/", "Sources/IndicatorStorePostgres/", "Sources/Runtime/Stores/"]
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
            if adapters.contains(module), !adapterImporters.contains(where: file.hasPrefix) {
                problems.append("\(file) imports the store adapter \(module); only Runtime/Stores/ opens a store as its backend (use StoreContract's ports)")
            }
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

    /// Names only the adapters and the opening folder may use: the concrete stores, their claims,
    /// and the URL test that tells the backends apart.
    static let backendNames = [#"PostgresURL\.isURL"#, #"\bPostgresStore\b"#, #"\bPostgresClaim\b"#, #"\bPostgresLeadership\b"#, #"\bStore\(path:"#,
                               #"as\? Store\b"#, #": Store\b"#, #"\bStore\?"#, #"\bGRDB\b"#, #""postgres(ql)?://"#]

    static func backendMentions(in folder: URL, named name: String) throws -> [String] {
        guard let files = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        let patterns = try backendNames.map { (try Regex($0), $0) }
        for case let file as String in files where file.hasSuffix(".swift") {
            let path = "\(name)/\(file)"
            guard !adapterImporters.contains(where: path.hasPrefix), !path.hasPrefix("Sources/StoreContract/") else { continue }
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for (regex, pattern) in patterns where line.contains(regex) {
                    found.append("\(path):\(number + 1) names \(pattern)")
                }
            }
        }
        return found
    }

    @Test func nothingOutsideTheAdaptersKnowsWhichBackendItHas() throws {
        let found = try Self.backendMentions(in: repositoryRoot.appendingPathComponent("Sources"), named: "Sources")
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test func theBackendRuleCatchesADowncast() throws {
        let dir = TemporaryDirectory("ioc-rules")
        try FileManager.default.createDirectory(atPath: dir.file("Coordinator"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("Runtime/Stores"), withIntermediateDirectories: true)
        try "// a Store(path:) in a comment is fine\nif let s = store as? Store { }\n".write(toFile: dir.file("Coordinator/Duty.swift"), atomically: true, encoding: .utf8)
        try "let s = try Store(path: p)\n".write(toFile: dir.file("Runtime/Stores/Open.swift"), atomically: true, encoding: .utf8)
        #expect(try Self.backendMentions(in: dir.url, named: "Sources") == [#"Sources/Coordinator/Duty.swift:2 names as\? Store\b"#])
        let imports = try Self.imports(in: dir.url, named: "Sources")
        #expect(imports.isEmpty)
        #expect(Self.violations(target: "Runtime", [("Sources/Runtime/Run.swift", "IndicatorStore"), ("Sources/Runtime/Stores/Open.swift", "IndicatorStore")])
            == ["Sources/Runtime/Run.swift imports the store adapter IndicatorStore; only Runtime/Stores/ opens a store as its backend (use StoreContract's ports)"])
    }
}
