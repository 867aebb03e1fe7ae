import Canvas
import Foundation
import IndicatorEngine
import Localization

/// What a page shows. Pages stack as the operator drills down; the stack gives the breadcrumbs.
public enum Screen: Sendable, Equatable {
    case overview(region: RegionID)
    case field(Int, region: RegionID)
    case indicator(IndicatorID, region: RegionID)
    case alerts
    case audit
    case reports
    /// Where data comes from (`F`): each feed as the leader last recorded it.
    case feeds
    case help(ScreenKind)
    /// The room's big screen (`ioc wall`): a field at a time, or the critical alerts that took over.
    case wall

    /// The region the page is about; nil for pages of the whole center (every screen says: the
    /// compiler asks a new one).
    public var region: RegionID? {
        switch self {
        case let .overview(r), let .field(_, r), let .indicator(_, r): r
        case .alerts, .audit, .reports, .feeds, .help, .wall: nil
        }
    }

    public var kind: ScreenKind {
        switch self {
        case .overview: .overview
        case .field: .field
        case .indicator: .indicator
        case .alerts: .alerts
        case .audit: .audit
        case .reports: .reports
        case .feeds: .feeds
        case .help: .help
        case .wall: .wall
        }
    }
}

public enum HistoryRange: String, Sendable, CaseIterable {
    case day = "24h", week = "7d", month = "30d", year = "1y"

    public var seconds: Int64 {
        switch self {
        case .day: 86_400
        case .week: 7 * 86_400
        case .month: 30 * 86_400
        case .year: 365 * 86_400
        }
    }

    /// How far `[` and `]` move in time on a page with this range.
    public var travelStep: Int64 {
        switch self {
        case .day: 3_600
        case .week: 6 * 3_600
        case .month: 86_400
        case .year: 7 * 86_400
        }
    }

    public var next: HistoryRange {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Columns of the field table, in the order `o` cycles through them.
public enum FieldColumn: String, Sendable, CaseIterable {
    case name, value, target, status, age
}

public struct Page: Sendable, Equatable {
    public var screen: Screen
    public var selection = 0
    public var filter = ""
    public var sort = FieldColumn.status
    public var ascending = false
    public var range = HistoryRange.week
    /// Which pane has the selection: on the overview 0 the fields, 2 the regions below and 1 the
    /// alert strip; on the indicator screen 0 the regions table and 1 its alerts.
    public var pane = 0

    public init(_ screen: Screen) { self.screen = screen }
}

/// A line being typed at the bottom of the screen.
public enum Prompt: Sendable, Equatable {
    case command(String)
    case filter(String)
    case ackNote(alert: Int64, String)
    case note(alert: Int64, String)
    case silence(alert: Int64, String)
    /// A period to report on (`month`, `month:2026-10`).
    case report(String)

    public var text: String {
        switch self {
        case let .command(t), let .filter(t), let .ackNote(_, t), let .note(_, t), let .silence(_, t), let .report(t): t
        }
    }
}

/// A report written into the reports folder (its Markdown form), as the Reports screen lists it.
public struct ReportFile: Sendable, Equatable {
    /// The file name without its extension: `month-2026-10-83`.
    public var name: String
    /// The Markdown file's path.
    public var path: String
    public var written: Int64
    /// The other forms beside it (`xlsx`, `csv`, `json`).
    public var others: [String]

    public init(name: String, path: String, written: Int64, others: [String]) {
        self.name = name
        self.path = path
        self.written = written
        self.others = others
    }
}

/// A report's Markdown shown in the Reports screen's preview.
public struct ReportPreview: Sendable, Equatable {
    public var title: String
    public var lines: [String]

    public init(title: String, text: String) {
        self.title = title
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

/// A history chart's points for one series and range, as the store gave them.
public struct HistoryData: Sendable, Equatable {
    public var series: SeriesID
    public var range: HistoryRange
    public var points: [HistoryValue]

    public init(series: SeriesID, range: HistoryRange, points: [HistoryValue]) {
        self.series = series
        self.range = range
        self.points = points
    }
}

public struct HistoryValue: Sendable, Equatable {
    public var time: Int64
    public var value: Double
    public init(time: Int64, value: Double) {
        self.time = time
        self.value = value
    }
}

/// When the picture is of: live, paused ("now, frozen"), or a moment in the past.
public enum ViewMoment: Sendable, Equatable {
    case live
    case paused(Int64)
    case past(Int64)

    /// Whether the picture is of the past (actions are refused there; a pause is "now").
    public var isPast: Bool { if case .past = self { true } else { false } }

    /// The moment shown, nil while live.
    public var time: Int64? {
        switch self {
        case .live: nil
        case let .paused(t), let .past(t): t
        }
    }
}

/// Everything the screen shows, as a value: `update` makes the next one, `view` draws it.
public struct ConsoleState: Sendable {
    public var catalog: Catalog
    public var table: SeriesTable
    public var now: Int64
    /// When data last arrived (Unix seconds), for the header's freshness mark.
    public var lastData: Int64?
    public var timeZone: TimeZone
    public var size: Size
    public var capabilities: Capabilities
    public var theme: Theme
    public var keyMap: KeyMap
    public var operatorName: String
    /// What this operator may do (`operators.yaml`; the admin in single-account mode).
    public var access: Role
    /// The regions this operator sees; the console opens on `scope.home` and never goes above it.
    public var scope: RegionScope
    /// The center's name in the header ("IOC Bến Tre", "IOC Châu Thành").
    public var title: String
    /// The center's field list (`centers.yaml`), as catalog indices; nil: every field.
    public var centerFields: [Int]?
    /// Why no leader answers actions right now (nil: attached to a live leader).
    public var link: String?
    /// What the center is doing before it can be shown whole (nil: it is there).
    public var startup: Startup?
    /// Notifications that failed and wait for another try (0: deliveries are well).
    public var failingNotifications = 0
    /// The audit, newest first, when the audit screen loaded it.
    public var audit: [AuditEntry] = []
    /// The feeds, the failing and quiet first, when the feeds screen loaded them.
    public var feeds: [FeedRecord] = []
    /// Open alerts, most severe and oldest first.
    public var alerts: [Alert] = []
    /// Alerts resolved recently (kept until archived), newest first, for an indicator's page.
    public var recentlyResolved: [Alert] = []
    public var stack: [Page]
    public var prompt: Prompt?
    /// A one-line message for the operator (the result of an action, a failed jump).
    public var notice: String?
    public var history: HistoryData?
    /// Reports in the reports folder, newest first, and the one being read.
    public var reports: [ReportFile] = []
    public var reportPreview: ReportPreview?
    /// Live, paused, or the past: live data does not move a paused or past picture.
    public var moment: ViewMoment = .live
    /// Sparklines loaded from the store (the last 24 hours to the moment shown), by series.
    public var trends: [SeriesID: [Double]] = [:]
    /// A year of history (24 points) for the field table's targets: progress and outlook are
    /// judged from the trend, not from the latest value alone.
    public var longHistory: [SeriesID: [HistoryValue]] = [:]
    /// Live updates held back while paused or in the past (the header counts them).
    public var heldUpdates = 0
    /// When the page's charts next follow new data and the sparklines are next loaded afresh
    /// (Unix seconds; set by the first tick).
    public var refresh: RefreshTimes?
    /// Alert journal shown under the alerts list, when one was opened.
    public var journal: (alert: Int64, entries: [JournalEntry])?
    /// This operator's favourites, home screen and theme (saved by the runner when they change).
    public var preferences = Preferences()
    /// Set on the room's big screen (`ioc wall`): rotation through the fields and alert takeover.
    public var wall: WallState?
    /// The language this operator reads (`L` switches it): every word and number on screen follows.
    public var language: Language = .en { didSet { words = .shipped(language) } }
    /// The messages of `language`.
    var words: Messages = .english

    public init(catalog: Catalog, table: SeriesTable, now: Int64, timeZone: TimeZone, size: Size,
                capabilities: Capabilities, theme: Theme = .dark, keyMap: KeyMap = .standard,
                operatorName: String, access: Role = .admin, scope: RegionScope? = nil, title: String? = nil, fields: [String] = [],
                language: Language = .en) {
        self.catalog = catalog
        self.language = language
        words = .shipped(language)
        self.table = table
        self.now = now
        self.timeZone = timeZone
        self.size = size
        self.capabilities = capabilities
        self.theme = theme
        self.keyMap = keyMap
        self.operatorName = operatorName
        self.access = access
        let scope = scope ?? .everything(catalog)
        self.scope = scope
        self.title = title ?? catalog.name
        centerFields = fields.isEmpty ? nil : fields.compactMap { catalog.fieldIndex[$0] }
        stack = [Page(.overview(region: scope.home))]
    }

    /// The moment the picture shows: ages, charts and staleness are judged from it.
    public var viewTime: Int64 { moment.time ?? now }

    public var page: Page {
        get { stack[stack.count - 1] }
        set { stack[stack.count - 1] = newValue }
    }

    /// The region the current page is about.
    public var region: RegionID {
        stack.reversed().lazy.compactMap(\.screen.region).first ?? scope.home
    }

    /// The fields an overview of `region` shows, in order: the center's list (or all), less a
    /// district center's own fields outside their district.
    public func fields(at region: RegionID) -> [Int] {
        (centerFields ?? Array(catalog.fields.indices)).filter { catalog.isShown(field: $0, at: region) }
    }

    /// Alerts this operator's scope covers.
    public func inScope(_ alerts: [Alert]) -> [Alert] {
        scope.isEverything ? alerts : alerts.filter { alert in
            catalog.regionIndex[alert.region].map { scope.covers($0, in: catalog) } ?? false
        }
    }

    /// Text as this terminal can show it: folded to ASCII before it is measured, so a
    /// non-UTF-8 terminal gets aligned columns and never mojibake.
    public func shown(_ text: String) -> String {
        capabilities.unicode ? text : Folding.ascii(text)
    }
}

/// What a console says while the center is not there yet: it has not read the store, the leader
/// is filling an empty store, or the store cannot be read. The header says it, never a bare
/// "no leader".
public enum Startup: Sendable, Equatable {
    case reading
    /// This console started a leader, or one holds the lock and does not answer yet.
    case startingLeader
    /// The leader writes the starting history; how far, in thousandths.
    case seeding(permille: Int)
    case unreadable(String)

    /// What the header says, in the operator's words.
    func text(_ s: ConsoleState) -> String {
        switch self {
        case .reading: s.tr("Reading the center…")
        case .startingLeader: s.tr("Starting the center's leader…")
        case let .seeding(permille): s.tr("Starting the center: writing a year of history… {percent}%", ["percent": "\(min(99, max(0, permille / 10)))"])
        case let .unreadable(reason): s.tr("Cannot read the store: {reason}", ["reason": reason])
        }
    }
}

/// What can happen to the console.
public enum Message: Sendable {
    case key(Key)
    case resize(Size)
    case tick(now: Int64)
    case data(SeriesTable, alerts: [Alert], resolved: [Alert] = [], now: Int64)
    case history(HistoryData)
    case journal(alert: Int64, [JournalEntry])
    case notice(String)
    /// The audit as the store holds it, newest first.
    case audit([AuditEntry])
    /// The feeds as the leader last recorded them.
    case feeds([FeedRecord])
    /// Whether a leader answers actions (nil: yes; else why not).
    case link(String?)
    /// How many notifications are failing (the header says so while any are).
    case notifications(failing: Int)
    /// A left click at a cell: selects the panel or row there and opens it.
    case click(x: Int, y: Int)
    /// The reports folder's reports, newest first.
    case reports([ReportFile])
    /// A report to read in the Reports screen's preview.
    case reportPreview(ReportPreview)
    /// Sparklines from the store for these series, and a year of history for their targets.
    case trends([SeriesID: [Double]], long: [SeriesID: [HistoryValue]] = [:])
    /// The center as it stood at `at` (nil: live again, with the latest data).
    case travelled(SeriesTable, alerts: [Alert], at: Int64?)
    /// What the center is doing before it is there whole (nil: it is).
    case startup(Startup?)
}

/// What the runner must do after an update; the core never performs effects itself.
/// The console's own clocks, kept in its state so `update` decides when they ring.
public struct RefreshTimes: Sendable, Equatable {
    /// A chart on screen follows new data every half minute.
    public static let charts: Int64 = 30
    /// Sparklines span a day in 16 buckets: loading them afresh every 5 minutes is plenty.
    public static let sparklines: Int64 = 300

    public var charts: Int64
    public var sparklines: Int64
}

public enum Effect: Sendable, Equatable {
    case quit
    /// Repaint every cell, not just the changed ones (after `r`, or garbage from elsewhere).
    case repaint
    case loadHistory(SeriesID, HistoryRange)
    case loadJournal(alert: Int64)
    case acknowledge(alert: Int64, note: String)
    case note(alert: Int64, text: String)
    case silence(alert: Int64, seconds: Int64)
    case loadAudit
    case loadFeeds
    case loadReports
    case loadReport(path: String)
    /// Build a report of a period for this console's scope and show it (not written anywhere).
    case produceReport(period: String)
    /// Show the center as it stood at a moment (nil: back to live).
    case travel(to: Int64?)
    /// Write the table on screen to a CSV file of the operator's own and say where.
    case export(ExportTable)
    /// Put text on the operator's clipboard (OSC 52).
    case copy(String)
    /// Keep this operator's preferences (favourites, home screen, theme) for the next start.
    case savePreferences(Preferences)
    /// Load the sparklines and target trends of what is on screen that are not loaded yet.
    case loadTrends
}
