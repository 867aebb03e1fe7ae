import Foundation

public enum AlertState: String, Sendable, Hashable, CaseIterable, Codable {
    case inactive, pending, firing, recovering, resolved, archived

    /// Open alerts are the ones an operator must see.
    public var isOpen: Bool { self == .pending || self == .firing || self == .recovering }
}

/// What an alert rule watches on a series: a threshold breach, or data that stopped coming.
public enum AlertKind: String, Sendable, Hashable, Codable {
    case threshold, stale
}

public struct Acknowledgement: Sendable, Hashable, Codable {
    public var by: String
    public var at: Int64
    public var note: String

    public init(by: String, at: Int64, note: String) {
        self.by = by
        self.at = at
        self.note = note
    }
}

/// A problem on one series. Identity is (rule, region); the rule is the indicator code, with
/// `:stale` for the staleness rule.
public struct Alert: Sendable, Hashable {
    public var id: Int64
    public var rule: String
    public var kind: AlertKind
    public var series: SeriesID
    public var indicator: String
    public var region: String
    public var severity: Severity
    public var state: AlertState
    /// When the condition first held (pending since).
    public var activeAt: Int64
    /// When the current state began.
    public var since: Int64
    public var firedAt: Int64?
    public var value: Double?
    public var acknowledged: Acknowledgement?
    /// Ids of the silences that mute it now.
    public var silencedBy: [Int64] = []
    public var flapping = false

    /// Muted alerts are shown but not announced: silenced or flapping.
    public var isMuted: Bool { flapping || !silencedBy.isEmpty }
}

/// One line of the alert journal: every transition and every operator action.
public struct JournalEntry: Sendable, Hashable {
    public var alert: Int64
    public var time: Int64
    public var actor: String
    public var action: String
    public var from: AlertState?
    public var to: AlertState?
    public var reason: String
}

/// Mutes alerts whose series matches (field, indicator, region subtree) in a time window.
public struct Silence: Sendable, Hashable {
    public var id: Int64
    public var field: String?
    public var indicator: String?
    /// Region code; the silence covers it and everything below it.
    public var region: String?
    public var start: Int64
    public var end: Int64
    public var createdBy: String
    public var comment: String

    public init(id: Int64, field: String? = nil, indicator: String? = nil, region: String? = nil, start: Int64, end: Int64,
                createdBy: String, comment: String = "") {
        self.id = id
        self.field = field
        self.indicator = indicator
        self.region = region
        self.start = start
        self.end = end
        self.createdBy = createdBy
        self.comment = comment
    }

    public func isActive(at now: Int64) -> Bool { now >= start && now < end }
}

/// Tunables of the lifecycle.
public struct AlertPolicy: Sendable, Hashable {
    /// Resolved alerts stay visible this long before they are archived.
    public var retention: Int64 = 86_400
    /// Flapping: share of condition changes over the last `window` evaluations.
    public var window = 21
    public var flapHigh = 0.5
    public var flapLow = 0.25

    public init() {}
}

/// Why an operator action was refused.
public enum AlertActionError: Error, Sendable, Hashable, CustomStringConvertible {
    case noSuchAlert(Int64)
    case notOpen(Int64, AlertState)

    public var description: String {
        switch self {
        case let .noSuchAlert(id): "no alert with id \(id)"
        case let .notOpen(id, state): "alert \(id) is \(state.rawValue), not open"
        }
    }
}

/// The alerts of a catalog and their lifecycle, as drawn in DESIGN.md:
/// inactive → pending → firing → recovering → resolved → archived.
public struct AlertBook: Sendable {
    public let policy: AlertPolicy
    public private(set) var alerts: [Int64: Alert] = [:]
    public private(set) var silences: [Int64: Silence] = [:]
    /// The live alert per (kind, series), if any.
    private var live: [AlertKey: Int64] = [:]
    /// Recent condition samples per (kind, series) for flap detection, newest last.
    private var samples: [AlertKey: [Bool]] = [:]
    private var nextID: Int64 = 1

    struct AlertKey: Hashable, Sendable {
        var kind: AlertKind
        var series: Int
    }

    public init(policy: AlertPolicy = AlertPolicy()) { self.policy = policy }

    public var open: [Alert] {
        alerts.values.filter(\.state.isOpen).sorted { ($0.severity, $1.since) > ($1.severity, $0.since) }
    }

    public func alert(kind: AlertKind, series: SeriesID) -> Alert? {
        live[AlertKey(kind: kind, series: series.raw)].flatMap { alerts[$0] }
    }

    /// Evaluates one rule on one series with the condition now in force (nil: not breached).
    mutating func evaluate(_ kind: AlertKind, series: SeriesID, condition: Severity?, value: Double?, catalog: Catalog,
                           now: Int64, journal: inout [JournalEntry]) {
        let key = AlertKey(kind: kind, series: series.raw)
        let indicator = catalog.indicators[catalog.indicator(of: series)]
        let region = catalog.regions[catalog.region(of: series)]
        let rule = kind == .stale ? indicator.code + ":stale" : indicator.code
        let breached = condition != nil
        let flapping = sample(key, breached)

        guard var alert = live[key].flatMap({ alerts[$0] }) else {
            guard let severity = condition else { return }
            var alert = Alert(id: nextID, rule: rule, kind: kind, series: series, indicator: indicator.code, region: region.code,
                              severity: severity, state: .inactive, activeAt: now, since: now, value: value)
            nextID += 1
            alert.flapping = flapping
            alert.silencedBy = matchingSilences(alert, catalog: catalog, now: now)
            live[key] = alert.id
            let holdFor = kind == .stale ? 0 : indicator.forSeconds
            move(&alert, to: holdFor == 0 ? .firing : .pending, at: now, reason: describe(condition, value, indicator), journal: &journal)
            store(alert)
            return
        }
        alert.value = value
        if alert.flapping != flapping {
            alert.flapping = flapping
            journal.append(JournalEntry(alert: alert.id, time: now, actor: "engine", action: flapping ? "flapping" : "steady",
                                        from: nil, to: nil, reason: flapping ? "state changes too often; muted" : "state settled"))
        }
        if let severity = condition, severity != alert.severity, alert.state != .recovering {
            journal.append(JournalEntry(alert: alert.id, time: now, actor: "engine", action: severity > alert.severity ? "escalated" : "de-escalated",
                                        from: nil, to: nil, reason: "\(alert.severity.rawValue) → \(severity.rawValue)"))
            alert.severity = severity
        }
        switch (alert.state, breached) {
        case (.pending, false):
            move(&alert, to: .inactive, at: now, action: "cancelled", reason: "condition cleared before it held", journal: &journal)
        case (.firing, false):
            let keep = kind == .stale ? 0 : indicator.keepFiringFor
            move(&alert, to: keep == 0 ? .resolved : .recovering, at: now, reason: "condition cleared", journal: &journal)
        case (.recovering, true):
            if let severity = condition { alert.severity = severity }
            move(&alert, to: .firing, at: now, reason: "condition back: " + describe(condition, value, indicator), journal: &journal)
        default:
            break
        }
        store(alert)
        advanceByTime(alert.id, catalog: catalog, now: now, journal: &journal)
    }

    /// Time-driven transitions: `for` elapsed, `keep_firing_for` elapsed, retention, silence windows.
    mutating func tick(catalog: Catalog, now: Int64, journal: inout [JournalEntry]) {
        for id in alerts.keys.sorted() { advanceByTime(id, catalog: catalog, now: now, journal: &journal) }
        for (id, silence) in silences where now >= silence.end {
            silences[id] = nil
        }
    }

    private mutating func advanceByTime(_ id: Int64, catalog: Catalog, now: Int64, journal: inout [JournalEntry]) {
        guard var alert = alerts[id] else { return }
        let indicator = catalog.indicators[catalog.indicator(of: alert.series)]
        switch alert.state {
        case .pending where now - alert.activeAt >= indicator.forSeconds:
            move(&alert, to: .firing, at: now, reason: "held for \(indicator.forSeconds)s", journal: &journal)
        case .recovering where now - alert.since >= indicator.keepFiringFor:
            move(&alert, to: .resolved, at: now, reason: "clear for \(indicator.keepFiringFor)s", journal: &journal)
        case .resolved where now - alert.since >= policy.retention:
            move(&alert, to: .archived, at: now, reason: "retention ended", journal: &journal)
        default:
            break
        }
        let silencedBy = alert.state.isOpen ? matchingSilences(alert, catalog: catalog, now: now) : []
        if silencedBy != alert.silencedBy {
            journal.append(JournalEntry(alert: alert.id, time: now, actor: "engine", action: silencedBy.isEmpty ? "unsilenced" : "silenced",
                                        from: nil, to: nil, reason: silencedBy.isEmpty ? "silence ended" : "silence \(silencedBy.map(String.init).joined(separator: ","))"))
            alert.silencedBy = silencedBy
        }
        store(alert)
    }

    // MARK: - Operator actions

    mutating func acknowledge(_ id: Int64, by actor: String, note: String, now: Int64, journal: inout [JournalEntry]) throws(AlertActionError) {
        guard var alert = alerts[id] else { throw .noSuchAlert(id) }
        guard alert.state.isOpen else { throw .notOpen(id, alert.state) }
        alert.acknowledged = Acknowledgement(by: actor, at: now, note: note)
        journal.append(JournalEntry(alert: id, time: now, actor: actor, action: "acknowledged", from: nil, to: nil, reason: note))
        store(alert)
    }

    mutating func addSilence(_ silence: Silence, catalog: Catalog, now: Int64, journal: inout [JournalEntry]) {
        silences[silence.id] = silence
        for id in alerts.keys.sorted() { advanceByTime(id, catalog: catalog, now: now, journal: &journal) }
    }

    // MARK: - Helpers

    private mutating func move(_ alert: inout Alert, to state: AlertState, at now: Int64, action: String? = nil, reason: String,
                               journal: inout [JournalEntry]) {
        journal.append(JournalEntry(alert: alert.id, time: now, actor: "engine", action: action ?? state.rawValue,
                                    from: alert.state, to: state, reason: reason))
        alert.state = state
        alert.since = now
        if state == .firing, alert.firedAt == nil { alert.firedAt = now }
        // An acknowledgement is sticky until the problem is resolved.
        if state == .resolved || state == .inactive { alert.acknowledged = nil }
        if state == .resolved || state == .inactive || state == .archived {
            let key = AlertKey(kind: alert.kind, series: alert.series.raw)
            if live[key] == alert.id { live[key] = nil }
        }
    }

    private mutating func store(_ alert: Alert) {
        if alert.state == .inactive || alert.state == .archived { alerts[alert.id] = nil } else { alerts[alert.id] = alert }
    }

    /// Records a condition sample and returns whether the series is flapping now.
    private mutating func sample(_ key: AlertKey, _ breached: Bool) -> Bool {
        var history = samples[key] ?? []
        guard breached || !history.isEmpty else { return false }
        let wasFlapping = live[key].flatMap { alerts[$0]?.flapping } ?? false
        history.append(breached)
        if history.count > policy.window { history.removeFirst(history.count - policy.window) }
        if !history.contains(true) { samples[key] = nil; return false }
        samples[key] = history
        let changes = zip(history, history.dropFirst()).filter { $0 != $1 }.count
        let share = Double(changes) / Double(policy.window - 1)
        return wasFlapping ? share >= policy.flapLow : share > policy.flapHigh
    }

    private func matchingSilences(_ alert: Alert, catalog: Catalog, now: Int64) -> [Int64] {
        let indicator = catalog.indicators[catalog.indicator(of: alert.series)]
        let region = catalog.region(of: alert.series)
        return silences.values.filter { s in
            guard s.isActive(at: now) else { return false }
            if let field = s.field, field != indicator.field { return false }
            if let code = s.indicator, code != indicator.code { return false }
            if let code = s.region {
                guard let r = catalog.regionIndex[code], catalog.isWithin(region, r) else { return false }
            }
            return true
        }.map(\.id).sorted()
    }

    private func describe(_ severity: Severity?, _ value: Double?, _ indicator: Indicator) -> String {
        guard let severity else { return "no data" }
        let shown = value.map { "\($0)\(indicator.unit.isEmpty ? "" : " " + indicator.unit)" } ?? "no value"
        return "\(severity.rawValue): \(indicator.code) = \(shown)"
    }
}
