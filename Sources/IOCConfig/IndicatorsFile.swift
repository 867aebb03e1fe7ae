import Feeds
import Foundation
import IndicatorEngine
import Yams

// indicators/*.yaml: the catalog's indicators, their thresholds, targets and simulator hints.


func readIndicators(_ doc: Document, _ diagnostics: Diagnostics, hints: inout [String: SimulatorHint]) -> [Located<Indicator>] {
    topList(doc, key: "indicators", diagnostics).enumerated().compactMap { i, node in
        let path = "indicators[\(i)]"
        guard let map = MappingReader(node, file: doc.file, path: path, allowed: Schema.indicator, diagnostics: diagnostics) else { return nil }
        let hint = SimulatorHint(typical: map.double("typical"), pattern: map.choice("pattern", Pattern.allCases.map { ($0.rawValue, $0) }) ?? .flat)
        guard let indicator = readIndicator(map) else { return nil }
        if hint != SimulatorHint() { hints[indicator.code] = hint }
        return Located(value: indicator, file: doc.file, node: node, path: path)
    }
}

func readIndicator(_ map: MappingReader) -> Indicator? {
    let code = map.string("code", required: true)
    let name = map.string("name", required: true)
    let field = map.string("field", required: true)
    let kind = map.choice("kind", ValueKind.allCases.map { ($0.rawValue, $0) }) ?? .number
    let chosenDirection = map.choice("direction", Direction.allCases.map { ($0.rawValue, $0) })
    let direction = chosenDirection ?? .neutral
    // With a bad direction the thresholds cannot be judged; one error beats a cascade.
    let directionKnown = chosenDirection != nil || !map.has("direction")
    let frequency = readFrequency(map) ?? Frequency(seconds: 86_400, label: "daily")

    var levels: Set<RegionLevel> = [.province]
    if let names = map.strings("levels") {
        levels = []
        for name in names {
            if let level = RegionLevel(rawValue: name) { levels.insert(level) } else {
                map.error("levels", "unknown level '\(name)'; expected province, district or commune")
            }
        }
        if names.isEmpty { map.error("levels", "must name at least one level") }
    }

    var rollup = RollupRule.none
    if let kind = map.choice("rollup", RollupRule.Kind.allCases.map { ($0.rawValue, $0) }) {
        switch kind {
        case .sum: rollup = .sum
        case .mean: rollup = .mean
        case .min: rollup = .min
        case .max: rollup = .max
        case .last: rollup = .last
        case .recompute: rollup = .recompute
        case .none: rollup = .none
        case .weightedMean:
            if let weight = map.string("weight", required: true) { rollup = .weightedMean(weight: weight) }
        }
    }
    if map.has("weight"), !(map.string("rollup") == "weighted_mean") {
        map.error("weight", "only used with rollup: weighted_mean")
    }
    var alertLevels: Set<RegionLevel>?
    if let names = map.strings("alert_levels") {
        var set: Set<RegionLevel> = []
        for name in names {
            guard let level = RegionLevel(rawValue: name) else {
                map.error("alert_levels", "unknown level '\(name)'; expected province, district or commune")
                continue
            }
            if !levels.contains(level) { map.error("alert_levels", "'\(name)' is not one of the indicator's levels") }
            set.insert(level)
        }
        alertLevels = set
    }
    let formula = map.string("formula")
    if rollup == .recompute && formula == nil {
        map.error("rollup", "recompute needs a formula to recompute")
    }
    let thresholds = directionKnown ? readThresholds(map, direction: direction) : nil
    let target = readTarget(map)
    let preferReported = map.bool("prefer_reported") ?? false

    guard let code, let name, let field else { return nil }
    return Indicator(
        code: code, name: name.precomposedStringWithCanonicalMapping, nameEn: map.string("name_en") ?? "", field: field,
        unit: map.string("unit") ?? "", kind: kind, direction: direction, frequency: frequency, levels: levels,
        rollup: rollup, formula: formula, thresholds: thresholds, forSeconds: map.duration("for") ?? 0,
        keepFiringFor: map.duration("keep_firing_for") ?? 0, staleAfter: map.duration("stale_after"), target: target,
        description: map.string("description") ?? "", source: map.string("source") ?? "", preferReported: preferReported,
        alertLevels: alertLevels)
}

func readFrequency(_ map: MappingReader) -> Frequency? {
    guard let text = map.string("frequency") else { return nil }
    if let seconds = Frequency.named[text] ?? Durations.parse(text), seconds > 0 {
        return Frequency(seconds: seconds, label: text)
    }
    map.error("frequency", "expected realtime, 15m, hourly, daily, monthly, quarterly, yearly or a duration like 30m, found '\(text)'")
    return nil
}

func readThresholds(_ map: MappingReader, direction: Direction) -> Thresholds? {
    guard let t = map.mapping("thresholds", allowed: Schema.thresholds) else { return nil }
    func bounds(_ severity: String) -> Bounds? {
        guard let node = t.node(severity) else { return nil }
        if node.mapping != nil {
            guard direction == .neutral else {
                t.error(severity, "a \(direction.rawValue) indicator takes a single number here; above/below pairs are for neutral indicators")
                return nil
            }
            guard let pair = t.mapping(severity, allowed: Schema.bounds) else { return nil }
            let b = Bounds(above: pair.double("above"), below: pair.double("below"))
            if b.above == nil && b.below == nil { t.error(severity, "give above, below or both") }
            return b
        }
        guard let line = t.double(severity) else { return nil }
        switch direction {
        case .higherIsBetter: return Bounds(below: line)
        case .lowerIsBetter: return Bounds(above: line)
        case .neutral:
            t.error(severity, "a neutral indicator states { above: ..., below: ... } here")
            return nil
        }
    }
    let result = Thresholds(warning: bounds("warning"), critical: bounds("critical"), clear: t.double("clear") ?? 0)
    if result.clear < 0 { t.error("clear", "must not be negative") }
    if result.warning == nil && result.critical == nil { map.error("thresholds", "give warning, critical or both") }
    // The critical line must lie beyond the warning line on the bad side.
    if let w = result.warning, let c = result.critical {
        if let wb = w.below, let cb = c.below, cb > wb { t.error("critical", "critical (\(cb)) is above warning (\(wb)) for a value that should stay high") }
        if let wa = w.above, let ca = c.above, ca < wa { t.error("critical", "critical (\(ca)) is below warning (\(wa)) for a value that should stay low") }
    }
    return result
}

func readTarget(_ map: MappingReader) -> Target? {
    guard let t = map.mapping("target", allowed: Schema.target) else { return nil }
    let value = t.double("value", required: true)
    var deadline: Int64?
    if let text = t.string("by", required: true) {
        deadline = parseDate(text)
        if deadline == nil { t.error("by", "expected a date YYYY-MM-DD, found '\(text)'") }
    }
    guard let value, let deadline else { return nil }
    return Target(value: value, by: deadline)
}

/// `YYYY-MM-DD` as Unix seconds at the end of that day, UTC.
func parseDate(_ text: String) -> Int64? {
    let parts = text.split(separator: "-").map { Int($0) }
    // Four-digit years only: a year of twelve digits would overflow the seconds below.
    guard parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2], (1...9999).contains(y), (1...12).contains(m),
          (1...31).contains(d) else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 23, minute: 59, second: 59)),
          calendar.component(.day, from: date) == d else { return nil }
    return Int64(date.timeIntervalSince1970)
}
