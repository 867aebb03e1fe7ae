import Foundation
import IndicatorStore
import TestSupport
import Testing

/// A center with a test indicator that fires at once (no `for`), a receiver script that records
/// what it is given, and the real `ioc serve`.
struct NotifyCenter {
    let dir = TemporaryDirectory("ioc-notify")
    var config: String { dir.file("config") }
    /// The SQLite store in its folder, unless a test points it at a PostgreSQL database.
    var store: String
    var inbox: String { dir.file("got") }

    init(receiver: String, timeout: String = "10s", route: String = "group_by: [field, region]\n    group_wait: 0s") throws {
        store = dir.file("ioc.sqlite")
        try FileManager.default.copyItem(atPath: defaultConfig, toPath: config)
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try """
            indicators:
              - code: test.notify
                name: "Độ mặn thử"
                field: agri
                unit: "‰"
                direction: lower_is_better
                frequency: realtime
                levels: [province, district, commune]
                rollup: max
                thresholds: { warning: 4, critical: 8, clear: 0.3 }
            """.write(toFile: config + "/indicators/zz_notify.yaml", atomically: true, encoding: .utf8)
        let script = dir.file("receiver.sh")
        try writeExecutable("#!/bin/sh\nGOT='\(inbox)'\n" + receiver, to: script)
        try """
            receivers:
              - name: duty
                command: ["\(script)"]
                timeout: \(timeout)
            routes:
              - receiver: duty
                match: { severity: critical }
                \(route)
            """.write(toFile: config + "/notify.yaml", atomically: true, encoding: .utf8)
    }

    func serve() throws -> Child { try Child(ioc(["serve", "--no-simulator"], store: store, config: config)) }

    /// Breaches the critical line at `regions`, through the leader.
    func breach(_ regions: [String]) throws {
        let now = Int64(Date().timeIntervalSince1970)
        let file = dir.file("breach-\(now)-\(regions.count).lp")
        try regions.map { "test.notify,region=\($0) value=9.5 \(now)" }.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try run(ioc(["ingest", file], store: store, config: config))
        #expect(result.code == 0, "\(result.stderr)")
    }

    /// The messages the receiver recorded, as JSON objects.
    func received() -> [[String: Any]] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: inbox)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            (try? Data(contentsOf: URL(fileURLWithPath: inbox + "/" + name))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
    }
}

@Suite(.serialized) struct NotificationEndToEndTests {
    @Test func aCriticalAlertReachesTheReceiverAfterFailuresOnceEachFailureRecorded() throws {
        // Fails three times (a message on stderr), then records its input.
        let center = try NotifyCenter(receiver: """
            n=$(cat "$GOT/fails" 2>/dev/null || echo 3)
            if [ "$n" -gt 0 ]; then echo $((n-1)) > "$GOT/fails"; echo "smtp said no ($n)" >&2; exit 3; fi
            cat > "$GOT/msg.$$.json"
            """)
        let serve = try center.serve()
        #expect(eventually { serve.stderr.contains("leading") }, "\(serve.stderr)")
        try center.breach(["83"])
        #expect(eventually(seconds: 60) { center.received().count == 1 }, "\(serve.stderr)")
        let message = try #require(center.received().first)
        #expect(message["status"] as? String == "firing")
        #expect(message["receiver"] as? String == "duty" && message["escalation"] as? Bool == false)
        let alerts = try #require(message["alerts"] as? [[String: Any]])
        #expect(alerts.count == 1 && alerts[0]["indicator_name"] as? String == "Độ mặn thử" && alerts[0]["severity"] as? String == "critical")
        #expect(alerts[0]["region_name"] as? String == "Bến Tre")
        // What a person reads, in the center's language (this center's is English).
        #expect(message["title"] as? String == "[IOC Bến Tre] 1 alert firing: Độ mặn thử", "\(message)")
        #expect((message["text"] as? String)?.hasSuffix("critical · Độ mặn thử · Bến Tre: 9.5 ‰ (firing)") == true, "\(message)")
        let key = try #require(message["key"] as? String)
        // Each failure is on record with its exit status and what the command said.
        let log = try run(ioc(["notify", "log", "--json"], store: center.store, config: center.config))
        #expect(log.code == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 1 && entries[0]["key"] as? String == key && entries[0]["status"] as? String == "delivered")
        let attempts = try #require(entries[0]["attempts"] as? [[String: Any]])
        #expect(attempts.map { $0["result"] as? String } == ["failed", "failed", "failed", "delivered"])
        #expect((attempts[0]["detail"] as? String)?.contains("exit 3: smtp said no (3)") == true, "\(attempts)")
        let text = try run(ioc(["notify", "log"], store: center.store, config: center.config))
        #expect(text.stdout.contains("duty  delivered") && text.stdout.contains("failed: exit 3: smtp said no"), "\(text.stdout)")
        // A test message takes the same path, and says how it went.
        let test = try run(ioc(["notify", "test", "duty"], store: center.store, config: center.config))
        #expect(test.code == 0 && test.stdout.contains("duty took the test message test:"), "\(test.stdout)\(test.stderr)")
        #expect(center.received().contains { $0["test"] as? Bool == true && ($0["alerts"] as? [Any])?.isEmpty == true })
        let unknown = try run(ioc(["notify", "test", "nobody"], store: center.store, config: center.config))
        #expect(unknown.code != 0 && unknown.stderr.contains("no receiver named 'nobody' in notify.yaml (there are: duty)"), "\(unknown.stderr)")
        serve.signal(SIGTERM)
        #expect(serve.wait() == 0)
    }

    @Test func aLeaderKilledMidDeliveryLeavesNothingUndeliveredAndNoNewKeys() throws {
        // Slow to deliver: the leader is killed while the command runs.
        let center = try NotifyCenter(receiver: """
            touch "$GOT/started.$$"
            sleep 2
            cat > "$GOT/msg.$$.json"
            """)
        let first = try center.serve()
        #expect(eventually { first.stderr.contains("leading") }, "\(first.stderr)")
        try center.breach(["83", "829"])
        #expect(eventually {
            ((try? FileManager.default.contentsOfDirectory(atPath: center.inbox)) ?? []).contains { $0.hasPrefix("started.") }
        })
        first.signal(SIGKILL)
        first.wait()
        let second = try center.serve()
        #expect(eventually { second.stderr.contains("leading") }, "\(second.stderr)")
        let reader = try Store(path: center.store)
        #expect(try eventually(seconds: 60) {
            let log = try reader.notificationLog()
            return !log.isEmpty && log.allSatisfy { $0.message.status == .delivered }
        }, "\(second.stderr)")
        let planned = Set(try reader.notificationLog().map(\.message.key))
        #expect(planned.count == 2, "one message per region group")
        // Every planned key arrived; a copy of one sent twice (killed in flight) carries the same key.
        #expect(eventually(seconds: 10) { Set(center.received().compactMap { $0["key"] as? String }) == planned })
        #expect(Set(center.received().compactMap { $0["key"] as? String }).isSubset(of: planned))
        second.signal(SIGTERM)
        #expect(second.wait() == 0)
    }

    @Test func messagesPendingWhenTheLeaderDiesAreDeliveredByTheNext() throws {
        // The receiver is down while the first leader runs: its messages stay pending.
        let center = try NotifyCenter(receiver: """
            if [ -e "$GOT/down" ]; then echo "connection refused" >&2; exit 1; fi
            cat > "$GOT/msg.$$.json"
            """)
        FileManager.default.createFile(atPath: center.inbox + "/down", contents: nil)
        let first = try center.serve()
        #expect(eventually { first.stderr.contains("leading") }, "\(first.stderr)")
        try center.breach(["83", "829", "831"])
        let reader = try Store(path: center.store)
        #expect(try eventually { try reader.failingNotifications() == 3 }, "\(first.stderr)")
        first.signal(SIGKILL)
        first.wait()
        try FileManager.default.removeItem(atPath: center.inbox + "/down")
        let second = try center.serve()
        #expect(try eventually(seconds: 60) { try reader.notificationLog().allSatisfy { $0.message.status == .delivered } }, "\(second.stderr)")
        let keys = center.received().compactMap { $0["key"] as? String }
        let planned = Set(try reader.notificationLog().map(\.message.key))
        #expect(keys.count == 3 && Set(keys) == planned, "each once, under its key")
        second.signal(SIGTERM)
        #expect(second.wait() == 0)
    }

    @Test func aHangingReceiverIsKilledAndAStormIsAFewMessages() throws {
        // The first try hangs past its timeout; it says a lot on stderr first.
        let center = try NotifyCenter(receiver: """
            if [ ! -e "$GOT/hung" ]; then touch "$GOT/hung"; head -c 3000000 /dev/zero | tr '\\0' x >&2; sleep 60; fi
            cat > "$GOT/msg.$$.json"
            """, timeout: "1s", route: "group_by: [field]\n    group_wait: 2s")
        let serve = try center.serve()
        #expect(eventually { serve.stderr.contains("leading") }, "\(serve.stderr)")
        // Every commune of the province at once: 157 critical alerts, and their districts'.
        let communes = try String(contentsOfFile: center.config + "/regions.yaml", encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("level: commune") }.compactMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
        #expect(communes.count > 150)
        try center.breach(communes)
        #expect(eventually(seconds: 60) { center.received().count == 1 }, "\(serve.stderr)")
        let alerts = try #require(center.received().first?["alerts"] as? [[String: Any]])
        #expect(alerts.count > 150, "one message for the field, not one per alert")
        let reader = try Store(path: center.store)
        let attempts = try #require(try reader.notificationLog().first?.attempts)
        #expect(attempts.first?.detail.hasPrefix("timed out after 1 s and was killed") == true, "\(attempts)")
        #expect((attempts.first?.detail.count ?? .max) < 2_200, "only the tail of its stderr is kept")
        serve.signal(SIGTERM)
        #expect(serve.wait() == 0)
    }

    @Test func theShippedReceiversDeliverByMailAndWebHook() throws {
        let center = try NotifyCenter(receiver: "exit 0")
        let packaged = repositoryRoot.appendingPathComponent("packaging/notify").path
        // A stand-in sendmail that keeps the mail, and a local web hook that keeps what is posted.
        let sendmail = center.dir.file("sendmail")
        // (Written aside, then renamed: the test never reads half a mail.)
        try writeExecutable("#!/bin/sh\ncat > '\(center.dir.path)/mail.tmp'\nmv '\(center.dir.path)/mail.tmp' \"\(center.inbox)/mail.$$.txt\"\n", to: sendmail)
        let portFile = center.dir.file("port")
        try """
            import http.server, sys, os
            class Hook(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers["Content-Length"]))
                    aside = os.path.join(sys.argv[2], "..", "hook.tmp")
                    open(aside, "wb").write(body)
                    os.rename(aside, os.path.join(sys.argv[2], "hook.%d.json" % len(os.listdir(sys.argv[2]))))
                    self.send_response(204)
                    self.end_headers()
                def log_message(self, *args):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
            open(sys.argv[1], "w").write(str(server.server_port))
            server.serve_forever()
            """.write(toFile: center.dir.file("hook.py"), atomically: true, encoding: .utf8)
        let hook = try Child(["/usr/bin/env", "python3", center.dir.file("hook.py"), portFile, center.inbox])
        #expect(eventually { ((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "").count > 0 })
        let port = try String(contentsOfFile: portFile, encoding: .utf8)
        try """
            receivers:
              - name: mail
                command: ["\(packaged)/ioc-notify-mail", "ops@example.vn"]
              - name: hook
                command: ["\(packaged)/ioc-notify-webhook", "http://127.0.0.1:\(port)/ioc"]
            routes:
              - receiver: mail
                match: { severity: critical }
                group_wait: 0s
                continue: true
              - receiver: hook
                match: { severity: critical }
                group_wait: 0s
            """.write(toFile: center.config + "/notify.yaml", atomically: true, encoding: .utf8)
        let serve = try Child(ioc(["serve", "--no-simulator"], store: center.store, config: center.config), environment: ["SENDMAIL": sendmail])
        #expect(eventually { serve.stderr.contains("leading") }, "\(serve.stderr)")
        try center.breach(["83"])
        let files = { (try? FileManager.default.contentsOfDirectory(atPath: center.inbox)) ?? [] }
        #expect(eventually(seconds: 30) { files().contains { $0.hasPrefix("mail.") } && files().contains { $0.hasPrefix("hook.") } }, "\(serve.stderr)")
        let mail = try String(contentsOfFile: center.inbox + "/" + files().first { $0.hasPrefix("mail.") }!, encoding: .utf8)
        #expect(mail.contains("To: ops@example.vn") && mail.contains("#") && mail.contains("Độ mặn thử · Bến Tre: 9.5 ‰ (firing)"), "\(mail)")
        let posted = try Data(contentsOf: URL(fileURLWithPath: center.inbox + "/" + files().first { $0.hasPrefix("hook.") }!))
        let json = try #require(try JSONSerialization.jsonObject(with: posted) as? [String: Any])
        #expect(json["receiver"] as? String == "hook" && (json["alerts"] as? [Any])?.count == 1)
        serve.signal(SIGTERM)
        #expect(serve.wait() == 0)
        hook.signal(SIGTERM)
        hook.wait()
    }
}
