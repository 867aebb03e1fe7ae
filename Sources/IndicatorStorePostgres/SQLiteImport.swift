import Foundation
import IndicatorEngine
import StoreContract
import PostgresNIO

/// `ioc migrate --to postgresql://...`: a SQLite store copied into an empty PostgreSQL
/// database (series with their ids, observations, compacted history byte for byte, latest values,
/// alerts, journal, silences, audit, answered requests, observations queued for the leader, the
/// change sequence), in one
/// transaction, so a failed copy leaves the database empty; then every table counted on both.
extension PostgresStore {
    public struct CopyCount: Sendable, Equatable {
        public var table: String
        public var sqlite: Int
        public var postgres: Int
    }

    /// Copies `source` into this store, which must hold no center yet. `progress` hears a line
    /// per table. The counts of both stores, table by table.
    public func copy(from source: any StoreExporting, progress: (String) -> Void = { _ in }) throws -> [CopyCount] {
        let counts = try source.tableCounts()
        let existing = try locked { () throws(PostgresProblem) in
            try session.query("SELECT (SELECT count(*) FROM series) + (SELECT value FROM meta WHERE key = 'sequence')").first?.value(0, as: Int64.self) ?? 0
        }
        guard existing == 0 else {
            throw PostgresProblem(.failed, "the database \(url) already holds a center; ioc migrate copies into an empty one (create it anew: createdb)")
        }
        // Months for every observation that stays a row (compacted days go to chunks).
        if let span = try source.observedSpan() {
            let months = Int((span.last - span.first) / (28 * 86_400)) + 2
            try ensurePartitions(around: span.last, monthsBack: months, monthsAhead: 2)
        }
        let (sequence, intakeApplied) = try source.counters()
        try locked { () throws(PostgresProblem) in
            try session.transaction { () throws(PostgresProblem) in
                let series = try wrap { try source.seriesRows() }
                try insertRows("series (id, indicator, region)", columns: 3, series.map { [$0.id, $0.indicator, $0.region] })
                try session.query("SELECT setval('series_id_seq', GREATEST((SELECT max(id) FROM series), 1))")
                progress("series: \(series.count)")

                var key: (series: Int64, time: Int64)?
                var copied = 0
                while true {
                    let page = try wrap { try source.observationRows(after: key, limit: 50_000) }
                    guard let last = page.last else { break }
                    try session.query("""
                        INSERT INTO observations (series, time, nanos, value, source)
                        SELECT * FROM unnest($1::int8[], $2::int8[], $3::int4[], $4::float8[], $5::text[])
                        """, [page.map(\.series), page.map(\.time), page.map(\.nanos), page.map(\.value), page.map(\.source)])
                    copied += page.count
                    key = (last.series, last.time)
                }
                progress("observations: \(copied) rows")

                var chunkKey: (series: Int64, day: Int64)?
                var chunks = 0
                while true {
                    let page = try wrap { try source.chunkRows(after: chunkKey, limit: 4_000) }
                    guard let last = page.last else { break }
                    try insertRows("chunks (series, day, count, min, max, sum, first, last, first_time, last_time, hours, data)", columns: 12,
                                   page.map { [$0.series, $0.day, $0.count, $0.min, $0.max, $0.sum, $0.first, $0.last, $0.firstTime, $0.lastTime, $0.hours, $0.data] })
                    chunks += page.count
                    chunkKey = (last.series, last.day)
                }
                progress("compacted series-days: \(chunks)")

                let current = try wrap { try source.loadCurrent() }
                for part in stride(from: 0, to: current.count, by: 10_000) {
                    try insertRows("current (series, value, time, status, seq, reported, reported_time, reported_nanos)", columns: 8,
                                   current[part..<min(current.count, part + 10_000)].map {
                                       [$0.series, $0.value.value.isNaN ? nil : $0.value.value, $0.value.time, $0.value.status.rawValue, $0.sequence,
                                        $0.reported, $0.reportedTime, $0.reportedNanos]
                                   })
                }
                for alert in try wrap({ try source.alerts(all: true) }) { try writeAlerts([alert.alert], sequence: alert.sequence) }
                // Journal, audit and requests get new ids here (in the same order); silences keep theirs.
                try insertRows(try wrap { try source.journalRows() }.map { JournalRow($0.entry, sequence: $0.sequence) }, dropping: ["id"])
                try insertRows(try wrap { try source.allSilences() }.map(SilenceRow.init))
                try insertRows(try wrap { try source.auditTrail(since: nil, user: nil, limit: nil) }.map(AuditRow.init), dropping: ["id"])
                try insertRows(try wrap { try source.requestRows() }.map(ActionRow.init), dropping: ["id"])
                // Observations handed to a leader that has not applied them yet: kept with their ids.
                let intake = try wrap { try source.pendingIntake(after: 0, limit: Int.max) }
                try insertRows(intake.map {
                    var row = IntakeRow($0.observation)
                    row.id = $0.id
                    return row
                })
                try session.query("SELECT setval('intake_id_seq', GREATEST((SELECT max(id) FROM intake), $1, 1))", [intakeApplied])
                try session.query("UPDATE meta SET value = $1 WHERE key = 'sequence'", [sequence])
                try session.query("UPDATE meta SET value = $1 WHERE key = 'intake_applied'", [intakeApplied])
                progress("latest values, alerts, journal, silences, audit and requests; sequence \(sequence)")
            }
        }
        let mine = try tableCounts()
        return StoreTables.copied.map { CopyCount(table: $0, sqlite: counts[$0] ?? 0, postgres: mine[$0] ?? 0) }
    }

    /// Rows of the copied tables, counted as the source's `tableCounts` counts them.
    public func tableCounts() throws(PostgresProblem) -> [String: Int] {
        try locked { () throws(PostgresProblem) in
            var counts: [String: Int] = [:]
            for table in StoreTables.copied {
                counts[table] = Int(try session.query("SELECT count(*) FROM \(table)").first?.value(0, as: Int64.self) ?? 0)
            }
            return counts
        }
    }

    /// A table's rows, in statements of many VALUES each, its columns from the contract's
    /// mapping less `dropping` (the ids the database gives anew).
    func insertRows<R: TableRow>(_ rows: [R], dropping: Set<String> = []) throws(PostgresProblem) {
        let kept = R.columns.enumerated().filter { !dropping.contains($0.element) }
        var values: [[(any PostgresThrowingDynamicTypeEncodable)?]] = []
        for row in rows {
            let all: [ColumnValue]
            do { all = try ColumnCodec.values(row) } catch { throw PostgresProblem(.failed, "\(R.table): \(error)") }
            values.append(kept.map { PostgresSession.bind(all[$0.offset]) })
        }
        try insertRows("\(R.table) (\(kept.map { "\"\($0.element)\"" }.joined(separator: ", ")))", columns: kept.count, values)
    }

    /// Rows in statements of many VALUES each (as many as the 65,535 parameters allow).
    func insertRows(_ target: String, columns: Int, _ rows: [[(any PostgresThrowingDynamicTypeEncodable)?]]) throws(PostgresProblem) {
        let perStatement = max(1, min(5_000, 65_000 / columns))
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let part = rows[start..<min(rows.count, start + perStatement)]
            var values: [(any PostgresThrowingDynamicTypeEncodable)?] = []
            var tuples: [String] = []
            for row in part {
                let base = values.count
                tuples.append("(" + (1...columns).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
                values += row
            }
            try session.query("INSERT INTO \(target) VALUES " + tuples.joined(separator: ", "), values)
        }
    }
}

/// A SQLite read inside a PostgreSQL transaction: its error said as a problem.
private func wrap<T>(_ body: () throws -> T) throws(PostgresProblem) -> T {
    do { return try body() } catch let problem as PostgresProblem { throw problem } catch {
        throw PostgresProblem(.failed, "reading the SQLite store: \(error)")
    }
}
