import Foundation
import IndicatorEngine
import StoreContract
import PostgresNIO
import SeriesCodec

/// What a reader needs besides the latest values: the alerts a restarted engine keeps, and the
/// center as it stood at a past moment (each series' last value then, the alerts' journals).
extension PostgresStore {
    /// Open alerts and resolved ones not yet archived, as a restored engine keeps them.
    public func liveAlerts() throws(PostgresProblem) -> [StoredAlert] {
        try locked { () throws(PostgresProblem) in
            try alertRows("WHERE state IN ('pending', 'firing', 'recovering', 'resolved')", [])
        }
    }

    public func alert(id: Int64) throws(PostgresProblem) -> StoredAlert? {
        try locked { () throws(PostgresProblem) in try alertRows("WHERE id = $1", [id]).first }
    }

    /// The highest alert id ever stored, so a new leader continues the numbering.
    public func maxAlertID() throws(PostgresProblem) -> Int64 {
        try locked { () throws(PostgresProblem) in
            try session.query("SELECT COALESCE(max(id), 0) FROM alerts").first?.value(0, as: Int64.self) ?? 0
        }
    }

    /// Changes with every commit and every row queued for the leader: the change sequence plus
    /// the intake's and the queued actions' id sequences. All three only grow (a row's id, by
    /// contrast, goes when the row is applied, and a sum over those came back to a value already
    /// seen: a follower then missed a commit).
    public func dataVersion() throws(PostgresProblem) -> Int {
        try locked { () throws(PostgresProblem) in
            Int(try session.query("""
                SELECT (SELECT value FROM meta WHERE key = 'sequence')
                    + (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM intake_id_seq)
                    + (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM queued_actions_id_seq)
                """).first?.value(0, as: Int64.self) ?? 0)
        }
    }

    /// Each series' last observation at or before `time`, from its rows or its compacted days
    /// (series without one are left out): two statements for the whole center.
    public func lastValues(_ ids: [Int64], atOrBefore time: Int64) throws(PostgresProblem) -> [Int64: (value: Double, time: Int64)] {
        guard !ids.isEmpty, time < Int64.max else { return [:] }
        return try locked { () throws(PostgresProblem) in
            var found: [Int64: (value: Double, time: Int64)] = [:]
            // The last row of each series: one index seek per series, by the server.
            for row in try session.query("""
                SELECT s.id, o.time, o.value FROM unnest($1::int8[]) AS s(id)
                CROSS JOIN LATERAL (SELECT time, value FROM observations WHERE series = s.id AND time <= $2 ORDER BY time DESC LIMIT 1) o
                """, [ids, time]) {
                found[try row.value(0, as: Int64.self)] = (try row.value(2, as: Double.self), try row.value(1, as: Int64.self))
            }
            // The last compacted day that starts by then; looked into when `time` falls inside it.
            for row in try session.query("""
                SELECT s.id, c.day, c.first, c.first_time, c.last, c.last_time, c.hours, c.data FROM unnest($1::int8[]) AS s(id)
                CROSS JOIN LATERAL (SELECT * FROM chunks WHERE series = s.id AND first_time <= $2 ORDER BY day DESC LIMIT 1) c
                """, [ids, time]) {
                let id = try row.value(0, as: Int64.self)
                let lastTime = try row.value(5, as: Int64.self)
                var value: (value: Double, time: Int64)
                if lastTime <= time {
                    value = (try row.value(4, as: Double.self), lastTime)
                } else {
                    value = (try row.value(2, as: Double.self), try row.value(3, as: Int64.self))
                    if let inside = try Self.lastInside(day: try row.value(1, as: Int64.self), data: try row.value(7, as: Data?.self),
                                                        hours: try row.value(6, as: Data?.self), atOrBefore: time) {
                        value = inside
                    }
                }
                if found[id].map({ $0.time < value.time }) ?? true { found[id] = value }
            }
            return found
        }
    }

    /// The last point at or before `time` inside a compacted day: its raw points, else the last
    /// hour that ended by then.
    static func lastInside(day: Int64, data: Data?, hours: Data?, atOrBefore time: Int64) throws(PostgresProblem) -> (value: Double, time: Int64)? {
        do {
            if let data { return try Chunk.decode([UInt8](data)).last { $0.time <= time }.map { ($0.value, $0.time) } }
            if let hours {
                return try HourBuckets.decode([UInt8](hours), dayStart: day).map(\.1).filter { $0.lastTime <= time }
                    .max { $0.lastTime < $1.lastTime }.map { ($0.last, $0.lastTime) }
            }
        } catch {
            throw PostgresProblem(.failed, "a compacted day (\(day)) cannot be decoded: \(error)")
        }
        return nil
    }

    /// Alerts that became active before `to` and were still open at `from` or closed after it,
    /// each with its journal up to `to`.
    public func alertHistories(from: Int64, to: Int64) throws(PostgresProblem) -> [AlertHistory] {
        try locked { () throws(PostgresProblem) in
            var result: [AlertHistory] = []
            for row in try session.query("""
                SELECT a.id, a.indicator, a.region, a.kind, a.severity, e.time, e.actor, e.action, e.from_state, e.to_state, e.reason, a.rule
                FROM alerts a JOIN alert_events e ON e.alert = a.id
                WHERE a.active_at < $1 AND (a.state IN ('pending', 'firing', 'recovering') OR a.since >= $2) AND e.time < $1
                ORDER BY a.id, e.id
                """, [to, from]) {
                let id = try row.value(0, as: Int64.self)
                let entry = JournalEntry(alert: id, time: try row.value(5, as: Int64.self), actor: try text(row, 6), action: try text(row, 7),
                                         from: try row.value(8, as: String?.self).flatMap(AlertState.init),
                                         to: try row.value(9, as: String?.self).flatMap(AlertState.init), reason: try text(row, 10))
                if result.last?.id == id {
                    result[result.count - 1].events.append(entry)
                } else {
                    result.append(AlertHistory(id: id, rule: try text(row, 11), indicator: try text(row, 1), region: try text(row, 2),
                                               kind: AlertKind(rawValue: try text(row, 3)) ?? .threshold,
                                               severity: Severity(rawValue: try text(row, 4)) ?? .warning, events: [entry]))
                }
            }
            return result
        }
    }
}
