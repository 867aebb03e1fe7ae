import Canvas
import Console
import Coordinator
import Foundation
import IndicatorEngine
import StoreContract

/// An optional that JSON shows as `null` when absent: the scripting contract names every key.
@propertyWrapper
public struct Nullable<T: Encodable>: Encodable {
    public var wrappedValue: T?
    public init(wrappedValue: T?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// A value as one line of JSON, keys in a stable order.
public func jsonLine<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}


/// `ioc value --json`: one series now (or as of `at`), judged against the clock.
public struct ValueReport: Encodable {
    public var indicator: String
    public var region: String
    @Nullable public var value: Double?
    @Nullable public var time: Int64?
    public var status: String
    /// The moment asked for with `--at` (null: now).
    @Nullable public var at: Int64?

    /// The series' latest value as a reader sees it at `now`, or as it stood at `at`, with
    /// what is wrong with the codes or the scope said plainly.
    public static func read(catalog: Catalog, store: any StoreBackend, indicator code: String, region regionCode: String, scope: RegionScope,
                            now: Int64, at: Int64? = nil) throws -> ValueReport {
        guard let i = catalog.indicatorIndex[code] else { throw CommandProblem(say("unknown indicator '{code}'", ["code": code]), exitCode: 1) }
        guard let r = catalog.regionIndex[regionCode] else { throw CommandProblem(say("unknown region '{code}'", ["code": regionCode]), exitCode: 1) }
        guard scope.covers(r, in: catalog) else {
            throw CommandProblem(say("{region} is outside your scope", ["region": catalog.regions[r].name]), exitCode: LocalOperator.Refusal.exitCode)
        }
        let indicator = catalog.indicators[i]
        if let at {
            let engine = try CenterAsOf.read(catalog: catalog, store: store, at: at).engine
            let s = catalog.series(i, r)
            return ValueReport(indicator: code, region: regionCode, value: engine.table[s]?.value, time: engine.table[s]?.time,
                               status: engine.table.status(s).rawValue, at: at)
        }
        let stored = try store.current(indicator: indicator.code, region: catalog.regions[r].code)
        let status = stored?.value.status(now: now, staleAfter: indicator.staleAfter) ?? .nodata
        let value = stored.flatMap { $0.value.value.isNaN ? nil : $0.value }
        return ValueReport(indicator: indicator.code, region: catalog.regions[r].code, value: value?.value, time: value?.time,
                           status: status.rawValue, at: nil)
    }
}

/// `ioc alerts --json`: a row per alert, most urgent first.
public struct AlertReport: Encodable {
    public var id: Int64
    public var rule: String
    public var indicator: String
    public var region: String
    public var severity: String
    public var state: String
    public var acknowledged: Bool
    @Nullable public var acked_by: String?
    public var since: Int64
    /// The moment asked for with `--at` (null: now).
    @Nullable public var at: Int64?

    /// `scope`: only alerts in these regions (nil: all). `at`: the alerts open at that moment,
    /// as they stood then.
    public static func list(store: any StoreBackend, all: Bool, scope: (RegionScope, Catalog)? = nil, at: (time: Int64, catalog: Catalog)? = nil) throws -> [AlertReport] {
        if at != nil, all { throw CommandProblem(say("--all and --at do not go together: --at lists the alerts open at that moment"), exitCode: 64) }
        let alerts = try at.map { try CenterAsOf.read(catalog: $0.catalog, store: store, at: $0.time).alerts } ?? store.alerts(all: all).map(\.alert)
        return alerts.filter { alert in
            guard let (scope, catalog) = scope else { return true }
            return catalog.regionIndex[alert.region].map { scope.covers($0, in: catalog) } ?? false
        }.sorted(by: Alert.isMoreUrgent).map {
            AlertReport(id: $0.id, rule: $0.rule, indicator: $0.indicator, region: $0.region, severity: $0.severity.rawValue,
                        state: $0.state.rawValue, acknowledged: $0.acknowledged != nil, acked_by: $0.acknowledged?.by, since: $0.since,
                        at: at?.time)
        }
    }

}

/// A command's request it cannot serve, said plainly, with the exit status it ends with.
public struct CommandProblem: Error, CustomStringConvertible {
    public var description: String
    public var exitCode: Int32
    /// A problem of the center rather than of the command (its configuration, its store, who
    /// is asking): said as `ioc: ...` whichever command met it.
    public var general: Bool
    public init(_ description: String, exitCode: Int32, general: Bool = false) {
        self.description = description
        self.exitCode = exitCode
        self.general = general
    }
}

/// `ioc status --json`: counts per field for the province, and the alerts pending and firing.
public struct StatusReport: Encodable {
    public struct Field: Encodable {
        public var code: String
        public var name: String
        public var indicators: Int
        public var ok: Int
        public var warning: Int
        public var critical: Int
        public var stale: Int
        public var nodata: Int
        @Nullable public var score: Double?
    }

    public struct Alerts: Encodable {
        public var pending: Int
        public var firing: Int
    }

    public var indicators: Int
    public var regions: Int
    public var fields: [Field]
    public var alerts: Alerts
    /// The moment asked for with `--at` (null: now).
    @Nullable public var at: Int64?

    /// The whole center, or a scope's center (counts at its home region; indicators and regions
    /// that reach into it; its alerts).
    /// `fieldList`: the center's fields in order (`centers.yaml`; empty: all that reach it).
    public static func read(catalog: Catalog, store: any StoreBackend, now: Int64, scope: RegionScope? = nil, fieldList: [String] = [],
                            at: Int64? = nil) throws -> StatusReport {
        let scope = scope ?? .everything(catalog)
        let center = try CenterStatus.read(catalog: catalog, store: store, scope: scope, now: now, at: at)
        let shown = catalog.fields.indices.filter { f in
            catalog.isShown(field: f, at: scope.home) && (fieldList.isEmpty || fieldList.contains(catalog.fields[f].code))
        }
        let ordered = fieldList.isEmpty ? shown : fieldList.compactMap { catalog.fieldIndex[$0] }.filter(shown.contains)
        let fields = ordered.map { (catalog.fields[$0], center.fields[$0]) }.map { field, s in
            Field(code: field.code, name: field.name, indicators: s.indicators, ok: s.ok, warning: s.warning,
                  critical: s.critical, stale: s.stale, nodata: s.nodata, score: s.score.map { ($0 * 10).rounded() / 10 })
        }
        let regions = catalog.regions.indices.filter { scope.covers($0, in: catalog) }
        let levels = Set(regions.map { catalog.regions[$0].level })
        let indicators = scope.isEverything ? catalog.indicators.count : catalog.indicators.filter { !$0.levels.isDisjoint(with: levels) }.count
        return StatusReport(indicators: indicators, regions: regions.count, fields: fields,
                            alerts: Alerts(pending: center.pendingAlerts, firing: center.firingAlerts), at: at)
    }

}

/// `ioc silences`: the silences running now, a line each, by name with codes and the center's clock.
public enum SilencesReport {
    public static func lines(_ store: any StoreBackend, _ out: HumanOutput) throws(CommandProblem) -> [String] {
        let silences: [Silence]
        do { silences = try store.silences(activeAt: out.now) } catch { throw CommandProblem("\(error)", exitCode: 1) }
        guard !silences.isEmpty else { return [out.tr("no running silences")] }
        let rows = silences.map { s -> [String] in
            let field = s.field.map { code in out.catalog.fieldIndex[code].map { "\(out.catalog.fields[$0].name) (\(code))" } ?? code }
            let what = [field, s.indicator.map(out.indicator), s.region.map(out.region)].compactMap { $0 }.joined(separator: " · ")
            return ["#\(s.id)", out.when(s.end), s.createdBy, (what.isEmpty ? out.tr("everything") : what) + (s.comment.isEmpty ? "" : ": \(s.comment)")]
        }
        return out.table(["ID", "UNTIL", "BY", "SILENCED"].map { out.tr($0, context: "silences column") }, rows, flexible: 3)
    }
}

/// `ioc feeds`: how each feed stands, the ones that need a look first.
public enum FeedsReport {
    /// The feeds as the leader recorded them, each judged at `now`, the ones needing a look first.
    public static func read(_ context: CenterContext, now: Int64) throws(CommandProblem) -> [FeedRecord] {
        do {
            return FeedRecord.needingALookFirst(try StoreReader.open(context.storePath).feedRecords().map { $0.asOf(now, catalog: context.catalog) })
        } catch let problem as CommandProblem { throw problem } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }

    /// A table of `records`, in the order given (`read`'s: the ones needing a look first).
    public static func lines(_ records: [FeedRecord], _ out: HumanOutput) -> [String] {
        guard !records.isEmpty else { return [out.tr("no feeds on record yet (the leader records them every 15 s while it leads)")] }
        // Each feed's name, and its kind under it; its last error whole under its row.
        let rows = records.map { r in
            ["\(r.name)\n\(r.kind)", out.word(r.state.rawValue, "feed state"), r.lastTime.map(out.when) ?? out.tr("never"), out.count(r.accepted1h),
             out.count(r.rejected1h), out.count(r.restarts)]
        }
        let header = ["FEED", "STATE", "LAST DATA", "TAKEN", "REFUSED", "RESTARTS"].map { out.tr($0, context: "feeds column") }
        let blocks = out.tableBlocks(header, rows, flexible: 0, alignRight: [3, 4, 5])
        var lines = blocks[0]
        for (record, block) in zip(records, blocks.dropFirst()) {
            lines += block
            if !record.lastError.isEmpty { lines += TextWidth.wrap(record.lastError, to: out.width - 4).enumerated().map { ($0 == 0 ? "  ↳ " : "    ") + $1 } }
        }
        return lines + [out.tr("TAKEN and REFUSED count lines over the last hour.")]
    }
}
