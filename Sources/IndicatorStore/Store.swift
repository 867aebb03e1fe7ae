import Foundation
import GRDB
import IndicatorEngine

/// A latest value as stored, named by codes so it survives catalog changes.
public struct StoredCurrent: Sendable, Hashable {
    public var indicator: String
    public var region: String
    public var value: CurrentValue
    /// Change sequence number of the commit that last touched it.
    public var sequence: Int64

    public init(indicator: String, region: String, value: CurrentValue, sequence: Int64) {
        self.indicator = indicator
        self.region = region
        self.value = value
        self.sequence = sequence
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the store at \(path): \(reason)"
        }
    }
}

/// The SQLite store: one database file in WAL mode. Each public method is one transaction.
public final class Store {
    public let path: String
    private let pool: DatabasePool
    /// Series ids by "indicator region", filled as series are first written.
    private var seriesIDs: [String: Int64] = [:]

    public init(path: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
            seriesIDs = try pool.read { db in
                var ids: [String: Int64] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT id, indicator, region FROM series")
                while let row = try rows.next() { ids[Self.key(row["indicator"], row["region"])] = row["id"] }
                return ids
            }
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    private static func key(_ indicator: String, _ region: String) -> String { indicator + " " + region }

    /// The change sequence number of the last commit.
    public func sequence() throws -> Int64 {
        try pool.read { db in try Self.sequence(db) }
    }

    private static func sequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'sequence'").flatMap { $0 } ?? 0
    }

    /// Commits one batch: its observations and the latest values it changed, under a new
    /// sequence number, all or nothing. Returns the sequence number.
    @discardableResult
    public func commit(observations: [Observation], current: [(indicator: String, region: String, value: CurrentValue)]) throws -> Int64 {
        var newIDs: [String: Int64] = [:]
        let known = seriesIDs
        let sequence = try pool.write { db -> Int64 in
            newIDs = [:]
            func seriesID(_ indicator: String, _ region: String) throws -> Int64 {
                let k = Self.key(indicator, region)
                if let id = known[k] ?? newIDs[k] { return id }
                try db.execute(sql: "INSERT OR IGNORE INTO series (indicator, region) VALUES (?, ?)", arguments: [indicator, region])
                let id = try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE indicator = ? AND region = ?", arguments: [indicator, region])!
                newIDs[k] = id
                return id
            }
            let sequence = try Self.sequence(db) + 1
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('sequence', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [sequence])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO observations (series, time, value, source) VALUES (?, ?, ?, ?)
                ON CONFLICT(series, time) DO UPDATE SET value = excluded.value, source = excluded.source
                """)
            for o in observations {
                try insert.execute(arguments: [try seriesID(o.indicator, o.region), o.time, o.value, o.source])
            }
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO current (series, value, time, status, seq) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(series) DO UPDATE SET value = excluded.value, time = excluded.time,
                    status = excluded.status, seq = excluded.seq
                """)
            for c in current {
                try upsert.execute(arguments: [try seriesID(c.indicator, c.region), c.value.value, c.value.time,
                                               c.value.status.rawValue, sequence])
            }
            return sequence
        }
        seriesIDs.merge(newIDs) { a, _ in a }
        return sequence
    }

    /// Every stored latest value.
    public func loadCurrent() throws -> [StoredCurrent] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.indicator, s.region, c.value, c.time, c.status, c.seq
                FROM current c JOIN series s ON s.id = c.series
                """)
            var result: [StoredCurrent] = []
            while let row = try rows.next() {
                let status = SeriesStatus(rawValue: row["status"]) ?? .nodata
                result.append(StoredCurrent(indicator: row["indicator"], region: row["region"],
                                            value: CurrentValue(value: row["value"], time: row["time"], status: status),
                                            sequence: row["seq"]))
            }
            return result
        }
    }

    /// Number of stored observations (for `ioc info` and tests).
    public func observationCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations") ?? 0 }
    }
}
