import Foundation
import IndicatorEngine

/// Turns what the store holds about a period into a report. Pure: the same input gives the
/// same report.
///
/// The center is replayed through an engine in steps (hours in a day report, days otherwise):
/// each observed series' last value before the period, then each step's last observation of
/// each series, by the time it was observed, not the time it arrived. So roll-ups, formulas
/// and statuses are those of each step's end, and a district's September figure that arrived
/// after its October one still counts in September. Observed series take their statistics from
/// their observations; computed ones (roll-ups, formulas) from their value at each step's end.
public enum ReportBuilder {
    public static func build(_ input: ReportInput) -> Report {
        let catalog = input.catalog, period = input.period, root = input.region
        let step = ReportInput.step(for: period.kind)
        let regionInfo = catalog.regions[root]
        var report = Report(center: catalog.name, region: Report.RegionRef(code: regionInfo.code, name: regionInfo.name), period: period)
        let fieldIDs = catalog.fields.indices.filter { catalog.isShown(field: $0, at: root) && (input.field == nil || catalog.fields[$0].code == input.field) }
        let shown = [root] + catalog.children[root]
        let siblings = catalog.parentOf[root].map { catalog.children[$0] } ?? []

        // The series the report shows, in field, indicator and region order; and the siblings
        // of the region, which its rank needs.
        var targets: [SeriesID] = []
        for f in fieldIDs {
            for i in catalog.indicatorsByField[f] {
                for r in shown where catalog.isReported(i, at: r) { targets.append(catalog.series(i, r)) }
            }
        }
        let replay = Replay(input: input, targets: targets, step: step)

        // Indicators per region, ranked among siblings.
        for s in targets {
            let i = catalog.indicator(of: s), r = catalog.region(of: s)
            let indicator = catalog.indicators[i]
            let peers = r == root ? siblings.filter { catalog.isReported(i, at: $0) } : catalog.children[root].filter { catalog.isReported(i, at: $0) }
            let ranking = peers.isEmpty ? [] : catalog.ranking(i, among: peers) { replay.end[$0]?.value }
            report.indicators.append(line(s, indicator: indicator, replay: replay, input: input, ranking: ranking))
        }

        // Fields: the region's status counts at the end and the start, and what got worse.
        for f in fieldIDs {
            let field = catalog.fields[f]
            var line = Report.FieldLine(code: field.code, name: field.name)
            var now = FieldSummary(field: field.code), before = FieldSummary(field: field.code)
            var worse: [(code: String, statusWorse: Bool, size: Double)] = []
            for i in catalog.indicatorsByField[f] where catalog.isReported(i, at: root) {
                let s = catalog.series(i, root)
                let end = replay.endStatus[s] ?? .nodata, start = replay.startStatus[s] ?? .nodata
                now.count(end)
                before.count(start)
                if start != .nodata, end.badness > start.badness {
                    worse.append((catalog.indicators[i].code, true, Double(end.badness - start.badness)))
                } else if let a = replay.start[s]?.value, let b = replay.end[s]?.value, a != b,
                          catalog.indicators[i].direction == .higherIsBetter && b < a || catalog.indicators[i].direction == .lowerIsBetter && b > a {
                    worse.append((catalog.indicators[i].code, false, abs(b - a) / max(abs(a), 1e-9)))
                }
            }
            line.score = now.score
            line.previousScore = before.score
            (line.ok, line.warning, line.critical, line.stale, line.nodata) = (now.ok, now.warning, now.critical, now.stale, now.nodata)
            line.worse = worse.sorted { ($0.statusWorse ? 1 : 0, $0.size, $1.code) > ($1.statusWorse ? 1 : 0, $1.size, $0.code) }.map(\.code)
            report.fields.append(line)
        }

        report.alerts = alerts(input, fields: Set(fieldIDs.map { catalog.fields[$0].code }))
        report.completeness = completeness(input, fieldIDs: fieldIDs)
        report.actions = actions(input)
        return report
    }

    // MARK: - Indicators

    private static func line(_ s: SeriesID, indicator: Indicator, replay: Replay, input: ReportInput, ranking: [RankedRegion]) -> Report.IndicatorLine {
        let catalog = input.catalog, period = input.period
        let r = catalog.region(of: s)
        let observed = catalog.isObserved(catalog.indicator(of: s), at: r)
        var count = 0
        var mean: Double?, low: Double?, high: Double?
        if observed {
            var sum = 0.0
            for b in input.series[s]?.steps ?? [] where b.count > 0 {
                count += b.count
                sum += b.sum
                low = min(low ?? b.min, b.min)
                high = max(high ?? b.max, b.max)
            }
            if count > 0 { mean = sum / Double(count) }
        } else {
            let values = replay.samples[s] ?? []
            count = values.count
            if !values.isEmpty {
                mean = values.reduce(0) { $0 + $1.value } / Double(values.count)
                low = values.map(\.value).min()
                high = values.map(\.value).max()
            }
        }
        let last = replay.end[s]?.value, previous = replay.start[s]?.value
        var progress: Double?, outlook: String?
        if let target = indicator.target, let last {
            var history = replay.samples[s] ?? []
            if history.last?.value != last { history.append((period.end, last)) }
            let assessment = target.assess(direction: indicator.direction, history: history, now: period.end)
            progress = assessment?.progress
            outlook = assessment?.outlook.rawValue
        }
        let place = ranking.first { $0.region == r }
        return Report.IndicatorLine(field: indicator.field, indicator: indicator.code, name: indicator.name, region: catalog.regions[r].code,
                                    regionName: catalog.regions[r].name, unit: indicator.unit, last: last, mean: mean, min: low, max: high,
                                    count: count, previous: previous, change: last.flatMap { l in previous.map { l - $0 } },
                                    target: indicator.target?.value, progress: progress, outlook: outlook,
                                    status: replay.endStatus[s] ?? .nodata, rank: place?.rank,
                                    of: ranking.isEmpty ? nil : ranking.filter { $0.rank != nil }.count, observed: observed)
    }

    // MARK: - Alerts

    /// One alert's life as its journal tells it.
    struct AlertLife {
        var opened: Int64?
        var acknowledged: Int64?
        var resolved: Int64?

        init(_ events: [JournalEntry]) {
            for e in events.sorted(by: { $0.time < $1.time }) {
                if e.to == .firing, e.from != .recovering, opened == nil { opened = e.time }
                if e.action == "acknowledged", opened != nil, acknowledged == nil { acknowledged = e.time }
                if e.to == .resolved, resolved == nil { resolved = e.time }
            }
        }

        /// Seconds it fired (or recovered) within [start, end).
        func timeInAlert(_ start: Int64, _ end: Int64) -> Int64 {
            guard let opened else { return 0 }
            return max(0, min(resolved ?? end, end) - max(opened, start))
        }
    }

    static func alerts(_ input: ReportInput, fields: Set<String>) -> Report.AlertSummary {
        let catalog = input.catalog, start = input.period.start, end = input.period.end
        var summary = Report.AlertSummary()
        var acks: [Int64] = [], repairs: [Int64] = []
        var noisy: [String: Report.NoisyAlert] = [:]
        for alert in input.alerts {
            guard let r = catalog.regionIndex[alert.region], catalog.isWithin(r, input.region),
                  let i = catalog.indicatorIndex[alert.indicator], fields.contains(catalog.indicators[i].field) else { continue }
            let life = AlertLife(alert.events.filter { $0.time < end })
            guard let opened = life.opened else { continue }
            let time = life.timeInAlert(start, end)
            summary.timeInAlert += time
            if opened >= start {
                summary.opened += 1
                switch (alert.kind, alert.severity) {
                case (.stale, _): summary.stale += 1
                case (_, .critical): summary.critical += 1
                case (_, .warning): summary.warning += 1
                }
                if let acked = life.acknowledged { acks.append(acked - opened) }
                let key = "\(alert.indicator)\u{0}\(alert.region)"
                var entry = noisy[key] ?? Report.NoisyAlert(indicator: alert.indicator, name: catalog.indicators[i].name, region: alert.region,
                                                             regionName: catalog.regions[r].name, count: 0, timeInAlert: 0)
                entry.count += 1
                entry.timeInAlert += time
                noisy[key] = entry
            }
            if let resolved = life.resolved, resolved >= start {
                summary.resolved += 1
                repairs.append(resolved - opened)
            }
        }
        summary.mtta = acks.isEmpty ? nil : acks.reduce(0, +) / Int64(acks.count)
        summary.mttr = repairs.isEmpty ? nil : repairs.reduce(0, +) / Int64(repairs.count)
        summary.top = Array(noisy.values.sorted {
            ($0.count, $0.timeInAlert, $1.indicator, $1.region) > ($1.count, $1.timeInAlert, $0.indicator, $0.region)
        }.prefix(10))
        return summary
    }

    // MARK: - Completeness

    /// Observations expected from each observed series' frequency against those received (at
    /// most the expected number per series, so a chatty sensor cannot hide a silent district),
    /// per field, and per child region of the report's region.
    static func completeness(_ input: ReportInput, fieldIDs: [Int]) -> [Report.Completeness] {
        let catalog = input.catalog, root = input.region
        let length = Double(input.period.end - input.period.start)
        let regions = catalog.subtree(root)
        // The branch each region lies in: the report's region itself, or one of its children.
        var branch: [RegionID: Int] = [root: 0]
        for (k, child) in catalog.children[root].enumerated() {
            for r in catalog.subtree(child) { branch[r] = k + 1 }
        }
        let branches = [root] + catalog.children[root]
        return fieldIDs.map { f in
            let field = catalog.fields[f]
            var line = Report.Completeness(code: field.code, name: field.name)
            line.regions = branches.map { Report.RegionCompleteness(region: catalog.regions[$0].code, name: catalog.regions[$0].name) }
            for i in catalog.indicatorsByField[f] {
                let frequency = Double(max(1, catalog.indicators[i].frequency.seconds))
                let expected = Int((length / frequency).rounded())
                guard expected > 0 else { continue }
                for r in regions where catalog.isObserved(i, at: r) {
                    let s = catalog.series(i, r)
                    let received = min(expected, input.series[s]?.steps.reduce(0) { $0 + $1.count } ?? 0)
                    line.expected += expected
                    line.received += received
                    let b = branch[r] ?? 0
                    line.regions[b].expected += expected
                    line.regions[b].received += received
                }
            }
            line.regions.removeAll { $0.expected == 0 }
            return line
        }
    }

    // MARK: - Actions

    /// Acknowledgements and silences per user, from the audit: those applied in the period,
    /// within the report's region (a silence without a region covers the whole center).
    static func actions(_ input: ReportInput) -> [Report.ActionCount] {
        let catalog = input.catalog, start = input.period.start, end = input.period.end
        let whole = input.region == catalog.rootRegion
        let alertRegions = Dictionary(input.alerts.map { ($0.id, $0.region) }, uniquingKeysWith: { a, _ in a })
        func within(_ code: String?) -> Bool {
            guard let code else { return whole }
            return catalog.regionIndex[code].map { catalog.isWithin($0, input.region) } ?? false
        }
        var counts: [String: Report.ActionCount] = [:]
        for entry in input.audit where entry.time >= start && entry.time < end && entry.result == "applied" {
            switch entry.action {
            case "ack":
                let id = entry.target.hasPrefix("alert ") ? Int64(entry.target.dropFirst(6)) : nil
                guard whole || within(id.flatMap { alertRegions[$0] }) else { continue }
                counts[entry.user, default: Report.ActionCount(user: entry.user)].acks += 1
            case "silence":
                let region = entry.target.components(separatedBy: ", ").first { $0.hasPrefix("region ") }.map { String($0.dropFirst(7)) }
                guard whole || within(region) else { continue }
                counts[entry.user, default: Report.ActionCount(user: entry.user)].silences += 1
            default:
                continue
            }
        }
        return counts.values.sorted { $0.user < $1.user }
    }
}

extension SeriesStatus {
    /// How bad a status is, to tell what got worse (no data is not judged).
    var badness: Int {
        switch self {
        case .ok, .nodata: 0
        case .warning, .stale: 1
        case .critical: 2
        }
    }
}

/// The center replayed through the period: values and statuses at its start and end, and
/// each shown series' value at the end of each step.
struct Replay {
    var start: [SeriesID: CurrentValue] = [:]
    var end: [SeriesID: CurrentValue] = [:]
    var startStatus: [SeriesID: SeriesStatus] = [:]
    var endStatus: [SeriesID: SeriesStatus] = [:]
    var samples: [SeriesID: [(time: Int64, value: Double)]] = [:]

    init(input: ReportInput, targets: [SeriesID], step: Int64) {
        let catalog = input.catalog, period = input.period
        var engine = Engine(catalog: catalog)
        // Ranks need the siblings' values too.
        var watched = Set(targets)
        if let parent = catalog.parentOf[input.region] {
            for s in targets where catalog.region(of: s) == input.region {
                for r in catalog.children[parent] { watched.insert(catalog.series(catalog.indicator(of: s), r)) }
            }
        }
        let before = input.series.compactMap { s, d in d.before.map { Sample(series: s, time: $0.time, value: $0.value) } }
        engine.apply(resolved: before.sorted { ($0.time, $0.series) < ($1.time, $1.series) }, now: period.start)
        engine.tick(now: period.start)
        for s in watched {
            start[s] = engine.table[s]
            startStatus[s] = engine.table.status(s)
        }
        let steps = Int(max(1, (period.end - period.start + step - 1) / step))
        var perStep = [[Sample]](repeating: [], count: steps)
        for (s, d) in input.series {
            for b in d.steps where b.count > 0 && b.start >= period.start && b.start < period.end {
                perStep[Int((b.start - period.start) / step)].append(Sample(series: s, time: b.lastTime, value: b.last))
            }
        }
        for k in 0..<steps {
            let stepEnd = min(period.end, period.start + Int64(k + 1) * step)
            engine.apply(resolved: perStep[k].sorted { ($0.time, $0.series) < ($1.time, $1.series) }, now: stepEnd)
            for s in targets {
                if let v = engine.table[s] { samples[s, default: []].append((stepEnd, v.value)) }
            }
        }
        engine.tick(now: period.end)
        for s in watched {
            end[s] = engine.table[s]
            endStatus[s] = engine.table.status(s)
        }
    }
}
