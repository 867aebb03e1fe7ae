import Canvas
import Console
import Foundation
import IndicatorEngine
import Localization

/// What the commands print for people (scripts have `--json`): names beside codes, times on the
/// center's clock with their age, columns aligned in an 80-column terminal.
public struct HumanOutput {
    public var catalog: Catalog
    public var timeZone: TimeZone
    public var now: Int64
    /// The width the tables fit.
    public var width = 80
    /// The language it writes in: its words (`tr`) and its numbers and dates (`forms`).
    public var language: Language

    public init(catalog: Catalog, timeZone: TimeZone, now: Int64, language: Language = .en) {
        self.catalog = catalog
        self.timeZone = timeZone
        self.now = now
        self.language = language
    }

    public var forms: NumberForms { NumberForms(language) }

    /// The message `id` (its English) in this language, placeholders filled (`Messages.text`).
    public func tr(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String {
        Messages.shipped(language).text(id, context: context, values)
    }

    /// A count: `1.038` in Vietnamese; English keeps the plain digits it has always printed.
    public func count(_ n: Int) -> String { forms.count(n) }

    /// A moment on the center's clock with its age: `23:40 (13m ago)` today, `06/12 23:40 (1d ago)`
    /// this year, `07/12/2025 23:40 (365d ago)` before; `(in 2h)` ahead.
    public func when(_ time: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: TimeInterval(time)), today = Date(timeIntervalSince1970: TimeInterval(now))
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let clock = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        let day: String
        if calendar.isDate(date, inSameDayAs: today) {
            day = ""
        } else if calendar.component(.year, from: date) == calendar.component(.year, from: today) {
            day = String(format: "%02d/%02d ", c.day ?? 0, c.month ?? 0)
        } else {
            day = String(format: "%02d/%02d/%04d ", c.day ?? 0, c.month ?? 0, c.year ?? 0)
        }
        let age: String = switch (language, time <= now) {
        case (.en, true): "\(Format.age(now - time)) ago"
        case (.en, false): "in \(Format.age(time - now))"
        case (.vi, true): forms.ago(now - time)
        case (.vi, false): "sau \(forms.duration(time - now))"
        }
        return "\(day)\(clock) (\(age))"
    }

    /// An indicator's name and code: `Độ mặn cao nhất (agri.salinity.max)`; the code alone when unknown.
    public func indicator(_ code: String) -> String {
        catalog.indicatorIndex[code].map { "\(catalog.indicators[$0].name) (\(code))" } ?? code
    }

    /// A region's name and code: `Châu Thành (831)`.
    public func region(_ code: String) -> String {
        catalog.regionIndex[code].map { "\(catalog.regions[$0].name) (\(code))" } ?? code
    }

    /// A value with its unit as the console writes it (in this language's number form), or "no value".
    public func value(_ value: Double?, indicator code: String) -> String {
        guard let value else { return tr("no value") }
        guard let i = catalog.indicatorIndex[code] else { return forms.fromEnglish("\(value)") }
        let indicator = catalog.indicators[i]
        let number = indicator.kind == .boolean ? tr(value != 0 ? "yes" : "no") : forms.fromEnglish(Format.value(value, kind: indicator.kind))
        return number + (indicator.unit.isEmpty ? "" : " " + indicator.unit)
    }

    /// A series status as people read it: in Vietnamese its word (`nodata`: Chưa có dữ liệu); in
    /// English the code it has always printed.
    public func status(_ raw: String) -> String { Messages.shipped(language).status(raw) }

    /// A word the store keeps as a code (an alert's state, an audit's action), in this language
    /// when the catalog has it under `context`, else as stored.
    public func word(_ code: String, _ context: String) -> String { tr(code, context: context) }

    /// Rows under a header, columns padded to their widest cell; the column `flexible` is kept
    /// narrow enough for a line to fit `width`, its text wrapped onto lines of its own below
    /// (never cut: a name is read whole; its own line breaks stay).
    public func table(_ header: [String], _ rows: [[String]], flexible: Int? = nil, alignRight: Set<Int> = []) -> [String] {
        Array(tableBlocks(header, rows, flexible: flexible, alignRight: alignRight).joined())
    }

    /// The same table as blocks of lines: the header's, then each row's.
    public func tableBlocks(_ header: [String], _ rows: [[String]], flexible: Int? = nil, alignRight: Set<Int> = []) -> [[String]] {
        let all = [header] + rows
        /// A cell's own lines ("\n"), each wrapped when it is in the flexible column.
        func pieces(_ cell: String, _ c: Int, width: Int?) -> [String] {
            let parts = cell.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let width, c == flexible else { return parts }
            return parts.flatMap { TextWidth.wrap($0, to: width) }
        }
        var widths = header.indices.map { c in all.map { pieces($0[c], c, width: nil).map(TextWidth.of).max() ?? 0 }.max() ?? 0 }
        if let flexible, flexible < widths.count {
            let others = widths.enumerated().filter { $0.offset != flexible }.map(\.element).reduce(0, +) + 2 * (widths.count - 1)
            widths[flexible] = max(TextWidth.of(header[flexible]), 16, min(widths[flexible], width - others))
        }
        return all.map { row in
            let cells = row.enumerated().map { c, cell in pieces(cell, c, width: widths[c]) }
            return (0..<(cells.map(\.count).max() ?? 1)).map { k in
                cells.enumerated().map { c, cell in
                    TextWidth.pad(k < cell.count ? cell[k] : "", to: widths[c], alignRight: alignRight.contains(c))
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
        }
    }
}

extension ValueReport {
    /// The line a person reads: `Độ mặn cao nhất · Châu Thành: 4.08 ‰ (warning) at 23:40 (13m ago)`,
    /// the codes after it.
    public func text(_ out: HumanOutput) -> String {
        let name = out.catalog.indicatorIndex[indicator].map { out.catalog.indicators[$0].name } ?? indicator
        let place = out.catalog.regionIndex[region].map { out.catalog.regions[$0].name } ?? region
        let asOf = at.map { out.tr("as of {time}", ["time": out.when($0)]) + ": " } ?? ""
        let seen = time.map { " " + out.tr("at {time}", ["time": out.when($0)]) } ?? ""
        return "\(asOf)\(name) · \(place): \(out.value(value, indicator: indicator)) (\(out.status(status)))\(seen)  [\(indicator) \(region)]"
    }
}

extension AlertReport {
    /// A table of alerts: what is wrong and where, by name, with the rule's code and since when.
    public static func lines(_ alerts: [AlertReport], _ out: HumanOutput) -> [String] {
        let rows = alerts.map { a -> [String] in
            let name = out.catalog.indicatorIndex[a.indicator].map { out.catalog.indicators[$0].name } ?? a.indicator
            let place = out.catalog.regionIndex[a.region].map { out.catalog.regions[$0].name } ?? a.region
            let kind = a.rule.hasSuffix(":stale") ? " (\(out.tr("no data", context: "status").lowercased()))" : ""
            let acked = a.acked_by.map { ", " + out.tr("acked by {user}", ["user": $0]) } ?? ""
            return ["#\(a.id)", out.word(a.severity, "severity").uppercased(), out.word(a.state, "alert state"), out.when(a.since),
                    "\(name) · \(place)\(kind)\(acked)\n\(a.rule) @ \(a.region)"]
        }
        let asOf = alerts.first?.at.map { [out.tr("as of {time}", ["time": out.when($0)])] } ?? []
        let header = ["ID", "SEVERITY", "STATE", "SINCE", "ALERT"].map { out.tr($0, context: "alerts column") }
        return asOf + out.table(header, rows, flexible: 4)
    }
}

extension StatusReport {
    /// The table a person reads: each field by name with its code, counts and score.
    public func lines(center: String, _ out: HumanOutput) -> [String] {
        var line = out.tr("{center}: {indicators} indicators, {regions} regions; alerts {firing} firing, {pending} pending", [
            "center": center, "indicators": out.count(indicators), "regions": out.count(regions), "firing": out.count(alerts.firing),
            "pending": out.count(alerts.pending),
        ])
        if let at { line += " " + out.tr("as of {time}", ["time": out.when(at)]) }
        let rows = fields.map { f in
            ["\(f.name) (\(f.code))"] + [f.indicators, f.ok, f.warning, f.critical, f.stale, f.nodata].map(out.count)
                + [f.score.map { out.language == .vi ? out.forms.percent($0, places: 1) : String(format: "%.1f%%", $0) } ?? "–"]
        }
        let header = ["FIELD", "IND", "OK", "WARN", "CRIT", "STALE", "NODATA", "SCORE"].map { out.tr($0, context: "status column") }
        return [line] + out.table(header, rows, flexible: 0, alignRight: Set(1...7))
    }
}

extension AuditEntry {
    /// The line a person reads (`ioc audit`): the time on the center's clock, who, what, the result.
    public func text(_ out: HumanOutput) -> String {
        "\(out.when(time))  \(user)\(role.isEmpty ? "" : " (\(out.word(role, "role")))") \(out.word(action, "audit action")) \(target): "
            + out.word(result, "audit result") + (detail.isEmpty ? "" : " — \(detail)")
            + (origin.isEmpty ? "" : " " + out.tr("from {origin}", ["origin": origin]))
    }
}
