import Feeds
import Foundation
import IndicatorEngine
import Localization
import StoreContract

/// The one process that runs the engine: it takes the store's state on start, applies the
/// intake and operator actions other processes queue, runs the live feed, and commits each
/// step with its derived values, alert transitions and journal in one transaction.
public final class Leader {
    public let catalog: Catalog
    public let store: any LeaderStore
    public internal(set) var engine: Engine
    private var feed: Simulator?
    public internal(set) var sequence: Int64 = 0
    /// Who hears of alerts (`notify.yaml`); the planner's state lives in the store.
    public var notify: NotifyPolicy = .none
    /// The center's language: the title and text of its notifications.
    public var language: Language = .en
    /// Hears of each source's observations as they are committed, with the step's time (feed health).
    public var taken: ((_ source: String, _ count: Int, _ now: Int64) -> Void)?
    var planner: NotificationPlanner?
    /// The planner as the store holds it, to write it only when it changed.
    var plannerSaved: NotificationPlanner?

    public init(catalog: Catalog, store: any LeaderStore, feed: Simulator? = nil, policy: AlertPolicy = AlertPolicy()) throws {
        self.catalog = catalog
        self.store = store
        self.feed = feed
        directory = SeriesDirectory(catalog: catalog, store: store)
        engine = try Self.restore(catalog: catalog, store: store, directory: directory, policy: policy)
        sequence = try store.sequence()
    }

    /// The engine as the store holds it: latest and reported values, live alerts, silences.
    public static func restore(catalog: Catalog, store: any StoreBackend, directory: SeriesDirectory? = nil, policy: AlertPolicy = AlertPolicy(),
                               now: Int64? = nil) throws -> Engine {
        var engine = Engine(catalog: catalog, policy: policy)
        let directory = directory ?? SeriesDirectory(catalog: catalog, store: store)
        for stored in try store.loadCurrent() {
            guard let series = try directory.series(row: stored.series) else { continue }
            engine.restore(series, stored.value)
            if let reported = stored.reported, let time = stored.reportedTime {
                engine.restoreReported(series, value: reported, time: time, nanos: stored.reportedNanos)
            }
        }
        let alerts = try store.liveAlerts().compactMap { stored -> Alert? in
            guard let series = catalog.series(indicator: stored.indicator, region: stored.region) else { return nil }
            return stored.alert(series: series)
        }
        engine.restoreAlerts(alerts, silences: try store.silences(activeAt: now ?? 0), nextID: try store.maxAlertID() + 1)
        return engine
    }

    public var feedInterval: Int64? { feed?.interval }

    /// One step: queued intake, the feed when `feedDue`, the clock when `tick`.
    /// Returns what changed (nil when nothing was committed).
    @discardableResult
    public func step(now: Int64, feedDue: Bool = false, tick: Bool = false) throws -> ChangeSet? {
        var batch = Batch()
        var changes = ChangeSet()

        let intake = try store.pendingIntake(after: 0, limit: 50_000)
        if !intake.isEmpty {
            let observations = intake.map(\.observation)
            changes.merge(engine.apply(observations, now: now))
            batch.observations += observations
            batch.intakeThrough = intake.last?.id
            for (source, rows) in Dictionary(grouping: observations, by: \.source) { taken?(source, rows.count, now) }
        }
        if feedDue, var running = feed {
            let samples = running.next(now: now)
            feed = running
            changes.merge(engine.apply(resolved: samples, now: now))
            batch.resolved = try directory.resolved(samples)
            batch.resolvedSource = "simulator"
            taken?("simulator", samples.count, now)
        }
        if tick { changes.merge(engine.tick(now: now)) }
        try fill(&batch, from: changes)
        try planNotifications(into: &batch, now: now)
        guard !batch.isEmpty else { return nil }
        sequence = try store.commit(batch)
        return changes
    }

    /// The catalog's series and the store's rows, mapped once.
    let directory: SeriesDirectory

    /// Applies and commits decoded lines this process read itself (`ioc ingest` while leading):
    /// series ids all the way, no codes per observation.
    @discardableResult
    public func ingest(resolved batch: [Sample], source: String, now: Int64, audit: [AuditEntry] = []) throws -> ChangeSet {
        var out = Batch()
        out.audit = audit
        out.resolved = try directory.resolved(batch)
        out.resolvedSource = source
        let changes = engine.apply(resolved: batch, now: now)
        try fill(&out, from: changes)
        try planNotifications(into: &out, now: now)
        sequence = try store.commit(out)
        taken?(source, batch.count, now)
        return changes
    }

    /// Records how the feeds stand (a commit of its own).
    public func record(feeds: [FeedRecord]) throws {
        var batch = Batch()
        batch.feeds = feeds
        sequence = try store.commit(batch)
    }

    /// Writes history straight to the store (no engine, no current values): for seeding.
    /// `seeding`: how far the seeding has come with these points, in thousandths, committed with them.
    public func writeHistory(_ points: [Sample], source: String, seeding: Int64? = nil) throws {
        guard !points.isEmpty || seeding != nil else { return }
        var out = Batch()
        out.resolved = try directory.resolved(points)
        out.resolvedSource = source
        out.seeding = seeding
        sequence = try store.commit(out)
    }

    /// Applies and commits observations named by codes.
    @discardableResult
    public func ingest(_ observations: [Observation], now: Int64) throws -> ChangeSet {
        var batch = Batch()
        let changes = engine.apply(observations, now: now)
        batch.observations = observations
        try fill(&batch, from: changes)
        try planNotifications(into: &batch, now: now)
        sequence = try store.commit(batch)
        return changes
    }

    /// The rows a change set touches: latest values, and alerts with their journal.
    func fill(_ batch: inout Batch, from changes: ChangeSet) throws {
        var touched = Set(changes.values)
        touched.formUnion(changes.statuses.map(\.series))
        let series = Array(touched)
        for (series, row) in zip(series, try directory.rows(series)) {
            let value = engine.table[series] ?? CurrentValue(value: .nan, time: 0, status: engine.table.status(series))
            let reportedTime = engine.reportedTime(series)
            batch.current.append(CurrentRow(
                series: row, value: value, reported: reportedTime.map { _ in engine.reported[series.raw] }, reportedTime: reportedTime,
                reportedNanos: engine.reportedNanos(series)))
        }
        batch.journal += changes.journal
        // Cancelled and archived alerts leave the book; their row still records how they ended.
        let closed = engine.takeClosedAlerts()
        var written = Set<Int64>()
        for entry in changes.journal where entry.alert != 0 && written.insert(entry.alert).inserted {
            if let alert = engine.alerts.alerts[entry.alert] ?? closed[entry.alert] { batch.alerts.append(alert) }
        }
    }
}
