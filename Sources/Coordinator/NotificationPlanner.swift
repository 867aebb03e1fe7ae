import Foundation
import IndicatorEngine

/// A message to deliver: its idempotency key is stable for the same group and send, so a
/// delivery retried by another leader is recognisable as the same one.
public struct PlannedNotification: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable { case firing, resolved }

    public var key: String
    public var receiver: String
    public var status: Status
    /// The group's labels (empty for an escalation).
    public var group: [String: String]
    /// The alerts as they stood: firing ones, then resolved ones being announced.
    public var alerts: [Alert]
    public var escalation: Bool

    public init(key: String, receiver: String, status: Status, group: [String: String], alerts: [Alert], escalation: Bool) {
        self.key = key
        self.receiver = receiver
        self.status = status
        self.group = group
        self.alerts = alerts
        self.escalation = escalation
    }
}

/// Decides, from the alerts and the clock, which messages are due. A value: the leader keeps it
/// in the store beside the outbox, in the same transaction as the messages it planned, so a new
/// leader carries on where the old one stopped (no repeat sent twice, no group forgotten).
public struct NotificationPlanner: Sendable, Hashable, Codable {
    struct Group: Sendable, Hashable, Codable {
        var route: Int
        var labels: [String: String]
        var created: Int64
        var lastFlush: Int64?
        var flushes: Int = 0
        /// Alerts the last message announced as firing.
        var sentFiring: Set<Int64> = []
    }

    var groups: [String: Group] = [:]
    /// "alert/step" for escalations already sent.
    var escalated: Set<String> = []

    public init() {}

    /// Messages due at `now`, given every alert the engine holds (open and recently resolved).
    public mutating func plan(alerts: [Alert], now: Int64, policy: NotifyPolicy, catalog: Catalog) -> [PlannedNotification] {
        var planned: [PlannedNotification] = []
        // Which alerts each group holds now: by route, first match wins unless `continue`.
        var members: [String: [Alert]] = [:]
        for alert in alerts.sorted(by: { $0.id < $1.id }) {
            for (index, route) in policy.routes.enumerated() where route.match.matches(alert, catalog: catalog) {
                let labels = Self.labels(alert, route.groupBy, catalog: catalog)
                let key = "\(index):" + route.groupBy.map { "\($0.rawValue)=\(labels[$0.rawValue] ?? "")" }.joined(separator: ",")
                if groups[key] == nil, alert.state.countsAsFiring, !alert.isMuted {
                    groups[key] = Group(route: index, labels: labels, created: now)
                }
                if groups[key] != nil { members[key, default: []].append(alert) }
                if !route.continues { break }
            }
        }
        for key in groups.keys.sorted() {
            guard var group = groups[key], group.route < policy.routes.count else {
                groups[key] = nil
                continue
            }
            let route = policy.routes[group.route]
            let held = members[key] ?? []
            let firing = held.filter { $0.state.countsAsFiring && !$0.isMuted }
            let firingIDs = Set(firing.map(\.id))
            // Announced as firing, now resolved (or gone); muted ones leave without a word.
            let resolved = held.filter { group.sentFiring.contains($0.id) && !$0.state.countsAsFiring && !$0.isMuted }
            let left = group.sentFiring.subtracting(firingIDs).subtracting(resolved.map(\.id))
            group.sentFiring.subtract(left)
            if !route.sendResolved { group.sentFiring.subtract(resolved.map(\.id)) }
            let announce = route.sendResolved ? resolved : []
            let unacknowledged = firing.contains { $0.acknowledged == nil }
            let changed = !firingIDs.subtracting(group.sentFiring).isEmpty || !announce.isEmpty
            var due = false
            if let last = group.lastFlush {
                due = changed && now >= last + route.groupInterval || unacknowledged && now >= last + route.repeatInterval
            } else {
                due = !firing.isEmpty && now >= group.created + route.groupWait
            }
            if due, !(firing.isEmpty && announce.isEmpty) {
                group.flushes += 1
                group.lastFlush = now
                group.sentFiring = firingIDs
                planned.append(PlannedNotification(key: "\(key)#\(group.flushes)@\(group.created)", receiver: route.receiver,
                                                   status: firing.isEmpty ? .resolved : .firing, group: group.labels,
                                                   alerts: firing + announce, escalation: false))
            }
            // A group nothing fires in and nothing is owed to is done.
            groups[key] = firing.isEmpty && group.sentFiring.isEmpty ? nil : group
        }
        planned += escalate(alerts, now: now, policy: policy, catalog: catalog)
        return planned
    }

    /// Escalation steps due: once per alert and step, while it fires unacknowledged and unmuted.
    private mutating func escalate(_ alerts: [Alert], now: Int64, policy: NotifyPolicy, catalog: Catalog) -> [PlannedNotification] {
        var due: [Int: [Alert]] = [:]
        var live = Set<String>()
        for alert in alerts.sorted(by: { $0.id < $1.id }) where alert.state.countsAsFiring {
            for (step, escalation) in policy.escalations.enumerated() {
                let mark = "\(alert.id)/\(step)"
                live.insert(mark)
                guard !escalated.contains(mark), !alert.isMuted, alert.acknowledged == nil, let fired = alert.firedAt,
                      now >= fired + escalation.after, escalation.match.matches(alert, catalog: catalog) else { continue }
                escalated.insert(mark)
                due[step, default: []].append(alert)
            }
        }
        // Marks of alerts no longer firing are forgotten: the book numbers alerts afresh.
        escalated.formIntersection(live)
        return due.keys.sorted().map { step in
            let ids = due[step]!.map { String($0.id) }.joined(separator: ",")
            return PlannedNotification(key: "escalation:\(step):\(ids)", receiver: policy.escalations[step].receiver, status: .firing,
                                       group: [:], alerts: due[step]!, escalation: true)
        }
    }

    static func labels(_ alert: Alert, _ labels: [GroupLabel], catalog: Catalog) -> [String: String] {
        var result: [String: String] = [:]
        for label in labels {
            switch label {
            case .field: result["field"] = catalog.indicatorIndex[alert.indicator].map { catalog.indicators[$0].field } ?? ""
            case .indicator: result["indicator"] = alert.indicator
            case .region: result["region"] = alert.region
            case .severity: result["severity"] = alert.severity.rawValue
            }
        }
        return result
    }
}
