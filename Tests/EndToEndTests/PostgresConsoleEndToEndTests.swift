import Foundation
import TestSupport
import Testing

/// A center on PostgreSQL with consoles "on other hosts": each connects as its own database
/// role (no leader's socket to reach), follows the store by `LISTEN`, and acts through the
/// database's `ioc_request`, which records the role the server authenticated.
@Suite(.serialized) struct PostgresConsoleEndToEndTests {
    /// What a test needs: the database, roles made for it, a configuration naming them.
    struct Center {
        let cluster: PostgresCluster
        let dir = TemporaryDirectory("ioc-e2e-pgconsole")
        let name: String
        let url: String
        let config: String
        let supervisor: String, operatorRole: String, stranger: String, ungranted: String

        init() throws {
            cluster = try PostgresCluster.shared.get()
            (name, url) = try cluster.database()
            (supervisor, operatorRole, stranger, ungranted) = ("alice_\(name)", "bob_\(name)", "eve_\(name)", "nobody_\(name)")
            config = dir.file("config")
            try FileManager.default.copyItem(atPath: defaultConfig, toPath: config)
            try """
                operators:
                  - { user: postgres, role: admin }
                  - { user: \(supervisor), role: supervisor }
                  - { user: \(operatorRole), role: operator }
                  - { user: \(ungranted), role: operator }
                """.write(toFile: config + "/operators.yaml", atomically: true, encoding: .utf8)
        }

        func url(as role: String) -> String { cluster.url(database: name, role: role) }

        func ioc(_ arguments: [String], as role: String? = nil, stdin: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
            try run([iocBinary] + arguments + ["--config", config, "--store", role.map(url(as:)) ?? url],
                    environment: ["XDG_STATE_HOME": dir.file("state")], stdin: stdin)
        }

        /// Roles for consoles: members of ioc_console (made by the schema's migration) but one.
        func makeRoles() throws {
            for role in [supervisor, operatorRole, stranger] { try cluster.psql("CREATE ROLE \(role) LOGIN IN ROLE ioc_console") }
            try cluster.psql("CREATE ROLE \(ungranted) LOGIN")
        }

        func console(as role: String) throws -> TmuxSession {
            try TmuxSession(command: "'\(iocBinary)' --config '\(config)' --store '\(url(as: role))'",
                            environment: ["XDG_STATE_HOME": dir.file("state"), "XDG_CONFIG_HOME": dir.file("prefs-\(role)")])
        }
    }

    @Test func consolesAsTwoRolesSeeAnAckMadeInEitherAndOnlyOperatorsAct() throws {
        let center = try Center()
        let serve = try Child([iocBinary, "serve", "--config", center.config, "--store", center.url, "--no-simulator"],
                              environment: ["XDG_STATE_HOME": center.dir.file("state")])
        defer { serve.signal(SIGTERM); serve.wait() }
        #expect(eventually { ((try? center.cluster.psql("SELECT epoch FROM leader", database: center.name)) ?? "").hasPrefix("1") },
                "the leader did not start: \(serve.stderr)")
        try center.makeRoles()

        let left = try center.console(as: center.supervisor), right = try center.console(as: center.operatorRole)
        for (console, who) in [(left, "supervisor \(center.supervisor)"), (right, "operator \(center.operatorRole)")] {
            let shown = console.waitFor { $0.contains(who) && $0.contains("IOC Bến Tre") && !$0.contains("no leader") }
            #expect(shown.ok, "a console did not open as its database role:\n\(shown.screen)")
        }

        // A breach ingested by the service's role while the leader runs: queued in the database's intake.
        let now = Int64(Date().timeIntervalSince1970)
        let ingest = try center.ioc(["ingest", "-"], stdin: "agri.salinity.max,region=831 value=9.5 \(now)\n")
        #expect(ingest.code == 0 && ingest.stderr.contains("1 accepted"), "\(ingest.stderr)")
        for console in [left, right] {
            let alert = console.waitFor("Độ mặn cao nhất · Châu Thành")
            let stored = (try? center.cluster.psql("SELECT s.region || '=' || c.value || '@' || c.seq FROM current c JOIN series s ON s.id = c.series WHERE s.indicator = 'agri.salinity.max'", database: center.name)) ?? ""
            let log = (try? String(contentsOfFile: center.dir.file("state/ioc/ioc.log"), encoding: .utf8)) ?? ""
            #expect(alert.ok, "the alert did not reach a console (stored: \(stored); ingest: \(ingest.stderr)):\n\(alert.screen)\n\(log)")
        }

        // The supervisor acknowledges from the alerts screen; the other console sees it.
        try left.send("a")
        #expect(left.waitFor("Bến Tre › Alerts").ok)
        try left.send("A")
        try left.send("-l", "đã báo trạm")
        try left.send("Enter")
        let acked = left.waitFor("ack \(center.supervisor): đã báo trạm")
        #expect(acked.ok, "\(acked.screen)")
        let seen = right.waitFor("1 acknowledged")
        #expect(seen.ok, "the second console never saw the ack:\n\(seen.screen)")

        // From the command line as the operator role: a note goes through the same queue.
        let alerts = try center.ioc(["alerts", "--json"], as: center.operatorRole)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(alerts.stdout.utf8)) as? [[String: Any]], "\(alerts.stderr)")
        let id = try #require(list.first { $0["acked_by"] as? String == center.supervisor }?["id"] as? Int, "\(alerts.stdout)")
        let note = try center.ioc(["note", "\(id)", "trạm đã báo lại"], as: center.operatorRole)
        #expect(note.code == 0 && note.stdout.contains("by \(center.operatorRole)"), "\(note.stdout) \(note.stderr)")
        let whoami = try center.ioc(["whoami"], as: center.operatorRole)
        #expect(whoami.stdout.contains("\(center.operatorRole) (PostgreSQL role): operator of"), "\(whoami.stdout) \(whoami.stderr)")

        // A role that is no operator is refused by the leader, and audited; one without the
        // ioc_console grant cannot queue at all; a console role cannot write the tables.
        let stranger = try center.ioc(["ack", "\(id)"], as: center.stranger)
        #expect(stranger.code == 77 && stranger.stderr.contains("\(center.stranger) is not an operator"), "\(stranger.stderr)")
        let strangerConsole = try center.ioc([], as: center.stranger)
        #expect(strangerConsole.code == 77 && strangerConsole.stderr.contains("PostgreSQL role \(center.stranger) is not an operator"),
                "\(strangerConsole.stderr)")
        let ungranted = try center.ioc(["note", "\(id)", "x"], as: center.ungranted)
        #expect(ungranted.code == 1 && ungranted.stderr.contains("GRANT ioc_console TO \(center.ungranted)"), "\(ungranted.stderr)")
        let forged = try run([center.cluster.program("psql"), "-h", center.cluster.socketDirectory, "-U", center.supervisor, "-d", center.name,
                              "-c", "UPDATE alerts SET acked_by = 'someone else'"])
        #expect(forged.code != 0 && forged.stderr.contains("permission denied"), "\(forged.stderr)")
        let audit = try center.cluster.psql("SELECT \"user\" || '|' || action || '|' || result || '|' || origin FROM audit ORDER BY id", database: center.name)
        #expect(audit.contains("\(center.supervisor)|ack|applied|database"), "\(audit)")
        #expect(audit.contains("\(center.operatorRole)|note|applied|database"), "\(audit)")
        #expect(audit.contains("\(center.stranger)|ack|refused|database"), "\(audit)")

        for console in [left, right] {
            try console.send("q")
            #expect(console.waitFor("IOC-EXIT=").screen.contains("IOC-EXIT=0"))
        }
    }

    /// `ioc ingest` leading the store itself (no serve): killed mid-file, then run again, the
    /// store holds exactly the file's observations (the second run's re-inserts change nothing).
    @Test func ingestKilledMidFileThenRunAgainGivesTheExactSet() throws {
        let center = try Center()
        let file = center.dir.file("big.lp")
        let start = Int64(Date().timeIntervalSince1970) - 90 * 86_400
        var text = ""
        var sum = 0.0
        let regions = ["829", "831", "832", "833", "834", "835", "836", "837", "838"]
        for n in 0..<180_000 {
            let value = Double(n % 997) / 10
            sum += value
            text += "agri.salinity.max,region=\(regions[n % 9]) value=\(value) \(start + Int64(n / 9) * 60)\n"
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        // The first run reads half the file through a pipe that stays open, so it is surely
        // killed mid-file: after its batches of that half are committed.
        let fifo = center.dir.file("half.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let first = try Child([iocBinary, "ingest", fifo, "--format", "line", "--batch-size", "5000", "--config", center.config, "--store", center.url],
                              environment: ["XDG_STATE_HOME": center.dir.file("state")])
        // Opened read-write, it never waits for the reader; written without blocking, a child
        // that is gone cannot hang the test.
        let writer = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        #expect(writer >= 0)
        defer { close(writer) }
        let half = Array((text.split(separator: "\n").prefix(90_000).joined(separator: "\n") + "\n").utf8)
        var offset = 0
        while offset < half.count {
            let n = half[offset...].withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            guard errno == EAGAIN, first.isRunning else { break }
            var ready = pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)
            _ = poll(&ready, 1, 100)
        }
        #expect(offset == half.count, "the first run stopped reading: \(first.stderr)")
        func stored() -> Int {
            Int(((try? center.cluster.psql("SELECT count(*) FROM observations", database: center.name)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        #expect(eventually { stored() == 90_000 }, "the first half was not committed: \(stored()) \(first.stderr)")
        first.signal(SIGKILL)
        first.wait()
        let partial = stored()
        #expect(partial == 90_000)
        let second = try center.ioc(["ingest", file, "--batch-size", "5000"])
        #expect(second.code == 0 && second.stderr.contains("180000 accepted, 0 rejected"), "\(second.stderr)")
        let totals = try center.cluster.psql("SELECT count(*) || '|' || count(DISTINCT (series, time)) || '|' || round(sum(value)::numeric, 1) FROM observations",
                                             database: center.name).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(totals == "180000|180000|\(String(format: "%.1f", sum))", "\(totals) after a first run that stored \(partial)")
    }
}
