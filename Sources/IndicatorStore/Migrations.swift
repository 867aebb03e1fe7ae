import GRDB

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
                    value REAL NOT NULL,
                    time INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    seq INTEGER NOT NULL
                );
                CREATE INDEX current_seq ON current(seq);
                """)
        }
        return migrator
    }
}
