import Foundation
import TestSupport
import Testing

/// The README's two commands on a fresh machine: `tools/run` and `tools/test` install what is
/// missing through `tools/prerequisites`, whose package list is read here against what this
/// machine (where the whole suite just ran) has.
@Suite struct PrerequisitesTests {
    var script: String { repositoryRoot.appendingPathComponent("tools/prerequisites").path }

    func list(_ set: String, root: String? = nil) throws -> [String] {
        let result = try run([script, set, "--list"], environment: root.map { ["IOC_PREREQUISITES_ROOT": $0] } ?? [:])
        #expect(result.code == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// On a machine with nothing, every package is named; here, where the tests run, none is
    /// missing, and each Debian package named is installed: the list names what really brings
    /// what the suite needs.
    @Test func theListNamesWhatTheSuiteNeedsAndNothingHereIsMissing() throws {
        let empty = TemporaryDirectory("ioc-bare").path
        let everything = try list("tests", root: empty)
        let console = try list("console", root: empty)
        #expect(console == ["libncurses-dev", "libsqlite3-dev"])
        #expect(Set(console).isSubset(of: everything))
        for needed in ["tmux", "postgresql", "mosquitto", "openssh-server", "sqlite3", "strace", "pip:influxdb-client==1.50.0", "pip:openpyxl==3.1.5"] {
            #expect(everything.contains(needed), "the tests' list lacks \(needed)")
        }
        #expect(try list("tests") == [], "this machine lacks what the suite needs")
        // Where Debian's own files satisfy a check here, they belong to the package the list names
        // (a tool from elsewhere, such as a pyenv python, says nothing of the list).
        let table = try run([script, "--table"]).stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(table.count == everything.count)
        var checked = 0
        for row in table where row.count == 3 && !row[2].hasPrefix("pip:") {
            let (how, package) = (row[1], row[2])
            let what = String(how.drop { $0 != ":" }.dropFirst())
            let path: String?
            switch how.prefix { $0 != ":" } {
            case "file": path = what
            case "glob": path = (try? run(["/bin/sh", "-c", "ls -d \(what) | head -n 1"]))?.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            case "command": path = (try? run(["/bin/sh", "-c", "command -v \(what)"]))?.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            default: path = nil
            }
            guard let path, !path.isEmpty else { continue }
            let owner = try run(["/usr/bin/dpkg-query", "-S", URL(fileURLWithPath: path).resolvingSymlinksInPath().path])
            guard owner.code == 0 else { continue }
            let owners = owner.stdout.split(separator: "\n").flatMap { $0.split(separator: ":").first.map { $0.split(separator: ",") } ?? [] }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // A metapackage (postgresql) brings its versioned package (postgresql-15).
            let depends = try run(["/usr/bin/dpkg-query", "-W", "-f=${Depends}", package]).stdout
            #expect(owners.contains(package) || owners.contains { depends.contains($0) }, "\(how) is \(path), from \(owners), not from \(package)")
            checked += 1
        }
        #expect(checked >= 10, "most of the list is checked against the files that satisfy it here (\(checked))")
    }

    /// Someone who is not root is told the one line to run, and nothing is installed.
    @Test func withoutRootItSaysTheOneSudoLineAndStops() throws {
        let empty = TemporaryDirectory("ioc-bare")
        chmod(empty.path, 0o755)
        let result = try run(["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", script, "console"],
                             environment: ["IOC_PREREQUISITES_ROOT": empty.path])
        #expect(result.code == 1)
        #expect(result.stderr.contains("sudo apt-get install -y libncurses-dev libsqlite3-dev\n"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// The README's "Run and test" gives the two commands, and CI runs the second.
    @Test func theReadmeGivesTwoCommandsAndCIRunsTheSecond() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Run and test\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").map { $0.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        #expect(commands == ["tools/run", "tools/test"], "\(commands)")
        let ci = try String(contentsOf: repositoryRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("exec tools/test\n"))
    }
}
