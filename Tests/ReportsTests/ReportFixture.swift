import Foundation
import Coordinator
import IndicatorEngine
import IndicatorStore
import Reports
import TestSupport

/// A small center with known figures for October 2026 (UTC+7), written to a real store:
/// - `econ.output` (monthly, summed): September D1 100, D2 200, D3 300; October D1 150, D2 200 on
///   the 20th; D3 sends nothing in October. D1's October figure is ingested before its September one.
/// - `econ.waste` (daily, max, lower is better, warning above 6): D1 5 each day but 8 on the
///   5th, D2 5 each day, D3 7 from the 1st to the 10th, then nothing.
/// - `econ.flow` (15 minutes, D1 only): whole numbers every 15 minutes on October 1 to 3, dense
///   enough to be compacted.
/// - Four alerts (two on D3 waste, a stale one on D1 output that opened in September, a
///   critical one on D1 waste), their journal, and the audit of acks and a silence.
struct ReportFixture {
    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let directory = TemporaryDirectory("ioc-report")
    let catalog: Catalog
    let store: Store

    /// Unix seconds of a local moment, "2026-10-05 10:00".
    static func t(_ text: String) -> Int64 {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return Int64(f.date(from: text)!.timeIntervalSince1970)
    }

    static func catalog() -> Catalog {
        let regions = [
            Region(code: "83", name: "Bến Tre", level: .province),
            Region(code: "831", name: "Châu Thành", level: .district, parent: "83"),
            Region(code: "832", name: "Chợ Lách", level: .district, parent: "83"),
            Region(code: "833", name: "Mỏ Cày Bắc", level: .district, parent: "83"),
        ]
        let fields = [Field(code: "econ", name: "Kinh tế - xã hội", nameEn: "Economy", key: "1")]
        let indicators = [
            Indicator(code: "econ.output", name: "Giá trị sản xuất", field: "econ", unit: "tỷ đồng", direction: .higherIsBetter,
                      frequency: Frequency(seconds: 31 * 86_400, label: "monthly"), levels: [.province, .district], rollup: .sum,
                      target: Target(value: 1_000, by: t("2026-12-31 00:00"))),
            Indicator(code: "econ.waste", name: "Chất thải, \"rác\"", field: "econ", unit: "tấn", direction: .lowerIsBetter,
                      levels: [.province, .district], rollup: .max, thresholds: Thresholds(warning: Bounds(above: 6), critical: Bounds(above: 9))),
            Indicator(code: "econ.flow", name: "Lưu lượng", field: "econ", unit: "m³/s", frequency: Frequency(seconds: 900, label: "15m"),
                      levels: [.district]),
        ]
        return try! Catalog(name: "IOC Bến Tre", regions: regions, fields: fields, indicators: indicators, root: "83")
    }

    init() throws {
        catalog = Self.catalog()
        store = try Store(path: directory.file("ioc.sqlite"))
        let t = Self.t
        func obs(_ i: String, _ r: String, _ time: String, _ v: Double) -> Observation { Observation(indicator: "econ.\(i)", region: r, time: t(time), value: v) }
        // Out of order: D1's October figure first.
        try write([obs("output", "831", "2026-10-20 10:00", 150), obs("output", "832", "2026-10-20 10:00", 200)])
        try write([obs("output", "831", "2026-09-20 10:00", 100), obs("output", "832", "2026-09-20 10:00", 200),
                   obs("output", "833", "2026-09-20 10:00", 300)])
        var waste: [Observation] = []
        for d in 1...31 {
            let day = String(format: "2026-10-%02d 09:00", d)
            waste.append(obs("waste", "831", day, d == 5 ? 8 : 5))
            waste.append(obs("waste", "832", day, 5))
            if d <= 10 { waste.append(obs("waste", "833", day, 7)) }
        }
        try write(waste)
        try write(Self.flow())

        // Alerts and their journal.
        var batch = Batch()
        func alert(_ id: Int64, _ i: String, _ r: String, _ kind: AlertKind, _ severity: Severity, _ state: AlertState, fired: String, since: String,
                   active: String? = nil) -> Alert {
            Alert(id: id, rule: kind == .stale ? "econ.\(i):stale" : "econ.\(i)", kind: kind, series: catalog.series(indicator: "econ.\(i)", region: r)!,
                  indicator: "econ.\(i)", region: r, severity: severity, state: state, activeAt: t(active ?? fired), since: t(since), firedAt: t(fired))
        }
        batch.alerts = [
            alert(1, "waste", "833", .threshold, .warning, .resolved, fired: "2026-10-02 08:00", since: "2026-10-03 08:00", active: "2026-10-02 07:50"),
            alert(2, "waste", "833", .threshold, .warning, .firing, fired: "2026-10-12 00:00", since: "2026-10-12 00:00"),
            alert(3, "output", "831", .stale, .warning, .resolved, fired: "2026-09-28 00:00", since: "2026-10-01 12:00"),
            alert(4, "waste", "831", .threshold, .critical, .resolved, fired: "2026-10-20 00:00", since: "2026-10-20 06:00"),
        ]
        func entry(_ id: Int64, _ time: String, _ actor: String, _ action: String, _ from: AlertState?, _ to: AlertState?) -> JournalEntry {
            JournalEntry(alert: id, time: t(time), actor: actor, action: action, from: from, to: to, reason: "")
        }
        batch.journal = [
            entry(1, "2026-10-02 07:50", "engine", "pending", .inactive, .pending),
            entry(1, "2026-10-02 08:00", "engine", "firing", .pending, .firing),
            entry(1, "2026-10-02 08:30", "giamsat1", "acknowledged", nil, nil),
            entry(1, "2026-10-03 07:00", "engine", "recovering", .firing, .recovering),
            entry(1, "2026-10-03 08:00", "engine", "resolved", .recovering, .resolved),
            entry(2, "2026-10-12 00:00", "engine", "firing", .pending, .firing),
            entry(2, "2026-10-12 01:00", "vanhanh", "acknowledged", nil, nil),
            entry(3, "2026-09-28 00:00", "engine", "firing", .inactive, .firing),
            entry(3, "2026-10-01 12:00", "engine", "resolved", .firing, .resolved),
            entry(4, "2026-10-20 00:00", "engine", "firing", .inactive, .firing),
            entry(4, "2026-10-20 06:00", "engine", "resolved", .firing, .resolved),
        ]
        batch.audit = [
            AuditEntry(time: t("2026-09-29 08:00"), user: "giamsat1", action: "ack", target: "alert 3"),
            AuditEntry(time: t("2026-10-02 08:30"), user: "giamsat1", action: "ack", target: "alert 1"),
            AuditEntry(time: t("2026-10-12 01:00"), user: "vanhanh", action: "ack", target: "alert 2"),
            AuditEntry(time: t("2026-10-15 09:00"), user: "giamsat1", action: "silence", target: "region 833"),
            AuditEntry(time: t("2026-10-16 09:00"), user: "khach", action: "ack", target: "alert 2", result: "refused"),
        ]
        try store.commit(batch)
    }

    /// D1's flow: (k mod 7) + 10 every 15 minutes on October 1 to 3.
    static func flow() -> [Observation] {
        let start = t("2026-10-01 00:00")
        return (0..<(3 * 96)).map { (k: Int) -> Observation in
            let value = Double(k % 7 + 10)
            return Observation(indicator: "econ.flow", region: "831", time: start + Int64(k) * 900, value: value)
        }
    }

    func write(_ observations: [Observation]) throws {
        var batch = Batch()
        batch.observations = observations
        try store.commit(batch)
    }

    func period(_ spec: String, _ convention: PeriodConvention = .calendar) throws -> ReportPeriod {
        try ReportPeriod.parse(spec, now: Self.t("2026-11-30 10:00"), convention: convention, timeZone: Self.zone)
    }

    func report(_ spec: String, _ convention: PeriodConvention = .calendar, region: String = "83") throws -> Report {
        try ReportMaker.make(store: store, catalog: catalog, period: try period(spec, convention), region: catalog.regionIndex[region]!)
    }
}

extension Report {
    func line(_ indicator: String, _ region: String) -> Report.IndicatorLine? {
        indicators.first { $0.indicator == indicator && $0.region == region }
    }
}
