import Feeds
import Foundation
import StoreContract
import IndicatorEngine
import Localization
import Reports
import Yams

// ioc.yaml: the center's settings, with paths resolved, feeds, reports and retention.
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
    /// The language the center's consoles, commands and reports write in (`language: vi`); nil:
    /// the locale's (`Language.fromEnvironment`).
    public var language: Language?
}

func readSettings(_ doc: Document, directory: URL, _ diagnostics: Diagnostics) -> Settings? {
    guard let map = MappingReader(doc.root, file: doc.file, path: "",
                                  allowed: Schema.settings, diagnostics: diagnostics) else { return nil }
    let name = map.string("name", required: true)
    let root = map.string("root", required: true)
    // Relative paths are resolved against the configuration directory's parent.
    let parent = directory.deletingLastPathComponent()
    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : parent.appendingPathComponent(path).standardizedFileURL.path
    }
    // A database server's URL is kept as written; a file's path is resolved.
    let storeText = map.string("store") ?? "data/ioc.sqlite"
    let store = StoreLocation.file(named: storeText).map(resolve) ?? storeText
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
    if let text = map.string("language") {
        if let language = Language(rawValue: text) { settings.language = language } else { map.error("language", "expected vi or en, found '\(text)'") }
    }
    if let wall = map.mapping("wall", allowed: Schema.wall), let every = wall.duration("every") {
        if every >= 1 { settings.wallEvery = every } else { wall.error("every", "expected at least 1s, e.g. 20s or 1m") }
    }
    return settings
}

/// A feed's `expect:` (how often it gives data), at least a minute.
func expectation(_ map: MappingReader) -> Int64? {
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
func readTokenCadences(_ http: MappingReader, cadences: inout [FeedCadence]) {
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
func readCommandFeeds(_ feeds: MappingReader, cadences: inout [FeedCadence]) -> [CommandFeedSpec] {
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
func readHTTPFeed(_ map: MappingReader, resolve: (String) -> String) -> HTTPFeedSpec? {
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
func readReports(_ map: MappingReader) -> ReportSettings {
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
func readRetention(_ map: MappingReader) -> HistoryRetention {
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
