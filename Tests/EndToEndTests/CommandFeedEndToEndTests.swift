import Foundation
import TestSupport
import Testing

/// Programs the leader runs as feeds (`feeds.commands`, #20), with the real `ioc serve`.
@Suite(.serialized) struct CommandFeedEndToEndTests {
    /// A configuration whose `feeds:` runs `commands` (YAML list items).
    func config(in dir: TemporaryDirectory, commands: [String]) throws -> String {
        let config = dir.file("config")
        try FileManager.default.copyItem(atPath: defaultConfig, toPath: config)
        let settings = config + "/ioc.yaml"
        let text = try String(contentsOfFile: settings, encoding: .utf8)
        let anchor = "  inbox: { path: data/inbox }\n"
        #expect(text.contains(anchor))
        try text.replacingOccurrences(of: anchor, with: anchor + "  commands:\n" + commands.map { "    - \($0)\n" }.joined())
            .write(toFile: settings, atomically: true, encoding: .utf8)
        return config
    }

    /// Processes whose command line holds all of `words`.
    func processes(with words: [String]) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter { pid in
            let command = ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").split(separator: "\0").map(String.init)
            return words.allSatisfy(command.contains)
        }
    }

    /// Salinity published to a real broker (mosquitto on a loopback port) reaches `ioc value`
    /// through `mosquitto_sub` run by the leader; stopping the leader stops it.
    @Test func mqttThroughMosquittoSubReachesTheCenter() throws {
        let dir = TemporaryDirectory("ioc-mqtt")
        let port = "\(freeLoopbackPort())"
        let broker = try Child(["/usr/sbin/mosquitto", "-p", port])
        defer { broker.signal(SIGTERM); broker.wait() }
        let config = try config(in: dir, commands: [
            #"{ name: tram-man, command: ["mosquitto_sub", "-h", "127.0.0.1", "-p", "\#(port)", "-t", "stations/+/salinity", "-F", "%p"], format: line }"#,
        ])
        let store = dir.file("ioc.sqlite")
        let serve = try Child(ioc(["serve", "--no-simulator"], store: store, config: config))
        #expect(eventually { serve.stderr.contains("feed tram-man: started mosquitto_sub") }, "\(serve.stderr)")
        func value() -> String { (try? run(ioc(["value", "agri.salinity.max", "831"], store: store, config: config)).stdout) ?? "" }
        // Published until the subscriber is connected and it arrives (a message before that is not kept).
        #expect(eventually(seconds: 60) {
            _ = try? run(["/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", "stations/chau-thanh/salinity",
                          "-m", "agri.salinity.max,region=831 value=6.5"])
            return value().contains(": 6.5 ‰")
        }, "\(value()) \(serve.stderr)")
        #expect(!processes(with: ["mosquitto_sub", port]).isEmpty)
        serve.signal(SIGTERM)
        #expect(serve.wait() == 0, "\(serve.stderr)")
        #expect(serve.stderr.contains("feed tram-man: stopped"), "\(serve.stderr)")
        #expect(processes(with: ["mosquitto_sub", port]).isEmpty, "the feed's program outlived the leader")
    }

    /// A feed that floods its output does not starve the leader: operators' requests through
    /// its socket are answered and the flood keeps being read; a feed that fails is started
    /// again and its standard error is in the log.
    @Test func aFloodingFeedStarvesNeitherActionsNorOtherFeeds() throws {
        let dir = TemporaryDirectory("ioc-flood")
        let config = try config(in: dir, commands: [
            #"{ name: flood, command: ["yes", "admin.overdue,region=83 value=7"] }"#,
            #"{ name: flaky, command: ["/bin/sh", "-c", "echo 'econ.grdp_growth,region=83 value=6.9'; echo 'the portal timed out' >&2; exit 2"], restart: 1s }"#,
        ])
        let store = dir.file("ioc.sqlite")
        let serve = try Child(ioc(["serve", "--no-simulator"], store: store, config: config))
        defer { serve.signal(SIGTERM); serve.wait() }
        #expect(eventually { serve.stderr.contains("feed flood: started") }, "\(serve.stderr)")
        func value(_ indicator: String) -> String { (try? run(ioc(["value", indicator, "83"], store: store, config: config)).stdout) ?? "" }
        #expect(eventually { value("admin.overdue").contains(": 7") }, "\(value("admin.overdue"))")
        let whoami = try run(ioc(["whoami"], store: store, config: config))
        #expect(whoami.code == 0 && whoami.stdout.contains("admin"), "\(whoami.stderr)")
        #expect(eventually { value("econ.grdp_growth").contains(": 6.9") }, "\(value("econ.grdp_growth"))")
        #expect(eventually { serve.stderr.contains("feed flaky: stderr: the portal timed out") && serve.stderr.contains("feed flaky: exited with status 2") },
                "\(serve.stderr)")
        #expect(eventually { serve.stderr.components(separatedBy: "feed flaky: started").count > 2 }, "started again: \(serve.stderr)")
        // Feed health, as the leader records it: each command feed with what it gave and how it ran.
        func feeds() -> [[String: Any]] {
            let out = (try? run(ioc(["feeds", "--json"], store: store, config: config)).stdout) ?? ""
            return (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]) ?? []
        }
        #expect(eventually(seconds: 60) {
            let all = feeds()
            let flood = all.first { $0["name"] as? String == "flood" }, flaky = all.first { $0["name"] as? String == "flaky" }
            return flood?["kind"] as? String == "command" && flood?["state"] as? String == "running" && (flood?["accepted_1h"] as? Int ?? 0) > 1_000
                && (flaky?["restarts"] as? Int ?? 0) >= 1 && flaky?["accepted_1h"] as? Int ?? 0 >= 1 && flaky?["last_time"] is Int
        }, "\(feeds())")
        let text = try run(ioc(["feeds"], store: store, config: config))
        #expect(text.stdout.hasPrefix("FEED") && text.stdout.contains("flood") && text.stdout.contains("command"), "\(text.stdout)")
        // Each command feed is an indicator of "Dữ liệu" (10 min expected unless it says): what it
        // gave over the hour, written by the leader; nothing else may write it.
        #expect(eventually { value("data.feed.flood").contains("quan trắc") && !value("data.feed.flood").contains("nodata") }, "\(value("data.feed.flood"))")
        let forged = try run(ioc(["ingest", "-"], store: store, config: config), stdin: "data.feed.flood,region=83 value=1\n")
        #expect(forged.stderr.contains("only the leader writes it"), "\(forged.stderr)")
        // The console's Feeds screen (F) lists them; Enter opens the first one's indicator.
        let tmux = try TmuxSession(command: "'\(iocBinary)' --config '\(config)' --store '\(store)'")
        #expect(tmux.waitFor("Dữ liệu").ok, "\(tmux.screen())")
        try tmux.send("F")
        let listed = tmux.waitFor { $0.contains("› Feeds") && $0.contains("flood") && $0.contains("flaky") }
        #expect(listed.ok, "\(listed.screen)")
        try tmux.send("Enter")
        let opened = tmux.waitFor { $0.contains("Nguồn fl") && $0.contains("quan trắc") }
        #expect(opened.ok, "\(opened.screen)")
        try tmux.send("q")
        #expect(tmux.waitFor("IOC-EXIT=0").ok, "\(tmux.screen())")
    }

    /// A feed quiet past its cadence raises the stale alert of its indicator in "Dữ liệu", which
    /// a route matching the field notifies, and `ioc feeds` calls it quiet; data again resolves
    /// it (and says so). The feed is `tail -F` of a file the test appends to.
    @Test func aQuietFeedRaisesItsAlertIsNotifiedAndResolvesWhenDataReturns() throws {
        let dir = TemporaryDirectory("ioc-quiet")
        let source = dir.file("station.lp"), inbox = dir.file("got")
        try "agri.salinity.max,region=831 value=2.5\n".write(toFile: source, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let config = try config(in: dir, commands: [#"{ name: station, command: ["tail", "-n", "+1", "-F", "\#(source)"], expect: 1m }"#])
        let receiver = dir.file("receiver.sh")
        try writeExecutable("#!/bin/sh\ncat > '\(inbox)'/msg.$$.json\n", to: receiver)
        try """
            receivers: [{ name: data-team, command: ["\(receiver)"] }]
            routes: [{ receiver: data-team, match: { field: data }, group_wait: 0s, group_interval: 1s }]
            """.write(toFile: config + "/notify.yaml", atomically: true, encoding: .utf8)
        let store = dir.file("ioc.sqlite")
        let serve = try Child(ioc(["serve", "--no-simulator"], store: store, config: config))
        defer { serve.signal(SIGTERM); serve.wait() }
        func value(_ indicator: String, _ region: String) -> String { (try? run(ioc(["value", indicator, region], store: store, config: config)).stdout) ?? "" }
        func openAlerts() -> [[String: Any]] {
            let out = (try? run(ioc(["alerts", "--json"], store: store, config: config)).stdout) ?? ""
            return (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]) ?? []
        }
        func quietAlert() -> [String: Any]? { openAlerts().first { $0["rule"] as? String == "data.feed.station:stale" } }
        func station() -> String? {
            let out = (try? run(ioc(["feeds", "--json"], store: store, config: config)).stdout) ?? ""
            let all = (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]) ?? []
            return all.first { $0["name"] as? String == "station" }?["state"] as? String
        }
        func messages() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []).sorted().compactMap { try? String(contentsOfFile: inbox + "/" + $0, encoding: .utf8) }
        }
        #expect(eventually { value("agri.salinity.max", "831").contains(": 2.5 ‰") }, "\(serve.stderr)")
        #expect(eventually { value("data.feed.station", "83").contains(": 1 quan trắc/giờ (ok)") }, "\(value("data.feed.station", "83"))")
        // Recorded every 15 s: listed from the start (never heard from), then running.
        #expect(eventually(seconds: 30) { station() == "running" } && quietAlert() == nil, "\(station() ?? "none") \(openAlerts())")
        // A minute and a little without data: quiet. The deadline only bounds a hung test.
        #expect(eventually(seconds: 150) { quietAlert()?["state"] as? String == "firing" }, "\(openAlerts())")
        #expect(eventually(seconds: 30) { station() == "quiet" }, "\(station() ?? "none")")
        #expect(eventually(seconds: 60) { messages().contains { $0.contains("data.feed.station") && $0.contains("firing") } }, "\(messages()) \(serve.stderr)")
        try FileHandle(forWritingTo: URL(fileURLWithPath: source)).seekAndWrite("agri.salinity.max,region=831 value=3.5\n")
        #expect(eventually(seconds: 30) { quietAlert() == nil }, "\(openAlerts())")
        #expect(eventually(seconds: 30) { value("data.feed.station", "83").contains(": 2 quan trắc/giờ (ok)") }, "\(value("data.feed.station", "83"))")
        #expect(eventually(seconds: 60) { messages().contains { $0.contains("data.feed.station") && $0.contains("resolved") } }, "\(messages())")
    }
}

extension FileHandle {
    /// Appends `text` and closes the handle.
    func seekAndWrite(_ text: String) throws {
        try seekToEnd()
        try write(contentsOf: Data(text.utf8))
        try close()
    }
}
