import Foundation
import IndicatorEngine

/// The report as Markdown: a short summary a leader reads in a minute, then the tables.
public enum MarkdownReport {
    public static func render(_ r: Report) -> String {
        var out = ""
        let p = r.period
        out += "# \(title(p.kind)) \(p.label) · \(r.center)\n\n"
        out += "**\(r.region.name) (\(r.region.code))** · \(p.spanText) · \(p.convention == .calendar ? "calendar periods" : "administrative periods (the 15th to the 14th)")"
        out += " · \(p.timeZone.identifier)\n\n"

        out += "## Summary\n\n" + summary(r) + "\n\n"

        out += "## Fields\n\n"
        out += row(["Field", "Score", "Previous", "OK", "Warning", "Critical", "Stale", "No data", "Got worse"])
        out += rule(9, numeric: [1, 2, 3, 4, 5, 6, 7])
        for f in r.fields {
            out += row([f.name, percent(f.score), percent(f.previousScore), "\(f.ok)", "\(f.warning)", "\(f.critical)", "\(f.stale)",
                        "\(f.nodata)", f.worse.prefix(3).joined(separator: ", ") + (f.worse.count > 3 ? " (+\(f.worse.count - 3))" : "")])
        }

        out += "\n## Indicators\n"
        var field = ""
        for i in r.indicators {
            if i.field != field {
                field = i.field
                out += "\n### \(r.fields.first { $0.code == field }?.name ?? field)\n\n"
                out += row(["Indicator", "Region", "Last", "Unit", "Mean", "Min", "Max", "Obs.", "Previous", "Change", "Target", "Progress",
                            "Outlook", "Status", "Rank"])
                out += rule(15, numeric: [2, 4, 5, 6, 7, 8, 9, 10, 11])
            }
            out += row([i.name, i.regionName, number(i.last), i.unit, number(i.mean), number(i.min), number(i.max), "\(i.count)",
                        number(i.previous), signed(i.change), number(i.target), percent(i.progress.map { $0 * 100 }),
                        i.outlook?.replacingOccurrences(of: "_", with: " ") ?? "", i.status.rawValue,
                        i.rank.map { "\($0)/\(i.of ?? 0)" } ?? ""])
        }

        let a = r.alerts
        out += "\n## Alerts\n\n"
        out += "- Opened: \(a.opened) (critical \(a.critical), warning \(a.warning), stale \(a.stale)); resolved: \(a.resolved)\n"
        out += "- Time in alert: \(duration(a.timeInAlert))\n"
        out += "- Mean time to acknowledge: \(a.mtta.map(duration) ?? "none acknowledged"); to resolve: \(a.mttr.map(duration) ?? "none resolved")\n"
        if !a.top.isEmpty {
            out += "\nNoisiest alerts:\n\n"
            out += row(["Indicator", "Region", "Opened", "Time in alert"])
            out += rule(4, numeric: [2, 3])
            for t in a.top { out += row([t.name, t.regionName, "\(t.count)", duration(t.timeInAlert)]) }
        }

        out += "\n## Data completeness\n\n"
        out += row(["Field", "Expected", "Received", "Share", "Lowest"])
        out += rule(5, numeric: [1, 2, 3])
        for c in r.completeness where c.expected > 0 {
            let lowest = c.regions.filter { ($0.ratio ?? 1) < 1 }.min { ($0.ratio ?? 1) < ($1.ratio ?? 1) }
            out += row([c.name, "\(c.expected)", "\(c.received)", percent(c.ratio.map { $0 * 100 }),
                        lowest.map { "\($0.name) \(percent($0.ratio.map { $0 * 100 }))" } ?? ""])
        }

        out += "\n## Operator actions\n\n"
        if r.actions.isEmpty {
            out += "No acknowledgements or silences in the period.\n"
        } else {
            out += row(["User", "Acknowledged", "Silenced"])
            out += rule(3, numeric: [1, 2])
            for x in r.actions { out += row([x.user, "\(x.acks)", "\(x.silences)"]) }
        }
        return out
    }

    /// The paragraph a leader reads first.
    public static func summary(_ r: Report) -> String {
        var lines: [String] = []
        let total = r.fields.reduce(0) { $0 + $1.ok + $1.warning + $1.critical + $1.stale + $1.nodata }
        let ok = r.fields.reduce(0) { $0 + $1.ok }
        let problems = r.fields.reduce(0) { $0 + $1.warning + $1.critical }
        if total > 0 {
            let before = r.fields.compactMap(\.previousScore), now = r.fields.compactMap(\.score)
            let mean = { (xs: [Double]) in xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
            lines.append("At the end of the period \(ok) of \(total) indicators of \(r.region.name) were ok and \(problems) beyond a threshold; "
                + "the mean field score was \(percent(mean(now))) (previous period \(percent(mean(before)))).")
        }
        if let best = r.fields.filter({ $0.score != nil }).max(by: { ($0.score!, $1.code) < ($1.score!, $0.code) }),
           let worst = r.fields.filter({ $0.score != nil }).min(by: { ($0.score!, $0.code) < ($1.score!, $1.code) }), best.code != worst.code {
            lines.append("Best field: \(best.name) (\(percent(best.score))); weakest: \(worst.name) (\(percent(worst.score))).")
        }
        let worse = r.fields.flatMap(\.worse)
        if !worse.isEmpty {
            let names = worse.prefix(3).map { code in r.indicators.first { $0.indicator == code && $0.region == r.region.code }?.name ?? code }
            lines.append("\(worse.count) indicators got worse, among them \(names.joined(separator: "; ")).")
        }
        let a = r.alerts
        lines.append("\(a.opened) alerts opened (\(a.critical) critical) and \(a.resolved) resolved"
            + (a.mtta.map { "; acknowledged in \(duration($0)) on average" } ?? "")
            + (a.mttr.map { ", resolved in \(duration($0))" } ?? "") + ".")
        let expected = r.completeness.reduce(0) { $0 + $1.expected }, received = r.completeness.reduce(0) { $0 + $1.received }
        if expected > 0 {
            var text = "Data completeness: \(percent(Double(received) * 100 / Double(expected)))"
            let silent = Set(r.completeness.flatMap { $0.regions.filter { ($0.ratio ?? 1) < 0.5 }.map(\.name) }).sorted()
            if !silent.isEmpty { text += "; below half: \(silent.joined(separator: ", "))" }
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
