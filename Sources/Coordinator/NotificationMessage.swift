import Foundation
import IndicatorEngine
import Localization
import StoreContract

/// The JSON a receiver reads on its standard input: the group, its alerts with their names as
/// the catalog spells them (Vietnamese as it is), and the key a receiver may use to drop a
/// message it was given twice (after a leader died between running it and recording it);
/// `title` and `text` say it for people, in the center's language.
struct NotificationMessage: Encodable {
    struct Entry: Encodable {
        var id: Int64
        var indicator: String
        var indicator_name: String
        var region: String
        var region_name: String
        var severity: String
        var state: String
        var value: Double?
        var unit: String
        var since: Int64
        var acknowledged: Bool
        var acked_by: String?
    }

    var key: String
    var status: String
    var receiver: String
    var center: String
    var group: [String: String]
    var alerts: [Entry]
    var escalation: Bool
    var test: Bool = false
    var title = ""
    var text = ""

    init(_ planned: PlannedNotification, catalog: Catalog, language: Language) {
        key = planned.key
        status = planned.status.rawValue
        receiver = planned.receiver
        center = catalog.name
        group = planned.group
        escalation = planned.escalation
        alerts = planned.alerts.map { alert in
            let indicator = catalog.indicatorIndex[alert.indicator].map { catalog.indicators[$0] }
            let region = catalog.regionIndex[alert.region].map { catalog.regions[$0] }
            return Entry(id: alert.id, indicator: alert.indicator, indicator_name: indicator?.name ?? alert.indicator, region: alert.region,
                         region_name: region?.name ?? alert.region, severity: alert.severity.rawValue, state: alert.state.rawValue,
                         value: alert.value.flatMap { $0.isFinite ? $0 : nil }, unit: indicator?.unit ?? "", since: alert.since,
                         acknowledged: alert.acknowledged != nil, acked_by: alert.acknowledged?.by)
        }
        words(language)
    }

    /// The title and text in `language`, from what the message says.
    mutating func words(_ language: Language) {
        let messages = Messages.shipped(language)
        title = NotificationText.title(self, messages)
        text = NotificationText.text(self, messages)
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A test message (`ioc notify test`): no alerts, `test: true`, who asked in the group.
    static func test(receiver: String, key: String, by user: String, catalog: Catalog, language: Language, now: Int64) -> OutboxMessage {
        var message = NotificationMessage(PlannedNotification(key: key, receiver: receiver, status: .firing, group: ["test": "sent by \(user)"],
                                                              alerts: [], escalation: false), catalog: catalog, language: language)
        message.test = true
        message.words(language)
        message.text = Messages.shipped(language).text("A test from ioc notify test, sent by {user}.", ["user": user])
        return OutboxMessage(key: key, receiver: receiver, body: message.json, alerts: [], created: now)
    }

    /// The stored form, with the alerts it names (the journal of each shows the delivery).
    static func outbox(_ planned: PlannedNotification, catalog: Catalog, language: Language, now: Int64) -> OutboxMessage {
        OutboxMessage(key: planned.key, receiver: planned.receiver, body: NotificationMessage(planned, catalog: catalog, language: language).json,
                      alerts: planned.alerts.map(\.id), created: now)
    }
}

extension Leader {
    /// Plans the notifications due at `now` into the batch that commits this step, with the
    /// planner's new state when it changed: both land with the alert transitions or not at all.
    func planNotifications(into batch: inout Batch, now: Int64) throws {
        guard !notify.routes.isEmpty || !notify.escalations.isEmpty else { return }
        if planner == nil {
            let stored = try store.plannerState().flatMap { try? JSONDecoder().decode(NotificationPlanner.self, from: Data($0.utf8)) }
            planner = stored ?? NotificationPlanner()
            plannerSaved = stored
        }
        let planned = planner!.plan(alerts: Array(engine.alerts.alerts.values), now: now, policy: notify, catalog: catalog)
        batch.outbox += planned.map { NotificationMessage.outbox($0, catalog: catalog, language: language, now: now) }
        // Compared as values; encoded only when it changed (most ticks it does not).
        guard planner != plannerSaved else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        batch.plannerState = (try? encoder.encode(planner!)).map { String(decoding: $0, as: UTF8.self) }
        plannerSaved = planner
    }
}
