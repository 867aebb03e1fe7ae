import Foundation
import TestSupport
import Testing

/// `make install` into a DESTDIR, as a packager or an administrator runs it, then again over an
/// edited configuration, then `make uninstall`.
@Suite(.serialized) struct InstallTests {
    func make(_ target: String, into dest: String) throws -> (code: Int32, stdout: String, stderr: String) {
        try run(["/usr/bin/env", "make", "-C", repositoryRoot.path, target, "DESTDIR=\(dest)", "PREFIX=/usr", "IOC_BINARY=\(iocBinary)"])
    }

    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int).flatMap { $0 }.map { $0 & 0o7777 }
    }

    @Test func installTwiceKeepsAnEditedConfigurationAndUninstallRemovesWhatItAdded() throws {
        let dir = TemporaryDirectory("ioc-install")
        let dest = dir.file("root")
        let first = try make("install", into: dest)
        #expect(first.code == 0, "\(first.stderr)")
        let expected: [(String, Int)] = [
            ("/usr/bin/ioc", 0o755), ("/etc/ioc/ioc.yaml", 0o644), ("/etc/ioc/fields.yaml", 0o644), ("/etc/ioc/centers.yaml", 0o644),
            ("/etc/ioc/indicators/agri.yaml", 0o644), ("/usr/share/man/man1/ioc.1", 0o644),
            ("/usr/share/bash-completion/completions/ioc", 0o644), ("/usr/share/zsh/site-functions/_ioc", 0o644),
            ("/usr/share/fish/vendor_completions.d/ioc.fish", 0o644), ("/usr/lib/systemd/system/ioc.service", 0o644),
            ("/etc/ssh/sshd_config.d/ioc.conf", 0o644),
        ]
        for (path, bits) in expected { #expect(mode(dest + path) == bits, "\(path): \(mode(dest + path).map { String($0, radix: 8) } ?? "missing")") }
        #expect(mode(dest + "/var/lib/ioc") == 0o2750, "the state directory is setgid, group-readable")

        // The installed configuration is valid and keeps its store in the state directory.
        let config = try String(contentsOfFile: dest + "/etc/ioc/ioc.yaml", encoding: .utf8)
        #expect(config.contains("store: /var/lib/ioc/ioc.sqlite") && config.contains("inbox: { path: /var/lib/ioc/inbox }"))
        let check = try run([iocBinary, "check", "--config", dest + "/etc/ioc", "--store", dir.file("probe.sqlite")])
        #expect(check.code == 0, "\(check.stderr)")
        // The unit runs the installed binary as the service account, hardened, and systemd accepts it.
        let unit = try String(contentsOfFile: dest + "/usr/lib/systemd/system/ioc.service", encoding: .utf8)
        for line in ["ExecStart=/usr/bin/ioc serve --config /etc/ioc", "User=ioc", "Restart=on-failure", "StateDirectory=ioc",
                     "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ReadWritePaths=/var/lib/ioc"] {
            #expect(unit.contains(line + "\n"), "ioc.service lacks \(line)")
        }
        let verifiable = dir.file("ioc.service")
        try unit.replacingOccurrences(of: "ExecStart=/usr/bin/ioc", with: "ExecStart=\(dest)/usr/bin/ioc").write(toFile: verifiable, atomically: true, encoding: .utf8)
        let verify = try run(["/usr/bin/systemd-analyze", "verify", verifiable])
        #expect(verify.code == 0, "systemd-analyze verify: \(verify.stderr)")
        let sshd = try String(contentsOfFile: dest + "/etc/ssh/sshd_config.d/ioc.conf", encoding: .utf8)
        #expect(sshd.contains("Match Group ioc-operators") && sshd.contains("ForceCommand /usr/bin/ioc") && sshd.contains("X11Forwarding no"))
        // The man page has every command and the sections a man page has.
        let man = try String(contentsOfFile: dest + "/usr/share/man/man1/ioc.1", encoding: .utf8)
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "FILES", "ENVIRONMENT", "EXIT STATUS", "EXAMPLES"] {
            #expect(man.contains(".SH \(section)\n"), "ioc(1) lacks \(section)")
        }
        for command in ["serve", "ingest", "status", "ack", "audit", "whoami", "silence"] { #expect(man.contains(".SS \(command)"), "ioc(1) lacks \(command)") }
        #expect(try String(contentsOfFile: dest + "/usr/share/bash-completion/completions/ioc", encoding: .utf8).contains("whoami"))

        // The administrator edits the configuration; a second install keeps it and puts the new default beside it.
        try (config + "# edited by the administrator\n").write(toFile: dest + "/etc/ioc/ioc.yaml", atomically: true, encoding: .utf8)
        let second = try make("install", into: dest)
        #expect(second.code == 0 && second.stdout.contains("kept your /etc/ioc/ioc.yaml"), "\(second.stdout)\(second.stderr)")
        #expect(try String(contentsOfFile: dest + "/etc/ioc/ioc.yaml", encoding: .utf8).contains("# edited by the administrator"))
        #expect(FileManager.default.fileExists(atPath: dest + "/etc/ioc/ioc.yaml.dist"))

        // Uninstall removes what install added; the edited file and the state directory stay.
        try Data("unrelated".utf8).write(to: URL(fileURLWithPath: dest + "/usr/bin/other-tool"))
        let removed = try make("uninstall", into: dest)
        #expect(removed.code == 0, "\(removed.stderr)")
        for (path, _) in expected where path != "/etc/ioc/ioc.yaml" {
            #expect(!FileManager.default.fileExists(atPath: dest + path), "\(path) is still there")
        }
        #expect(!FileManager.default.fileExists(atPath: dest + "/etc/ioc/ioc.yaml.dist"))
        #expect(FileManager.default.fileExists(atPath: dest + "/etc/ioc/ioc.yaml"), "the edited configuration stays")
        #expect(FileManager.default.fileExists(atPath: dest + "/usr/bin/other-tool"), "nothing else is removed")
        #expect(FileManager.default.fileExists(atPath: dest + "/var/lib/ioc"), "the store's directory stays")
    }

    @Test func theVersionNamesTheCommitMakeBuiltItFrom() throws {
        let version = try run([iocBinary, "--version"])
        #expect(version.code == 0 && version.stdout.hasPrefix("ioc 0.2.0 (commit "), "\(version.stdout)")
        // `make` passes the commit to the release build (a dry run: no build here).
        let head = try run(["/usr/bin/env", "git", "-C", repositoryRoot.path, "rev-parse", "--short=12", "HEAD"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let plan = try run(["/usr/bin/env", "make", "-n", "-B", "-C", repositoryRoot.path, ".build/release/ioc"])
        #expect(plan.stdout.contains("swift build -c release --product ioc -Xcc -DIOC_COMMIT='\"\(head)"), "\(plan.stdout)")
    }
}
