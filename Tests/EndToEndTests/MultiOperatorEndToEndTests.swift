import Foundation
import TestSupport
import Testing

/// Many operators on one host, each under their own Unix account: the service account leads,
/// the others read the store and act through the leader's socket, which knows them from the
/// kernel. Run as root (CI is) to create the accounts.
@Suite(.serialized) struct MultiOperatorEndToEndTests {
    func alerts(_ host: MultiOperatorHost, as user: MultiOperatorHost.Account) throws -> [[String: Any]] {
        let result = try host.run(user, ["alerts", "--json"])
        #expect(result.code == 0, "\(result.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    func audit(_ host: MultiOperatorHost, as user: MultiOperatorHost.Account) throws -> [[String: Any]] {
        let result = try host.run(user, ["audit", "--json"])
        #expect(result.code == 0, "\(result.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    @Test func rolesScopesPermissionsAndAnAuditNobodyCanForge() throws {
        try #require(getuid() == 0, "this test creates Unix accounts and runs ioc as them: run it as root (CI does)")
        let host = try MultiOperatorHost()
        let leader = try host.spawn(host.service, ["serve", "--no-simulator"])
        defer { leader.signal(SIGTERM); leader.wait() }
        #expect(eventually { leader.stderr.contains("leading") }, "\(leader.stderr)")

        // The store is the service account's, readable by the group, by nobody else.
        for file in [host.store, host.store + "-wal", host.store + "-shm", host.store + ".lock"] {
            let mode = try #require(host.mode(file), "\(file) is missing")
            #expect(mode.owner == host.service.name && mode.group == host.group && mode.bits == 0o640, "\(file): \(mode)")
        }
        let socket = try #require(host.mode(host.store + ".sock"))
        #expect(socket.group == host.group && socket.bits == 0o660, "\(socket)")

        // The supervisor cannot write the store: their ingest goes through the socket.
        let now = Int64(Date().timeIntervalSince1970)
        let lines = "agri.salinity.max,region=831 value=9.5 \(now)\nagri.salinity.max,region=838 value=9.1 \(now)\n"
        let ingest = try host.run(host.supervisor, ["ingest", "-"], stdin: lines)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        let refusedIngest = try host.run(host.chauThanh, ["ingest", "-"], stdin: lines)
        #expect(refusedIngest.code == 77 && refusedIngest.stderr.contains("takes a supervisor"), "\(refusedIngest.stderr)")

        let all = try alerts(host, as: host.supervisor)
        let inScope = try #require(all.first { $0["region"] as? String == "831" }?["id"] as? Int, "\(all)")
        let outside = try #require(all.first { $0["region"] as? String == "838" }?["id"] as? Int, "\(all)")
        let theirs = try alerts(host, as: host.chauThanh)
        #expect(!theirs.isEmpty && theirs.allSatisfy { $0["region"] as? String == "831" }, "Châu Thành's operator sees only Châu Thành: \(theirs)")

        // Who am I, as the leader sees me.
        let whoami = try host.run(host.chauThanh, ["whoami", "--json"])
        let me = try #require(try JSONSerialization.jsonObject(with: Data(whoami.stdout.utf8)) as? [String: Any], "\(whoami.stderr)")
        #expect(me["user"] as? String == host.chauThanh.name && me["role"] as? String == "operator")
        #expect(me["scope"] as? [String] == ["831"] && me["center"] as? String == "IOC Châu Thành")
        #expect((me["uid"] as? Int).map { $0 > 0 } == true)

        // Status for their center only; a value outside it is refused.
        let status = try host.run(host.chauThanh, ["status"])
        #expect(status.stdout.hasPrefix("IOC Châu Thành:"), "\(status.stdout)")
        let json = try host.run(host.chauThanh, ["status", "--json"])
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        let fields = try #require(counts["fields"] as? [[String: Any]])
        #expect(fields.count == 11 && fields.last?["code"] as? String == "citizen", "Châu Thành's eleven fields: \(fields.map { $0["code"] ?? "" })")
        #expect(counts["regions"] as? Int == 23, "the district and its 22 communes: \(counts)")
        #expect((counts["indicators"] as? Int).map { $0 > 400 } == true, "more than 400 indicators: \(counts)")
        let value = try host.run(host.chauThanh, ["value", "agri.salinity.max", "838"])
        #expect(value.code == 77 && value.stderr.contains("Mỏ Cày Bắc is outside your scope"), "\(value.stderr)")

        // The viewer may look, not act: refused, and audited as refused under the viewer's name.
        let viewerAck = try host.run(host.viewer, ["ack", "\(inScope)"])
        #expect(viewerAck.code == 1 && viewerAck.stderr.contains("is a viewer"), "\(viewerAck.stderr)")
        // Nor write the store behind ioc's back.
        let sqlite = try TestSupport.run(host.asUser(host.viewer, ["/usr/bin/sqlite3", host.store, "UPDATE alerts SET acked_by = 'x'"]))
        #expect(sqlite.code != 0 && sqlite.stderr.contains("readonly"), "sqlite3 as the viewer: \(sqlite)")
        // A forged request names someone else; the leader records the kernel's word.
        let forged = """
            import socket, json
            s = socket.socket(socket.AF_UNIX); s.connect("\(host.store).sock")
            s.sendall((json.dumps({"id": "forged-1", "op": "ack", "alert": \(inScope), "user": "\(host.supervisor.name)", "uid": 0}) + "\\n").encode())
            print(s.recv(4096).decode())
            """
        let forgery = try TestSupport.run(host.asUser(host.viewer, ["/usr/bin/python3", "-c", forged]))
        #expect(forgery.stdout.contains("\"ok\":false") && forgery.stdout.contains("\"user\":\"\(host.viewer.name)\""), "\(forgery)")

        // Châu Thành's operator: Mỏ Cày Bắc's alert is refused, their own is applied.
        let far = try host.run(host.chauThanh, ["ack", "\(outside)"])
        #expect(far.code == 1 && far.stderr.contains("alert \(outside) is in Mỏ Cày Bắc, outside your scope"), "\(far.stderr)")
        let ack = try host.run(host.chauThanh, ["ack", "\(inScope)", "--note", "đã báo trạm"],
                               environment: ["SSH_CONNECTION": "203.0.113.7 50022 10.0.0.2 22"])
        #expect(ack.code == 0 && ack.stdout.contains("acknowledged by \(host.chauThanh.name)"), "\(ack.stderr)")

        // The audit: the supervisor sees everyone's; the viewer only their own.
        let trail = try audit(host, as: host.supervisor)
        func has(_ user: String, _ action: String, _ result: String) -> Bool {
            trail.contains { $0["user"] as? String == user && $0["action"] as? String == action && $0["result"] as? String == result }
        }
        #expect(has(host.viewer.name, "ack", "refused"))
        #expect(!has(host.supervisor.name, "ack", "applied"), "the forged request was not recorded under the name it claimed")
        #expect(has(host.chauThanh.name, "ack", "applied"))
        let applied = try #require(trail.first { $0["user"] as? String == host.chauThanh.name && $0["result"] as? String == "applied" })
        #expect(applied["from"] as? String == "203.0.113.7:50022 (claimed)" && applied["role"] as? String == "operator")
        #expect((applied["uid"] as? Int).map { $0 > 0 } == true)
        let own = try audit(host, as: host.viewer)
        #expect(!own.isEmpty && own.allSatisfy { $0["user"] as? String == host.viewer.name }, "\(own)")

        // Someone not in operators.yaml is turned away, naming the file.
        let stranger = try host.run(host.stranger, ["status"])
        #expect(stranger.code == 77, "\(stranger)")
        #expect(stranger.stderr.contains("user \(host.stranger.name) is not an operator of IOC Bến Tre (\(host.config)/operators.yaml)"))

        // Consoles: Châu Thành's is rooted at its district; the supervisor's shows the operator's ack.
        let district = try host.console(host.chauThanh, loginShell: true)
        let rooted = district.waitFor { $0.contains("IOC Châu Thành") && $0.contains("operator \(host.chauThanh.name)") && !$0.contains("no leader") }
        #expect(rooted.ok, "\(rooted.screen)")
        let lines2 = rooted.screen.split(separator: "\n").map(String.init)
        #expect(lines2.count > 1 && lines2[1].trimmingCharacters(in: .whitespaces) == "Châu Thành", "the crumbs start at the district:\n\(rooted.screen)")
        #expect(!rooted.screen.contains("Mỏ Cày Bắc"), "nothing of another district:\n\(rooted.screen)")
        try district.send(":")
        try district.send("-l", "mo cay bac")
        try district.send("Enter")
        #expect(district.waitFor("Mỏ Cày Bắc is outside your scope").ok)
        try district.send("a")
        let strip = district.waitFor("Châu Thành › Alerts")
        #expect(strip.ok && !strip.screen.contains("Mỏ Cày Bắc") && strip.screen.contains("ack \(host.chauThanh.name): đã báo trạm"), "\(strip.screen)")

        let boss = try host.console(host.supervisor)
        #expect(boss.waitFor { $0.contains("IOC Bến Tre") && $0.contains("supervisor \(host.supervisor.name)") }.ok)
        try boss.send("a")
        let seen = boss.waitFor("ack \(host.chauThanh.name): đã báo trạm")
        #expect(seen.ok && seen.screen.contains("Mỏ Cày Bắc"), "\(seen.screen)")
        try boss.send("u")
        let auditScreen = boss.waitFor { $0.contains("› Audit") && $0.contains("refused") && $0.contains(host.viewer.name) }
        #expect(auditScreen.ok, "\(auditScreen.screen)")

        // A stopped console costs the center nothing: the supervisor acts, values arrive, alerts move.
        try district.send("C-z")
        let stopped = district.waitFor("Stopped")
        #expect(stopped.ok, "Ctrl-Z did not stop the console:\n\(stopped.screen)")
        let later = try host.run(host.supervisor, ["ack", "\(outside)", "--note", "while a console is stopped"])
        #expect(later.code == 0, "\(later.stderr)")
        let more = try host.run(host.supervisor, ["ingest", "-"], stdin: "agri.salinity.max,region=834 value=9.9 \(now + 1)\n")
        #expect(more.code == 0, "\(more.stderr)")
        #expect(try alerts(host, as: host.supervisor).contains { $0["region"] as? String == "834" })

        for console in [boss] {
            try console.send("q")
            #expect(console.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
        }
        try district.send("-l", "fg")
        try district.send("Enter")
        // Back in the foreground, it redraws over the shell's "Stopped" line.
        #expect(district.waitFor { $0.contains("IOC Châu Thành") && !$0.contains("Stopped") }.ok, "the console came back")
        try district.send("q")
        #expect(district.waitFor { !$0.contains("IOC Châu Thành") }.ok, "the console quit")
        try district.send("-l", "echo EXIT=$?")
        try district.send("Enter")
        #expect(district.waitFor("EXIT=0").ok)
        // Sessions are audited with their end.
        #expect(eventually { (try? audit(host, as: host.supervisor))?.contains { $0["action"] as? String == "session end" && $0["user"] as? String == host.chauThanh.name } == true })
    }

    @Test func anAckInFlightWhenTheLeaderIsKilledIsAppliedOnceByTheNext() throws {
        try #require(getuid() == 0, "this test creates Unix accounts and runs ioc as them: run it as root (CI does)")
        let host = try MultiOperatorHost()
        let first = try host.spawn(host.service, ["serve", "--no-simulator"])
        #expect(eventually { first.stderr.contains("leading") }, "\(first.stderr)")
        let now = Int64(Date().timeIntervalSince1970)
        #expect(try host.run(host.supervisor, ["ingest", "-"], stdin: "agri.salinity.max,region=831 value=9.5 \(now)\n").code == 0)
        let id = try #require(try alerts(host, as: host.chauThanh).first?["id"] as? Int)

        // The leader stops answering (stopped), the ack is sent and waits, then the leader dies.
        first.signal(SIGSTOP)
        let ack = try host.spawn(host.chauThanh, ["ack", "\(id)", "--note", "once"])
        // The request is on its way: the client is connected and waiting for the answer.
        #expect(eventually { Self.isWaitingOnSocket(ack.pid) }, "the ack never reached the socket")
        first.signal(SIGKILL)
        first.wait()
        // Nobody leads now, and `ioc info` says so (the dead leader's pid is still in the lock file).
        let info = try host.run(host.viewer, ["info"])
        #expect(info.stdout.contains("leader:        none running"), "\(info.stdout)")
        // Only the service account may lead: anyone else is told who, what and how.
        let usurper = try host.run(host.supervisor, ["serve", "--no-simulator"])
        #expect(usurper.code == 1 && usurper.stderr.contains("\(host.supervisor.name) may not write the store at \(host.store)")
            && usurper.stderr.contains("only the service account leads"), "\(usurper.stderr)")
        let second = try host.spawn(host.service, ["serve", "--no-simulator"])
        defer { second.signal(SIGTERM); second.wait() }
        #expect(ack.wait() == 0, "\(ack.stderr)\n\(first.stderr)")
        let journal = try TestSupport.run(["/usr/bin/sqlite3", host.store, "SELECT COUNT(*) FROM alert_events WHERE alert = \(id) AND action = 'acknowledged'"])
        #expect(journal.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "applied exactly once: \(journal)")
        let requests = try TestSupport.run(["/usr/bin/sqlite3", host.store, "SELECT COUNT(*) FROM actions WHERE kind = 'ack' AND status = 'applied'"])
        #expect(requests.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(requests)")
    }

    @Test func checkHostFindsWhatAnAdministratorGetsWrongAndSaysHowToFixIt() throws {
        try #require(getuid() == 0, "this test creates Unix accounts and runs ioc as them: run it as root (CI does)")
        let host = try MultiOperatorHost()
        let leader = try host.spawn(host.service, ["serve", "--no-simulator"])
        #expect(eventually { leader.stderr.contains("leading") }, "\(leader.stderr)")
        let good = try host.run(host.supervisor, ["check", "--host"])
        #expect(good.code == 0 && good.stdout.contains("host ok") && good.stdout.contains("a leader is running"), "\(good.stdout)")

        // Three mistakes: a store made world-writable, a group operators.yaml names that does not exist, a dead leader.
        try MultiOperatorHost.sh(["chmod", "666", host.store])
        let operators = try String(contentsOfFile: host.config + "/operators.yaml", encoding: .utf8)
        try (operators + "\n  - { group: iocnosuch\(host.suffix), role: viewer }\n").write(toFile: host.config + "/operators.yaml", atomically: true, encoding: .utf8)
        leader.signal(SIGKILL)
        leader.wait()
        let bad = try host.run(host.supervisor, ["check", "--host"])
        #expect(bad.code == 1 && bad.stdout.contains("3 problems on this host"), "\(bad.stdout)")
        #expect(bad.stdout.contains("\(host.store) is world-writable, writable by the operators' group (mode 666)\n"
            + "      → chown \(host.service.name):\(host.group) \(host.store) && chmod 640 \(host.store)"), "\(bad.stdout)")
        #expect(bad.stdout.contains("group 'iocnosuch\(host.suffix)' in \(host.config)/operators.yaml does not exist") && bad.stdout.contains("→ groupadd iocnosuch"), "\(bad.stdout)")
        #expect(bad.stdout.contains("no leader is running (the lock file names a process that is gone)\n      → systemctl start ioc"), "\(bad.stdout)")
    }

    /// A process's state letter from /proc (T: stopped).
    static func state(_ pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
    }

    /// Whether a process holds a socket and sleeps in poll (the client waits for the leader's
    /// answer; a socket alone may still be connecting). Syscall numbers: poll and ppoll on x86-64,
    /// ppoll on arm64.
    static func isWaitingOnSocket(_ pid: Int32) -> Bool {
        let syscall = (try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8))?.split(separator: " ").first.map(String.init)
        guard let syscall, ["7", "271", "73"].contains(syscall) else { return false }
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.contains { fd in
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? "").hasPrefix("socket:")
        }
    }
}
