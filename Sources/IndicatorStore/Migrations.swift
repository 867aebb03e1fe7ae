import GRDB
import StoreContract

/// Named migrations. A migration that has shipped is never edited: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-series-observations-current") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value ANY
                );
                CREATE TABLE series (
                    id INTEGER PRIMARY KEY,
                    indicator TEXT NOT NULL,
                    region TEXT NOT NULL,
                    UNIQUE (indicator, region)
                );
                CREATE TABLE observations (
                    series INTEGER NOT NULL REFERENCES series(id),
                    time INTEGER NOT NULL,
                    value REAL NOT NULL,
                    source TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (series, time)
                ) WITHOUT ROWID;
                CREATE TABLE current (
                    series INTEGER PRIMARY KEY REFERENCES series(id),
                    value REAL,
                    time INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    seq INTEGER NOT NULL
                );
                CREATE INDEX current_seq ON current(seq);
                """)
        }
        migrator.registerMigration("v2-alerts-actions-intake") { db in
            try db.execute(sql: """
                ALTER TABLE current ADD COLUMN reported REAL;
                ALTER TABLE current ADD COLUMN reported_time INTEGER;
                CREATE TABLE alerts (
                    id INTEGER PRIMARY KEY,
                    rule TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    indicator TEXT NOT NULL,
                    region TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    state TEXT NOT NULL,
                    active_at INTEGER NOT NULL,
                    since INTEGER NOT NULL,
                    fired_at INTEGER,
                    value REAL,
                    acked_by TEXT,
                    acked_at INTEGER,
                    ack_note TEXT,
                    silenced_by TEXT NOT NULL DEFAULT '',
                    flapping INTEGER NOT NULL DEFAULT 0,
                    seq INTEGER NOT NULL
                );
                CREATE INDEX alerts_seq ON alerts(seq);
                CREATE INDEX alerts_state ON alerts(state);
                CREATE TABLE alert_events (
                    id INTEGER PRIMARY KEY,
                    alert INTEGER NOT NULL,
                    time INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    from_state TEXT,
                    to_state TEXT,
                    reason TEXT NOT NULL,
                    seq INTEGER NOT NULL
                );
                CREATE INDEX alert_events_alert ON alert_events(alert);
                CREATE TABLE silences (
                    id INTEGER PRIMARY KEY,
                    field TEXT,
                    indicator TEXT,
                    region TEXT,
                    start INTEGER NOT NULL,
                    end INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    comment TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    time INTEGER NOT NULL,
                    user TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    detail TEXT NOT NULL DEFAULT ''
                );
                -- Operator requests from any process; the leader applies them and records the outcome.
                CREATE TABLE actions (
                    id INTEGER PRIMARY KEY,
                    time INTEGER NOT NULL,
                    user TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    alert INTEGER,
                    field TEXT,
                    indicator TEXT,
                    region TEXT,
                    start INTEGER,
                    end INTEGER,
                    note TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL DEFAULT 'pending',
                    result TEXT NOT NULL DEFAULT ''
                );
                -- Observations handed to the leader by processes that are not the leader.
                CREATE TABLE intake (
                    id INTEGER PRIMARY KEY,
                    indicator TEXT NOT NULL,
                    region TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    value REAL NOT NULL,
                    source TEXT NOT NULL DEFAULT ''
                );
                """)
        }
        migrator.registerMigration("v3-subsecond-order") { db in
            // One value per series and second: the one with the latest timestamp within it.
            try db.execute(sql: """
                ALTER TABLE observations ADD COLUMN nanos INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE intake ADD COLUMN nanos INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE current ADD COLUMN reported_nanos INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v4-requests-by-id-audit-identity") { db in
            // Requests arrive over the leader's socket with an id the client chose: a retry of an
            // applied one finds its row and is answered from it, never applied twice. The audit
            // records who the kernel says asked, their role, the result and the claimed origin.
            try db.execute(sql: """
                ALTER TABLE actions ADD COLUMN request TEXT;
                ALTER TABLE actions ADD COLUMN uid INTEGER;
                ALTER TABLE actions ADD COLUMN role TEXT NOT NULL DEFAULT '';
                CREATE UNIQUE INDEX actions_request ON actions(request);
                UPDATE actions SET status = 'rejected', result = 'queued by an older ioc; send it again' WHERE status = 'pending';
                ALTER TABLE audit ADD COLUMN uid INTEGER;
                ALTER TABLE audit ADD COLUMN role TEXT NOT NULL DEFAULT '';
                ALTER TABLE audit ADD COLUMN result TEXT NOT NULL DEFAULT '';
                ALTER TABLE audit ADD COLUMN origin TEXT NOT NULL DEFAULT '';
                CREATE INDEX audit_time ON audit(time);
                """)
        }
        migrator.registerMigration("v5-history-tiers") { db in
            // One row per series and day once the day is compacted: the daily tier in columns,
            // the hourly tier and the raw observations as encoded blobs (SeriesCodec), each set
            // to NULL when its tier's time is up. The partial indexes find what a tier drops
            // next without walking the days that no longer hold it.
            try db.execute(sql: """
                CREATE TABLE chunks (
                    series INTEGER NOT NULL REFERENCES series(id),
                    day INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    min REAL NOT NULL,
                    max REAL NOT NULL,
                    sum REAL NOT NULL,
                    first REAL NOT NULL,
                    last REAL NOT NULL,
                    first_time INTEGER NOT NULL,
                    last_time INTEGER NOT NULL,
                    hours BLOB,
                    data BLOB,
                    PRIMARY KEY (series, day)
                );
                CREATE INDEX chunks_day ON chunks(day);
                CREATE INDEX chunks_raw_day ON chunks(day) WHERE data IS NOT NULL;
                CREATE INDEX chunks_hours_day ON chunks(day) WHERE hours IS NOT NULL;
                """)
        }
        migrator.registerMigration("v6-notification-outbox") { db in
            // Messages the leader planned, written in the same transaction as the alert
            // transition that caused them; the sender delivers them and records each try.
            try db.execute(sql: """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    receiver TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created INTEGER NOT NULL,
                    next_try INTEGER NOT NULL,
                    tries INTEGER NOT NULL DEFAULT 0,
                    status TEXT NOT NULL DEFAULT 'pending',
                    last_error TEXT NOT NULL DEFAULT '',
                    delivered_at INTEGER
                );
                CREATE INDEX outbox_due ON outbox(next_try) WHERE status = 'pending';
                CREATE TABLE outbox_alerts (
                    outbox INTEGER NOT NULL REFERENCES outbox(id),
                    alert INTEGER NOT NULL,
                    PRIMARY KEY (alert, outbox)
                ) WITHOUT ROWID;
                CREATE TABLE outbox_attempts (
                    id INTEGER PRIMARY KEY,
                    outbox INTEGER NOT NULL REFERENCES outbox(id),
                    time INTEGER NOT NULL,
                    result TEXT NOT NULL,
                    detail TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX outbox_attempts_outbox ON outbox_attempts(outbox);
                """)
        }
        migrator.registerMigration("v7-scheduled-reports") { db in
            // Scheduled reports the leader wrote: one row per schedule and period, written in
            // the same transaction as their announcements, so no report is written twice.
            try db.execute(sql: """
                CREATE TABLE reports (
                    schedule TEXT NOT NULL,
                    period TEXT NOT NULL,
                    written INTEGER NOT NULL,
                    files TEXT NOT NULL,
                    PRIMARY KEY (schedule, period)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v8-feed-health") { db in
            try db.execute(sql: """
                -- How each feed stands, as the leader last recorded it (ioc feeds, the Feeds screen).
                CREATE TABLE feeds (
                    name TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    last_time INTEGER,
                    accepted_1h INTEGER NOT NULL,
                    rejected_1h INTEGER NOT NULL,
                    restarts INTEGER NOT NULL,
                    last_error TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
