import Foundation
import IOCConfig
import TestSupport
import Testing

/// docs/configuration.md documents every key the loader accepts, file by file: the reference
/// cannot fall behind the loader.
@Suite struct ConfigurationReferenceTests {
    @Test func everyKeyTheLoaderAcceptsIsDocumented() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let sections = text.components(separatedBy: "\n## ").dropFirst()
        for (file, keys) in Schema.files {
            let section = try #require(sections.first { $0.hasPrefix(file + "\n") }, "docs/configuration.md has no section '## \(file)'")
            for key in keys {
                #expect(section.contains("| `\(key)` |"), "\(file): key '\(key)' is not documented in docs/configuration.md")
            }
        }
    }
}
