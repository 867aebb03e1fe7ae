import Foundation
import GRDB
import StoreContract
import IndicatorEngine

/// Everything a SQLite store holds, read out in pages for copying it into another backend.
extension Store: StoreExporting {
    /// The tables copied, in the order they are counted.
    public static let copiedTables = StoreTables.copied

    public func tableCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in Self.copiedTables {
                // Requests without an id (queued by an older ioc, never applied) are not copied.
                let filter = table == "actions" ? " WHERE request IS NOT NULL" : ""
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)\(filter)") ?? 0
            }
            return counts
        }
    }

    /// The first and last second of any observation, rows or compacted (nil: none).
    public func observedSpan() throws -> (first: Int64, last: Int64)? {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT MIN(t), MAX(t) FROM (SELECT MIN(time) AS t FROM observations UNION ALL SELECT MAX(time) FROM observations
                    UNION ALL SELECT MIN(first_time) FROM chunks UNION ALL SELECT MAX(last_time) FROM chunks)
                """)
            guard let first = row?[0] as Int64?, let last = row?[1] as Int64? else { return nil }
            return (first, last)
        }
    }

    /// Observation rows after `key`, in key order (keyset paging: each page is one query).
    public func observationRows(after key: (series: Int64, time: Int64)?, limit: Int) throws -> [ObservationRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT series, time, nanos, value, source FROM observations WHERE (series, time) > (?, ?) ORDER BY series, time LIMIT ?
                """, arguments: [key?.series ?? Int64.min, key?.time ?? Int64.min, limit]).map {
                ObservationRow(series: $0["series"], time: $0["time"], nanos: $0["nanos"], value: $0["value"], source: $0["source"])
            }
        }
    }

    /// Compacted series-days after `key`, in key order.
    public func chunkRows(after key: (series: Int64, day: Int64)?, limit: Int) throws -> [CompactedDay] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT series, day, count, min, max, sum, first, last, first_time, last_time, hours, data FROM chunks
                WHERE (series, day) > (?, ?) ORDER BY series, day LIMIT ?
                """, arguments: [key?.series ?? Int64.min, key?.day ?? Int64.min, limit]).map {
                CompactedDay(series: $0["series"], day: $0["day"], count: $0["count"], min: $0["min"], max: $0["max"], sum: $0["sum"],
                         first: $0["first"], last: $0["last"], firstTime: $0["first_time"], lastTime: $0["last_time"], hours: $0["hours"], data: $0["data"])
            }
        }
    }

    /// Every journal entry with the sequence it was written under, oldest first.
    public func journalRows() throws -> [(entry: JournalEntry, sequence: Int64)] {
        try read { db in try JournalRow.order(JournalRow.Columns.id).fetchAll(db).map { ($0.entry, $0.seq) } }
    }

    /// Every silence, ended ones too.
    public func allSilences() throws -> [Silence] {
        try read { db in try SilenceRow.order(SilenceRow.Columns.id).fetchAll(db).map(\.silence) }
    }

    /// Every answered request (their ids keep a retried action from applying twice).
    public func requestRows() throws -> [RequestOutcome] {
        try read { db in try ActionRow.order(ActionRow.Columns.id).fetchAll(db).compactMap(\.outcome) }
    }

    /// The change sequence and the last intake row applied.
    public func counters() throws -> (sequence: Int64, intakeApplied: Int64) {
        try read { db in (try MetaRecord.value("sequence", db), try MetaRecord.value("intake_applied", db)) }
    }
}
