/// Who hears of alerts, and when (DESIGN.md, "Notifications"; `config/notify.yaml`). Routing,
/// grouping and repeats follow Alertmanager's meaning; escalations are steps for alerts still
/// firing and unacknowledged after a time.

/// Which alerts a route or an escalation takes: every given label must match; `region` takes
/// the region's subtree.
public struct AlertMatcher: Sendable, Hashable, Codable {
    public var field: String?
    public var indicator: String?
    public var region: String?
    public var severity: Severity?

    public init(field: String? = nil, indicator: String? = nil, region: String? = nil, severity: Severity? = nil) {
        self.field = field
        self.indicator = indicator
        self.region = region
        self.severity = severity
    }

    public func matches(_ alert: Alert, catalog: Catalog) -> Bool {
        if let severity, alert.severity != severity { return false }
        if let indicator, alert.indicator != indicator { return false }
        if let field {
            guard let i = catalog.indicatorIndex[alert.indicator], catalog.indicators[i].field == field else { return false }
        }
        if let region {
            guard let mine = catalog.regionIndex[alert.region], let top = catalog.regionIndex[region],
                  catalog.path(to: mine).contains(top) else { return false }
        }
        return true
    }
}

/// A label alerts are grouped by.
public enum GroupLabel: String, Sendable, Hashable, Codable, CaseIterable {
    case field, indicator, region, severity
}

public struct NotifyReceiver: Sendable, Hashable, Codable {
    public var name: String
    /// The program and its arguments; the message goes to its standard input as JSON.
    public var command: [String]
    /// Seconds before a command that has not finished is killed (and retried).
    public var timeout: Int64
    /// Whether it hears of each scheduled report the leader writes.
    public var reports: Bool

    public init(name: String, command: [String], timeout: Int64 = 10, reports: Bool = false) {
        self.name = name
        self.command = command
        self.timeout = timeout
        self.reports = reports
    }
}

public struct NotifyRoute: Sendable, Hashable, Codable {
    public var receiver: String
    public var match: AlertMatcher
    public var groupBy: [GroupLabel]
    /// How long a new group waits for company before its first message.
    public var groupWait: Int64
    /// The least time between two messages of a group that has changed.
    public var groupInterval: Int64
    /// How often an unchanged group with unacknowledged alerts is sent again.
    public var repeatInterval: Int64
    public var sendResolved: Bool
    /// Whether later routes are tried after this one matched.
    public var continues: Bool

    public init(receiver: String, match: AlertMatcher = AlertMatcher(), groupBy: [GroupLabel] = [.field, .region], groupWait: Int64 = 30,
                groupInterval: Int64 = 300, repeatInterval: Int64 = 14_400, sendResolved: Bool = true, continues: Bool = false) {
        self.receiver = receiver
        self.match = match
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.sendResolved = sendResolved
        self.continues = continues
    }
}

/// A step for alerts still firing and unacknowledged `after` seconds after they fired.
public struct NotifyEscalation: Sendable, Hashable, Codable {
    public var after: Int64
    public var receiver: String
    public var match: AlertMatcher

    public init(after: Int64, receiver: String, match: AlertMatcher = AlertMatcher()) {
        self.after = after
        self.receiver = receiver
        self.match = match
    }
}

public struct NotifyPolicy: Sendable, Hashable, Codable {
    public var receivers: [NotifyReceiver]
    public var routes: [NotifyRoute]
    public var escalations: [NotifyEscalation]

    public init(receivers: [NotifyReceiver] = [], routes: [NotifyRoute] = [], escalations: [NotifyEscalation] = []) {
        self.receivers = receivers
        self.routes = routes
        self.escalations = escalations
    }

    /// No file: nobody is notified.
    public static let none = NotifyPolicy()
}
