import Foundation
import IndicatorEngine
import StoreContract
import PostgresNIO
import SeriesCodec

/// History by the month: observations live in monthly partitions, made ahead and dropped whole.
extension PostgresStore {
    /// The first second of the month `offset` months from the one holding `time` (UTC months:
    /// partitions are storage, not calendar reports).
    static func monthStart(_ time: Int64, offset: Int = 0) -> (start: Int64, name: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        let first = calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
        let month = calendar.date(byAdding: .month, value: offset, to: first)!
        let c = calendar.dateComponents([.year, .month], from: month)
        return (Int64(month.timeIntervalSince1970), String(format: "observations_%04d_%02d", c.year!, c.month!))
    }

    /// The first second of a month and of the next (`offset` months from the one holding `time`).
    public static func monthBounds(_ time: Int64, offset: Int) -> (start: Int64, end: Int64) {
        (monthStart(time, offset: offset).start, monthStart(time, offset: offset + 1).start)
    }

    /// Creates the monthly partitions from the month of `time` to `monthsAhead` after it. Rows
    /// that sat in the default partition for such a month are moved into it.
    public func ensurePartitions(around time: Int64, monthsBack: Int = 0, monthsAhead: Int = 2) throws(PostgresProblem) {
        try locked { () throws(PostgresProblem) in
            let existing = Set(try partitionNames())
            for offset in -monthsBack...monthsAhead {
                let (start, name) = Self.monthStart(time, offset: offset)
                guard !existing.contains(name) else { continue }
                let end = Self.monthStart(time, offset: offset + 1).start
                try session.transaction { () throws(PostgresProblem) in
                    // One process at a time makes months (two leaders starting together, a
                    // migration); the second finds the month made.
                    try session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey))")
                    guard try session.query("SELECT to_regclass($1) IS NULL", [name]).first?.value(0, as: Bool.self) == true else { return }
                    // A month's rows may have gone to the default partition before it existed.
                    try session.query("CREATE TEMP TABLE moving ON COMMIT DROP AS SELECT * FROM observations_default WHERE time >= \(start) AND time < \(end)")
                    try session.query("DELETE FROM observations_default WHERE time >= \(start) AND time < \(end)")
                    try session.query("CREATE TABLE \(name) PARTITION OF observations FOR VALUES FROM (\(start)) TO (\(end))")
                    try session.query("INSERT INTO observations SELECT * FROM moving")
                }
            }
        }
    }

    /// The monthly partitions, oldest first.
    public func partitions() throws(PostgresProblem) -> [String] { try locked { () throws(PostgresProblem) in try partitionNames() } }

    func partitionNames() throws(PostgresProblem) -> [String] {
        try session.query("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = 'observations' AND c.relname <> 'observations_default' ORDER BY c.relname
            """).map { row throws(PostgresProblem) in try text(row, 0) }
    }

    /// Retention: the months that end by `time` dropped whole, and what is older in the default
    /// partition and among compacted days deleted.
    public func dropHistory(endingBy time: Int64) throws(PostgresProblem) -> [String] {
        let dropped = try dropPartitions(endingBy: time)
        try locked { () throws(PostgresProblem) in
            try session.query("DELETE FROM observations_default WHERE time < $1", [time])
            try session.query("DELETE FROM chunks WHERE day + 86400 <= $1", [time])
        }
        return dropped
    }

    /// Drops every month that ends at or before `time`, whole (no row by row deletes); returns
    /// the months dropped.
    @discardableResult
    public func dropPartitions(endingBy time: Int64) throws(PostgresProblem) -> [String] {
        try locked { () throws(PostgresProblem) in
            var dropped: [String] = []
            for name in try partitionNames() {
                let parts = name.split(separator: "_")
                guard parts.count == 3, let year = Int(parts[1]), let month = Int(parts[2]) else { continue }
                var c = DateComponents()
                c.year = year
                c.month = month + 1
                c.day = 1
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "UTC")!
                guard let end = calendar.date(from: c), Int64(end.timeIntervalSince1970) <= time else { continue }
                try session.query("DROP TABLE \(name)")
                dropped.append(name)
            }
            return dropped
        }
    }
}

/// PostgreSQL's history by the month: the months ahead made, and those past the last tier's
/// retention (`daily`; none when it keeps days for ever) dropped whole. Raw rows stay until
/// then: PostgreSQL keeps no compacted tiers of its own (days migrated from SQLite stay).
final class MonthlyUpkeep: HistoryUpkeep {
    private let store: PostgresStore
    private let retention: HistoryRetention

    init(store: PostgresStore, retention: HistoryRetention) {
        self.store = store
        self.retention = retention
    }

    /// At once: dropping a month is a quick catalog change.
    var firstDelay: Int64 { 0 }

    func step(now: Int64) -> (more: Bool, log: [String]) {
        do {
            try store.ensurePartitions(around: now, monthsBack: 0, monthsAhead: 2)
            guard let keep = retention.daily else { return (false, []) }
            let dropped = try store.dropHistory(endingBy: now - keep)
            return (false, dropped.isEmpty ? [] : ["retention: dropped \(dropped.joined(separator: ", ")) (older than \(keep / HistoryRetention.day) days)"])
        } catch {
            return (false, ["retention: \(error)"])
        }
    }
}
