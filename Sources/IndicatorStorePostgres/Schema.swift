import Foundation
import PostgresNIO

/// The PostgreSQL schema as named migrations, applied in order and recorded in
/// `ioc_migrations`, as GRDB's migrator does for SQLite. The tables and columns are SQLite's,
/// so both backends hold the same rows; observations are partitioned by month of their time.
enum PostgresSchema {
    static let migrations: [(name: String, sql: String)] = [
        ("v1-center", """
            CREATE TABLE meta (key text PRIMARY KEY, value bigint NOT NULL);
            INSERT INTO meta (key, value) VALUES ('sequence', 0), ('intake_applied', 0);
            -- The leadership epoch: the leader that takes over increments it, and every commit checks it.
            CREATE TABLE leader (
                id int PRIMARY KEY CHECK (id = 1),
                epoch bigint NOT NULL,
                holder text NOT NULL DEFAULT '',
                since bigint NOT NULL DEFAULT 0
            );
            INSERT INTO leader (id, epoch) VALUES (1, 0);
            CREATE TABLE series (
                id bigserial PRIMARY KEY,
                indicator text NOT NULL,
                region text NOT NULL,
                UNIQUE (indicator, region)
            );
            -- By month of the observation's time (Unix seconds): the leader creates months ahead,
            -- retention drops whole months; the default partition takes what no month does.
            CREATE TABLE observations (
                series bigint NOT NULL,
                time bigint NOT NULL,
                nanos int NOT NULL DEFAULT 0,
                value double precision NOT NULL,
                source text NOT NULL DEFAULT '',
                PRIMARY KEY (series, time)
            ) PARTITION BY RANGE (time);
            CREATE TABLE observations_default PARTITION OF observations DEFAULT;
            CREATE TABLE current (
                series bigint PRIMARY KEY,
                value double precision,
                time bigint NOT NULL,
                status text NOT NULL,
                seq bigint NOT NULL,
                reported double precision,
                reported_time bigint,
                reported_nanos int NOT NULL DEFAULT 0
            );
            CREATE INDEX current_seq ON current (seq);
            CREATE TABLE alerts (
                id bigint PRIMARY KEY,
                rule text NOT NULL,
                kind text NOT NULL,
                indicator text NOT NULL,
                region text NOT NULL,
                severity text NOT NULL,
                state text NOT NULL,
                active_at bigint NOT NULL,
                since bigint NOT NULL,
                fired_at bigint,
                value double precision,
                acked_by text,
                acked_at bigint,
                ack_note text,
                silenced_by text NOT NULL DEFAULT '',
                flapping boolean NOT NULL DEFAULT false,
                seq bigint NOT NULL
            );
            CREATE INDEX alerts_seq ON alerts (seq);
            CREATE INDEX alerts_state ON alerts (state);
            CREATE TABLE alert_events (
                id bigserial PRIMARY KEY,
                alert bigint NOT NULL,
                time bigint NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                from_state text,
                to_state text,
                reason text NOT NULL,
                seq bigint NOT NULL
            );
            CREATE INDEX alert_events_alert ON alert_events (alert);
            CREATE TABLE silences (
                id bigint PRIMARY KEY,
                field text,
                indicator text,
                region text,
                start bigint NOT NULL,
                "end" bigint NOT NULL,
                created_by text NOT NULL,
                comment text NOT NULL DEFAULT ''
            );
            CREATE TABLE audit (
                id bigserial PRIMARY KEY,
                time bigint NOT NULL,
                "user" text NOT NULL,
                uid bigint,
                role text NOT NULL DEFAULT '',
                action text NOT NULL,
                target text NOT NULL,
                detail text NOT NULL DEFAULT '',
                result text NOT NULL DEFAULT '',
                origin text NOT NULL DEFAULT ''
            );
            CREATE INDEX audit_time ON audit (time);
            CREATE TABLE actions (
                id bigserial PRIMARY KEY,
                request text UNIQUE,
                time bigint NOT NULL,
                "user" text NOT NULL,
                uid bigint,
                role text NOT NULL DEFAULT '',
                kind text NOT NULL,
                region text,
                note text NOT NULL DEFAULT '',
                status text NOT NULL,
                result text NOT NULL DEFAULT ''
            );
            CREATE TABLE intake (
                id bigserial PRIMARY KEY,
                indicator text NOT NULL,
                region text NOT NULL,
                time bigint NOT NULL,
                nanos int NOT NULL DEFAULT 0,
                value double precision NOT NULL,
                source text NOT NULL DEFAULT ''
            );
            CREATE TABLE outbox (
                id bigserial PRIMARY KEY,
                key text NOT NULL UNIQUE,
                receiver text NOT NULL,
                body text NOT NULL,
                created bigint NOT NULL,
                next_try bigint NOT NULL,
                tries int NOT NULL DEFAULT 0,
                status text NOT NULL DEFAULT 'pending',
                last_error text NOT NULL DEFAULT '',
                delivered_at bigint
            );
            CREATE INDEX outbox_due ON outbox (next_try) WHERE status = 'pending';
            CREATE TABLE outbox_alerts (
                outbox bigint NOT NULL REFERENCES outbox (id),
                alert bigint NOT NULL,
                PRIMARY KEY (alert, outbox)
            );
            CREATE TABLE planner (id int PRIMARY KEY CHECK (id = 1), state text NOT NULL);
            """),
        ("v2-history-tiers", """
            -- Compacted series-days, as on SQLite: the day's aggregates, its hours, and its raw
            -- points in the chunk encoding (SeriesCodec), byte for byte.
            CREATE TABLE chunks (
                series bigint NOT NULL,
                day bigint NOT NULL,
                count bigint NOT NULL,
                min double precision NOT NULL,
                max double precision NOT NULL,
                sum double precision NOT NULL,
                first double precision NOT NULL,
                last double precision NOT NULL,
                first_time bigint NOT NULL,
                last_time bigint NOT NULL,
                hours bytea,
                data bytea,
                PRIMARY KEY (series, day)
            );
            CREATE INDEX chunks_day ON chunks (day);
            """),
        ("v3-console-actions", """
            -- Operators' actions from consoles on other hosts: queued by ioc_request, which records
            -- the role the server authenticated; the leader answers them into `actions`.
            CREATE TABLE queued_actions (
                id bigserial PRIMARY KEY,
                request text NOT NULL UNIQUE,
                "user" text NOT NULL,
                groups text[] NOT NULL,
                time bigint NOT NULL,
                body text NOT NULL
            );
            -- The one thing a console's role may write. SECURITY DEFINER: it runs with the owner's
            -- rights, while session_user stays the role that logged in, so nobody can act as another.
            CREATE FUNCTION ioc_request(p_request text, p_body text) RETURNS bigint
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                made bigint;
            BEGIN
                IF length(p_request) > 100 OR length(p_body) > 1048576 THEN
                    RAISE EXCEPTION 'an ioc action is at most 1 MB with an id of at most 100 characters';
                END IF;
                INSERT INTO queued_actions (request, "user", groups, time, body)
                VALUES (p_request, session_user,
                        ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                              JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user ORDER BY 1),
                        extract(epoch FROM clock_timestamp())::bigint, p_body)
                ON CONFLICT (request) DO NOTHING RETURNING id INTO made;
                RETURN coalesce(made, 0);
            END
            $$;
            REVOKE ALL ON FUNCTION ioc_request(text, text) FROM PUBLIC;
            -- Consoles' roles are members of ioc_console: they read everything and act only
            -- through ioc_request. Made when the migrating role may make roles.
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ioc_console') THEN
                    BEGIN
                        CREATE ROLE ioc_console NOLOGIN;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                    WHEN insufficient_privilege THEN
                        RAISE NOTICE 'ioc_console not made: the migrating role may not make roles';
                    END;
                END IF;
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ioc_console') THEN
                    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ioc_console', current_database());
                    GRANT USAGE ON SCHEMA public TO ioc_console;
                    GRANT SELECT ON ALL TABLES IN SCHEMA public TO ioc_console;
                    GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ioc_console;
                    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ioc_console;
                    GRANT EXECUTE ON FUNCTION ioc_request(text, text) TO ioc_console;
                END IF;
            END
            $$;
            """),
        ("v4-deliveries-and-reports", """
            -- Each try of a notification (ioc notify log), and the scheduled reports written, as on SQLite.
            CREATE TABLE outbox_attempts (
                id bigserial PRIMARY KEY,
                outbox bigint NOT NULL REFERENCES outbox (id),
                time bigint NOT NULL,
                result text NOT NULL,
                detail text NOT NULL DEFAULT ''
            );
            CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox);
            CREATE TABLE reports (
                schedule text NOT NULL,
                period text NOT NULL,
                written bigint NOT NULL,
                files text NOT NULL,
                PRIMARY KEY (schedule, period)
            );
            """),
        ("v5-feed-health", """
            -- How each feed stands, as the leader last recorded it (ioc feeds, the Feeds screen).
            CREATE TABLE feeds (
                name text PRIMARY KEY,
                kind text NOT NULL,
                state text NOT NULL,
                last_time bigint,
                accepted_1h bigint NOT NULL,
                rejected_1h bigint NOT NULL,
                restarts bigint NOT NULL,
                last_error text NOT NULL
            );
            """),
    ]

    /// Applies what is missing, in one transaction each; refuses a database that has a
    /// migration this ioc does not know (it is from a newer one).
    static func migrate(_ session: PostgresSession) throws(PostgresProblem) {
        // One migrator at a time, across hosts.
        try session.query("SELECT pg_advisory_lock(\(lockKey))")
        defer { _ = try? session.query("SELECT pg_advisory_unlock(\(lockKey))") }
        try session.query("CREATE TABLE IF NOT EXISTS ioc_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        let applied = try session.query("SELECT name FROM ioc_migrations ORDER BY name").map { row throws(PostgresProblem) in try text(row, 0) }
        try checkKnown(applied, url: session.url.description)
        for migration in migrations where !applied.contains(migration.name) {
            try session.transaction { () throws(PostgresProblem) in
                for statement in statements(migration.sql) { try session.query(statement) }
                try session.query("INSERT INTO ioc_migrations (name) VALUES ($1)", [migration.name])
            }
        }
    }

    static func checkKnown(_ applied: [String], url: String) throws(PostgresProblem) {
        let known = Set(migrations.map(\.name))
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw PostgresProblem(.newerSchema, "the database \(url) has a schema from a newer ioc (migration '\(unknown)' is unknown to this one); "
                + "upgrade ioc on this host, or point it at another database")
        }
    }

    /// Advisory lock keys: the migrator's, and the leader's.
    static let lockKey: Int64 = 0x10C_0001
    static let leaderKey: Int64 = 0x10C_0002

    /// A script's statements (one at a time: the extended protocol takes one per query): each
    /// ends with a line ending in `;` outside a `$$` body; comment lines outside bodies left out.
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = [], current: [Substring] = [], inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !inBody, trimmed.hasPrefix("--") { continue }
            current.append(line)
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, trimmed.hasSuffix(";") {
                statements.append(String(current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines).dropLast()))
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return (statements + [rest]).filter { !$0.isEmpty }
    }
}

extension PostgresRandomAccessRow {
    /// A column's value, or a problem naming the column.
    func value<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws(PostgresProblem) -> T {
        do {
            return try self[column].decode(T.self)
        } catch {
            throw PostgresProblem(.failed, "PostgreSQL gave column \(column) as something other than \(T.self): \(String(reflecting: error))")
        }
    }
}

func text(_ row: PostgresRandomAccessRow, _ column: Int) throws(PostgresProblem) -> String { try row.value(column, as: String.self) }
