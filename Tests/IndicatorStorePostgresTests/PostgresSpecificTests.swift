import Foundation
import IndicatorEngine
import IndicatorStore
import IndicatorStorePostgres
import TestSupport
import Testing

@Suite struct PostgresURLTests {
    @Test func urlsAsLibpqWritesThem() throws {
        let socket = try PostgresURL.parse("postgresql://ioc@/ioc?host=/run/postgresql")
        #expect(socket.user == "ioc" && socket.host == nil && socket.socketDirectory == "/run/postgresql" && socket.database == "ioc")
        #expect(socket.server == "/run/postgresql/.s.PGSQL.5432")
        let tcp = try PostgresURL.parse("postgres://lan:p%40ss@db.bentre.gov.vn:6432/center?sslmode=require&connect_timeout=3")
        #expect(tcp.user == "lan" && tcp.password == "p@ss" && tcp.host == "db.bentre.gov.vn" && tcp.port == 6432)
        #expect(tcp.database == "center" && tcp.tls == .require && tcp.connectTimeout == 3)
        #expect(tcp.description == "postgresql://lan@db.bentre.gov.vn:6432/center?sslmode=require", "no password in what is shown")
        let v6 = try PostgresURL.parse("postgresql://[::1]:5433/ioc")
        #expect(v6.host == "::1" && v6.port == 5433 && v6.user == nil)
        let path = try PostgresURL.parse("postgresql://%2Fvar%2Frun%2Fpg/ioc")
        #expect(path.host == nil && path.socketDirectory == "/var/run/pg")
        #expect(PostgresURL.isURL("postgresql://x") && !PostgresURL.isURL("data/ioc.sqlite"))
        #expect(try StoreLocation.of("/var/lib/ioc/ioc.sqlite") == .sqlite(path: "/var/lib/ioc/ioc.sqlite"))
    }

    @Test func badURLsSayWhatIsWrong() {
        for (text, expected) in [("postgresql://db:99999/ioc", "port '99999' is not a number from 1 to 65535"),
                                 ("postgresql://db/ioc?sslmode=sometimes", "sslmode 'sometimes' is not disable, prefer, require or verify-full"),
                                 ("postgresql://db/ioc?colour=blue", "unknown parameter 'colour'"),
                                 ("postgresql://db/ioc?connect_timeout=0", "connect_timeout '0' is not a whole number of seconds above 0"),
                                 ("postgresql://[::1/ioc", "an IPv6 host needs its closing ]")] {
            #expect(throws: PostgresURL.Problem.self) { try PostgresURL.parse(text) }
            do { _ = try PostgresURL.parse(text) } catch { #expect(error.description.contains(expected), "\(error)") }
        }
    }

    /// The password comes from PGPASSFILE (first matching line, `*` matching anything), and a
    /// file others can read is ignored, as libpq does.
    @Test func thePasswordFile() throws {
        let dir = TemporaryDirectory("ioc-pgpass")
        let file = dir.file("pgpass")
        try "# comment\nother:5432:*:*:nope\ndb.bentre.gov.vn:5432:center:lan:first\\:colon\n*:*:*:lan:second\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let url = try PostgresURL.parse("postgresql://lan@db.bentre.gov.vn/center")
        #expect(url.resolvedPassword(environment: ["PGPASSFILE": file]) == "first:colon")
        #expect(try PostgresURL.parse("postgresql://lan@/x").resolvedPassword(environment: ["PGPASSFILE": file]) == "second")
        #expect(try PostgresURL.parse("postgresql://ha@/x").resolvedPassword(environment: ["PGPASSFILE": file]) == nil)
        chmod(file, 0o644)
        #expect(url.resolvedPassword(environment: ["PGPASSFILE": file]) == nil, "a file others can read is ignored")
    }
}

/// What only PostgreSQL has: clear errors on connecting, the schema's version, monthly
/// partitions, the leadership's fence, the change feed over LISTEN.
@Suite struct PostgresOnlyTests {
    func cluster() throws -> PostgresCluster { try PostgresCluster.shared.get() }

    /// A new database with its schema, and the lead of it.
    func ledDatabase() throws -> (cluster: PostgresCluster, name: String, url: PostgresURL, store: PostgresStore, lead: PostgresLeadership) {
        let cluster = try cluster()
        let (name, text) = try cluster.database()
        let url = try PostgresURL.parse(text)
        let store = try PostgresStore.open(url)
        let lead = try #require(try PostgresLeadership.tryLead(url, holder: "leader"))
        return (cluster, name, url, store, lead)
    }

    /// An unreachable server, a refused login, a missing database and a newer schema each get
    /// their own clear error, and none of them hangs.
    @Test func connectingFailsClearly() throws {
        let cluster = try cluster()
        let empty = TemporaryDirectory("ioc-nopg")
        let nowhere = try PostgresURL.parse("postgresql://postgres@/x?host=\(empty.url.path)&connect_timeout=2")
        #expect(throws: PostgresProblem.self) { try PostgresSession.connect(nowhere) }
        do { _ = try PostgresSession.connect(nowhere) } catch {
            #expect(error.kind == .unreachable)
            #expect(error.description.contains("cannot reach PostgreSQL at \(empty.url.path)/.s.PGSQL.5432"), "\(error)")
        }
        let (name, _) = try cluster.database()
        let secret = try PostgresURL.parse("postgresql://\(PostgresCluster.passwordRole)@/\(name)?host=\(cluster.socketDirectory)")
        do { _ = try PostgresSession.connect(secret, environment: [:]); Issue.record("logged in without a password") } catch {
            #expect(error.kind == .login && error.description.contains("asks role 'ioc_secret' for a password"), "\(error)")
        }
        var wrong = secret
        wrong.password = "guess"
        do { _ = try PostgresSession.connect(wrong); Issue.record("logged in with a wrong password") } catch {
            #expect(error.kind == .login && error.description.contains("refused the login of role 'ioc_secret'"), "\(error)")
        }
        var right = secret
        right.password = PostgresCluster.password
        try PostgresSession.connect(right).close()
        let missing = try PostgresURL.parse(cluster.url(database: "no_such_db"))
        do { _ = try PostgresSession.connect(missing); Issue.record("connected to a missing database") } catch {
            #expect(error.kind == .noDatabase && error.description.contains("has no database 'no_such_db'; create it: createdb -O postgres no_such_db"), "\(error)")
        }
    }

    /// Named migrations: a new database gets them all, an up-to-date one nothing, one migrated
    /// by a newer ioc is refused with the name of what it does not know.
    @Test func migrationsAndANewerSchema() throws {
        let cluster = try cluster()
        let (name, text) = try cluster.database()
        let url = try PostgresURL.parse(text)
        #expect(try PostgresStore.check(url) == ["v1-center", "v2-history-tiers", "v3-console-actions", "v4-deliveries-and-reports", "v5-feed-health"])
        try PostgresStore.open(url).close()
        #expect(try PostgresStore.check(url) == [])
        try PostgresStore.open(url).close()
        try cluster.psql("INSERT INTO ioc_migrations (name) VALUES ('v9-from-the-future')", database: name)
        do { _ = try PostgresStore.open(url); Issue.record("opened a newer schema") } catch {
            #expect(error.kind == .newerSchema && error.description.contains("migration 'v9-from-the-future' is unknown"), "\(error)")
        }
        #expect(throws: PostgresProblem.self) { try PostgresStore.check(url) }
    }

    /// Observations go to their month's partition; a month created late takes its rows from the
    /// default partition; retention drops whole months.
    @Test func monthlyPartitions() throws {
        let cluster = try cluster()
        let (name, text) = try cluster.database()
        let url = try PostgresURL.parse(text)
        let december: Int64 = 1_796_083_200 // 2026-12-01 00:00 UTC
        let store = try PostgresStore.open(url, now: december - 86_400)
        defer { store.close() }
        #expect(try store.partitions() == ["observations_2026_11", "observations_2026_12", "observations_2027_01"])
        let lead = try #require(try PostgresLeadership.tryLead(url, holder: "test"))
        defer { lead.release() }
        var batch = Batch()
        batch.observations = [Observation(indicator: "a.b", region: "83", time: december - 60, value: 1),
                              Observation(indicator: "a.b", region: "83", time: december + 60, value: 2),
                              Observation(indicator: "a.b", region: "83", time: december - 40 * 86_400, value: 3)]
        try store.commit(batch, epoch: lead.epoch)
        func where_(_ time: Int64) throws -> String {
            try cluster.psql("SELECT tableoid::regclass FROM observations WHERE time = \(time)", database: name).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try where_(december - 60) == "observations_2026_11")
        #expect(try where_(december + 60) == "observations_2026_12")
        #expect(try where_(december - 40 * 86_400) == "observations_default", "October had no partition yet")
        try store.ensurePartitions(around: december, monthsBack: 2, monthsAhead: 0)
        #expect(try where_(december - 40 * 86_400) == "observations_2026_10", "moved into its month")
        #expect(try store.observationCount() == 3)
        #expect(try store.dropPartitions(endingBy: december) == ["observations_2026_10", "observations_2026_11"])
        #expect(try store.observationCount() == 1)
    }

    /// One leader at a time across sessions; a new leader's epoch fences the old one out: its
    /// commit is refused and writes nothing. A leader's session that ends frees the lead.
    @Test func theLeadershipFence() throws {
        let cluster = try cluster()
        let (name, text) = try cluster.database()
        let url = try PostgresURL.parse(text)
        let store = try PostgresStore.open(url)
        defer { store.close() }
        let first = try #require(try PostgresLeadership.tryLead(url, holder: "host-a"))
        #expect(first.epoch == 1 && first.isHeld)
        #expect(try PostgresLeadership.tryLead(url, holder: "host-b") == nil, "one leader at a time")
        var batch = Batch()
        batch.observations = [Observation(indicator: "a.b", region: "83", time: 1_796_000_000, value: 1)]
        #expect(try store.commit(batch, epoch: first.epoch) == 1)

        // The leader's session ends as a crash or a cut network would end it.
        try cluster.psql("SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '\(name)'", database: name)
        #expect(eventually(seconds: 10) { !first.isHeld })
        let second = try #require(try PostgresLeadership.tryLead(url, holder: "host-b"))
        defer { second.release() }
        #expect(second.epoch == 2)
        #expect(try PostgresLeadership.current(url).holder == "host-b")
        // The old leader, not knowing, tries to write: refused, nothing written.
        batch.observations = [Observation(indicator: "a.b", region: "83", time: 1_796_000_060, value: 2)]
        do { try store.commit(batch, epoch: first.epoch); Issue.record("a stale leader wrote") } catch {
            #expect(error.kind == .staleLeader && error.description.contains("leads epoch 1, the store is at epoch 2"), "\(error)")
        }
        #expect(try store.observationCount() == 1 && store.sequence() == 1)
        #expect(try store.commit(batch, epoch: second.epoch) == 2)
    }

    /// A console's role reads and queues actions through `ioc_request`, recorded under the role
    /// the server authenticated (whatever the body claims), and writes nothing else; the
    /// leader reads the queue, answers into `actions` and removes what it answered in the same
    /// commit; a retry with the same id queues nothing twice; the data version moves with each.
    @Test func consoleRolesActOnlyThroughTheQueue() throws {
        let (cluster, name, _, store, lead) = try ledDatabase()
        defer { store.close(); lead.release() }
        let role = "lan_\(name)"
        try cluster.psql("CREATE ROLE \(role) LOGIN IN ROLE ioc_console")
        let console = try PostgresStore.openForReading(try PostgresURL.parse(cluster.url(database: name, role: role)))
        defer { console.close() }
        #expect(try console.sessionIdentity() == (role, ["ioc_console"]))
        let before = try console.dataVersion()
        try console.queueAction(request: "r-1", body: #"{"id":"r-1","op":"ack","alert":7,"user":"root"}"#)
        try console.queueAction(request: "r-1", body: "again")
        #expect(try console.dataVersion() != before)
        let queued = try store.queuedActions(limit: 10)
        #expect(queued.map(\.request) == ["r-1"] && queued[0].user == role && queued[0].groups == ["ioc_console"])
        #expect(queued[0].body.contains(#""op":"ack""#), "the first body is kept")
        var batch = Batch()
        batch.actionsThrough = queued[0].id
        batch.requests = [RequestOutcome(request: "r-1", time: 1, user: role, uid: -1, role: "operator", kind: "ack", target: "alert 7", note: "",
                                         status: .applied, result: "acknowledged")]
        try store.commit(batch, epoch: lead.epoch)
        #expect(try store.queuedActions(limit: 10).isEmpty)
        #expect(try console.request(id: "r-1")?.result == "acknowledged")
        do {
            try console.enqueueIntake([Observation(indicator: "a.b", region: "83", time: 1, value: 1)])
            Issue.record("a console's role wrote the intake")
        } catch {
            #expect(error.description.contains("permission denied") && error.description.contains("GRANT ioc_console TO \(role)"), "\(error)")
        }
        // The server ends the console's connection (a restart, a cut network): a look may fail
        // while it goes, and the next connects again.
        func sessions() -> String {
            ((try? cluster.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = '\(role)'")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(sessions() == "1")
        try cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '\(role)'")
        #expect(eventually(seconds: 10) { sessions() == "0" })
        #expect(eventually(seconds: 10) { (try? console.request(id: "r-1"))??.result == "acknowledged" && sessions() == "1" })
        try cluster.psql("CREATE ROLE nobody_\(name) LOGIN")
        do {
            _ = try PostgresStore.openForReading(try PostgresURL.parse(cluster.url(database: name, role: "nobody_\(name)")))
            Issue.record("a role without the grant opened the center")
        } catch {
            #expect("\(error)".contains("GRANT ioc_console TO nobody_\(name)"), "\(error)")
        }
    }

    /// Each commit wakes a follower's descriptor; a dropped LISTEN connection is made again,
    /// says to look, and reading what is newer than what the follower has loses nothing.
    @Test func theChangeFeedLosesNothingAcrossAReconnect() throws {
        let (cluster, name, url, store, lead) = try ledDatabase()
        defer { store.close(); lead.release() }
        let feed = try PostgresChangeFeed(url)
        func readable() -> Bool {
            var fd = pollfd(fd: feed.descriptor, events: Int16(POLLIN), revents: 0)
            return poll(&fd, 1, 100) == 1
        }
        var had: Int64 = 0
        var seen: [Double] = []
        func follow() throws {
            let changes = try store.changes(since: had)
            seen += changes.current.map(\.value.value)
            had = changes.sequence
        }
        let ids = try store.seriesIDs([("a.b", "83")])
        func write(_ value: Double) throws {
            var batch = Batch()
            batch.current = [CurrentRow(series: ids[0], value: CurrentValue(value: value, time: 1_796_000_000 + Int64(value), status: .ok))]
            try store.commit(batch, epoch: lead.epoch)
        }
        try write(1)
        #expect(eventually(seconds: 10) { readable() })
        #expect(feed.drain())
        try follow()
        #expect(seen == [1])

        // The server drops the listening connection; two commits happen while it is down.
        try cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND query LIKE 'LISTEN%'", database: name)
        #expect(eventually(seconds: 10) { !feed.isConnected })
        try write(2)
        try write(3)
        #expect(feed.maintain() && feed.isConnected && feed.reconnects == 1)
        #expect(feed.drain(), "a reconnect says to look")
        try follow()
        #expect(seen == [1, 3], "the newest value of the series, nothing lost")
        #expect(had == 3)
        try write(4)
        #expect(eventually(seconds: 10) { readable() })
        #expect(feed.drain())
        try follow()
        #expect(seen == [1, 3, 4])
    }
}
