import Foundation

public enum AlertState: String, Sendable, Hashable, CaseIterable, Codable {
    case inactive, pending, firing, recovering, resolved, archived

    /// Open alerts are the ones an operator must see.
    public var isOpen: Bool { self == .pending || self == .firing || self == .recovering }

    /// Counted as firing (in `ioc status` and reports): a recovering alert still fires until it
    /// has been clear for its `keep_firing_for`.
    public var countsAsFiring: Bool { self == .firing || self == .recovering }
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

    public init(id: Int64, rule: String, kind: AlertKind, series: SeriesID, indicator: String, region: String, severity: Severity,
                state: AlertState, activeAt: Int64, since: Int64, firedAt: Int64? = nil, value: Double? = nil) {
        self.id = id
        self.rule = rule
        self.kind = kind
        self.series = series
        self.indicator = indicator
        self.region = region
        self.severity = severity
        self.state = state
        self.activeAt = activeAt
        self.since = since
        self.firedAt = firedAt
        self.value = value
    }

    /// Muted alerts are shown but not announced: silenced or flapping.
    public var isMuted: Bool { flapping || !silencedBy.isEmpty }
}

extension Alert {
    /// The order operators see alerts in everywhere (consoles, `ioc alerts`): most severe first,
    /// then oldest, then by id, so ties never fall to a dictionary's order, which differs from
    /// process to process.
    public static func isMoreUrgent(_ a: Alert, _ b: Alert) -> Bool { (a.severity, b.since, b.id) > (b.severity, a.since, a.id) }
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

    public init(alert: Int64, time: Int64, actor: String, action: String, from: AlertState?, to: AlertState?, reason: String) {
        self.alert = alert
        self.time = time
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
    }
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
    /// Alerts that left the book (cancelled or archived) since the last `takeClosed`, in their
    /// final state, so the store can record how they ended.
    public private(set) var closed: [Int64: Alert] = [:]
    /// Per (series, rule kind): the live alert and recent condition samples, indexed by `slot`,
    /// because every new value of a series with thresholds is looked up here. Paged: a page is
    /// allocated when one of its series is first evaluated, so a console following 170,000
    /// possible series holds tracks only for those with rules that ever had a value.
    private var tracks: PagedTracks
    private var nextID: Int64 = 1

    /// The hot part of a rule on one series. `state`, `severity`, `activeAt` and `flapping` mirror
    /// the live alert (kept in step by `store`) so an unchanged condition needs no Alert copy.
    struct Track: Sendable {
        var live: Int64 = 0
        /// Condition samples, newest in bit 0; `count` of them are valid.
        var samples: UInt32 = 0
        var count: UInt8 = 0
        var flapping = false
        var state = AlertState.inactive
        var severity = Severity.warning
        var activeAt: Int64 = 0
    }

    public init(policy: AlertPolicy = AlertPolicy(), seriesCount: Int) {
        precondition((2...32).contains(policy.window), "the flap window must hold 2 to 32 samples")
        self.policy = policy
        tracks = PagedTracks(count: seriesCount * 2)
    }

    /// A dense array in pages of 1,024 tracks, each allocated on first write.
    struct PagedTracks: Sendable {
        static let shift = 10
        private var pages: [[Track]?]
        let count: Int

        init(count: Int) {
            self.count = count
            pages = Array(repeating: nil, count: (count >> Self.shift) + 1)
        }

        subscript(slot: Int) -> Track {
            get { pages[slot >> Self.shift]?[slot & ((1 << Self.shift) - 1)] ?? Track() }
            set {
                let page = slot >> Self.shift
                if pages[page] == nil { pages[page] = Array(repeating: Track(), count: 1 << Self.shift) }
                pages[page]![slot & ((1 << Self.shift) - 1)] = newValue
            }
        }
    }

    private static func slot(_ kind: AlertKind, _ series: SeriesID) -> Int { series.raw * 2 + (kind == .stale ? 1 : 0) }

    /// Open alerts, most urgent first (`Alert.isMoreUrgent`).
    public var open: [Alert] {
        alerts.values.filter(\.state.isOpen).sorted(by: Alert.isMoreUrgent)
    }

    public func alert(kind: AlertKind, series: SeriesID) -> Alert? {
        let live = tracks[Self.slot(kind, series)].live
        return live == 0 ? nil : alerts[live]
    }

    /// Evaluates one rule on one series with the condition now in force (nil: not breached).
    /// `holdFor` is the rule's `for`: how long a breach must hold before it fires.
    mutating func evaluate(_ kind: AlertKind, series: SeriesID, condition: Severity?, value: Double?, holdFor: Int64,
                           catalog: Catalog, now: Int64, journal: inout [JournalEntry]) {
        let slot = Self.slot(kind, series)
        let breached = condition != nil
        var track = tracks[slot]
        // Nothing open, nothing breached, no recent breach to remember: the common case (and
        // no page is allocated for it).
        if track.live == 0, !breached, track.count == 0 { return }
        let flapping = sample(&track, breached)
        tracks[slot] = track

        if track.live != 0 {
            let changesSeverity = condition.map { $0 != track.severity } ?? false && track.state != .recovering
            let changesState = (track.state == .recovering) == breached || (track.state == .pending && now - track.activeAt >= holdFor)
            if !changesSeverity, !changesState, flapping == track.flapping {
                alerts[track.live]?.value = value
                return
            }
        }
        let indicator = catalog.indicators[catalog.indicator(of: series)]
        guard var alert = track.live == 0 ? nil : alerts[track.live] else {
            guard let severity = condition else { return }
            let region = catalog.regions[catalog.region(of: series)]
            var alert = Alert(id: nextID, rule: kind == .stale ? indicator.code + ":stale" : indicator.code, kind: kind,
                              series: series, indicator: indicator.code, region: region.code,
                              severity: severity, state: .inactive, activeAt: now, since: now, value: value)
            nextID += 1
            alert.flapping = flapping
            alert.silencedBy = matchingSilences(alert, catalog: catalog, now: now)
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
        if alert.state == .pending { advanceByTime(alert.id, catalog: catalog, now: now, journal: &journal) }
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

    /// Takes over alerts and silences from the store; numbering continues from `nextID`.
    mutating func restore(_ restored: [Alert], silences restoredSilences: [Silence], nextID: Int64) {
        for alert in restored where alert.series.raw >= 0 && alert.series.raw * 2 < tracks.count { store(alert) }
        for silence in restoredSilences { silences[silence.id] = silence }
        self.nextID = max(self.nextID, nextID)
    }

    // MARK: - Operator actions

    mutating func acknowledge(_ id: Int64, by actor: String, note: String, now: Int64, journal: inout [JournalEntry]) throws(AlertActionError) {
        guard var alert = alerts[id] else { throw .noSuchAlert(id) }
        guard alert.state.isOpen else { throw .notOpen(id, alert.state) }
        alert.acknowledged = Acknowledgement(by: actor, at: now, note: note)
        journal.append(JournalEntry(alert: id, time: now, actor: actor, action: "acknowledged", from: nil, to: nil, reason: note))
        store(alert)
    }

    mutating func note(_ id: Int64, by actor: String, text: String, now: Int64, journal: inout [JournalEntry]) throws(AlertActionError) {
        guard alerts[id] != nil else { throw .noSuchAlert(id) }
        journal.append(JournalEntry(alert: id, time: now, actor: actor, action: "note", from: nil, to: nil, reason: text))
    }

    /// Ends a silence now; the alerts it muted are announced again. Nil when there is no such
    /// silence still running.
    mutating func expireSilence(_ id: Int64, catalog: Catalog, now: Int64, journal: inout [JournalEntry]) -> Silence? {
        guard var silence = silences[id], silence.end > now else { return nil }
        silence.end = now
        silences[id] = silence
        for alertID in alerts.keys.sorted() { advanceByTime(alertID, catalog: catalog, now: now, journal: &journal) }
        return silence
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
    }

    /// Keeps the alert and the mirror in its track in step; closed alerts leave their track.
    private mutating func store(_ alert: Alert) {
        let slot = Self.slot(alert.kind, alert.series)
        if alert.state.isOpen {
            tracks[slot].live = alert.id
            tracks[slot].state = alert.state
            tracks[slot].severity = alert.severity
            tracks[slot].activeAt = alert.activeAt
            tracks[slot].flapping = alert.flapping
        } else if tracks[slot].live == alert.id {
            tracks[slot].live = 0
            tracks[slot].state = .inactive
            tracks[slot].flapping = false
        }
        if alert.state == .inactive || alert.state == .archived {
            alerts[alert.id] = nil
            closed[alert.id] = alert
        } else {
            alerts[alert.id] = alert
        }
    }

    /// Hands over the alerts closed since the last call.
    mutating func takeClosed() -> [Int64: Alert] {
        defer { closed = [:] }
        return closed
    }

    /// Records a condition sample in the track and returns whether the rule is flapping now:
    /// the share of changes between consecutive samples, against the high mark to start and
    /// the low mark to stop.
    private func sample(_ track: inout Track, _ breached: Bool) -> Bool {
        let window = policy.window
        let mask: UInt32 = window == 32 ? ~0 : (1 << UInt32(window)) - 1
        track.samples = ((track.samples << 1) | (breached ? 1 : 0)) & mask
        track.count = UInt8(min(Int(track.count) + 1, window))
        guard track.samples != 0 else {
            track.count = 0
            return false
        }
        let pairs = Int(track.count) - 1
        guard pairs > 0 else { return track.flapping }
        let changes = ((track.samples ^ (track.samples >> 1)) & ((1 << UInt32(pairs)) - 1)).nonzeroBitCount
        let share = Double(changes) / Double(window - 1)
        return track.flapping ? share >= policy.flapLow : share > policy.flapHigh
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
