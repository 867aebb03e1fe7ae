import Foundation
import TestSupport
import Testing

/// The command line on a PostgreSQL store (#18), against the test process's private cluster:
/// `ioc check` says what is wrong without hanging, `ioc migrate` moves a seeded SQLite store and
/// counts both sides, and commands that do not run on PostgreSQL yet say so.
@Suite(.serialized) struct PostgresEndToEndTests {
    @Test func checkSaysWhatIsWrongWithoutHanging() throws {
        let cluster = try PostgresCluster.shared.get()
        let (_, url) = try cluster.database()
        var result = try run([iocBinary, "check", "--config", defaultConfig, "--store", url])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(PostgreSQL) reachable; 5 migrations to apply on first use: v1-center, v2-history-tiers, v3-console-actions, v4-deliveries-and-reports, v5-feed-health"), "\(result.stdout)")
        let empty = TemporaryDirectory("ioc-nopg")
        result = try run([iocBinary, "check", "--config", defaultConfig, "--store", "postgresql://postgres@/x?host=\(empty.url.path)&connect_timeout=2"])
        #expect(result.code == 1 && result.stderr.contains("cannot reach PostgreSQL at \(empty.url.path)/.s.PGSQL.5432"), "\(result.stderr)")
        result = try run([iocBinary, "check", "--config", defaultConfig, "--store", cluster.url(database: "nowhere")])
        #expect(result.code == 1 && result.stderr.contains("has no database 'nowhere'"), "\(result.stderr)")
        result = try run([iocBinary, "check", "--config", defaultConfig, "--store", "postgresql://db:99999/x"])
        #expect(result.code == 1 && result.stderr.contains("port '99999' is not a number from 1 to 65535"), "\(result.stderr)")
        result = try run([iocBinary, "status", "--config", defaultConfig, "--store", url])
        #expect(result.code == 1 && result.stderr.contains("holds no ioc center yet (v1-center, v2-history-tiers, v3-console-actions, v4-deliveries-and-reports, v5-feed-health not applied)"), "\(result.stderr)")
        result = try run([iocBinary, "compact", "--config", defaultConfig, "--store", url])
        #expect(result.code == 78 && result.stderr.contains("does not run on a PostgreSQL store yet"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "postgresql:"), "a URL is never taken for a file name")
    }

    @Test func migrateMovesASeededStoreAndCountsBothSides() throws {
        let cluster = try PostgresCluster.shared.get()
        let dir = TemporaryDirectory("ioc-e2e-migrate")
        let store = dir.file("ioc.sqlite")
        let seeded = try run([iocBinary, "seed", "--days", "3", "--config", defaultConfig, "--store", store])
        #expect(seeded.code == 0, "\(seeded.stderr)")
        // Late values ingested by hand, as an operator would.
        let now = Int64(Date().timeIntervalSince1970)
        let lines = [7_200, 3_600, 1_800].map { "agri.salinity.max,region=831 value=12.5 \(now - Int64($0))" }.joined(separator: "\n") + "\n"
        let ingested = try run([iocBinary, "ingest", "-", "--precision", "s", "--config", defaultConfig, "--store", store], stdin: lines)
        #expect(ingested.code == 0, "\(ingested.stderr)")
        let (name, url) = try cluster.database()
        let moved = try run([iocBinary, "migrate", "--to", url, "--config", defaultConfig, "--store", store])
        #expect(moved.code == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("done: every table has the same rows"), "\(moved.stdout)")
        let series = try cluster.psql("SELECT count(*) FROM series", database: name).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect((Int(series) ?? 0) > 1_000, "the Ben Tre center's series: \(series)")
        let sqliteCount = try run(["/usr/bin/sqlite3", store, "SELECT (SELECT COUNT(*) FROM observations) + (SELECT COALESCE(SUM(count), 0) FROM chunks)"])
        let pgCount = try cluster.psql("SELECT (SELECT count(*) FROM observations) + (SELECT COALESCE(sum(count), 0) FROM chunks)", database: name)
        #expect(sqliteCount.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == pgCount.trimmingCharacters(in: .whitespacesAndNewlines))
        // The same answers from both stores: now, and as the center stood a day ago.
        let dayAgo = "--at=\(ISO8601DateFormatter().string(from: Date(timeIntervalSinceNow: -86_400)))"
        let justNow = "--at=\(ISO8601DateFormatter().string(from: Date()))"
        // Yesterday in the center's zone: a whole day of the seeded history, its alerts and actions.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let day = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSinceNow: -86_400))
        let yesterday = String(format: "day:%04d-%02d-%02d", day.year!, day.month!, day.day!)
        for arguments in [["status", "--json", dayAgo], ["alerts", "--all", "--json"], ["alerts", "--json", justNow],
                          ["value", "agri.salinity.max", "831", "--json", dayAgo], ["value", "econ.grdp_growth", "83", "--json"],
                          ["report", "--period", yesterday, "--format", "json"], ["report", "--period", yesterday, "--region", "831"]] {
            let sqlite = try run([iocBinary] + arguments + ["--config", defaultConfig, "--store", store])
            let postgres = try run([iocBinary] + arguments + ["--config", defaultConfig, "--store", url])
            #expect(sqlite.code == 0 && postgres.code == 0, "\(arguments): \(sqlite.stderr) \(postgres.stderr)")
            #expect(sqlite.stdout == postgres.stdout && sqlite.stdout.count > 10, "\(arguments):\n\(sqlite.stdout)\n\(postgres.stdout)")
        }
        let again = try run([iocBinary, "migrate", "--to", url, "--config", defaultConfig, "--store", store])
        #expect(again.code == 1 && again.stderr.contains("already holds a center"), "\(again.stderr)")
        let nothing = try run([iocBinary, "migrate", "--to", url, "--config", defaultConfig, "--store", dir.file("none.sqlite")])
        #expect(nothing.code == 66 && nothing.stderr.contains("there is no store at"), "\(nothing.stderr)")
    }

    /// A center led on PostgreSQL by one of two `ioc serve` processes: the standby takes over
    /// when the leader is killed (SIGKILL); a leader paused (SIGSTOP) whose session the server
    /// ended meanwhile, as a cut network would, finds on resuming that another leads under a
    /// newer epoch, and writes nothing more.
    @Test func twoServesOnPostgreSQLFailOverAndAStaleLeaderStops() throws {
        let cluster = try PostgresCluster.shared.get()
        let dir = TemporaryDirectory("ioc-e2e-pgserve")
        let (name, url) = try cluster.database()
        func serve(_ tag: String) throws -> Child {
            try Child([iocBinary, "serve", "--config", defaultConfig, "--store", url, "--simulator", "--no-history"],
                      environment: ["XDG_STATE_HOME": dir.file(tag)])
        }
        func leader() -> (holder: String, epoch: Int) {
            let row = ((try? cluster.psql("SELECT holder || '|' || epoch FROM leader", database: name)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let parts = row.split(separator: "|")
            return (parts.first.map(String.init) ?? "", parts.count == 2 ? Int(parts[1]) ?? -1 : -1)
        }
        func sequence() -> Int {
            Int(((try? cluster.psql("SELECT value FROM meta WHERE key = 'sequence'", database: name)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        func log(_ tag: String) -> String { (try? String(contentsOfFile: dir.file("\(tag)/ioc/ioc.log"), encoding: .utf8)) ?? "" }

        // Two start together on an empty database: one migrates and leads, the other stands by.
        let first = try serve("first"), second = try serve("second")
        #expect(eventually { leader().epoch == 1 && sequence() > 1 }, "one leads: \(leader()) \(log("first")) \(log("second"))")
        let firstLeads = leader().holder.hasSuffix("pid \(first.pid)")
        let (a, b, bTag) = firstLeads ? (first, second, "second") : (second, first, "first")
        #expect(eventually { log(bTag).contains("standing by: another process leads postgresql://postgres@/\(name)") }, "\(log(bTag))")
        let status = try run([iocBinary, "status", "--json", "--config", defaultConfig, "--store", url])
        #expect(status.code == 0 && status.stdout.contains("\"fields\""), "\(status.stderr)")

        // The leader dies: its session ends with it, and the standby takes the lead.
        a.signal(SIGKILL)
        a.wait()
        #expect(eventually { leader().holder.hasSuffix("pid \(b.pid)") && leader().epoch == 2 }, "b takes over: \(leader())")
        let afterTakeover = sequence()
        #expect(eventually { sequence() > afterTakeover }, "b writes")

        // b pauses; meanwhile the server ends its session (a cut network); c takes over.
        b.signal(SIGSTOP)
        try cluster.psql("SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '\(name)'", database: name)
        let c = try serve("c")
        #expect(eventually { leader().holder.hasSuffix("pid \(c.pid)") && leader().epoch == 3 }, "c takes over: \(leader()) \(log("c"))")
        b.signal(SIGCONT)
        // b finds it no longer leads: it stands by (or, if it tried to write first, the epoch refused it and it stopped).
        #expect(eventually { log(bTag).contains("lost the lead") || log(bTag).contains("stale leader") || !b.isRunning }, "\(log(bTag))")
        let later = sequence()
        #expect(eventually { sequence() > later } && leader().holder.hasSuffix("pid \(c.pid)") && leader().epoch == 3, "c still leads")
        b.signal(SIGTERM)
        c.signal(SIGTERM)
        #expect(b.wait() == 0 || b.exitCode == 1)
        #expect(c.wait() == 0)
    }

    /// The leader's other duties on PostgreSQL: a critical alert from a row ingested while it
    /// leads reaches the receiver (each try in `ioc notify log`; `ioc notify test` through the
    /// database's queue), a scheduled report is written once and recorded, and a month older
    /// than the last tier's retention is dropped whole when it takes the lead.
    @Test func aLeaderOnPostgreSQLNotifiesReportsAndDropsOldMonths() throws {
        let cluster = try PostgresCluster.shared.get()
        var center = try NotifyCenter(receiver: #"cat > "$GOT/msg.$$.json""#)
        let (name, url) = try cluster.database()
        center.store = url
        let settings = center.config + "/ioc.yaml"
        let yaml = try String(contentsOfFile: settings, encoding: .utf8).replacingOccurrences(of: "timezone: Asia/Ho_Chi_Minh\n", with: """
            timezone: Asia/Ho_Chi_Minh
            retention: { raw: 30d, hourly: 180d, daily: 1y }
            reports: { schedules: [{ period: day, at: "00:00", formats: [md, json] }] }

            """)
        try yaml.write(toFile: settings, atomically: true, encoding: .utf8)
        let state = center.dir.file("state")
        func ioc(_ arguments: [String], stdin: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
            try run([iocBinary] + arguments + ["--config", center.config, "--store", url], environment: ["XDG_STATE_HOME": state], stdin: stdin)
        }

        // A month fourteen months back with a row in it, written before any leader runs.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let then = utc.dateComponents([.year, .month], from: Date(timeIntervalSinceNow: -420 * 86_400))
        let start = Int64(utc.date(from: then)!.timeIntervalSince1970)
        let end = Int64(utc.date(byAdding: .month, value: 1, to: utc.date(from: then)!)!.timeIntervalSince1970)
        let month = String(format: "observations_%04d_%02d", then.year!, then.month!)
        #expect(try ioc(["ingest", "-"], stdin: "agri.salinity.max,region=831 value=2.5 \(start + 86_400)\n").code == 0)
        try cluster.psql("CREATE TABLE moving AS SELECT * FROM observations_default WHERE time >= \(start) AND time < \(end); "
            + "DELETE FROM observations_default WHERE time >= \(start) AND time < \(end); "
            + "CREATE TABLE \(month) PARTITION OF observations FOR VALUES FROM (\(start)) TO (\(end)); "
            + "INSERT INTO observations SELECT * FROM moving; DROP TABLE moving", database: name)
        #expect(try cluster.psql("SELECT count(*) FROM \(month)", database: name).hasPrefix("1"))

        let serve = try Child([iocBinary, "serve", "--no-simulator", "--config", center.config, "--store", url], environment: ["XDG_STATE_HOME": state])
        defer { serve.signal(SIGTERM); serve.wait() }
        func log() -> String { (try? String(contentsOfFile: state + "/ioc/ioc.log", encoding: .utf8)) ?? "" }
        #expect(eventually { log().contains("retention: dropped \(month) (older than 365 days)") }, "\(log())")
        #expect(try cluster.psql("SELECT to_regclass('\(month)') IS NULL", database: name).hasPrefix("t"))

        try center.breach(["83"])
        #expect(eventually(seconds: 60) { center.received().count == 1 }, "\(log())")
        #expect(center.received().first?["status"] as? String == "firing")
        let entries = try ioc(["notify", "log", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(entries.stdout.utf8)) as? [[String: Any]], "\(entries.stderr)")
        #expect(list.count == 1 && list[0]["status"] as? String == "delivered" && (list[0]["attempts"] as? [Any])?.count == 1, "\(list)")
        let test = try ioc(["notify", "test", "duty"])
        #expect(test.code == 0 && test.stdout.contains("duty took the test message test:"), "\(test.stdout)\(test.stderr)")

        // Yesterday's report, due since midnight: written beside the leader's log, recorded once.
        #expect(eventually(seconds: 60) {
            ((try? FileManager.default.contentsOfDirectory(atPath: state + "/ioc/reports")) ?? []).filter { $0.hasSuffix(".md") || $0.hasSuffix(".json") }.count == 2
        }, "\(log())")
        #expect(eventually { ((try? cluster.psql("SELECT count(*) FROM reports", database: name)) ?? "").hasPrefix("1") }, "\(log())")
    }
}
