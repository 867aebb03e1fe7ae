import Feeds
import Foundation
import IOCConfig
import IndicatorEngine
import TestSupport
import Testing

/// `feeds.commands` and `feeds.http` in ioc.yaml, and the tokens file (#20): read, and each
/// mistake named with its file and key.
@Suite struct FeedConfigTests {
    func load(_ feeds: String) throws -> Result<LoadedConfig, ConfigError> {
        let config = try ConfigCopy()
        try config.replace("ioc.yaml", "  inbox: { path: data/inbox }\n", with: "  inbox: { path: data/inbox }\n" + feeds)
        return Result { () throws(ConfigError) in try ConfigLoader.load(directory: config.path) }
    }

    func message(_ feeds: String) throws -> String {
        guard case let .failure(error) = try load(feeds) else { Issue.record("\(feeds) loaded"); return "" }
        return error.issues.map(\.description).joined(separator: "\n")
    }

    @Test func commandsAndTheEndpointAreRead() throws {
        let settings = try load("""
              commands:
                - { name: tram-man, command: ["mosquitto_sub", "-t", "stations/#", "-F", "%p"] }
                - { name: dvc-portal, command: ["/usr/local/lib/ioc/poll-dvc"], format: csv, precision: ms, restart: 30s }
              http: { listen: "127.0.0.1:8086", tokens: tokens.yaml, max_body: 10MB }

            """).get().settings
        #expect(settings.commandFeeds == [
            CommandFeedSpec(name: "tram-man", command: ["mosquitto_sub", "-t", "stations/#", "-F", "%p"]),
            CommandFeedSpec(name: "dvc-portal", command: ["/usr/local/lib/ioc/poll-dvc"], format: .csv, precision: .ms, restart: 30),
        ])
        let http = try #require(settings.httpFeed)
        #expect(http.host == "127.0.0.1" && http.port == 8086 && http.maxBody == 10 << 20 && http.tokens.hasSuffix("/config/tokens.yaml"))
    }

    @Test func mistakesNameTheFeedAndTheKey() throws {
        #expect(try message("  commands: [{ name: a, command: [] }]\n").contains("feeds.commands[0].command: expected the program and its arguments as a list"))
        #expect(try message("  commands: [{ name: \"a b\", command: [x] }]\n").contains("feeds.commands[0].name: 'a b' is not a feed name"))
        #expect(try message("  commands: [{ name: a, command: [x] }, { name: a, command: [y] }]\n").contains("feeds.commands[1].name: a second feed named 'a'"))
        #expect(try message("  commands: [{ name: a, command: [x], format: json }]\n").contains("feeds.commands[0].format: unknown format 'json'; use line or csv"))
        #expect(try message("  commands: [{ name: a, command: [x], restart: 1h }]\n").contains("feeds.commands[0].restart: expected between 1s and 5m"))
        #expect(try message("  http: { listen: \"8086\", tokens: t.yaml }\n").contains("feeds.http.listen: expected HOST:PORT"))
        #expect(try message("  http: { listen: \"127.0.0.1:8086\" }\n").contains("feeds.http.tokens: missing required key"))
        #expect(try message("  http: { listen: \":8086\", tokens: t.yaml, max_body: lots }\n").contains("feeds.http.max_body: expected a size like 32MB"))
    }

    @Test func theTokensFileIsTheServiceAccountsAndSaysWhatIsWrong() throws {
        let config = try ConfigCopy()
        let file = config.path + "/tokens.yaml"
        let catalog = try ConfigLoader.load(directory: config.path).catalog
        func problems(_ text: String, mode: mode_t = 0o600) throws -> String {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            chmod(file, mode)
            do {
                _ = try ConfigLoader.loadTokens(path: file, catalog: catalog)
                return ""
            } catch {
                return error.issues.map(\.description).joined(separator: "\n")
            }
        }
        let good = """
            tokens:
              - { name: telegraf, token: "0123456789abcdef01" }
              - { name: tram-ct, token: "fedcba9876543210fe", scope: ["831"], indicators: ["agri."] }
            """
        #expect(try problems(good) == "")
        try good.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        #expect(try ConfigLoader.loadTokens(path: file, catalog: catalog)
            == [FeedToken(name: "telegraf", token: "0123456789abcdef01"), FeedToken(name: "tram-ct", token: "fedcba9876543210fe", scope: ["831"], indicators: ["agri."])])
        #expect(try problems(good, mode: 0o644).contains("others may read it (mode 0644); chmod 600 it"))
        #expect(try problems("tokens:\n  - { name: a, token: short }\n").contains("tokens[0].token: at least 16 characters"))
        #expect(try problems("tokens:\n  - { name: a, token: \"0123456789abcdef01\" }\n  - { name: a, token: \"0123456789abcdef01\" }\n")
            .contains("tokens[1].name: a second token named 'a'"))
        #expect(try problems("tokens:\n  - { name: a, token: \"0123456789abcdef01\", scope: [\"999\"] }\n").contains("tokens[0].scope: unknown region '999'"))
    }

    /// `ioc check` names a command feed whose program is missing and a bad tokens file, and
    /// counts the feeds.
    @Test func checkSaysWhatIsWrongWithTheFeeds() throws {
        let config = try ConfigCopy()
        try config.replace("ioc.yaml", "  inbox: { path: data/inbox }\n", with: """
              inbox: { path: data/inbox }
              commands: [{ name: ok, command: ["sh", "-c", "true"] }, { name: gone, command: ["/nonexistent/poll"] }]
              http: { listen: "127.0.0.1:8086", tokens: tokens.yaml }

            """)
        try "tokens:\n  - { name: a, token: short }\n".write(toFile: config.path + "/tokens.yaml", atomically: true, encoding: .utf8)
        chmod(config.path + "/tokens.yaml", 0o600)
        let report = try ConfigLoader.load(directory: config.path).checkReport()
        #expect(report.problems.contains("ioc.yaml: feeds.commands[1] 'gone': '/nonexistent/poll' is not an executable file"), "\(report.problems)")
        #expect(report.problems.contains { $0.contains("tokens[0].token: at least 16 characters") }, "\(report.problems)")
        #expect(report.lines.last?.hasSuffix(", 2 command feeds, the write endpoint on 127.0.0.1:8086, 2 feeds watched in 'Dữ liệu'") == true, "\(report.lines)")
    }

    /// Feeds with a cadence get the center's own field "Dữ liệu", an indicator each, on the
    /// first field key free; a token's cadence the tokens file lacks is named by `ioc check`.
    @Test func feedsWithACadenceAreIndicatorsOfTheCentersOwnField() throws {
        let config = try ConfigCopy()
        try config.replace("ioc.yaml", "  simulator: { enabled: true, seed: 1 }\n", with: "  simulator: { enabled: true, seed: 1, expect: 2m }\n")
        try config.replace("ioc.yaml", "  inbox: { path: data/inbox }\n", with: """
              inbox: { path: data/inbox, expect: 1d }
              commands:
                - { name: tram-man, command: ["mosquitto_sub"], expect: 5m }
                - { name: poll, command: ["sh", "-c", "true"] }
              http: { listen: "127.0.0.1:8086", tokens: tokens.yaml, expect: { telegraf: 1h, gone: 10m } }

            """)
        try "tokens:\n  - { name: telegraf, token: 0123456789abcdef01 }\n".write(toFile: config.path + "/tokens.yaml", atomically: true, encoding: .utf8)
        chmod(config.path + "/tokens.yaml", 0o600)
        let loaded = try ConfigLoader.load(directory: config.path)
        #expect(loaded.settings.feedCadences == [
            FeedCadence(name: "simulator", kind: "simulator", every: 120), FeedCadence(name: "inbox", kind: "inbox", every: 86_400),
            FeedCadence(name: "tram-man", kind: "command", every: 300), FeedCadence(name: "poll", kind: "command", every: 600),
            FeedCadence(name: "telegraf", kind: "http", every: 3_600), FeedCadence(name: "gone", kind: "http", every: 600),
        ])
        let catalog = loaded.catalog
        let field = try #require(catalog.fields.last)
        #expect(field.code == "data" && field.name == "Dữ liệu" && field.key == "=", "1-9, 0 and - are Ben Tre's")
        #expect(field.headline == ["data.feed.simulator", "data.feed.inbox", "data.feed.tram-man", "data.feed.poll"])
        let tram = try #require(catalog.indicatorIndex["data.feed.tram-man"].map { catalog.indicators[$0] })
        #expect(tram.staleAfter == 300 && tram.levels == [.province] && tram.field == "data" && tram.frequency.label == "5m")
        #expect(catalog.indicatorsByField[catalog.fieldIndex["data"]!].count == 6)
        let report = loaded.checkReport()
        #expect(report.problems == ["ioc.yaml: feeds.http.expect names the token 'gone', which \(config.path)/tokens.yaml does not have; its indicator would only ever be stale"],
                "\(report.problems)")
        #expect(report.lines.last?.hasSuffix(", 6 feeds watched in 'Dữ liệu'") == true, "\(report.lines)")
        // Routes, schedules and district centers may name it like any field.
        try config.replace("ioc.yaml", "name: \"IOC Bến Tre\"\n", with: "name: \"IOC Bến Tre\"\nreports: { schedules: [{ period: day, field: data }] }\n")
        try config.write("notify.yaml", """
            receivers: [{ name: data-team, command: ["/bin/true"] }]
            routes: [{ receiver: data-team, match: { field: data, indicator: data.feed.tram-man } }]
            """)
        let routed = try ConfigLoader.load(directory: config.path)
        #expect(routed.notify.routes.count == 1 && routed.settings.reports.schedules.first?.field == "data")
        // Without cadences there is no such field: Ben Tre's default configuration has none.
        let plain = try ConfigCopy()
        #expect(try ConfigLoader.load(directory: plain.path).catalog.fieldIndex["data"] == nil)
    }

    @Test func cadenceMistakesAreNamed() throws {
        #expect(try message("  commands: [{ name: a, command: [x], expect: 30s }]\n").contains("feeds.commands[0].expect: expected at least 1m"))
        #expect(try message("  commands: [{ name: inbox, command: [x] }]\n").contains("feeds.commands[0].name: 'inbox' names the center's own inbox feed"))
        #expect(try message("  http: { listen: \":8086\", tokens: t.yaml, expect: [a] }\n").contains("feeds.http.expect: expected token names with how often each writes"))
        #expect(try message("  http: { listen: \":8086\", tokens: t.yaml, expect: { a: soon } }\n").contains("feeds.http.expect.a: expected a duration of at least 1m"))
        #expect(try message("  commands: [{ name: a, command: [x] }]\n  http: { listen: \":8086\", tokens: t.yaml, expect: { a: 5m } }\n")
            .contains("feeds.http.expect.a: another feed is also named 'a'"))
        let config = try ConfigCopy()
        try config.replace("ioc.yaml", "  inbox: { path: data/inbox }\n", with: "  inbox: { path: data/inbox }\n  commands: [{ name: a, command: [x] }]\n")
        try config.replace("fields.yaml", "code: security,", with: "code: data,")
        let problem = Result { () throws(ConfigError) in try ConfigLoader.load(directory: config.path) }
        guard case let .failure(error) = problem else { Issue.record("a field coded 'data' loaded beside the feeds' own"); return }
        #expect(error.issues.map(\.description).joined().contains("field code 'data' is the center's own"), "\(error.issues)")
    }
}
