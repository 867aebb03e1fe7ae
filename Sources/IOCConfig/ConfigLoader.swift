import Feeds
import Foundation
import IndicatorEngine
import Reports
import Yams

/// A loaded and validated configuration directory.
public struct LoadedConfig: Sendable {
    public var directory: URL
    public var settings: Settings
    public var catalog: Catalog
    /// The simulator's hints (`typical`, `pattern`) by indicator code: the engine never sees them.
    public var simulatorHints: [String: SimulatorHint] = [:]
    /// Who may do what, where (`operators.yaml`; absent: single-account mode).
    public var access: AccessPolicy = .singleAccount
    /// District centers (`centers.yaml`), each a scope with a title.
    public var centers: [Center] = []
    /// True when the catalog came from the compiled snapshot rather than the YAML files.
    public var fromSnapshot = false
    /// Who hears of alerts (`notify.yaml`; absent: nobody).
    public var notify: NotifyPolicy = .none
    /// What is allowed but surely unintended (`ioc check` prints these).
    public var warnings: [String] = []
}

public enum ConfigLoader {
    /// The configuration directory: the one given, else `./config`, `$XDG_CONFIG_HOME/ioc`, `/etc/ioc`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String {
        if let explicit { return explicit }
        var candidates = ["config"]
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { candidates.append(xdg + "/ioc") }
        candidates.append("/etc/ioc")
        return candidates.first { fileExists($0 + "/ioc.yaml") } ?? "config"
    }

    /// Loads every file of a configuration directory; throws all the problems found at once.
    public static func load(directory: String) throws(ConfigError) -> LoadedConfig {
        let diagnostics = Diagnostics()
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let dirURL = URL(fileURLWithPath: base, isDirectory: true).standardizedFileURL

        let settingsDoc = document(base + "/ioc.yaml", diagnostics)
        let regionsDoc = document(base + "/regions.yaml", diagnostics)
        let fieldsDoc = document(base + "/fields.yaml", diagnostics)
        let settings = settingsDoc.flatMap { readSettings($0, directory: dirURL, diagnostics) }
        let regions = regionsDoc.map { readRegions($0, diagnostics) } ?? []
        let fields = fieldsDoc.map { readFields($0, diagnostics) } ?? []

        var indicators: [Located<Indicator>] = []
        var hints: [String: SimulatorHint] = [:]
        let indicatorDir = base + "/indicators"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: indicatorDir)) ?? []
        let yamlFiles = files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if yamlFiles.isEmpty {
            diagnostics.report(indicatorDir, nil, "", "no indicator files (*.yaml) found")
        }
        for name in yamlFiles {
            if let doc = document(indicatorDir + "/" + name, diagnostics) {
                indicators += readIndicators(doc, diagnostics, hints: &hints)
            }
        }

        crossCheck(settings: settings, settingsFile: base + "/ioc.yaml", regions: regions, fields: fields,
                   indicators: indicators, diagnostics)
        // The feeds' own field, which schedules, centers and routes may name like any other.
        let own = settings.flatMap { feedField($0, settingsFile: base + "/ioc.yaml", regions: regions, fields: fields, diagnostics) }
        let regionCodes = Set(regions.map(\.value.code)), fieldCodes = Set(fields.map(\.value.code) + (own.map { [$0.0.code] } ?? []))
        let indicatorCodes = Set(indicators.map(\.value.code) + (own?.1.map(\.code) ?? []))
        if let settings { checkScheduleFields(settings, file: base + "/ioc.yaml", fields: fieldCodes, diagnostics) }
        let access = readOperators(base + "/operators.yaml", regions: regionCodes, diagnostics)
        let centers = readCenters(base + "/centers.yaml", regions: regionCodes, fields: fieldCodes, diagnostics)
        var warnings: [String] = []
        let notify = readNotify(base + "/notify.yaml", catalog: (fieldCodes, indicatorCodes, regionCodes), diagnostics, warnings: &warnings)

        guard diagnostics.issues.isEmpty, let settings else { throw ConfigError(issues: diagnostics.issues) }
        do {
            let catalog = try Catalog(name: settings.name, regions: regions.map(\.value), fields: fields.map(\.value) + (own.map { [$0.0] } ?? []),
                                      indicators: indicators.map(\.value) + (own?.1 ?? []), root: settings.root)
            return LoadedConfig(directory: dirURL, settings: settings, catalog: catalog, simulatorHints: hints, access: access,
                                centers: centers, notify: notify, warnings: warnings)
        } catch {
            // The cross-check above reports these with positions; this is a safety net.
            throw ConfigError(issues: [ConfigIssue(file: base, key: "", message: "\(error)")])
        }
    }
}

/// A scheduled report's field must be one of the center's (its own "Dữ liệu" included).
func checkScheduleFields(_ settings: Settings, file: String, fields: Set<String>, _ diagnostics: Diagnostics) {
    for (k, schedule) in settings.reports.schedules.enumerated() {
        if let field = schedule.field, !fields.contains(field) {
            diagnostics.report(file, nil, "reports.schedules[\(k)].field", "field '\(field)' is not in fields.yaml")
        }
    }
}

/// The center's own "Dữ liệu" field for the feeds' cadences, on the first field key free; a
/// configured field may not take its code.
func feedField(_ settings: Settings, settingsFile: String, regions: [Located<Region>], fields: [Located<Field>],
                       _ diagnostics: Diagnostics) -> (Field, [Indicator])? {
    guard !settings.feedCadences.isEmpty, let root = regions.first(where: { $0.value.code == settings.root }) else { return nil }
    if let clash = fields.first(where: { $0.value.code == FeedIndicators.field }) {
        diagnostics.report(clash.file, clash.node, clash.path + ".code",
                           "field code '\(FeedIndicators.field)' is the center's own (its feeds, 'Dữ liệu'); give this field another code")
        return nil
    }
    guard let key = Field.keys.first(where: { key in !fields.contains { $0.value.key == key } }) else {
        diagnostics.report(settingsFile, nil, "feeds", "fields.yaml uses all \(Field.keys.count) field keys; the feeds' field 'Dữ liệu' needs one: free a key")
        return nil
    }
    return FeedIndicators.make(settings.feedCadences, rootLevel: root.value.level, key: key)
}

/// A value read from configuration, with where it came from for later cross-checks.
struct Located<T> {
    var value: T
    var file: String
    var node: Node
    var path: String
}

struct Document {
    var file: String
    var root: Node
}

func document(_ file: String, _ diagnostics: Diagnostics) -> Document? {
    guard let data = FileManager.default.contents(atPath: file) else {
        diagnostics.report(file, nil, "", "cannot read the file (missing or unreadable)")
        return nil
    }
    guard let text = String(data: data, encoding: .utf8) else {
        diagnostics.report(file, nil, "", "the file is not valid UTF-8")
        return nil
    }
    do {
        guard let root = try Yams.compose(yaml: text) else {
            diagnostics.report(file, nil, "", "the file is empty")
            return nil
        }
        return Document(file: file, root: root)
    } catch let error as YamlError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            diagnostics.issues.append(ConfigIssue(file: file, line: mark.line, column: mark.column, key: "", message: "YAML syntax: \(problem)"))
        default:
            diagnostics.report(file, nil, "", "YAML syntax: \(error)")
        }
        return nil
    } catch {
        diagnostics.report(file, nil, "", "YAML syntax: \(error)")
        return nil
    }
}

/// The list under a document's single top-level key (`regions:`, `fields:`, `indicators:`).
func topList(_ doc: Document, key: String, _ diagnostics: Diagnostics) -> [Node] {
    guard let top = MappingReader(doc.root, file: doc.file, path: "", allowed: [key], diagnostics: diagnostics) else { return [] }
    guard let list = top.node(key) else {
        top.missing(key)
        return []
    }
    guard let sequence = list.sequence else {
        top.error(key, "expected a list")
        return []
    }
    return Array(sequence)
}

/// Checks that span files: duplicate codes, parents, fields, headline and weight references, the root.
func crossCheck(settings: Settings?, settingsFile: String, regions: [Located<Region>], fields: [Located<Field>],
                        indicators: [Located<Indicator>], _ diagnostics: Diagnostics) {
    func duplicates<T>(_ items: [Located<T>], kind: String, code: (T) -> String) -> [String: Located<T>] {
        var seen: [String: Located<T>] = [:]
        for item in items {
            let c = code(item.value)
            if let first = seen[c] {
                let firstLine = first.node.mark.map { ":\($0.line)" } ?? ""
                diagnostics.report(item.file, item.node, item.path + ".code", "duplicate \(kind) code '\(c)' (first defined at \(first.file)\(firstLine))")
            } else {
                seen[c] = item
            }
        }
        return seen
    }
    let regionByCode = duplicates(regions, kind: "region") { $0.code }
    let fieldByCode = duplicates(fields, kind: "field") { $0.code }
    let indicatorByCode = duplicates(indicators, kind: "indicator") { $0.code }

    var keys: [String: String] = [:]
    for field in fields {
        if let other = keys[field.value.key] {
            diagnostics.report(field.file, field.node, field.path + ".key", "key '\(field.value.key)' is already used by field '\(other)'")
        }
        keys[field.value.key] = field.value.code
        if let region = field.value.region, regionByCode[region] == nil {
            diagnostics.report(field.file, field.node, field.path + ".region", "region '\(region)' is not in regions.yaml")
        }
        for code in field.value.headline where indicatorByCode[code] == nil {
            diagnostics.report(field.file, field.node, field.path + ".headline", "unknown indicator '\(code)'")
        }
    }
    for region in regions {
        let r = region.value
        guard let parentCode = r.parent else {
            if r.level != .province {
                diagnostics.report(region.file, region.node, region.path + ".parent", "a \(r.level.rawValue) needs a parent")
            }
            continue
        }
        guard let parent = regionByCode[parentCode] else {
            diagnostics.report(region.file, region.node, region.path + ".parent", "parent region '\(parentCode)' does not exist")
            continue
        }
        if parent.value.level.depth != r.level.depth - 1 {
            diagnostics.report(region.file, region.node, region.path + ".parent",
                               "a \(r.level.rawValue)'s parent must be a \(RegionLevel.allCases[max(0, r.level.depth - 1)].rawValue), '\(parentCode)' is a \(parent.value.level.rawValue)")
        }
    }
    for indicator in indicators {
        let ind = indicator.value
        if fieldByCode[ind.field] == nil {
            diagnostics.report(indicator.file, indicator.node, indicator.path + ".field", "unknown field '\(ind.field)'")
        }
        if case let .weightedMean(weight) = ind.rollup, indicatorByCode[weight] == nil {
            diagnostics.report(indicator.file, indicator.node, indicator.path + ".weight", "unknown indicator '\(weight)'")
        }
    }
    let formulas = indicators.compactMap { item in item.value.formula.map { (code: item.value.code, formula: $0) } }
    for problem in FormulaPlan.problems(formulas: formulas, known: Set(indicatorByCode.keys)) {
        guard let item = indicatorByCode[problem.indicator] else { continue }
        diagnostics.report(item.file, item.node, item.path + ".formula", problem.description)
    }
    for (k, schedule) in (settings?.reports.schedules ?? []).enumerated() {
        if let region = schedule.region, regionByCode[region] == nil, !regions.isEmpty {
            diagnostics.report(settingsFile, nil, "reports.schedules[\(k)].region", "region '\(region)' is not in regions.yaml")
        }
    }
    if let settings, regionByCode[settings.root] == nil, !regions.isEmpty {
        diagnostics.report(settingsFile, nil, "root", "region '\(settings.root)' is not in regions.yaml")
    }
}
