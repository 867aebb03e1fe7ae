import Canvas
import Foundation
import IndicatorEngine
import Localization

/// The console's words and numbers in the operator's language: every string people read goes
/// through `tr` (the English is the key, `Catalogs/vi.po` the Vietnamese), and every number,
/// age and status word through the forms here, so a screen never mixes two languages.
extension ConsoleState {
    /// Numbers, dates and ages as this language writes them (`39.589`, `6,28`, `13 phút`).
    public var forms: NumberForms { NumberForms(language) }

    /// The message `id` in the operator's language, its `{name}` placeholders filled.
    public func tr(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String {
        words.text(id, context: context, values)
    }

    /// A message with a count (`{count}` filled in this language's digits).
    public func tr(_ id: String, plural: String, count: Int, context: String? = nil, _ values: [String: String] = [:]) -> String {
        words.text(id, plural: plural, count: count, context: context, values)
    }

    /// A value as the tables show it: `4,08` and `39.589` in Vietnamese, `có`/`không` for yes/no.
    public func number(_ value: Double, kind: ValueKind) -> String {
        if kind == .boolean { return tr(value != 0 ? "yes" : "no") }
        return forms.fromEnglish(Format.value(value, kind: kind))
    }

    /// A count as a table shows it (`1.032` in Vietnamese; English keeps its bare digits).
    func count(_ n: Int) -> String { forms.count(n) }

    /// A share as the panels show it: `95%`.
    func percent(_ share: Double) -> String { "\(Int(share.rounded()))%" }

    /// A length of time in its largest unit: `13 phút`, `13m`.
    public func age(_ seconds: Int64) -> String { forms.duration(seconds) }

    /// How long ago: `13 phút trước`, `13m ago`.
    func ago(_ seconds: Int64) -> String { forms.ago(seconds) }

    /// A series status's word: `Nghiêm trọng`, `critical`.
    func word(_ status: SeriesStatus) -> String { words.status(status.rawValue) }

    /// An alert's severity: `nghiêm trọng`, `critical`.
    func word(_ severity: Severity) -> String { tr(severity.rawValue, context: "severity") }

    /// An alert's state: `đang xảy ra`, `firing`.
    func word(_ state: AlertState) -> String { tr(state.rawValue, context: "alert state") }

    /// A role: `giám sát viên`, `supervisor`.
    func word(_ role: Role) -> String { tr(role.rawValue, context: "role") }

    /// A level of region, one or many: `huyện`, `districts`.
    func word(_ level: RegionLevel, count: Int) -> String {
        tr(level.rawValue, plural: level.rawValue + "s", count: count, context: "level")
    }

    /// What an alert is, in capitals on the alerts screen: `NGHIÊM TRỌNG`, `CRITICAL`, `STALE`.
    func label(_ alert: Alert) -> String {
        tr(alert.kind == .stale ? "STALE" : alert.severity.rawValue.uppercased(), context: "alert label")
    }

    /// The same on the overview's strip, where English shortens it: `NGHIÊM TRỌNG`, `CRIT`.
    func shortLabel(_ alert: Alert) -> String {
        tr(alert.kind == .stale ? "STALE" : alert.severity == .critical ? "CRIT" : "WARN", context: "alert label short")
    }

    /// Columns the widest open alert state takes (`đang phục hồi`, `recovering`) and its mark.
    var stateWidth: Int { [AlertState.pending, .firing, .recovering].map { TextWidth.of(word($0)) }.max()! + 1 }

    /// `, filter 'salinity'` after a count, when a filter is typed.
    var filterNote: String { page.filter.isEmpty ? "" : ", " + tr("filter '{text}'", ["text": page.filter]) }

    /// A chart's range in three numbers: `min 2 · mean 2,5 · max 3,5 ‰` (`thấp nhất … · trung bình … · cao nhất …`).
    func rangeSummary(_ values: [Double], indicator: Indicator) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        return tr("min {min} · mean {mean} · max {max}", ["min": number(low, kind: indicator.kind),
                                                         "mean": number(values.reduce(0, +) / Double(values.count), kind: .number),
                                                         "max": number(high, kind: indicator.kind)])
            + (indicator.unit.isEmpty ? "" : " " + indicator.unit)
    }

    /// Columns the widest label takes, so the names after them line up.
    var labelWidth: Int { ["STALE", "WARNING", "CRITICAL"].map { TextWidth.of(tr($0, context: "alert label")) }.max()! }
    var shortLabelWidth: Int { ["STALE", "WARN", "CRIT"].map { TextWidth.of(tr($0, context: "alert label short")) }.max()! }
}
