import IndicatorEngine

/// What the center keeps, whichever database keeps it: the SQLite store (`Store`, one file, the
/// embedded default) and the PostgreSQL store (`PostgresStore`, for consoles on several hosts)
/// both answer these, with the same rows. Code that reads the center is written against it.
public protocol StoreBackend: AnyObject {
    /// Where it is, for logs and messages: a file's path, or a URL without its password.
    var location: String { get }
    /// The change sequence number of the last commit.
    func sequence() throws -> Int64
    /// Latest values and alerts written after `sequence`.
    func changes(since sequence: Int64) throws -> StoreChanges
    func loadCurrent() throws -> [CurrentRow]
    func seriesRows() throws -> [(id: Int64, indicator: String, region: String)]
    /// Store ids of series named by codes, created when new.
    func seriesIDs(_ keys: [(indicator: String, region: String)]) throws -> [Int64]
    func current(indicator: String, region: String) throws -> StoredCurrent?
    func alerts(all: Bool) throws -> [StoredAlert]
    /// Open alerts and resolved ones not yet archived (what a restored engine keeps).
    func liveAlerts() throws -> [StoredAlert]
    func alert(id: Int64) throws -> StoredAlert?
    /// The highest alert id ever stored.
    func maxAlertID() throws -> Int64
    /// Changes whenever a commit happened (cheap: a follower asks it often).
    func dataVersion() throws -> Int
    /// Each series' last observation at or before `time`: the center as it stood then.
    func lastValues(_ ids: [Int64], atOrBefore time: Int64) throws -> [Int64: (value: Double, time: Int64)]
    /// Alerts active before `to` and open at `from` or closed after it, with their journals to `to`.
    func alertHistories(from: Int64, to: Int64) throws -> [AlertHistory]
    func journal(alert id: Int64) throws -> [JournalEntry]
    func silences(activeAt now: Int64) throws -> [Silence]
    func auditTrail(since: Int64?, user: String?, limit: Int?) throws -> [AuditEntry]
    func observationCount() throws -> Int
    func observations(indicator: String, region: String, from: Int64, to: Int64) throws -> [StoredObservation]
    func history(indicator: String, region: String, from: Int64, to: Int64, points: Int) throws -> [HistoryPoint]
    /// Observations handed to the leader by a process that does not lead.
    func enqueueIntake(_ observations: [Observation]) throws -> Int64
    func pendingIntake(after id: Int64, limit: Int) throws -> [(id: Int64, observation: Observation)]
}

/// What the one process that leads writes and asks besides what every reader reads.
public protocol LeaderStore: StoreBackend {
    /// Commits one engine step under a new sequence number, all or nothing.
    func commit(_ batch: Batch) throws -> Int64
    /// How the leader answered a request, by its id (nil: never seen).
    func request(id: String) throws -> RequestOutcome?
    func nextSilenceID() throws -> Int64
    /// The notification planner's state as last committed.
    func plannerState() throws -> String?
}

/// The right to lead a store: SQLite's lock file beside it, PostgreSQL's advisory lock on a
/// session of the leader's own. Taken, kept and given up by the participant.
public protocol LeadershipClaim: AnyObject {
    /// Takes the lead if nobody holds it.
    func tryAcquire() -> Bool
    /// Whether this process still holds it (PostgreSQL: the session is asked).
    var stillHeld: Bool { get }
    /// Why the claim cannot be tried at all (a lock file that cannot be opened).
    var openProblem: String? { get }
    func release()
}

extension Store: LeaderStore {
    public var location: String { path }
}
