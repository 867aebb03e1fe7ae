import Foundation
import IndicatorEngine
import StoreContract
import PostgresNIO
import SeriesCodec

/// The store on PostgreSQL, for centers whose consoles sit on several hosts: the same rows as
/// the SQLite store (`IndicatorStore.Store`), the same batches in one transaction each, the
/// same change sequence. Commits are fenced by the leadership epoch and announced with
/// `NOTIFY ioc_changes, '<sequence>'`; followers read what is newer than what they have.
public final class PostgresStore: StoreBackend, @unchecked Sendable {
    public let url: PostgresURL
    /// The connection, made again when it dropped (a server restart, a network cut): a console
    /// lasts a shift. Safe for a leader too, as every commit is fenced by the epoch.
    private(set) var session: PostgresSession
    /// One statement at a time on the connection; readers of other threads wait their turn.
    let lock = NSLock()
    private var seriesIDs: [String: Int64] = [:]
    private var epochHeld: Int64?
    /// The epoch this process leads under (set by `PostgresClaim`); nil: it does not lead.
    public var leadEpoch: Int64? {
        get { lock.withLock { epochHeld } }
        set { lock.withLock { epochHeld = newValue } }
    }

    /// The channel commits are announced on.
    public static let channel = "ioc_changes"

    public var location: String { url.description }

    init(url: PostgresURL, session: PostgresSession) {
        self.url = url
        self.session = session
    }

    /// Connects, brings the schema up to date (or refuses one from a newer ioc), and creates the
    /// partitions for this month and the next `monthsAhead`.
    public static func open(_ url: PostgresURL, now: Int64 = Int64(Date().timeIntervalSince1970), monthsAhead: Int = 2) throws(PostgresProblem) -> PostgresStore {
        let session = try PostgresSession.connect(url)
        do {
            try PostgresSchema.migrate(session)
            let store = PostgresStore(url: url, session: session)
            try store.ensurePartitions(around: now, monthsAhead: monthsAhead)
            return store
        } catch {
            session.close()
            throw error
        }
    }

    /// Connects to read a center whose schema is in place; changes nothing (a reader never
    /// migrates: the leader or `ioc migrate` does).
    public static func openForReading(_ url: PostgresURL) throws(PostgresProblem) -> PostgresStore {
        let missing = try check(url)
        guard missing.isEmpty else {
            throw PostgresProblem(.noDatabase, "the database \(url) holds no ioc center yet (\(missing.joined(separator: ", ")) not applied); "
                + "ioc migrate --to fills it from a SQLite store")
        }
        return PostgresStore(url: url, session: try PostgresSession.connect(url))
    }

    /// Reads the schema's state without changing it (`ioc check`): nil when it is current, else
    /// what is missing; a newer schema is an error.
    public static func check(_ url: PostgresURL) throws(PostgresProblem) -> [String] {
        let session = try PostgresSession.connect(url)
        defer { session.close() }
        let exists = try session.query("SELECT to_regclass('ioc_migrations') IS NOT NULL")
        guard try exists.first?.value(0, as: Bool.self) == true else { return PostgresSchema.migrations.map(\.name) }
        let applied = try session.query("SELECT name FROM ioc_migrations").map { row throws(PostgresProblem) in try text(row, 0) }
        try PostgresSchema.checkKnown(applied, url: url.description)
        return PostgresSchema.migrations.map(\.name).filter { !applied.contains($0) }
    }

    /// Closed on purpose: not made again.
    private var closed = false

    public func close() {
        lock.withLock { closed = true }
        session.close()
    }

    func locked<T>(_ body: () throws(PostgresProblem) -> T) throws(PostgresProblem) -> T {
        lock.lock()
        defer { lock.unlock() }
        if session.isClosed, !closed { session = try PostgresSession.connect(url) }
        return try body()
    }

    // MARK: - Series

    static func key(_ indicator: String, _ region: String) -> String { indicator + "\u{1F}" + region }

    /// Store ids of series named by codes, created when new.
    public func seriesIDs(_ keys: [(indicator: String, region: String)]) throws(PostgresProblem) -> [Int64] {
        try locked { () throws(PostgresProblem) in try resolve(keys) }
    }

    private func resolve(_ keys: [(indicator: String, region: String)]) throws(PostgresProblem) -> [Int64] {
        let missing = keys.filter { seriesIDs[Self.key($0.indicator, $0.region)] == nil }
        if !missing.isEmpty {
            let rows = try session.query("""
                WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(indicator, region)),
                     made AS (INSERT INTO series (indicator, region) SELECT indicator, region FROM wanted ON CONFLICT DO NOTHING RETURNING id, indicator, region)
                SELECT id, indicator, region FROM made
                UNION ALL SELECT s.id, s.indicator, s.region FROM series s JOIN wanted w USING (indicator, region)
                """, [missing.map(\.indicator), missing.map(\.region)])
            for row in rows { seriesIDs[Self.key(try text(row, 1), try text(row, 2))] = try row.value(0, as: Int64.self) }
        }
        return keys.map { seriesIDs[Self.key($0.indicator, $0.region)] ?? 0 }
    }

    public func seriesRows() throws(PostgresProblem) -> [(id: Int64, indicator: String, region: String)] {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT id, indicator, region FROM series ORDER BY id").map { row throws(PostgresProblem) in
                (try row.value(0, as: Int64.self), try text(row, 1), try text(row, 2))
            }
        }
    }

    // MARK: - The leader's commit

    /// Commits one engine step under a new sequence number, all or nothing, if `epoch` is still
    /// the leadership's: a leader that lost its session and was replaced is refused
    /// (`.staleLeader`) and writes nothing. Followers hear of it by `NOTIFY`.
    @discardableResult
    public func commit(_ batch: Batch, epoch: Int64) throws(PostgresProblem) -> Int64 {
        try locked { () throws(PostgresProblem) in
            let codes = batch.observations.map { (indicator: $0.indicator, region: $0.region) }
            let ids = try resolve(codes)
            return try session.transaction { () throws(PostgresProblem) in
                // Fencing: the row lock orders this commit against a new leader's increment.
                let current = try session.query("SELECT epoch FROM leader WHERE id = 1 FOR UPDATE").first?.value(0, as: Int64.self) ?? -1
                guard current == epoch else {
                    throw PostgresProblem(.staleLeader, "stale leader: this process leads epoch \(epoch), the store is at epoch \(current); it stops writing")
                }
                let sequence = try session.query("UPDATE meta SET value = value + 1 WHERE key = 'sequence' RETURNING value").first?.value(0, as: Int64.self) ?? 0
                var rows = batch.resolved.map { (series: $0.series, time: $0.time, value: $0.value, nanos: $0.nanos, source: batch.resolvedSource) }
                rows += zip(ids, batch.observations).map { (series: $0, time: $1.time, value: $1.value, nanos: $1.nanos, source: $1.source) }
                try writeObservations(rows)
                try writeCurrent(batch.current, sequence: sequence)
                try writeAlerts(batch.alerts, sequence: sequence)
                try session.insert(batch.journal.filter { $0.alert != 0 }.map { JournalRow($0, sequence: sequence) }, omitting: ["id"])
                try session.upsert(batch.silences.map(SilenceRow.init), key: "id")
                if let through = batch.intakeThrough {
                    try session.query("DELETE FROM intake WHERE id <= $1", [through])
                    try session.query("UPDATE meta SET value = GREATEST(value, $1) WHERE key = 'intake_applied'", [through])
                }
                if let through = batch.actionsThrough { try session.query("DELETE FROM queued_actions WHERE id <= $1", [through]) }
                try session.insert(batch.requests.map(ActionRow.init), omitting: ["id"], conflict: "ON CONFLICT (request) DO NOTHING")
                try session.insert(batch.audit.map(AuditRow.init), omitting: ["id"])
                try writeOutbox(batch.outbox)
                if let seeding = batch.seeding {
                    if seeding >= SeedingMark.finished {
                        try session.query("DELETE FROM meta WHERE key = 'seeding'")
                    } else {
                        try session.query("INSERT INTO meta (key, value) VALUES ('seeding', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [seeding])
                    }
                }
                try session.upsert(batch.feeds.map(FeedRow.init), key: "name")
                if let state = batch.plannerState {
                    try session.query("INSERT INTO planner (id, state) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET state = excluded.state", [state])
                }
                try session.query("SELECT pg_notify($1, $2)", [Self.channel, String(sequence)])
                return sequence
            }
        }
    }

    /// Planned messages, each once by its key, with the alerts they are about.
    func writeOutbox(_ messages: [OutboxMessage]) throws(PostgresProblem) {
        for m in messages {
            let made = try session.query("""
                INSERT INTO outbox (key, receiver, body, created, next_try) VALUES ($1, $2, $3, $4, $4) ON CONFLICT (key) DO NOTHING RETURNING id
                """, [m.key, m.receiver, m.body, m.created])
            if let id = try made.first?.value(0, as: Int64.self) {
                try session.query("INSERT INTO outbox_alerts (outbox, alert) SELECT $1, unnest($2::int8[]) ON CONFLICT DO NOTHING", [id, Array(Set(m.alerts))])
            }
        }
    }

    /// Observations: new rows go in by `COPY` (the server's bulk path, several rows to a page
    /// write); when one is stored already (a file ingested again, a later value for a second)
    /// the batch goes again as arrays unnested with `ON CONFLICT`, a few thousand rows a
    /// statement: a later value within a second replaces an earlier one, an earlier one does
    /// not, as on SQLite, so ingesting twice leaves the same rows.
    private func writeObservations(_ rows: [(series: Int64, time: Int64, value: Double, nanos: Int32, source: String)]) throws(PostgresProblem) {
        guard !rows.isEmpty else { return }
        // Within one statement a key may appear once: keep the last of each (series, time).
        var last: [Int64: [Int64: Int]] = [:]
        for (n, r) in rows.enumerated() where (last[r.series]?[r.time]).map({ rows[$0].nanos <= r.nanos }) ?? true { last[r.series, default: [:]][r.time] = n }
        let kept = last.values.flatMap(\.values).sorted().map { rows[$0] }
        try session.query("SAVEPOINT observations")
        do {
            try session.copy(into: "observations", columns: ["series", "time", "nanos", "value", "source"], data: Self.copyText(kept))
            try session.query("RELEASE SAVEPOINT observations")
        } catch where error.description.contains("SQLSTATE 23505") {
            try session.query("ROLLBACK TO SAVEPOINT observations")
            for start in stride(from: 0, to: kept.count, by: 20_000) {
                let part = kept[start..<min(kept.count, start + 20_000)]
                try session.query("""
                    INSERT INTO observations (series, time, nanos, value, source)
                    SELECT * FROM unnest($1::int8[], $2::int8[], $3::int4[], $4::float8[], $5::text[])
                    ON CONFLICT (series, time) DO UPDATE SET value = excluded.value, source = excluded.source, nanos = excluded.nanos
                    WHERE excluded.nanos >= observations.nanos
                    """, [part.map(\.series), part.map(\.time), part.map(\.nanos), part.map(\.value), part.map(\.source)])
            }
        }
    }

    /// Rows in COPY's text format: tab-separated, a line each, the source's backslashes, tabs and
    /// line breaks escaped. Values are finite (the engine takes no other) and printed exactly.
    static func copyText(_ rows: [(series: Int64, time: Int64, value: Double, nanos: Int32, source: String)]) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: rows.count * 48)
        var escaped: [String: String] = [:]
        for r in rows {
            let source = escaped[r.source] ?? {
                let text = r.source.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                    .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
                escaped[r.source] = text
                return text
            }()
            buffer.writeString("\(r.series)\t\(r.time)\t\(r.nanos)\t\(r.value)\t\(source)\n")
        }
        return buffer
    }

    private func writeCurrent(_ current: [CurrentRow], sequence: Int64) throws(PostgresProblem) {
        guard !current.isEmpty else { return }
        let series: [Int64] = current.map(\.series)
        // Arrays carry no NULLs here: NaN and Int64.min stand for them and are turned back.
        let values: [Double] = current.map(\.value.value)
        let times: [Int64] = current.map(\.value.time)
        let statuses: [String] = current.map(\.value.status.rawValue)
        let reported: [Double] = current.map { $0.reported ?? .nan }
        let reportedTimes: [Int64] = current.map { $0.reportedTime ?? .min }
        let nanos: [Int32] = current.map(\.reportedNanos)
        try session.query("""
            INSERT INTO current (series, value, time, status, seq, reported, reported_time, reported_nanos)
            SELECT series, NULLIF(value, 'NaN'), time, status, $5, NULLIF(reported, 'NaN'), NULLIF(reported_time, -9223372036854775808), reported_nanos
            FROM unnest($1::int8[], $2::float8[], $3::int8[], $4::text[], $6::float8[], $7::int8[], $8::int4[])
                AS c(series, value, time, status, reported, reported_time, reported_nanos)
            ON CONFLICT (series) DO UPDATE SET value = excluded.value, time = excluded.time, status = excluded.status, seq = excluded.seq,
                reported = excluded.reported, reported_time = excluded.reported_time, reported_nanos = excluded.reported_nanos
            """, [series, values, times, statuses, sequence, reported, reportedTimes, nanos])
    }

    func writeAlerts(_ alerts: [Alert], sequence: Int64) throws(PostgresProblem) {
        try session.upsert(alerts.map { AlertRow($0, sequence: sequence) }, key: "id")
    }

    // MARK: - Intake (observations from processes that do not lead)

    @discardableResult
    public func enqueueIntake(_ observations: [Observation]) throws(PostgresProblem) -> Int64 {
        guard !observations.isEmpty else { return 0 }
        return try locked { () throws(PostgresProblem) in
            let rows = try session.query("""
                INSERT INTO intake (indicator, region, time, nanos, value, source)
                SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::int4[], $5::float8[], $6::text[]) RETURNING id
                """, [observations.map(\.indicator), observations.map(\.region), observations.map(\.time), observations.map(\.nanos),
                      observations.map(\.value), observations.map(\.source)])
            try session.query("SELECT pg_notify($1, 'intake')", [Self.channel])
            return try rows.last?.value(0, as: Int64.self) ?? 0
        }
    }

    public func pendingIntake(after id: Int64 = 0, limit: Int = 50_000) throws(PostgresProblem) -> [(id: Int64, observation: Observation)] {
        try locked { () throws(PostgresProblem) in
            try session.select(IntakeRow.self, "WHERE id > $1 ORDER BY id LIMIT $2", [id, limit]).map { ($0.id ?? 0, $0.observation) }
        }
    }

    // MARK: - Reads

    public func sequence() throws(PostgresProblem) -> Int64 {
        try locked { () throws(PostgresProblem) in try meta("sequence") }
    }

    private func meta(_ key: String) throws(PostgresProblem) -> Int64 {
        try session.query("SELECT value FROM meta WHERE key = $1", [key]).first?.value(0, as: Int64.self) ?? 0
    }

    /// The leadership epoch the store is at.
    public func epoch() throws(PostgresProblem) -> Int64 {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT epoch FROM leader WHERE id = 1").first?.value(0, as: Int64.self) ?? 0
        }
    }

    /// Latest values and alerts written after `sequence`, read in one snapshot.
    public func changes(since sequence: Int64) throws(PostgresProblem) -> StoreChanges {
        try locked { () throws(PostgresProblem) in
            try session.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? session.query("COMMIT") }
            return StoreChanges(sequence: try meta("sequence"), current: try current(since: sequence), alerts: try alertRows("WHERE seq > $1", [sequence]),
                                seeding: try seedingMark())
        }
    }

    public func seeding() throws(PostgresProblem) -> Int64? {
        try locked { () throws(PostgresProblem) in try seedingMark() }
    }

    private func seedingMark() throws(PostgresProblem) -> Int64? {
        try session.query("SELECT value FROM meta WHERE key = 'seeding'").first?.value(0, as: Int64.self)
    }

    public func loadCurrent() throws(PostgresProblem) -> [CurrentRow] {
        try locked { () throws(PostgresProblem) in try current(since: nil) }
    }

    private func current(since: Int64?) throws(PostgresProblem) -> [CurrentRow] {
        try session.query("SELECT series, value, time, status, seq, reported, reported_time, reported_nanos FROM current"
            + (since == nil ? "" : " WHERE seq > $1") + " ORDER BY series", since.map { [$0] } ?? []).map { row throws(PostgresProblem) in
            CurrentRow(series: try row.value(0, as: Int64.self),
                       value: CurrentValue(value: try row.value(1, as: Double?.self) ?? .nan, time: try row.value(2, as: Int64.self),
                                           status: SeriesStatus(rawValue: try text(row, 3)) ?? .nodata),
                       reported: try row.value(5, as: Double?.self), reportedTime: try row.value(6, as: Int64?.self),
                       reportedNanos: try row.value(7, as: Int32.self), sequence: try row.value(4, as: Int64.self))
        }
    }

    /// The latest value of one series, if it has one.
    public func current(indicator: String, region: String) throws(PostgresProblem) -> StoredCurrent? {
        try locked { () throws(PostgresProblem) in
            guard let row = try session.query("""
                SELECT c.value, c.time, c.status, c.seq, c.reported, c.reported_time, c.reported_nanos
                FROM current c JOIN series s ON s.id = c.series WHERE s.indicator = $1 AND s.region = $2
                """, [indicator, region]).first else { return nil }
            return StoredCurrent(indicator: indicator, region: region,
                                 value: CurrentValue(value: try row.value(0, as: Double?.self) ?? .nan, time: try row.value(1, as: Int64.self),
                                                     status: SeriesStatus(rawValue: try text(row, 2)) ?? .nodata),
                                 reported: try row.value(4, as: Double?.self), reportedTime: try row.value(5, as: Int64?.self),
                                 reportedNanos: try row.value(6, as: Int32.self), sequence: try row.value(3, as: Int64.self))
        }
    }

    /// Alerts; open ones only unless `all`.
    public func alerts(all: Bool = false) throws(PostgresProblem) -> [StoredAlert] {
        try locked { () throws(PostgresProblem) in
            try alertRows(all ? "" : "WHERE state IN ('pending', 'firing', 'recovering')", [])
        }
    }

    func alertRows(_ filter: String, _ values: [(any PostgresThrowingDynamicTypeEncodable)?]) throws(PostgresProblem) -> [StoredAlert] {
        // A row a newer ioc wrote, with a kind, severity or state this one does not know, is left out.
        try session.select(AlertRow.self, "\(filter) ORDER BY id", values).compactMap(\.stored)
    }

    public func journal(alert id: Int64) throws(PostgresProblem) -> [JournalEntry] {
        try locked { () throws(PostgresProblem) in try session.select(JournalRow.self, "WHERE alert = $1 ORDER BY id", [id]).map(\.entry) }
    }

    public func silences(activeAt now: Int64) throws(PostgresProblem) -> [Silence] {
        try locked { () throws(PostgresProblem) in try session.select(SilenceRow.self, "WHERE \"end\" > $1 ORDER BY id", [now]).map(\.silence) }
    }

    /// The audit, oldest first; `since` and `user` narrow it.
    public func auditTrail(since: Int64? = nil, user: String? = nil, limit: Int? = nil) throws(PostgresProblem) -> [AuditEntry] {
        try locked { () throws(PostgresProblem) in
            // The newest `limit`, given oldest first.
            try session.select(AuditRow.self, """
                WHERE id IN (SELECT id FROM audit WHERE ($1::int8 IS NULL OR time >= $1) AND ($2::text IS NULL OR "user" = $2) ORDER BY id DESC LIMIT $3)
                ORDER BY id
                """, [since, user, limit.map(Int64.init)]).map(\.entry)
        }
    }

    public func observationCount() throws(PostgresProblem) -> Int {
        try locked { () throws(PostgresProblem) in
            // Rows and compacted days alike, as on SQLite.
            Int(try session.query("SELECT (SELECT count(*) FROM observations) + (SELECT COALESCE(sum(count), 0) FROM chunks)::bigint")
                .first?.value(0, as: Int64.self) ?? 0)
        }
    }

    /// A series' observations from `from` (inclusive) to `to` (exclusive), oldest first: rows
    /// and the raw points of compacted days merged (a row wins over a point of the same second).
    public func observations(indicator: String, region: String, from: Int64, to: Int64) throws(PostgresProblem) -> [StoredObservation] {
        try locked { () throws(PostgresProblem) in
            let rows = try session.query("""
                SELECT o.time, o.nanos, o.value, o.source FROM observations o JOIN series s ON s.id = o.series
                WHERE s.indicator = $1 AND s.region = $2 AND o.time >= $3 AND o.time < $4 ORDER BY o.time
                """, [indicator, region, from, to]).map { row throws(PostgresProblem) in
                ChunkPoint(time: try row.value(0, as: Int64.self), nanos: try row.value(1, as: Int32.self), value: try row.value(2, as: Double.self),
                           source: try text(row, 3))
            }
            let chunks = try session.query("""
                SELECT c.data FROM chunks c JOIN series s ON s.id = c.series
                WHERE s.indicator = $1 AND s.region = $2 AND c.day > $3 AND c.day < $4 AND c.data IS NOT NULL ORDER BY c.day
                """, [indicator, region, max(from, Int64.min + 86_400) - 86_400, to])
            var older: [ChunkPoint] = []
            for chunk in chunks {
                let bytes = [UInt8](try chunk.value(0, as: Data.self))
                do { older += try Chunk.decode(bytes).filter { $0.time >= from && $0.time < to } } catch {
                    throw PostgresProblem(.failed, "a compacted day of \(indicator) in \(region) cannot be decoded: \(error)")
                }
            }
            let points = older.isEmpty ? rows : Chunk.merge(older, rows)
            return points.map { StoredObservation(time: $0.time, value: $0.value, source: $0.source) }
        }
    }

    /// A chart's points: the mean of each of `points` equal buckets from `from` to `to` that has
    /// observations, computed by the server (only the partitions of the range are read).
    public func history(indicator: String, region: String, from: Int64, to: Int64, points: Int) throws(PostgresProblem) -> [HistoryPoint] {
        let width = max(1, (to - from + Int64(max(1, points)) - 1) / Int64(max(1, points)))
        return try locked { () throws(PostgresProblem) in
            try session.query("""
                SELECT $3 + ((o.time - $3) / $5) * $5 AS bucket, avg(o.value), count(*) FROM observations o JOIN series s ON s.id = o.series
                WHERE s.indicator = $1 AND s.region = $2 AND o.time >= $3 AND o.time < $4 GROUP BY bucket ORDER BY bucket
                """, [indicator, region, from, to, width]).map { row throws(PostgresProblem) in
                HistoryPoint(time: try row.value(0, as: Int64.self), value: try row.value(1, as: Double.self), count: Int(try row.value(2, as: Int64.self)))
            }
        }
    }
}
