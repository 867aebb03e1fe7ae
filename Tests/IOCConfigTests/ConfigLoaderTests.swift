import Feeds
import Foundation
import IOCConfig
import Reports
import IndicatorEngine
import Localization
import TestSupport
import Testing

/// A copy of the default configuration in a temporary folder, to break one file at a time.
struct ConfigCopy {
    let dir = TemporaryDirectory("ioc-config")
    var path: String { dir.path + "/config" }

    init() throws {
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("config"),
                                         to: URL(fileURLWithPath: dir.path + "/config"))
    }

    func replace(_ file: String, _ old: String, with new: String) throws {
        let url = URL(fileURLWithPath: path + "/" + file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "fixture text not found in \(file): \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func write(_ file: String, _ text: String) throws {
        try text.write(toFile: path + "/" + file, atomically: true, encoding: .utf8)
    }

    func issues() -> [ConfigIssue] {
        do {
            _ = try ConfigLoader.load(directory: path)
            return []
        } catch {
            return error.issues
        }
    }

    /// The 1-based line of the first line containing `text`.
    func line(of text: String, in file: String) throws -> Int {
        let lines = try String(contentsOfFile: path + "/" + file, encoding: .utf8).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }
}

@Suite struct DefaultConfigTests {
    @Test func theDefaultConfigurationLoads() throws {
        let loaded = try ConfigLoader.load(directory: repositoryRoot.appendingPathComponent("config").path)
        let catalog = loaded.catalog
        #expect(catalog.name == "IOC Bến Tre")
        #expect(catalog.regions[catalog.rootRegion].name == "Bến Tre")
        // Ten fields for the province, and Châu Thành's own eleventh.
        #expect(catalog.fields.count == 11)
        #expect(Set(catalog.fields.map(\.key)) == Set("1234567890-".map(String.init)))
        #expect(catalog.fields.filter { $0.region != nil }.map(\.region) == ["831"])
        #expect(loaded.centers.map(\.title) == ["IOC Châu Thành", "IOC Mỏ Cày Bắc", "IOC Giồng Trôm"])
        #expect(loaded.access.isSingleAccount, "no operators.yaml: single-account mode")
        #expect(catalog.children[catalog.rootRegion].count == 9)
        #expect(catalog.children[catalog.rootRegion].map { catalog.regions[$0].name }.contains("Mỏ Cày Bắc"))
        #expect(catalog.indicatorsByField.enumerated().allSatisfy { f, list in catalog.fields[f].region != nil || list.count >= 40 })
        #expect(loaded.settings.timeZone.identifier == "Asia/Ho_Chi_Minh")
        #expect(loaded.settings.simulatorEnabled)
        // Relative paths resolve against the configuration directory's parent.
        #expect(loaded.settings.storePath == repositoryRoot.appendingPathComponent("data/ioc.sqlite").standardizedFileURL.path)
        for name in catalog.regions.map(\.name) + catalog.fields.map(\.name) + catalog.indicators.map(\.name) {
            #expect(name == name.precomposedStringWithCanonicalMapping, "not NFC: \(name)")
        }
    }

    @Test func indicatorKeysAreRead() throws {
        let config = try ConfigLoader.load(directory: repositoryRoot.appendingPathComponent("config").path)
        let catalog = config.catalog
        let salinity = try #require(catalog.indicatorIndex["agri.salinity.max"].map { catalog.indicators[$0] })
        #expect(salinity.direction == .lowerIsBetter)
        #expect(salinity.frequency.seconds == 60)
        #expect(salinity.staleAfter == 120)
        #expect(salinity.forSeconds == 600)
        #expect(salinity.rollup == .max)
        #expect(salinity.levels == [.province, .district])
        #expect(salinity.thresholds == Thresholds(warning: Bounds(above: 4), critical: Bounds(above: 8), clear: 0.3))
        // The simulator's hints travel beside the catalog, not in the engine's indicator.
        #expect(config.simulatorHints["agri.salinity.max"] == SimulatorHint(typical: 3.1, pattern: .tideSalinity))
        let water = try #require(catalog.indicatorIndex["agri.water_level"].map { catalog.indicators[$0] })
        #expect(water.thresholds?.warning == Bounds(above: 160, below: -160))
        #expect(config.simulatorHints["agri.water_level"]?.pattern == .tideLevel)
        let online = try #require(catalog.indicatorIndex["admin.online_rate"].map { catalog.indicators[$0] })
        #expect(online.target?.value == 80)
        #expect(online.thresholds?.critical == Bounds(below: 45))
    }

    @Test func locateFallsBackThroughTheSearchPath() {
        let env = ["XDG_CONFIG_HOME": "/home/op/.config"]
        #expect(ConfigLoader.locate(explicit: "/srv/ioc", environment: env) { _ in false } == "/srv/ioc")
        #expect(ConfigLoader.locate(explicit: nil, environment: env) { $0 == "config/ioc.yaml" } == "config")
        #expect(ConfigLoader.locate(explicit: nil, environment: env) { $0 == "/home/op/.config/ioc/ioc.yaml" } == "/home/op/.config/ioc")
        #expect(ConfigLoader.locate(explicit: nil, environment: env) { $0 == "/etc/ioc/ioc.yaml" } == "/etc/ioc")
    }

    @Test func durations() {
        #expect(Durations.parse("30s") == 30)
        #expect(Durations.parse("10m") == 600)
        #expect(Durations.parse("1h30m") == 5_400)
        #expect(Durations.parse("2d") == 172_800)
        #expect(Durations.parse("1w") == 604_800)
        #expect(Durations.parse("2y") == 63_072_000, "two 365-day years")
        #expect(Durations.parse(" 45 ") == 45)
        #expect(Durations.parse("10x") == nil)
        #expect(Durations.parse("m") == nil)
        #expect(Durations.parse("") == nil)
        #expect(Durations.parse("1h30") == nil)
        #expect(Durations.parse("٣h") == nil)
        // Numbers that once overflowed the arithmetic are refused, never a trap.
        #expect(Durations.parse("99999999999999999999w") == nil)
        #expect(Durations.parse("9223372036854775807") == nil)
        #expect(Durations.parse("15250w") == nil)
        #expect(Durations.parse("5000w") == Int64(3_024_000_000))
        #expect(Durations.parse(String(repeating: "1d", count: 40_000)) == nil)
    }
}

/// A small indicator file of the test's own, so line numbers do not depend on the generated catalog.
let testIndicators = """
    indicators:
      - code: test.salinity
        name: "Độ mặn thử"
        field: agri
        unit: "‰"
        direction: lower_is_better
        frequency: realtime
        thresholds: { warning: 4, critical: 8, clear: 0.3 }
        for: 10m
      - code: test.online_rate
        name: "Tỷ lệ trực tuyến thử"
        field: admin
        unit: "%"
        direction: higher_is_better
        thresholds: { warning: 60, critical: 45, clear: 1 }
    """

extension ConfigCopy {
    func withTestIndicators() throws -> ConfigCopy {
        try write("indicators/zz_test.yaml", testIndicators)
        return self
    }
}

@Suite struct InvalidConfigTests {
    let file = "indicators/zz_test.yaml"

    @Test func theTestFileItselfIsValid() throws {
        #expect(try ConfigCopy().withTestIndicators().issues() == [])
    }

    @Test func unknownKeyNamesFileLineAndKey() throws {
        let config = try ConfigCopy().withTestIndicators()
        try config.replace(file, "    for: 10m\n", with: "    for: 10m\n    treshold: 5\n")
        let line = try config.line(of: "treshold", in: file)
        let issues = config.issues()
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.file.hasSuffix("config/indicators/zz_test.yaml"))
        #expect(issue.line == line)
        #expect(issue.key == "indicators[0].treshold")
        #expect(issue.message.contains("unknown key"))
        #expect(issue.description.contains("zz_test.yaml:\(line):5: indicators[0].treshold: unknown key"))
    }

    @Test func missingRequiredKey() throws {
        let config = try ConfigCopy()
        try config.replace("fields.yaml", #"name: "Giáo dục", "#, with: "")
        let issue = try #require(config.issues().first)
        #expect(issue.file.hasSuffix("config/fields.yaml"))
        #expect(issue.line == (try config.line(of: "code: edu", in: "fields.yaml")))
        #expect(issue.key == "fields[4].name")
        #expect(issue.message == "missing required key")
    }

    @Test func duplicateCodeAcrossFiles() throws {
        let config = try ConfigCopy()
        try config.write("indicators/extra.yaml", """
            indicators:
              - code: agri.salinity.max
                name: "Độ mặn (trùng)"
                field: agri
            """)
        let issues = config.issues()
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.file.hasSuffix("indicators/extra.yaml"))
        #expect(issue.line == 2)
        #expect(issue.key == "indicators[0].code")
        #expect(issue.message.contains("duplicate indicator code 'agri.salinity.max'"))
        #expect(issue.message.contains("agri.yaml:"))
    }

    @Test func parentThatDoesNotExist() throws {
        let config = try ConfigCopy()
        try config.replace("regions.yaml", #"name_en: "Mo Cay Bac", level: district, parent: "83" }"#,
                           with: #"name_en: "Mo Cay Bac", level: district, parent: "99" }"#)
        let issue = try #require(config.issues().first)
        #expect(issue.file.hasSuffix("config/regions.yaml"))
        #expect(issue.line == (try config.line(of: #"parent: "99""#, in: "regions.yaml")))
        #expect(issue.key == "regions[9].parent")
        #expect(issue.message == "parent region '99' does not exist")
    }

    @Test func indicatorNamingAnUnknownField() throws {
        let config = try ConfigCopy().withTestIndicators()
        try config.replace(file, "    field: agri\n", with: "    field: agriculture\n")
        let issue = try #require(config.issues().first)
        #expect(issue.file.hasSuffix("config/indicators/zz_test.yaml"))
        #expect(issue.line == 2)
        #expect(issue.key == "indicators[0].field")
        #expect(issue.message == "unknown field 'agriculture'")
    }

    @Test func badValuesAreReportedTogether() throws {
        let config = try ConfigCopy().withTestIndicators()
        try config.replace(file, "direction: lower_is_better\n    frequency: realtime", with: "direction: lower-is-better\n    frequency: sometimes")
        let issues = config.issues()
        #expect(issues.map(\.key) == ["indicators[0].direction", "indicators[0].frequency"])
        #expect(issues[0].message.contains("expected one of higher_is_better, lower_is_better, neutral"))
    }

    @Test func yamlSyntaxErrorHasAPosition() throws {
        let config = try ConfigCopy()
        try config.write("indicators/broken.yaml", "indicators:\n  - code: x\n    name: [unclosed\n")
        let issue = try #require(config.issues().first)
        #expect(issue.file.hasSuffix("broken.yaml"))
        #expect(issue.line != nil)
        #expect(issue.message.hasPrefix("YAML syntax"))
    }

    @Test func directionalThresholdsMustBeOrdered() throws {
        let config = try ConfigCopy().withTestIndicators()
        try config.replace(file, "{ warning: 60, critical: 45, clear: 1 }", with: "{ warning: 45, critical: 60, clear: 1 }")
        let issue = try #require(config.issues().first)
        #expect(issue.key == "indicators[1].thresholds.critical")
    }

    @Test func simulatorHintsAreChecked() throws {
        let config = try ConfigCopy().withTestIndicators()
        try config.replace(file, "    for: 10m\n", with: "    for: 10m\n    pattern: tidal\n    typical: lots\n")
        #expect(config.issues().map(\.key) == ["indicators[0].typical", "indicators[0].pattern"])
    }

    @Test func formulaCycleIsAConfigErrorNamingTheCycle() throws {
        let config = try ConfigCopy()
        try config.write("indicators/derived.yaml", """
            indicators:
              - code: x.a
                name: "A"
                field: admin
                formula: "x.b + 1"
              - code: x.b
                name: "B"
                field: admin
                formula: "x.a * 2"
              - code: x.c
                name: "C"
                field: admin
                formula: "x.a / (x.b"
            """)
        let issues = config.issues()
        #expect(issues.count == 2)
        let syntax = try #require(issues.first { $0.message.contains("never closed") })
        #expect(syntax.line == 10)
        #expect(syntax.key == "indicators[2].formula")
        #expect(syntax.message == "formula at column 7: '(' is never closed")
        let cycle = try #require(issues.first { $0.message.contains("cycle") })
        #expect(cycle.file.hasSuffix("indicators/derived.yaml"))
        #expect(cycle.line == 2)
        #expect(cycle.key == "indicators[0].formula")
        #expect(cycle.message == "formulas form a cycle: x.a → x.b → x.a")
    }

    @Test func missingDirectoryIsAnIssueNotACrash() {
        let issues: [ConfigIssue]
        do {
            _ = try ConfigLoader.load(directory: "/nonexistent/ioc-config")
            issues = []
        } catch {
            issues = error.issues
        }
        #expect(issues.contains { $0.file == "/nonexistent/ioc-config/ioc.yaml" && $0.message.contains("cannot read") })
    }
}

@Suite struct KeysFileTests {
    let actions = ["quit", "alerts", "help"]
    func isKey(_ name: String) -> Bool { name.count == 1 || ["Enter", "F2", "F10", "Esc"].contains(name) }

    @Test func theShippedFileChangesNothing() throws {
        let keys = try ConfigLoader.loadKeys(directory: repositoryRoot.appendingPathComponent("config").path, actions: actions, isKey: isKey)
        #expect(keys.isEmpty)
    }

    @Test func overridesAreReadAndMistakesLocated() throws {
        let config = try ConfigCopy()
        try config.write("keys.yaml", "keys:\n  alerts: [a, F2]\n  quit: [F10]\n")
        #expect(try ConfigLoader.loadKeys(directory: config.path, actions: actions, isKey: isKey) == ["alerts": ["a", "F2"], "quit": ["F10"]])
        try config.write("keys.yaml", "keys:\n  alerts: [a, Hyper-Q]\n  qiut: [x]\n")
        do {
            _ = try ConfigLoader.loadKeys(directory: config.path, actions: actions, isKey: isKey)
            Issue.record("a bad keys file was accepted")
        } catch {
            #expect(error.issues.map(\.key) == ["keys.qiut", "keys.alerts"])
            #expect(error.issues.first?.message.contains("did you mean 'quit'") == true)
            #expect(error.issues.map(\.line) == [3, 2])
        }
    }
}

@Suite struct RetentionConfigTests {
    func load(_ retention: String?) throws -> Result<HistoryRetention, ConfigError> {
        let config = try ConfigCopy()
        if let retention { try config.replace("ioc.yaml", "timezone: Asia/Ho_Chi_Minh\n", with: "timezone: Asia/Ho_Chi_Minh\n\(retention)\n") }
        return Result { () throws(ConfigError) in try ConfigLoader.load(directory: config.path).settings.retention }
    }

    @Test func theDefaultsAreNinetyDaysTwoYearsAndForever() throws {
        #expect(try load(nil).get() == HistoryRetention(raw: 90 * 86_400, hourly: 730 * 86_400, daily: nil))
    }

    @Test func tiersAreReadAndTheOldSingleDurationSetsTheRawTier() throws {
        #expect(try load("retention: { raw: 30d, hourly: 1y, daily: 10y }").get()
            == HistoryRetention(raw: 30 * 86_400, hourly: 365 * 86_400, daily: 3_650 * 86_400))
        #expect(try load("retention:\n  daily: forever").get() == HistoryRetention())
        #expect(try load("retention: 400d").get() == HistoryRetention(raw: 400 * 86_400, hourly: 730 * 86_400, daily: nil))
        #expect(try load("retention: 1000d").get() == HistoryRetention(raw: 1_000 * 86_400, hourly: 1_000 * 86_400, daily: nil),
                "a raw tier longer than the hourly default stretches it")
    }

    @Test func mistakesSayWhichTierAndWhy() throws {
        func message(_ text: String) throws -> String {
            guard case let .failure(error) = try load(text) else { Issue.record("\(text) loaded"); return "" }
            return error.issues.map(\.description).joined(separator: "\n")
        }
        #expect(try message("retention: { raw: 90d, hourly: 30d }").contains("retention: hourly must keep at least as long as raw"))
        #expect(try message("retention: { raw: 2h }").contains("raw must keep at least 1d"))
        #expect(try message("retention: { raw: 9 days }").contains("retention.raw: expected a duration"))
        #expect(try message("retention: { weekly: 1y }").contains("retention.weekly: unknown key"))
        #expect(try message("retention: { daily: always }").contains("retention.daily: expected a duration"))
    }
}

@Suite struct ReportConfigTests {
    func load(_ reports: String) throws -> Result<ReportSettings, ConfigError> {
        let config = try ConfigCopy()
        try config.replace("ioc.yaml", "timezone: Asia/Ho_Chi_Minh\n", with: "timezone: Asia/Ho_Chi_Minh\n\(reports)\n")
        return Result { () throws(ConfigError) in try ConfigLoader.load(directory: config.path).settings.reports }
    }

    func message(_ text: String) throws -> String {
        guard case let .failure(error) = try load(text) else { Issue.record("\(text) loaded"); return "" }
        return error.issues.map(\.description).joined(separator: "\n")
    }

    @Test func conventionAndSchedulesAreRead() throws {
        #expect(try load("").get() == ReportSettings())
        let settings = try load("""
            reports:
              periods: administrative
              schedules:
                - { period: day, at: "07:00", region: "83", formats: [md, xlsx] }
                - { period: month, at: "06:30", region: "831", field: agri }
            """).get()
        #expect(settings.convention == .administrative)
        #expect(settings.schedules == [
            ReportSchedule(period: .day, at: 7 * 3_600, region: "83", formats: [.md, .xlsx]),
            ReportSchedule(period: .month, at: 6 * 3_600 + 1_800, region: "831", field: "agri", formats: [.md]),
        ])
    }

    @Test func checkSaysHowManyReportsAreScheduled() throws {
        let config = try ConfigCopy()
        try config.replace("ioc.yaml", "timezone: Asia/Ho_Chi_Minh\n",
                           with: "timezone: Asia/Ho_Chi_Minh\nreports: { periods: administrative, schedules: [{ period: day }, { period: month }] }\n")
        let lines = try ConfigLoader.load(directory: config.path).checkReport().lines
        #expect(lines.last?.hasSuffix(", 2 scheduled reports (administrative periods)") == true, "\(lines)")
    }

    @Test func mistakesNameTheScheduleAndTheKey() throws {
        #expect(try message("reports: { periods: fiscal }").contains("reports.periods: expected calendar or administrative, found 'fiscal'"))
        #expect(try message("reports: { schedules: [{ period: fortnight }] }").contains("reports.schedules[0].period: unknown period 'fortnight'"))
        #expect(try message("reports: { schedules: [{ period: day, at: \"7am\" }] }").contains("reports.schedules[0].at: expected a time of day as HH:MM"))
        #expect(try message("reports: { schedules: [{ period: day, formats: [pdf] }] }").contains("unknown format 'pdf'; use md, csv, xlsx or json"))
        #expect(try message("reports: { schedules: [{ period: day, region: \"999\" }] }").contains("reports.schedules[0].region: region '999' is not in regions.yaml"))
        #expect(try message("reports: { schedules: [{ period: day, feild: agri }] }").contains("reports.schedules[0].feild: unknown key (did you mean 'field'?)"))
        #expect(try message("reports: { schedules: [{ at: \"07:00\" }] }").contains("reports.schedules[0].period: missing required key"))
    }
}

@Suite struct ConfigSnapshotTests {
    func load(_ config: ConfigCopy, cache: String?) throws -> LoadedConfig {
        try ConfigLoader.load(directory: config.path, cache: cache)
    }

    @Test func anUnchangedConfigurationLoadsFromItsSnapshotAsTheYAMLWould() throws {
        let config = try ConfigCopy()
        let cache = config.dir.file("cache")
        let first = try load(config, cache: cache)
        #expect(!first.fromSnapshot)
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(snapshots.count == 1 && snapshots[0].hasPrefix("config-"))
        let second = try load(config, cache: cache)
        #expect(second.fromSnapshot)
        #expect(second.catalog.indicators == first.catalog.indicators)
        #expect(second.catalog.regions == first.catalog.regions)
        #expect(second.catalog.fields == first.catalog.fields)
        #expect(second.catalog.seriesCount == first.catalog.seriesCount)
        #expect(second.simulatorHints == first.simulatorHints)
        #expect(second.settings.storePath == first.settings.storePath && second.settings.timeZone == first.settings.timeZone)
        #expect(second.settings.retention == first.settings.retention && second.settings.name == first.settings.name)
        #expect(second.centers == first.centers && second.access == first.access)
    }

    @Test func anEditedFileIsReadAgainAndReplacesTheSnapshot() throws {
        let config = try ConfigCopy()
        let cache = config.dir.file("cache")
        _ = try load(config, cache: cache)
        try config.replace("ioc.yaml", #"name: "IOC Bến Tre""#, with: #"name: "IOC Bến Tre (test)""#)
        let edited = try load(config, cache: cache)
        #expect(!edited.fromSnapshot)
        #expect(edited.settings.name == "IOC Bến Tre (test)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).count == 1, "the stale snapshot is gone")
        // A mistake in an edited file is reported as ever, never hidden by a snapshot.
        try config.replace("indicators/env.yaml", "indicators:", with: "indicators:\n  - code: broken\n")
        #expect(throws: ConfigError.self) { try load(config, cache: cache) }
    }

    @Test func whoMayDoWhatIsReadFreshWhateverTheSnapshot() throws {
        let config = try ConfigCopy()
        let cache = config.dir.file("cache")
        _ = try load(config, cache: cache)
        try config.write("operators.yaml", "operators:\n  - { user: giamsat1, role: supervisor, scope: [\"831\"] }\n")
        let loaded = try load(config, cache: cache)
        #expect(loaded.fromSnapshot)
        #expect(!loaded.access.isSingleAccount)
        try config.write("operators.yaml", "operators:\n  - { user: giamsat1, role: overlord }\n")
        #expect(throws: ConfigError.self) { try load(config, cache: cache) }
    }

    @Test func aDamagedOrUnwritableCacheFallsBackToTheYAML() throws {
        let config = try ConfigCopy()
        let cache = config.dir.file("cache")
        _ = try load(config, cache: cache)
        for name in try FileManager.default.contentsOfDirectory(atPath: cache) {
            try Data("{\"key\": 12, garbage".utf8).write(to: URL(fileURLWithPath: cache + "/" + name))
        }
        let reloaded = try load(config, cache: cache)
        #expect(!reloaded.fromSnapshot)
        #expect(reloaded.catalog.indicators.count > 1_000)
        let nowhere = try load(config, cache: "/proc/ioc-cannot-write-here")
        #expect(!nowhere.fromSnapshot && nowhere.catalog.indicators.count > 1_000)
    }
}

@Suite struct NotifyConfigTests {
    static let example = """
        receivers:
          - name: duty
            command: ["/bin/cat"]
            timeout: 10s
          - name: supervisors
            command: ["/bin/true", "ioc-supervisors@example.vn"]
        routes:
          - receiver: duty
            match: { severity: critical }
            group_by: [field, region]
            group_wait: 30s
            group_interval: 5m
            repeat_interval: 4h
            send_resolved: true
        escalations:
          - after: 30m
            receiver: supervisors
            match: { severity: critical, region: "831" }
        """

    @Test func theIssuesExampleLoads() throws {
        let config = try ConfigCopy()
        try config.write("notify.yaml", Self.example)
        let loaded = try ConfigLoader.load(directory: config.path)
        #expect(loaded.notify.receivers == [NotifyReceiver(name: "duty", command: ["/bin/cat"], timeout: 10),
                                            NotifyReceiver(name: "supervisors", command: ["/bin/true", "ioc-supervisors@example.vn"])])
        #expect(loaded.notify.routes == [NotifyRoute(receiver: "duty", match: AlertMatcher(severity: .critical), groupBy: [.field, .region],
                                                     groupWait: 30, groupInterval: 300, repeatInterval: 14_400, sendResolved: true)])
        #expect(loaded.notify.escalations == [NotifyEscalation(after: 1_800, receiver: "supervisors",
                                                               match: AlertMatcher(region: "831", severity: .critical))])
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.notify.missingCommands().isEmpty)
        let plain = try ConfigCopy()
        #expect(try ConfigLoader.load(directory: plain.path).notify == .none, "no file, nobody notified")
    }

    @Test func mistakesNameFileLineAndKey() throws {
        let config = try ConfigCopy()
        try config.write("notify.yaml", Self.example
            .replacingOccurrences(of: "  - receiver: duty", with: "  - receiver: dutty")
            .replacingOccurrences(of: "group_by: [field, region]", with: "group_by: [field, district]")
            .replacingOccurrences(of: "send_resolved: true", with: "send_resolved: true\n    sent_resolved: false")
            .replacingOccurrences(of: "severity: critical, region", with: "severity: urgent, region"))
        let issues = config.issues()
        let text = issues.map(\.description).joined(separator: "\n")
        #expect(text.contains("routes[0].receiver: no receiver named 'dutty' (did you mean 'duty'?)"), "\(text)")
        #expect(text.contains("routes[0].group_by: unknown label 'district'"), "\(text)")
        #expect(text.contains("routes[0].sent_resolved: unknown key (did you mean 'send_resolved'?)"), "\(text)")
        #expect(text.contains("escalations[0].match.severity: unknown value 'urgent'"), "\(text)")
        let line = try config.line(of: "dutty", in: "notify.yaml")
        #expect(issues.contains { $0.file.hasSuffix("config/notify.yaml") && $0.line == line })
    }

    @Test func anUnnamedReceiverWarnsAndAMissingProgramIsFound() throws {
        let config = try ConfigCopy()
        try config.write("notify.yaml", Self.example
            .replacingOccurrences(of: "escalations:\n  - after: 30m\n    receiver: supervisors\n    match: { severity: critical, region: \"831\" }", with: "")
            .replacingOccurrences(of: "/bin/cat", with: "/nonexistent/send-sms"))
        let loaded = try ConfigLoader.load(directory: config.path)
        #expect(loaded.warnings.count == 1 && loaded.warnings[0].contains("receiver 'supervisors' is named by no route or escalation"))
        #expect(loaded.notify.missingCommands() == ["receiver 'duty': '/nonexistent/send-sms' is not an executable file"])
        #expect(NotifyPolicy(receivers: [NotifyReceiver(name: "x", command: ["sh"])]).missingCommands(path: "/usr/bin:/bin").isEmpty,
                "a bare program name is found in PATH")
    }
}

/// The default center's simulated figures are plausible together: a crop's area with pests is
/// a small share of that crop's area, not the same few dozen hectares for every crop.
@Suite struct DefaultCatalogPlausibilityTests {
    @Test func pestsScaleWithTheCropsArea() throws {
        let config = try ConfigLoader.load(directory: repositoryRoot.appendingPathComponent("config").path)
        let catalog = config.catalog
        let simulator = Simulator(catalog: catalog, hints: config.simulatorHints, seed: 1)
        let province = catalog.rootRegion
        var shares: [String: Double] = [:]
        for crop in ["coconut", "fruit", "rice", "vegetable", "seedlings", "cocoa", "sugarcane"] {
            let pests = catalog.series(catalog.indicatorIndex["agri.pests.\(crop)"]!, province)
            let area = catalog.series(catalog.indicatorIndex["agri.area.\(crop)"]!, province)
            let t: Int64 = 1_790_000_000
            shares[crop] = simulator.value(of: pests, at: t) / simulator.value(of: area, at: t)
        }
        for (crop, share) in shares { #expect(share > 0.0003 && share < 0.006, "\(crop): \(share)") }
        // Coconut (79,000 ha) has far more hectares with pests than cocoa (600 ha).
        let coconut = simulator.value(of: catalog.series(catalog.indicatorIndex["agri.pests.coconut"]!, province), at: 1_790_000_000)
        let cocoa = simulator.value(of: catalog.series(catalog.indicatorIndex["agri.pests.cocoa"]!, province), at: 1_790_000_000)
        #expect(coconut > 20 * cocoa)
    }
}

@Suite struct WallConfigTests {
    func load(_ text: String) throws -> Result<Settings, ConfigError> {
        let config = try ConfigCopy()
        try config.replace("ioc.yaml", "timezone: Asia/Ho_Chi_Minh\n", with: "timezone: Asia/Ho_Chi_Minh\n\(text)\n")
        return Result { () throws(ConfigError) in try ConfigLoader.load(directory: config.path).settings }
    }

    @Test func theWallsPaceIsReadAndMistakesNamed() throws {
        #expect(try load("").get().wallEvery == 20)
        #expect(try load("wall: { every: 1m }").get().wallEvery == 60)
        for (text, expected) in [("wall: { every: soon }", "wall.every: expected a duration like 30s"),
                                 ("wall: { every: 0s }", "wall.every: expected at least 1s"),
                                 ("wall: { evry: 20s }", "wall.evry: unknown key (did you mean 'every'?)")] {
            guard case let .failure(error) = try load(text) else { Issue.record("\(text) loaded"); continue }
            #expect(error.issues.map(\.description).joined(separator: "\n").contains(expected), "\(error.issues)")
        }
    }
}

@Suite struct LanguageConfigTests {
    /// The shipped center with its `language:` line replaced by `text`.
    func load(_ text: String) throws -> Result<Settings, ConfigError> {
        let config = try ConfigCopy()
        let shipped = try String(contentsOfFile: config.path + "/ioc.yaml", encoding: .utf8)
        let line = try #require(shipped.split(separator: "\n").first { $0.hasPrefix("language: ") }, "the shipped ioc.yaml says its language")
        try config.replace("ioc.yaml", String(line) + "\n", with: text.isEmpty ? "" : text + "\n")
        return Result { () throws(ConfigError) in try ConfigLoader.load(directory: config.path).settings }
    }

    @Test func theShippedCenterSpeaksVietnamese() throws {
        #expect(try ConfigLoader.load(directory: repositoryRoot.appendingPathComponent("config").path).settings.language == .vi)
    }

    @Test func aCentersLanguageIsReadAndAnUnknownOneNamed() throws {
        #expect(try load("").get().language == nil, "none said: the locale's")
        #expect(try load("language: vi").get().language == .vi)
        #expect(try load("language: en").get().language == .en)
        guard case let .failure(error) = try load("language: fr") else {
            Issue.record("language: fr loaded")
            return
        }
        #expect(error.issues.map(\.description).joined(separator: "\n").contains("ioc.yaml:"), "\(error.issues)")
        #expect(error.issues.map(\.description).joined(separator: "\n").contains("language: expected vi or en, found 'fr'"), "\(error.issues)")
    }
}
