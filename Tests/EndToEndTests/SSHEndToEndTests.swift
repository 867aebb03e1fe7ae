import Foundation
import TestSupport
import Testing

/// Operators reach the center over SSH: a real OpenSSH server on a loopback port with its own
/// configuration, host key and authorized keys in a temporary folder, `ForceCommand ioc` for the
/// operators' group as the installed sshd snippet sets it, and real accounts (as root, as CI runs).
/// Part of the multi-operator suite, so tests that add and remove accounts never run at once.
extension MultiOperatorEndToEndTests {
    final class SSHServer {
        let dir = TemporaryDirectory("ioc-sshd")
        let port: Int
        let key: String
        let daemon: Child

        init(host: MultiOperatorHost) throws {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            let hostKey = dir.file("host_ed25519"), key = dir.file("client_ed25519")
            self.key = key
            for path in [hostKey, key] {
                let made = try run(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path])
                guard made.code == 0 else { throw MultiOperatorHost.HostError.command("ssh-keygen", made.stderr) }
            }
            // Every test account logs in with the same key.
            try FileManager.default.createDirectory(atPath: dir.file("keys"), withIntermediateDirectories: true)
            let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8)
            for account in [host.supervisor, host.chauThanh, host.viewer] {
                try publicKey.write(toFile: dir.file("keys/\(account.name)"), atomically: true, encoding: .utf8)
                // useradd leaves the password locked ("!"), which sshd refuses without PAM.
                try MultiOperatorHost.sh(["usermod", "-p", "*", account.name])
            }
            try MultiOperatorHost.sh(["chmod", "-R", "a+rX", dir.file("keys")])
            port = freeLoopbackPort()
            let forced = ([host.binary, "--config", host.config, "--store", host.store]).joined(separator: " ")
            try """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(hostKey)
                PidFile \(dir.file("sshd.pid"))
                AuthorizedKeysFile \(dir.path)/keys/%u
                StrictModes no
                UsePAM no
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PubkeyAuthentication yes
                PermitRootLogin no
                LogLevel VERBOSE
                # As Debian's sshd_config: the client's locale comes along (UTF-8 borders and Vietnamese).
                AcceptEnv LANG LC_*
                # As packaging/sshd-ioc.conf installs it.
                Match Group \(host.group)
                    ForceCommand \(forced)
                    AllowTcpForwarding no
                    AllowAgentForwarding no
                    X11Forwarding no
                    PermitTTY yes
                """.write(toFile: dir.file("sshd_config"), atomically: true, encoding: .utf8)
            daemon = try Child(["/usr/sbin/sshd", "-D", "-e", "-f", dir.file("sshd_config")])
            let port = self.port
            guard eventually(seconds: 20, { Self.isListening(port) }) else {
                throw MultiOperatorHost.HostError.command("sshd", daemon.stderr)
            }
        }

        deinit {
            daemon.signal(SIGTERM)
            daemon.wait()
        }

        /// The ssh client's command line for `account`, with `command` (nil: a login with a terminal).
        func ssh(_ account: MultiOperatorHost.Account, _ command: String? = nil) -> [String] {
            ["/usr/bin/ssh", "-i", key, "-p", "\(port)", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "SendEnv=LANG"] + (command == nil ? ["-t"] : []) + ["\(account.name)@127.0.0.1"]
                + (command.map { [$0] } ?? [])
        }

        static func isListening(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }
    }

    /// Pids of `ioc` processes running as `user`.
    static func consoles(of user: String) -> [Int32] {
        let result = try? run(["/usr/bin/pgrep", "-u", user, "-x", "ioc"])
        return (result?.stdout ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    @Test func overSSHOperatorsLandInTheConsoleAndCommandsAreLimited() throws {
        try #require(getuid() == 0, "this test creates Unix accounts and runs sshd: run it as root (CI does)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd"), "openssh-server is missing (.ci/run installs it)")
        let host = try MultiOperatorHost()
        let leader = try host.spawn(host.service, ["serve", "--no-simulator"])
        defer { leader.signal(SIGTERM); leader.wait() }
        #expect(eventually { leader.stderr.contains("leading") }, "\(leader.stderr)")
        let server = try SSHServer(host: host)

        // Read-only commands run; anything else is refused by ioc itself.
        let status = try run(server.ssh(host.chauThanh, "ioc status --json"))
        #expect(status.code == 0 && status.stdout.contains("\"fields\""), "\(status)\n\(server.daemon.stderr)")
        let whoami = try run(server.ssh(host.chauThanh, "ioc whoami"))
        #expect(whoami.stdout.contains("operator of IOC Châu Thành") && whoami.stdout.contains(host.chauThanh.name), "\(whoami)")
        let shell = try run(server.ssh(host.chauThanh, "ls /"))
        #expect(shell.code == 1 && shell.stderr.contains("over SSH this account runs the console") && !shell.stdout.contains("etc"), "\(shell)")
        let ack = try run(server.ssh(host.supervisor, "ioc ack 1"))
        #expect(ack.code == 1 && ack.stderr.contains("not 'ioc ack 1'"), "\(ack)")

        // A login lands in the console: Châu Thành's operator sees their center, drills down, quits.
        let login = try TmuxSession(command: server.ssh(host.chauThanh).map { "'\($0)'" }.joined(separator: " "))
        let console = login.waitFor { $0.contains("IOC Châu Thành") && $0.contains("operator \(host.chauThanh.name)") && !$0.contains("no leader") }
        #expect(console.ok, "\(console.screen)\n\(server.daemon.stderr)")
        try login.send("6")
        #expect(login.waitFor("Châu Thành › Nông nghiệp - Xâm nhập mặn").ok)
        try login.send("q")
        #expect(login.waitFor("IOC-EXIT=0").ok, "quitting the console ends the session")
        // The session was audited with the SSH client address it claimed.
        let audit = try host.run(host.supervisor, ["audit", "--json", "--user", host.chauThanh.name])
        #expect(audit.stdout.contains("\"action\":\"session start\"") && audit.stdout.contains("127.0.0.1:"), "\(audit.stdout)")

        // Killing the ssh client ends the remote console, and the center goes on.
        let dropped = try TmuxSession(command: server.ssh(host.supervisor).map { "'\($0)'" }.joined(separator: " "))
        #expect(dropped.waitFor { $0.contains("supervisor \(host.supervisor.name)") }.ok)
        let remote = Self.consoles(of: host.supervisor.name)
        #expect(!remote.isEmpty, "the console runs on the host")
        let client = try #require(try dropped.commandPID())
        kill(client, SIGKILL)
        #expect(eventually { Self.consoles(of: host.supervisor.name).isEmpty }, "the remote console did not end")
        let after = try host.run(host.supervisor, ["status", "--json"])
        #expect(after.code == 0, "\(after.stderr)")
        #expect(leader.isRunning)
    }
}
