/// How one feed stands, as the leader records it (`ioc feeds`): the simulator, the inbox, each
/// command feed, the write endpoint per token, and `ioc ingest` runs handed to the leader.
public struct FeedRecord: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case running, restarting, failed, quiet, stopped
    }

    public var name: String
    /// `simulator`, `inbox`, `command`, `http` or `ingest`.
    public var kind: String
    public var state: State
    /// When it last gave an observation that was taken (Unix seconds of arrival).
    public var lastTime: Int64?
    public var accepted1h: Int
    public var rejected1h: Int
    public var restarts: Int
    public var lastError: String

    public init(name: String, kind: String, state: State, lastTime: Int64?, accepted1h: Int, rejected1h: Int, restarts: Int, lastError: String) {
        self.name = name
        self.kind = kind
        self.state = state
        self.lastTime = lastTime
        self.accepted1h = accepted1h
        self.rejected1h = rejected1h
        self.restarts = restarts
        self.lastError = lastError
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, state, lastTime = "last_time", accepted1h = "accepted_1h", rejected1h = "rejected_1h", restarts, lastError = "last_error"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(state, forKey: .state)
        // Every key present, null where a feed has given nothing yet.
        if let lastTime { try c.encode(lastTime, forKey: .lastTime) } else { try c.encodeNil(forKey: .lastTime) }
        try c.encode(accepted1h, forKey: .accepted1h)
        try c.encode(rejected1h, forKey: .rejected1h)
        try c.encode(restarts, forKey: .restarts)
        try c.encode(lastError, forKey: .lastError)
    }
}

extension FeedRecord {
    /// Failed, quiet, restarting and stopped before running, then by name: the ones that need a
    /// look first (`ioc feeds` and the console's Feeds screen).
    public static func needingALookFirst(_ records: [FeedRecord]) -> [FeedRecord] {
        let rank: [State: Int] = [.failed: 0, .quiet: 1, .restarting: 2, .stopped: 3, .running: 4]
        return records.sorted { (rank[$0.state] ?? 5, $0.name) < (rank[$1.state] ?? 5, $1.name) }
    }

    /// The record as it stands at `now`: one recorded running that has given nothing for longer
    /// than its cadence (its indicator's `stale_after` in `catalog`, else 10 minutes) is quiet,
    /// though nobody recorded it again (its leader gone, or an `ioc ingest` that led itself).
    public func asOf(_ now: Int64, catalog: Catalog) -> FeedRecord {
        guard state == .running else { return self }
        let quietAfter = catalog.indicatorIndex[FeedIndicators.code(feed: name)].map { catalog.indicators[$0].staleAfter } ?? FeedCadence.defaultEvery
        var judged = self
        if lastTime.map({ now - $0 > quietAfter }) ?? true { judged.state = .quiet }
        return judged
    }
}
