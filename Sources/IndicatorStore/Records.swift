import GRDB
import StoreContract

/// The contract's table rows as GRDB records: GRDB reads and writes them through their Codable
/// conformance (their `CodingKeys` are the columns), and the query interface names columns here.
extension AlertRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { table }
    public enum Columns {
        public static let id = Column(CodingKeys.id), state = Column(CodingKeys.state), seq = Column(CodingKeys.seq)
    }
}

extension JournalRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { table }
    public enum Columns {
        public static let alert = Column(CodingKeys.alert), id = Column(CodingKeys.id)
    }
}

extension SilenceRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { table }
    public enum Columns {
        public static let id = Column(CodingKeys.id), end = Column(CodingKeys.end)
    }
}

extension AuditRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { table }
    public enum Columns {
        public static let id = Column(CodingKeys.id), time = Column(CodingKeys.time), user = Column(CodingKeys.user), action = Column(CodingKeys.action)
    }
}

extension ActionRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { table }
    public enum Columns {
        public static let id = Column(CodingKeys.id), request = Column(CodingKeys.request)
    }
}

extension IntakeRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { table }
    public enum Columns {
        public static let id = Column(CodingKeys.id)
    }
}

extension FeedRow: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { table }
    public enum Columns {
        public static let name = Column(CodingKeys.name)
    }
}

/// A row of `meta`: the store's counters (`sequence`, `intake_applied`).
struct MetaRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "meta"

    var key: String
    var value: Int64

    static func value(_ key: String, _ db: Database) throws -> Int64 {
        try MetaRecord.fetchOne(db, key: key)?.value ?? 0
    }
}
