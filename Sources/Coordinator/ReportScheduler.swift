import Foundation
import Localization
import IndicatorEngine
import StoreContract
import Reports

/// Writes scheduled reports while this process leads: each schedule's report once its period
/// is complete and its hour has come, into its folder (`reports/` beside a SQLite store). The store records each
/// (schedule, period) with its announcements in one transaction, so a restart or a new leader
/// never writes one twice (a leader that died between writing the files and recording them
/// leaves files the next one writes again, byte for byte the same). A report is built on a
/// thread of its own with its own connection: the leader's loop never waits for it.
public final class ReportScheduler {
    public let settings: ReportSettings
    private let catalog: Catalog
    private let directory: String
    private let timeZone: TimeZone
    private let receivers: [NotifyReceiver]
    private let log: (String) -> Void
    private var job: Job?
    private var nextLook: Int64 = 0
    /// How often the schedules are looked at, and how long after a failure the report is tried again.
    public static let lookInterval: Int64 = 60
    public static let retryInterval: Int64 = 900

    public init(settings: ReportSettings, catalog: Catalog, directory: String, timeZone: TimeZone, receivers: [NotifyReceiver],
                log: @escaping (String) -> Void) {
        self.settings = settings
        self.catalog = catalog
        self.directory = directory
        self.timeZone = timeZone
        self.receivers = receivers.filter(\.reports)
        self.log = log
    }

    /// A report being built on its own thread.
    final class Job: @unchecked Sendable {
        let schedule: ReportSchedule
        let period: ReportPeriod
        private let lock = NSLock()
        private var outcome: Result<(paths: [String], report: Report), Error>?

        init(schedule: ReportSchedule, period: ReportPeriod) {
            self.schedule = schedule
            self.period = period
        }

        func finish(_ result: Result<(paths: [String], report: Report), Error>) { lock.withLock { outcome = result } }
        func take() -> Result<(paths: [String], report: Report), Error>? { lock.withLock { outcome } }
    }

    /// Records a finished report, or starts the next one that is due. Returns true when it
    /// committed something (a report's record and its announcements).
    @discardableResult
    public func step(store: any ReportRecords, now: Int64) throws -> Bool {
        if let job {
            guard let outcome = job.take() else { return false }
            self.job = nil
            switch outcome {
            case let .success((paths, report)):
                let announcements = receivers.map { announcement(report, paths: paths, schedule: job.schedule, receiver: $0, now: now) }
                if try store.recordReport(schedule: job.schedule.key, period: job.period.label, files: paths, at: now, announcements: announcements) {
                    log("report: wrote \(job.period.kind.rawValue) \(job.period.label) of \(report.region.code) (\(paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")))")
                }
                nextLook = 0
                return true
            case let .failure(error):
                log("report: \(job.period.kind.rawValue) \(job.period.label) failed: \(error); trying again in \(Self.retryInterval / 60) min")
                nextLook = now + Self.retryInterval
                return false
            }
        }
        guard now >= nextLook, !settings.schedules.isEmpty else { return false }
        nextLook = now + Self.lookInterval
        for schedule in settings.schedules {
            guard let period = schedule.due(now: now, convention: settings.convention, timeZone: timeZone),
                  try !store.reportWritten(schedule: schedule.key, period: period.label) else { continue }
            start(schedule, period, reader: try store.openReader)
            return false
        }
        return false
    }

    /// Whether a report is being built on its thread now.
    public var isBuilding: Bool { job != nil && job?.take() == nil }

    /// `reader`: opens the job's own connection to the store.
    private func start(_ schedule: ReportSchedule, _ period: ReportPeriod, reader: @escaping () throws -> any StoreBackend) {
        let job = Job(schedule: schedule, period: period)
        self.job = job
        let catalog = catalog, directory = directory, language = settings.language
        nonisolated(unsafe) let reader = reader
        let region = schedule.region.flatMap { catalog.regionIndex[$0] } ?? catalog.rootRegion
        let thread = Thread {
            job.finish(Result {
                let store = try reader()
                let report = try ReportMaker.make(store: store, catalog: catalog, period: period, region: region, field: schedule.field)
                let paths = try ReportMaker.write(report, formats: schedule.formats, to: directory, language: language)
                return (paths, report)
            })
        }
        thread.name = "report"
        thread.start()
    }

    /// The message a receiver that asks for reports gets: which report, where its files are and
    /// the summary a leader reads first.
    func announcement(_ report: Report, paths: [String], schedule: ReportSchedule, receiver: NotifyReceiver, now: Int64) -> OutboxMessage {
        let p = report.period
        let body = JSONValue.object([
            ("key", .string("report:\(schedule.key):\(p.label):\(receiver.name)")),
            ("status", .string("report")),
            ("receiver", .string(receiver.name)),
            ("center", .string(report.center)),
            ("report", .object([
                ("kind", .string(p.kind.rawValue)), ("label", .string(p.label)), ("start", .string(p.startText)), ("end", .string(p.endText)),
                ("convention", .string(p.convention.rawValue)), ("region", .string(report.region.code)), ("region_name", .string(report.region.name)),
                ("files", .array(paths.map { .string($0) })), ("summary", .string(MarkdownReport.summary(report, language: settings.language))),
            ])),
            ("group", .object([])),
            ("alerts", .array([])),
            ("escalation", .bool(false)),
            ("test", .bool(false)),
        ])
        return OutboxMessage(key: "report:\(schedule.key):\(p.label):\(receiver.name)", receiver: receiver.name, body: body.text, alerts: [],
                             created: now)
    }
}
