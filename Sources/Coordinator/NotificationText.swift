import Foundation
import IndicatorEngine
import Localization

/// What a person reads of a notification, in the center's language: a title (a mail's subject,
/// a chat message's first line) and a text with a line per alert. Receivers send these as they
/// are; the JSON's other keys stay for programs.
enum NotificationText {
    static func title(_ m: NotificationMessage, _ words: Messages) -> String {
        if m.test { return words.text("[{center}] test notification", ["center": m.center]) }
        let names = Array(Set(m.alerts.map(\.indicator_name))).sorted().joined(separator: ", ")
        let values = ["center": m.center, "names": names]
        let count = m.status == "resolved" ? m.alerts.count : max(1, m.alerts.filter { $0.state == "firing" || $0.state == "recovering" }.count)
        if m.escalation {
            return words.text("[{center}] not acknowledged in time: {count} alert: {names}",
                              plural: "[{center}] not acknowledged in time: {count} alerts: {names}", count: count, values)
        }
        if m.status == "resolved" {
            return words.text("[{center}] {count} alert resolved: {names}", plural: "[{center}] {count} alerts resolved: {names}", count: count, values)
        }
        return words.text("[{center}] {count} alert firing: {names}", plural: "[{center}] {count} alerts firing: {names}", count: count, values)
    }

    static func text(_ m: NotificationMessage, _ words: Messages) -> String {
        let forms = NumberForms(words.language)
        var lines = m.alerts.map { a -> String in
            let value = a.value.map { number($0, forms) + (a.unit.isEmpty ? "" : " " + a.unit) } ?? words.text("no value")
            let state = words.text(a.state, context: "alert state")
            let line = words.text("#{id} {severity} · {indicator} · {region}: {value} ({state})", [
                "id": String(a.id), "severity": words.text(a.severity, context: "severity"), "indicator": a.indicator_name,
                "region": a.region_name, "value": value, "state": state])
            return line + (a.acked_by.map { "; " + words.text("acked by {user}", ["user": $0]) } ?? "")
        }
        if m.escalation { lines.append(words.text("Not acknowledged in time: the escalation goes to {receiver}.", ["receiver": m.receiver])) }
        return lines.joined(separator: "\n")
    }

    /// At most two decimals, no trailing zeros, grouped as the language writes it.
    static func number(_ value: Double, _ forms: NumberForms) -> String {
        var text = forms.decimal(value, places: value.magnitude >= 1_000 ? 0 : 2)
        let mark: Character = forms.language == .vi ? "," : "."
        if text.contains(mark) {
            while text.hasSuffix("0") { text.removeLast() }
            if text.last == mark { text.removeLast() }
        }
        return text
    }
}
