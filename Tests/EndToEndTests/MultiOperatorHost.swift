import Foundation
import TestSupport
import Testing

/// An operation-center host in miniature, built for real: Unix accounts and groups made for the
/// test (unique names, removed afterwards), the `ioc` binary and configuration where every
/// account can read them, and a setgid state directory owned by the service account, as the
/// README tells an administrator to set it up. Commands run as an account via `setpriv`.
final class MultiOperatorHost {
    struct Account {
        let name: String
        let home: String
    }

    let root = TemporaryDirectory("ioc-multi")
    let suffix = String(UUID().uuidString.prefix(6)).lowercased()
    /// The operators' group: owns the state directory; members may read the store and use the socket.
    let group: String
    /// A group whose members are viewers (operators.yaml grants by group too).
    let viewers: String
    let service: Account
    let supervisor: Account
    let chauThanh: Account
    let viewer: Account
    let stranger: Account
    let binary: String
    let config: String
    let state: String
    var store: String { state + "/ioc.sqlite" }
    private var created: [String] = []
    private var createdGroups: [String] = []

    init() throws {
        let suffix = self.suffix, root = self.root
        group = "iocg\(suffix)"
        viewers = "iocv\(suffix)"
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        func account(_ prefix: String) -> Account { Account(name: "\(prefix)\(suffix)", home: root.file("home-\(prefix)")) }
        service = account("iocsvc")
        supervisor = account("iocsup")
        chauThanh = account("ioctc")
        viewer = account("iocview")
        stranger = account("khach")
        try Self.sh(["groupadd", group])
        createdGroups.append(group)
        try Self.sh(["groupadd", viewers])
        createdGroups.append(viewers)
        for (user, extra) in [(service, []), (supervisor, []), (chauThanh, []), (viewer, [viewers]), (stranger, [])] {
            var args = ["useradd", "-M", "-N", "-g", group, "-d", user.home, "-s", "/bin/sh"]
            if !extra.isEmpty { args += ["-G", extra.joined(separator: ",")] }
            try Self.sh(args + [user.name])
            created.append(user.name)
            try FileManager.default.createDirectory(atPath: user.home, withIntermediateDirectories: true)
            try Self.sh(["chown", "\(user.name):\(group)", user.home])
        }
        // The binary and the configuration, readable by everyone (the build tree may not be).
        try FileManager.default.createDirectory(atPath: root.file("bin"), withIntermediateDirectories: true)
        binary = root.file("bin/ioc")
        // Copied by cp, not by this process: a file this process had open for writing could be
        // inherited by a child another test spawns meanwhile, and exec would fail "text file busy".
        try Self.sh(["cp", iocBinary, binary])
        try Self.sh(["chmod", "755", binary])
        config = root.file("config")
        try FileManager.default.copyItem(atPath: defaultConfig, toPath: config)
        try Self.sh(["chmod", "-R", "a+rX", config])
        try """
            # Test operators: the service account leads; a supervisor, Châu Thành's operator, viewers by group.
            operators:
              - { user: \(service.name), role: admin }
              - { user: \(supervisor.name), role: supervisor }
              - { user: \(chauThanh.name), role: operator, scope: ["831"] }
              - { group: \(viewers), role: viewer }
            """.write(toFile: config + "/operators.yaml", atomically: true, encoding: .utf8)
        try Self.sh(["chmod", "644", config + "/operators.yaml"])
        // As the README says: the service account owns the state directory, the operators' group
        // reads it, setgid so every file in it gets that group.
        state = root.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try Self.sh(["chown", "\(service.name):\(group)", state])
        try Self.sh(["chmod", "2750", state])
    }

    deinit {
        for user in created { _ = try? TestSupport.run(["/usr/sbin/userdel", user]) }
        for g in createdGroups { _ = try? TestSupport.run(["/usr/sbin/groupdel", g]) }
    }

    static func sh(_ args: [String]) throws {
        let tool = ["/usr/sbin/", "/usr/bin/", "/bin/", "/sbin/"].map { $0 + args[0] }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let result = try TestSupport.run([tool ?? args[0]] + args.dropFirst())
        guard result.code == 0 else { throw HostError.command(args.joined(separator: " "), result.stderr) }
    }

    enum HostError: Error { case command(String, String) }

    /// The command line that runs `arguments` as `user` (with their groups, their own home).
    func asUser(_ user: Account, _ arguments: [String]) -> [String] {
        ["/usr/bin/setpriv", "--reuid=\(user.name)", "--regid=\(group)", "--init-groups", "--",
         "/usr/bin/env", "HOME=\(user.home)", "XDG_STATE_HOME=\(user.home)/.local/state"] + arguments
    }

    /// `ioc` arguments with this host's configuration and store.
    func ioc(_ arguments: [String]) -> [String] { [binary] + arguments + ["--config", config, "--store", store] }

    @discardableResult
    func run(_ user: Account, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws
        -> (code: Int32, stdout: String, stderr: String) {
        try TestSupport.run(asUser(user, ioc(arguments)), environment: environment, stdin: stdin)
    }

    func spawn(_ user: Account, _ arguments: [String]) throws -> Child { try Child(asUser(user, ioc(arguments))) }

    /// A console of `user` in a tmux pane (the tmux server runs as root; the pane's command as the user).
    /// `loginShell`: typed into an interactive shell with job control, as over SSH, so Ctrl-Z stops it.
    func console(_ user: Account, width: Int = 120, height: Int = 36, loginShell: Bool = false) throws -> TmuxSession {
        let quoted = { (words: [String]) in words.map { "'\($0)'" }.joined(separator: " ") }
        guard loginShell else { return try TmuxSession(command: quoted(asUser(user, ioc(["--no-simulator"]))), width: width, height: height) }
        let session = try TmuxSession(command: quoted(asUser(user, ["/bin/bash", "--norc", "--noprofile", "-i"])), width: width, height: height)
        try session.send("-l", quoted(ioc(["--no-simulator"])))
        try session.send("Enter")
        return session
    }

    /// Owner, group and permission bits of a file.
    func mode(_ path: String) -> (owner: String, group: String, bits: Int)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attributes[.ownerAccountName] as? String ?? "?", attributes[.groupOwnerAccountName] as? String ?? "?",
                (attributes[.posixPermissions] as? Int ?? -1) & 0o7777)
    }
}
