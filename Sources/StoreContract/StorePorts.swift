import Foundation
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
    /// The highest intake id the leader has applied.
    func intakeApplied() throws -> Int64
    /// Each series' last observation before `from` and its observations in [from, to) in steps
    /// of `width` seconds (`PeriodFold`): what a report reads.
    func periodSeries(_ ids: [Int64], from: Int64, to: Int64, width: Int64) throws -> [Int64: PeriodSeries]
    /// Audited acknowledgements and silences in [from, to).
    func actionAudit(from: Int64, to: Int64) throws -> [AuditEntry]
    /// An alert's notifications and how their delivery stands.
    func notifications(alert: Int64) throws -> [OutboxRow]
    /// Pending messages that have failed at least once: deliveries are failing.
    func failingNotifications() throws -> Int
    /// How each feed stands, as the leader last recorded it, by name.
    func feedRecords() throws -> [FeedRecord]
    /// How far the leader filling an empty store has come, in thousandths; nil: not seeding
    /// (never begun, or finished).
    func seeding() throws -> Int64?
}

/// The marks of a leader filling an empty store, recorded with its commits.
public enum SeedingMark {
    /// The progress that means done: the mark is removed.
    public static let finished: Int64 = 1_000
}

/// What the one process that leads writes and asks besides what every reader reads, and what
/// leading this store brings with it, each backend its own way.
public protocol LeaderStore: StoreBackend, NotificationOutbox, ReportRecords {
    /// Why this process may not lead the store (it may only read it), or nil.
    var leadRefusal: StoreError? { get }
    /// The right to lead it: SQLite's lock file beside it, PostgreSQL's advisory lock on a
    /// session of the leader's own (`holder` names this process to others).
    func leadershipClaim(holder: String) -> any LeadershipClaim
    /// How the store keeps years of history, a small step at a time on the leader.
    func historyUpkeep(retention: HistoryRetention, timeZone: TimeZone, rowBudget: Int) -> any HistoryUpkeep
    /// The store's file when it is one on this host: the leader's command socket, its change
    /// watch and the reports folder sit beside it (nil: a server's database, acted on through
    /// the database from any host).
    var hostFile: String? { get }
    /// What wakes the leader when another process queued work in the store (SQLite's WAL
    /// watch); nil: the leader looks every poll.
    func intakeSignal() -> (any ChangeSignal)?
    /// Operators' actions queued in the database for the leader (PostgreSQL, where consoles on
    /// other hosts have no socket to the leader); nil: actions come through the leader's socket.
    var actionQueue: (any ActionQueue)? { get }
    /// Commits one engine step under a new sequence number, all or nothing.
    func commit(_ batch: Batch) throws -> Int64
    /// How the leader answered a request, by its id (nil: never seen).
    func request(id: String) throws -> RequestOutcome?
    func nextSilenceID() throws -> Int64
    /// The notification planner's state as last committed.
    func plannerState() throws -> String?
}

extension LeaderStore {
    /// The claim for this process, named by its host and pid.
    public func leadershipClaim() -> any LeadershipClaim {
        leadershipClaim(holder: "\(ProcessInfo.processInfo.hostName) pid \(getpid())")
    }
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

/// Wakes a reader when the store may have changed: SQLite's WAL watch, PostgreSQL's `LISTEN`.
/// It only says "look"; the reader then reads what is newer than its sequence, so a missed
/// wake-up costs a late look (the reader looks every second anyway), never a wrong screen.
public protocol ChangeSignal: AnyObject {
    /// Readable when there may be news: for the caller's `poll` (-1: none, poll instead).
    var descriptor: Int32 { get }
    /// Whether wake-ups are coming (false: look often).
    var isArmed: Bool { get }
    /// Clears the descriptor; true when there may be news.
    func drain() -> Bool
}

/// An operator's action asked of the leader through the database (PostgreSQL), where there is
/// no leader's socket on the operator's host: queued by a database function that records the
/// role the server authenticated (`session_user`), answered by the leader in one commit with
/// its outcome recorded under the request's id.
public struct QueuedAction: Sendable, Hashable {
    public var id: Int64
    /// The request's own id (its answer is recorded under it).
    public var request: String
    /// The database role that asked, and the roles it is a member of.
    public var user: String
    public var groups: [String]
    /// The request itself, as the leader's socket takes it (JSON).
    public var body: String

    public init(id: Int64, request: String, user: String, groups: [String], body: String) {
        self.id = id
        self.request = request
        self.user = user
        self.groups = groups
        self.body = body
    }
}

/// A store that carries operators' actions to the leader (PostgreSQL).
public protocol ActionQueue: AnyObject {
    /// Who the database says this connection is: its role and the roles it is a member of.
    func sessionIdentity() throws -> (user: String, groups: [String])
    /// Queues a request (`body`: its JSON) under its id, as this connection's role.
    func queueAction(request: String, body: String) throws
    /// Actions not answered yet, oldest first (the leader's side).
    func queuedActions(limit: Int) throws -> [QueuedAction]
    /// How the leader answered a request, by its id (nil: not yet).
    func request(id: String) throws -> RequestOutcome?
}

/// The leader's notification outbox, as its sender works it: what is due, each try recorded.
public protocol NotificationOutbox: AnyObject {
    /// Pending messages whose next try is due, oldest first.
    func dueNotifications(now: Int64, limit: Int) throws -> [OutboxRow]
    /// The soonest next try of a pending message not among `excluding` (those being sent).
    func nextNotificationTry(excluding: [Int64]) throws -> Int64?
    /// Records a try: delivered, or failed with the time of the next one.
    func recordDelivery(id: Int64, at time: Int64, delivered: Bool, detail: String, nextTry: Int64?) throws
    /// The newest messages, newest first, with every try (`ioc notify log`).
    func notificationLog(limit: Int) throws -> [(message: OutboxRow, attempts: [(time: Int64, result: String, detail: String)])]
}

/// Scheduled reports written, so a restart or a new leader never writes one twice.
public protocol ReportRecords: AnyObject {
    func reportWritten(schedule: String, period: String) throws -> Bool
    /// Records a written report with its announcements in one transaction; false when another
    /// leader recorded it first.
    @discardableResult
    func recordReport(schedule: String, period: String, files: [String], at time: Int64, announcements: [OutboxMessage]) throws -> Bool
    /// Another connection to the same store, for a report built on a thread of its own.
    func openReader() throws -> any StoreBackend
}

/// How a store keeps years of history, its own way: SQLite compacts old days into chunks and
/// drops them past retention; PostgreSQL makes months ahead and drops whole months.
public protocol HistoryUpkeep: AnyObject {
    /// Seconds after taking the lead before the first step.
    var firstDelay: Int64 { get }
    /// One small step at `now` (Unix seconds): whether more work follows at once (after a short
    /// pause that lets others have the writer), and lines for the log.
    func step(now: Int64) -> (more: Bool, log: [String])
}
