import Feeds
import Foundation
import IndicatorEngine
import Reports
import Yams

/// Settings of `ioc.yaml`, with paths resolved.
public struct Settings: Sendable, Codable {
    public var name: String
    public var root: String
    /// Absolute path of the database file.
    public var storePath: String
    public var timeZone: TimeZone
    public var simulatorEnabled: Bool
    public var simulatorSeed: UInt64
    /// Absolute path of the inbox directory, if configured.
    public var inboxPath: String?
    /// Programs the leader runs as feeds (`feeds.commands`).
    public var commandFeeds: [CommandFeedSpec] = []
    /// The InfluxDB-compatible write endpoint (`feeds.http`), if any.
    public var httpFeed: HTTPFeedSpec?
    /// How often each feed with an indicator in the "Dữ liệu" field is expected to give data:
    /// every command feed (10 min unless it says), and the simulator, the inbox and the
    /// endpoint's tokens that say `expect:`.
    public var feedCadences: [FeedCadence] = []
    /// How long each tier of history is kept.
    public var retention = HistoryRetention()
    /// Period convention and scheduled reports (`reports:`).
    public var reports = ReportSettings()
    /// Seconds each field stays on the room's big screen (`wall: { every: 20s }`, `ioc wall`).
    public var wallEvery: Int64 = 20
}

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
private func checkScheduleFields(_ settings: Settings, file: String, fields: Set<String>, _ diagnostics: Diagnostics) {
    for (k, schedule) in settings.reports.schedules.enumerated() {
        if let field = schedule.field, !fields.contains(field) {
            diagnostics.report(file, nil, "reports.schedules[\(k)].field", "field '\(field)' is not in fields.yaml")
        }
    }
}

/// The center's own "Dữ liệu" field for the feeds' cadences, on the first field key free; a
/// configured field may not take its code.
private func feedField(_ settings: Settings, settingsFile: String, regions: [Located<Region>], fields: [Located<Field>],
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

private func readSettings(_ doc: Document, directory: URL, _ diagnostics: Diagnostics) -> Settings? {
    guard let map = MappingReader(doc.root, file: doc.file, path: "",
                                  allowed: Schema.settings, diagnostics: diagnostics) else { return nil }
    let name = map.string("name", required: true)
    let root = map.string("root", required: true)
    // Relative paths are resolved against the configuration directory's parent.
    let parent = directory.deletingLastPathComponent()
    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : parent.appendingPathComponent(path).standardizedFileURL.path
    }
    // A PostgreSQL URL is kept as written; anything else is a SQLite file's path.
    let storeText = map.string("store") ?? "data/ioc.sqlite"
    let store = storeText.hasPrefix("postgresql://") || storeText.hasPrefix("postgres://") ? storeText : resolve(storeText)
    var timeZone = TimeZone.current
    if let tzName = map.string("timezone") {
        if let tz = TimeZone(identifier: tzName) { timeZone = tz } else { map.error("timezone", "unknown time zone '\(tzName)'") }
    }
    var simulatorEnabled = false
    var seed: UInt64 = 1
    var inbox: String?
    var commands: [CommandFeedSpec] = []
    var httpFeed: HTTPFeedSpec?
    var cadences: [FeedCadence] = []
    if let feeds = map.mapping("feeds", allowed: Schema.feeds) {
        if let sim = feeds.mapping("simulator", allowed: Schema.simulator) {
            simulatorEnabled = sim.bool("enabled") ?? false
            if let text = sim.string("seed") {
                if let s = UInt64(text) { seed = s } else { sim.error("seed", "expected a whole number ≥ 0, found '\(text)'") }
            }
            if simulatorEnabled, let every = expectation(sim) { cadences.append(FeedCadence(name: "simulator", kind: "simulator", every: every)) }
        }
        if let box = feeds.mapping("inbox", allowed: Schema.inbox) {
            inbox = box.string("path", required: true).map(resolve)
            if let every = expectation(box) { cadences.append(FeedCadence(name: "inbox", kind: "inbox", every: every)) }
        }
        commands = readCommandFeeds(feeds, cadences: &cadences)
        if let http = feeds.mapping("http", allowed: Schema.httpFeed) {
            httpFeed = readHTTPFeed(http, resolve: { directory.appendingPathComponent($0).standardizedFileURL.path })
            readTokenCadences(http, cadences: &cadences)
        }
    }
    let retention = readRetention(map)
    let reports = readReports(map)
    guard let name, let root else { return nil }
    var settings = Settings(name: name, root: root, storePath: store, timeZone: timeZone,
                            simulatorEnabled: simulatorEnabled, simulatorSeed: seed, inboxPath: inbox, retention: retention)
    settings.reports = reports
    settings.commandFeeds = commands
    settings.httpFeed = httpFeed
    settings.feedCadences = cadences
    if let wall = map.mapping("wall", allowed: Schema.wall), let every = wall.duration("every") {
        if every >= 1 { settings.wallEvery = every } else { wall.error("every", "expected at least 1s, e.g. 20s or 1m") }
    }
    return settings
}

/// A feed's `expect:` (how often it gives data), at least a minute.
private func expectation(_ map: MappingReader) -> Int64? {
    guard let every = map.duration("expect") else { return nil }
    guard every >= FeedCadence.shortest else {
        map.error("expect", "expected at least 1m: the feed's indicator is written at most twice a minute")
        return nil
    }
    return every
}

/// Whether `name` may name a feed (it becomes part of an indicator code, `data.feed.NAME`).
func isFeedName(_ name: String) -> Bool {
    !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
}

/// The feeds the center has of its own (`ioc feeds` names them so).
let reservedFeedNames: Set<String> = ["simulator", "inbox", "ingest"]

/// `feeds.http.expect:` as `{ TOKEN_NAME: DURATION }`: the tokens whose writers the center
/// expects at that cadence (the tokens file is the service account's; their names are not secret).
private func readTokenCadences(_ http: MappingReader, cadences: inout [FeedCadence]) {
    guard let node = http.node("expect") else { return }
    guard let pairs = node.mapping else {
        http.error("expect", "expected token names with how often each writes, e.g. { dvc-portal: 1h, telegraf: 5m }")
        return
    }
    for (key, value) in pairs {
        let path = http.keyPath("expect")
        guard let name = key.scalar?.string, isFeedName(name) else {
            http.diagnostics.report(http.file, key, path, "'\(key.scalar?.string ?? "?")' is not a token name: letters, digits, '-', '_' and '.' only")
            continue
        }
        guard let text = value.scalar?.string, let every = Durations.parse(text), every >= FeedCadence.shortest else {
            http.diagnostics.report(http.file, value, path + "." + name, "expected a duration of at least 1m, e.g. 5m or 1h, found '\(value.scalar?.string ?? "?")'")
            continue
        }
        if cadences.contains(where: { $0.name == name }) || reservedFeedNames.contains(name) {
            http.diagnostics.report(http.file, key, path + "." + name, "another feed is also named '\(name)'; give the token another name")
            continue
        }
        cadences.append(FeedCadence(name: name, kind: "http", every: every))
    }
}

/// `feeds.commands:` as a list of `{ name, command: [program, args...], format, precision, restart, expect }`.
private func readCommandFeeds(_ feeds: MappingReader, cadences: inout [FeedCadence]) -> [CommandFeedSpec] {
    guard let list = feeds.node("commands") else { return [] }
    guard let items = list.sequence else {
        feeds.error("commands", "expected a list of { name, command: [program, arguments...], format }")
        return []
    }
    var specs: [CommandFeedSpec] = []
    for (k, node) in items.enumerated() {
        guard let item = MappingReader(node, file: feeds.file, path: feeds.keyPath("commands[\(k)]"), allowed: Schema.commandFeed,
                                       diagnostics: feeds.diagnostics) else { continue }
        guard let name = item.string("name", required: true) else { continue }
        guard isFeedName(name) else {
            item.error("name", "'\(name)' is not a feed name: letters, digits, '-', '_' and '.' only")
            continue
        }
        guard !reservedFeedNames.contains(name) else {
            item.error("name", "'\(name)' names the center's own \(name) feed; give this one another name")
            continue
        }
        if specs.contains(where: { $0.name == name }) { item.error("name", "a second feed named '\(name)'; names must differ") }
        guard let command = item.strings("command"), let program = command.first, !program.isEmpty else {
            item.error("command", "expected the program and its arguments as a list, e.g. [\"mosquitto_sub\", \"-t\", \"stations/#\"]")
            continue
        }
        var spec = CommandFeedSpec(name: name, command: command)
        if let text = item.string("format") {
            if let format = InputFormat(rawValue: text.lowercased()) { spec.format = format } else {
                item.error("format", "unknown format '\(text)'; use line or csv")
            }
        }
        if let text = item.string("precision") {
            if let precision = LineProtocol.Precision(rawValue: text) { spec.precision = precision } else {
                item.error("precision", "unknown precision '\(text)'; use s, ms, us or ns")
            }
        }
        if let restart = item.duration("restart") {
            if (1...CommandFeedSpec.maxRestart).contains(restart) { spec.restart = restart } else {
                item.error("restart", "expected between 1s and 5m")
            }
        }
        if !specs.contains(where: { $0.name == name }) {
            cadences.append(FeedCadence(name: name, kind: "command", every: expectation(item) ?? FeedCadence.defaultEvery))
        }
        specs.append(spec)
    }
    return specs
}

/// `feeds.http:` as `{ listen: "HOST:PORT", tokens: FILE (beside ioc.yaml unless absolute), max_body: 32MB }`.
private func readHTTPFeed(_ map: MappingReader, resolve: (String) -> String) -> HTTPFeedSpec? {
    guard let listen = map.string("listen", required: true), let tokens = map.string("tokens", required: true) else { return nil }
    guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (1...65_535).contains(port) else {
        map.error("listen", "expected HOST:PORT, e.g. \"127.0.0.1:8086\", found '\(listen)'")
        return nil
    }
    let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    var spec = HTTPFeedSpec(host: host.isEmpty ? "0.0.0.0" : host, port: port, tokens: tokens.hasPrefix("/") ? tokens : resolve(tokens))
    if let text = map.string("max_body") {
        let units: [(String, Int)] = [("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("B", 1)]
        if let (suffix, unit) = units.first(where: { text.uppercased().hasSuffix($0.0) }), let n = Int(text.dropLast(suffix.count)), n > 0, n * unit <= 1 << 30 {
            spec.maxBody = n * unit
        } else {
            map.error("max_body", "expected a size like 32MB or 512KB (at most 1GB), found '\(text)'")
        }
    }
    return spec
}

/// `reports:` as `periods` (calendar | administrative) and `schedules`, each `{ period, at, region,
/// field, formats }`.
private func readReports(_ map: MappingReader) -> ReportSettings {
    var settings = ReportSettings()
    guard let reports = map.mapping("reports", allowed: Schema.reports) else { return settings }
    if let text = reports.string("periods") {
        if let convention = PeriodConvention(rawValue: text.lowercased()) {
            settings.convention = convention
        } else {
            reports.error("periods", "expected calendar or administrative, found '\(text)'")
        }
    }
    guard let list = reports.node("schedules") else { return settings }
    guard let items = list.sequence else {
        reports.error("schedules", "expected a list of { period, at, region, formats }")
        return settings
    }
    for (k, node) in items.enumerated() {
        guard let item = MappingReader(node, file: reports.file, path: reports.keyPath("schedules[\(k)]"), allowed: Schema.schedule,
                                       diagnostics: reports.diagnostics) else { continue }
        guard let text = item.string("period", required: true) else { continue }
        guard let kind = PeriodKind(rawValue: text.lowercased()) else {
            item.error("period", "unknown period '\(text)'; use one of \(PeriodKind.allCases.map(\.rawValue).joined(separator: ", "))")
            continue
        }
        var schedule = ReportSchedule(period: kind)
        if let at = item.string("at") {
            let parts = at.split(separator: ":").map { Int($0) }
            if parts.count == 2, let h = parts[0], let m = parts[1], (0..<24).contains(h), (0..<60).contains(m) {
                schedule.at = Int64(h * 3_600 + m * 60)
            } else {
                item.error("at", "expected a time of day as HH:MM (e.g. \"07:00\"), found '\(at)'")
            }
        }
        schedule.region = item.string("region")
        schedule.field = item.string("field")
        if let formats = item.strings("formats") {
            var chosen: [ReportFormat] = []
            for f in formats {
                if let format = ReportFormat(rawValue: f.lowercased()) { chosen.append(format) } else {
                    item.error("formats", "unknown format '\(f)'; use md, csv, xlsx or json")
                }
            }
            if !chosen.isEmpty { schedule.formats = chosen }
        }
        settings.schedules.append(schedule)
    }
    return settings
}

/// `retention:` as tiers (`raw`, `hourly`, `daily`, each a duration; `daily` may be `forever`),
/// or as one duration, the form before tiers, which sets the raw tier.
private func readRetention(_ map: MappingReader) -> HistoryRetention {
    var retention = HistoryRetention()
    if map.node("retention")?.scalar != nil {
        if let raw = map.duration("retention") {
            retention.raw = raw
            retention.hourly = max(retention.hourly, raw)
        }
    } else if let tiers = map.mapping("retention", allowed: Schema.retention) {
        if let raw = tiers.duration("raw") { retention.raw = raw }
        if let hourly = tiers.duration("hourly") { retention.hourly = hourly }
        if tiers.string("daily")?.lowercased() == "forever" {
            retention.daily = nil
        } else if let daily = tiers.duration("daily") {
            retention.daily = daily
        }
    }
    if let problem = retention.problem { map.error("retention", "\(problem) (retention: raw \(retention.raw / 86_400)d, hourly \(retention.hourly / 86_400)d)") }
    return retention
}

private func readRegions(_ doc: Document, _ diagnostics: Diagnostics) -> [Located<Region>] {
    let levels = RegionLevel.allCases.map { ($0.rawValue, $0) }
    return topList(doc, key: "regions", diagnostics).enumerated().compactMap { i, node in
        let path = "regions[\(i)]"
        guard let map = MappingReader(node, file: doc.file, path: path, allowed: Schema.region,
                                      diagnostics: diagnostics) else { return nil }
        let code = map.string("code", required: true)
        let name = map.string("name", required: true)
        let level = map.choice("level", levels, required: true)
        let parent = map.string("parent")
        guard let code, let name, let level else { return nil }
        return Located(value: Region(code: code, name: name.precomposedStringWithCanonicalMapping, level: level, parent: parent),
                       file: doc.file, node: node, path: path)
    }
}

private func readFields(_ doc: Document, _ diagnostics: Diagnostics) -> [Located<Field>] {
    topList(doc, key: "fields", diagnostics).enumerated().compactMap { i, node in
        let path = "fields[\(i)]"
        guard let map = MappingReader(node, file: doc.file, path: path, allowed: Schema.field,
                                      diagnostics: diagnostics) else { return nil }
        let code = map.string("code", required: true)
        let name = map.string("name", required: true)
        let nameEn = map.string("name_en") ?? ""
        let key = map.string("key", required: true)
        if let key, !Field.keys.contains(key) {
            map.error("key", "expected a single digit 1-9 or 0 (or - and = for an 11th and 12th field), found '\(key)'")
        }
        let headline = map.strings("headline") ?? []
        let region = map.string("region")
        guard let code, let name, let key else { return nil }
        return Located(value: Field(code: code, name: name.precomposedStringWithCanonicalMapping, nameEn: nameEn, key: key, headline: headline,
                                    region: region),
                       file: doc.file, node: node, path: path)
    }
}


private func readIndicators(_ doc: Document, _ diagnostics: Diagnostics, hints: inout [String: SimulatorHint]) -> [Located<Indicator>] {
    topList(doc, key: "indicators", diagnostics).enumerated().compactMap { i, node in
        let path = "indicators[\(i)]"
        guard let map = MappingReader(node, file: doc.file, path: path, allowed: Schema.indicator, diagnostics: diagnostics) else { return nil }
        let hint = SimulatorHint(typical: map.double("typical"), pattern: map.choice("pattern", Pattern.allCases.map { ($0.rawValue, $0) }) ?? .flat)
        guard let indicator = readIndicator(map) else { return nil }
        if hint != SimulatorHint() { hints[indicator.code] = hint }
        return Located(value: indicator, file: doc.file, node: node, path: path)
    }
}

private func readIndicator(_ map: MappingReader) -> Indicator? {
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

private func readFrequency(_ map: MappingReader) -> Frequency? {
    guard let text = map.string("frequency") else { return nil }
    if let seconds = Frequency.named[text] ?? Durations.parse(text), seconds > 0 {
        return Frequency(seconds: seconds, label: text)
    }
    map.error("frequency", "expected realtime, 15m, hourly, daily, monthly, quarterly, yearly or a duration like 30m, found '\(text)'")
    return nil
}

private func readThresholds(_ map: MappingReader, direction: Direction) -> Thresholds? {
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

private func readTarget(_ map: MappingReader) -> Target? {
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

/// Checks that span files: duplicate codes, parents, fields, headline and weight references, the root.
private func crossCheck(settings: Settings?, settingsFile: String, regions: [Located<Region>], fields: [Located<Field>],
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
