import Foundation
import IndicatorEngine
import Localization

/// The report as Markdown: a short summary a leader reads in a minute, then the tables; in the
/// center's language (its words from the catalog, its numbers in the language's forms).
public enum MarkdownReport {
    public static func render(_ r: Report, language: Language = .en) -> String {
        let w = Words(language)
        var out = ""
        let p = r.period
        out += "# \(w.title(p)) · \(r.center)\n\n"
        out += "**\(r.region.name) (\(r.region.code))** · \(p.spanText) · "
            + w.t(p.convention == .calendar ? "calendar periods" : "administrative periods (the 15th to the 14th)")
        out += " · \(p.timeZone.identifier)\n\n"

        out += "## \(w.t("Summary"))\n\n" + summary(r, w) + "\n\n"

        out += "## \(w.t("Fields"))\n\n"
        out += row(["Field", "Score", "Previous", "OK", "Warning", "Critical", "Stale", "No data", "Got worse"].map { w.t($0, context: "report column") })
        out += rule(9, numeric: [1, 2, 3, 4, 5, 6, 7])
        for f in r.fields {
            out += row([f.name, w.percent(f.score), w.percent(f.previousScore), w.count(f.ok), w.count(f.warning), w.count(f.critical), w.count(f.stale),
                        w.count(f.nodata), f.worse.prefix(3).joined(separator: ", ") + (f.worse.count > 3 ? " (+\(f.worse.count - 3))" : "")])
        }

        out += "\n## \(w.t("Indicators"))\n"
        var field = ""
        for i in r.indicators {
            if i.field != field {
                field = i.field
                out += "\n### \(r.fields.first { $0.code == field }?.name ?? field)\n\n"
                out += row(["Indicator", "Region", "Last", "Unit", "Mean", "Min", "Max", "Obs.", "Previous", "Change", "Target", "Progress",
                            "Outlook", "Status", "Rank"].map { w.t($0, context: "report column") })
                out += rule(15, numeric: [2, 4, 5, 6, 7, 8, 9, 10, 11])
            }
            out += row([i.name, i.regionName, w.number(i.last), i.unit, w.number(i.mean), w.number(i.min), w.number(i.max), w.count(i.count),
                        w.number(i.previous), w.signed(i.change), w.number(i.target), w.percent(i.progress.map { $0 * 100 }),
                        i.outlook.map { w.t($0.replacingOccurrences(of: "_", with: " "), context: "outlook") } ?? "", w.status(i.status),
                        i.rank.map { "\($0)/\(i.of ?? 0)" } ?? ""])
        }

        let a = r.alerts
        out += "\n## \(w.t("Alerts", context: "report heading"))\n\n"
        out += "- " + w.t("Opened: {opened} (critical {critical}, warning {warning}, stale {stale}); resolved: {resolved}", [
            "opened": w.count(a.opened), "critical": w.count(a.critical), "warning": w.count(a.warning), "stale": w.count(a.stale),
            "resolved": w.count(a.resolved),
        ]) + "\n"
        out += "- " + w.t("Time in alert: {time}", ["time": w.duration(a.timeInAlert)]) + "\n"
        out += "- " + w.t("Mean time to acknowledge: {mtta}; to resolve: {mttr}", [
            "mtta": a.mtta.map(w.duration) ?? w.t("none acknowledged"), "mttr": a.mttr.map(w.duration) ?? w.t("none resolved"),
        ]) + "\n"
        if !a.top.isEmpty {
            out += "\n\(w.t("Noisiest alerts:"))\n\n"
            out += row(["Indicator", "Region", "Opened", "Time in alert"].map { w.t($0, context: "report column") })
            out += rule(4, numeric: [2, 3])
            for t in a.top { out += row([t.name, t.regionName, w.count(t.count), w.duration(t.timeInAlert)]) }
        }

        out += "\n## \(w.t("Data completeness"))\n\n"
        out += row(["Field", "Expected", "Received", "Share", "Lowest"].map { w.t($0, context: "report column") })
        out += rule(5, numeric: [1, 2, 3])
        for c in r.completeness where c.expected > 0 {
            let lowest = c.regions.filter { ($0.ratio ?? 1) < 1 }.min { ($0.ratio ?? 1) < ($1.ratio ?? 1) }
            out += row([c.name, w.count(c.expected), w.count(c.received), w.percent(c.ratio.map { $0 * 100 }),
                        lowest.map { "\($0.name) \(w.percent($0.ratio.map { $0 * 100 }))" } ?? ""])
        }

        out += "\n## \(w.t("Operator actions"))\n\n"
        if r.actions.isEmpty {
            out += w.t("No acknowledgements or silences in the period.") + "\n"
        } else {
            out += row(["User", "Acknowledged", "Silenced"].map { w.t($0, context: "report column") })
            out += rule(3, numeric: [1, 2])
            for x in r.actions { out += row([x.user, w.count(x.acks), w.count(x.silences)]) }
        }
        return out
    }

    /// The paragraph a leader reads first.
    public static func summary(_ r: Report, language: Language = .en) -> String { summary(r, Words(language)) }

    /// A report's title: `Monthly report 2026-11`, `Báo cáo tháng 11/2026`.
    public static func title(_ p: ReportPeriod, language: Language) -> String { Words(language).title(p) }

    static func summary(_ r: Report, _ w: Words) -> String {
        var lines: [String] = []
        let total = r.fields.reduce(0) { $0 + $1.ok + $1.warning + $1.critical + $1.stale + $1.nodata }
        let ok = r.fields.reduce(0) { $0 + $1.ok }
        let problems = r.fields.reduce(0) { $0 + $1.warning + $1.critical }
        if total > 0 {
            let before = r.fields.compactMap(\.previousScore), now = r.fields.compactMap(\.score)
            let mean = { (xs: [Double]) in xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
            lines.append(w.t("At the end of the period {ok} of {total} indicators of {region} were ok and {problems} beyond a threshold; "
                + "the mean field score was {score} (previous period {previous}).", [
                    "ok": w.count(ok), "total": w.count(total), "region": r.region.name, "problems": w.count(problems),
                    "score": w.percent(mean(now)), "previous": w.percent(mean(before)),
                ]))
        }
        if let best = r.fields.filter({ $0.score != nil }).max(by: { ($0.score!, $1.code) < ($1.score!, $0.code) }),
           let worst = r.fields.filter({ $0.score != nil }).min(by: { ($0.score!, $0.code) < ($1.score!, $1.code) }), best.code != worst.code {
            lines.append(w.t("Best field: {best} ({bestScore}); weakest: {worst} ({worstScore}).", [
                "best": best.name, "bestScore": w.percent(best.score), "worst": worst.name, "worstScore": w.percent(worst.score),
            ]))
        }
        let worse = r.fields.flatMap(\.worse)
        if !worse.isEmpty {
            let names = worse.prefix(3).map { code in r.indicators.first { $0.indicator == code && $0.region == r.region.code }?.name ?? code }
            lines.append(w.t("{count} indicators got worse, among them {names}.", ["count": w.count(worse.count), "names": names.joined(separator: "; ")]))
        }
        let a = r.alerts
        var alerts = w.t("{opened} alerts opened ({critical} critical) and {resolved} resolved", [
            "opened": w.count(a.opened), "critical": w.count(a.critical), "resolved": w.count(a.resolved),
        ])
        if let mtta = a.mtta { alerts += w.t("; acknowledged in {time} on average", ["time": w.duration(mtta)]) }
        if let mttr = a.mttr { alerts += w.t(", resolved in {time}", ["time": w.duration(mttr)]) }
        lines.append(alerts + ".")
        let expected = r.completeness.reduce(0) { $0 + $1.expected }, received = r.completeness.reduce(0) { $0 + $1.received }
        if expected > 0 {
            var text = w.t("Data completeness: {share}", ["share": w.percent(Double(received) * 100 / Double(expected))])
            let silent = Set(r.completeness.flatMap { $0.regions.filter { ($0.ratio ?? 1) < 0.5 }.map(\.name) }).sorted()
            if !silent.isEmpty { text += w.t("; below half: {regions}", ["regions": silent.joined(separator: ", ")]) }
            lines.append(text + ".")
        }
        return lines.joined(separator: " ")
    }

    static func title(_ kind: PeriodKind) -> String {
        switch kind {
        case .day: "Daily report"
        case .week: "Weekly report"
        case .month: "Monthly report"
        case .quarter: "Quarterly report"
        case .half: "Half-year report"
        case .year: "Annual report"
        }
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }.joined(separator: " | ") + " |\n"
    }

    static func rule(_ count: Int, numeric: Set<Int>) -> String {
        "|" + (0..<count).map { numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|\n"
    }

    /// A figure as people read it: at most two decimals, no trailing zeros.
    static func number(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "–" }
        var text = String(format: "%.2f", d)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    static func signed(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "–" }
        return d > 0 ? "+" + number(d) : number(d)
    }

    static func percent(_ d: Double?) -> String { d.map { number($0) + "%" } ?? "–" }

    static func duration(_ seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3_600 { return "\(seconds / 60) min" }
        if seconds < 86_400 { return "\(seconds / 3_600) h \(seconds % 3_600 / 60) min" }
        return "\(seconds / 86_400) d \(seconds % 86_400 / 3_600) h"
    }
}

/// The report's words and numbers in one language: English as the report has always written
/// them, Vietnamese from the catalog with Vietnamese number forms.
struct Words {
    let language: Language
    let messages: Messages
    let forms: NumberForms

    init(_ language: Language) {
        self.language = language
        messages = Messages.shipped(language)
        forms = NumberForms(language)
    }

    func t(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String { messages.text(id, context: context, values) }

    /// The title: `Monthly report 2026-11` (en), `Báo cáo tháng 11/2026` (vi).
    func title(_ p: ReportPeriod) -> String {
        guard language == .vi else { return "\(MarkdownReport.title(p.kind)) \(p.label)" }
        let n = p.label.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let name: String = switch p.kind {
        case .day where n.count == 3: "ngày " + String(format: "%02d/%02d/%04d", n[2], n[1], n[0])
        case .week where n.count == 2: forms.week(n[1], of: n[0])
        case .month where n.count == 2: forms.month(n[1], of: n[0])
        case .quarter where n.count == 2: forms.quarter(n[1], of: n[0])
        case .half where n.count == 2: forms.half(n[1], of: n[0])
        case .year where n.count == 1: forms.year(n[0])
        default: p.label
        }
        return "Báo cáo " + name
    }

    func count(_ n: Int) -> String { forms.count(n) }
    /// At most two decimals, no trailing zeros; in Vietnamese with its thousands grouped (`1.000`, `619,35`).
    func number(_ d: Double?) -> String {
        guard language == .vi, let d, d.isFinite else { return MarkdownReport.number(d) }
        var text = forms.decimal(d, places: 2)
        while text.hasSuffix("0"), text.contains(",") { text.removeLast() }
        if text.hasSuffix(",") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    func signed(_ d: Double?) -> String {
        guard let d, d.isFinite, d > 0 else { return number(d) }
        return "+" + number(d)
    }
    func percent(_ d: Double?) -> String { d.map { number($0) + (language == .vi ? " %" : "%") } ?? "–" }
    func status(_ s: SeriesStatus) -> String { messages.status(s.rawValue) }

    func duration(_ seconds: Int64) -> String {
        guard language == .vi else { return MarkdownReport.duration(seconds) }
        if seconds < 60 { return "\(seconds) giây" }
        if seconds < 3_600 { return "\(seconds / 60) phút" }
        if seconds < 86_400 { return "\(seconds / 3_600) giờ \(seconds % 3_600 / 60) phút" }
        return "\(seconds / 86_400) ngày \(seconds % 86_400 / 3_600) giờ"
    }
}
