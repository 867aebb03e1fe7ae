import Foundation
import TestSupport
import Testing

/// The InfluxDB-compatible write endpoint (`feeds.http`, #20), written to by InfluxDB's
/// official Python client (`influxdb-client`, installed by .ci/run) and by raw sockets.
@Suite(.serialized) struct InfluxWriteEndToEndTests {
    static let client = #"""
        import sys, time
        from influxdb_client import InfluxDBClient, Point, WritePrecision
        from influxdb_client.client.write_api import SYNCHRONOUS
        from influxdb_client.rest import ApiException
        url, token = sys.argv[1], sys.argv[2]
        now = int(time.time())
        def write(records, precision=WritePrecision.S, tok=token, gzip=False):
            with InfluxDBClient(url=url, token=tok, org="ioc", enable_gzip=gzip) as client:
                try:
                    client.write_api(write_options=SYNCHRONOUS).write(bucket="bentre", record=records, write_precision=precision)
                    return "204"
                except ApiException as e:
                    return "%d %s" % (e.status, e.body)
        scale = {WritePrecision.S: 1, WritePrecision.MS: 10**3, WritePrecision.US: 10**6, WritePrecision.NS: 10**9}
        for n, p in enumerate([WritePrecision.S, WritePrecision.MS, WritePrecision.US, WritePrecision.NS]):
            point = Point("agri.salinity.max").tag("region", "831").field("value", 5.0 + n).time((now - 40 + n) * scale[p], p)
            print("precision", p, write(point, p, gzip=(n % 2 == 1)))
        print("gzip", write("econ.grdp_growth,region=83 value=6.42 %d" % now, gzip=True))
        print("badtoken", write("econ.grdp_growth,region=83 value=99 %d" % now, tok="not-a-token-at-all"))
        print("badline", write(["agri.salinity.max,region=838 value=2.5 %d" % now, "agri.salinity.max,region=838 value=oops %d" % now]))
        print("scope", write("agri.salinity.max,region=831 value=7.5 %d" % now, tok=sys.argv[3]))
        print("outside", write("agri.salinity.max,region=838 value=8.5 %d" % now, tok=sys.argv[3]))
        big = ["admin.overdue,region=83 value=%d %d" % (i % 100, now - 200000 + i) for i in range(200000)]
        body = "\n".join(big)
        print("big", len(body.encode()), write(body))
        """#

    @Test func theOfficialClientWritesAndGetsInfluxDBsAnswers() throws {
        let dir = TemporaryDirectory("ioc-influx")
        let config = dir.file("config")
        try FileManager.default.copyItem(atPath: defaultConfig, toPath: config)
        let port = "\(freeLoopbackPort())"
        let settings = config + "/ioc.yaml"
        let anchor = "  inbox: { path: data/inbox }\n"
        try String(contentsOfFile: settings, encoding: .utf8)
            .replacingOccurrences(of: anchor, with: anchor + "  http: { listen: \"127.0.0.1:\(port)\", tokens: tokens.yaml }\n")
            .write(toFile: settings, atomically: true, encoding: .utf8)
        let (all, chauThanh) = ("all-3f9c2e71d4b8a6051e", "ct-8d41b07c9e2f3a6d55")
        try """
            tokens:
              - { name: telegraf, token: "\(all)" }
              - { name: tram-chau-thanh, token: "\(chauThanh)", scope: ["831"], indicators: ["agri."] }
            """.write(toFile: config + "/tokens.yaml", atomically: true, encoding: .utf8)
        #expect(chmod(config + "/tokens.yaml", 0o644) == 0)
        let store = dir.file("ioc.sqlite")
        // A tokens file others may read is refused, and said; the leader runs on without the endpoint.
        let open = try Child(ioc(["serve", "--no-simulator"], store: store, config: config))
        #expect(eventually { open.stderr.contains("http: ") && open.stderr.contains("others may read it (mode 0644); chmod 600") }, "\(open.stderr)")
        open.signal(SIGTERM)
        #expect(open.wait() == 0)
        #expect(chmod(config + "/tokens.yaml", 0o600) == 0)

        let serve = try Child(ioc(["serve", "--no-simulator"], store: store, config: config))
        defer { serve.signal(SIGTERM); serve.wait() }
        #expect(eventually { serve.stderr.contains("http: listening on 127.0.0.1:\(port)") }, "\(serve.stderr)")
        let health = try run(["/usr/bin/curl", "-s", "http://127.0.0.1:\(port)/health"])
        #expect(health.stdout.contains(#""status":"pass""#), "\(health.stdout)")

        // A slow writer (headers never finished) and a half-open one hold their connections; others go on.
        let slow = try Child(["/usr/bin/env", "python3", "-c", """
            import socket, time
            s = socket.create_connection(("127.0.0.1", \(port))); s.sendall(b"POST /api/v2/write HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\n\\r\\nagri")
            h = socket.create_connection(("127.0.0.1", \(port))); h.shutdown(socket.SHUT_WR)
            print("holding", flush=True); time.sleep(120)
            """])
        defer { slow.signal(SIGKILL) }
        #expect(eventually { slow.stdout.contains("holding") }, "\(slow.stderr)")

        let written = try run(["/usr/bin/env", "python3", "-c", Self.client, "http://127.0.0.1:\(port)", all, chauThanh])
        #expect(written.code == 0, "\(written.stderr)")
        let lines = written.stdout.split(separator: "\n").map(String.init)
        func line(_ prefix: String) -> String { lines.first { $0.hasPrefix(prefix) } ?? "" }
        #expect(lines.filter { $0.hasPrefix("precision") && $0.hasSuffix(" 204") }.count == 4, "\(written.stdout)")
        #expect(line("gzip") == "gzip 204")
        #expect(line("badtoken").hasPrefix("badtoken 401") && line("badtoken").contains("unauthorized access"), "\(line("badtoken"))")
        #expect(line("badline").hasPrefix("badline 400") && line("badline").contains("line 2: bad number 'oops'"), "\(line("badline"))")
        #expect(line("scope") == "scope 204")
        #expect(line("outside").hasPrefix("outside 400") && line("outside").contains("may not write region 838"), "\(line("outside"))")
        #expect(line("big").hasPrefix("big ") && line("big").hasSuffix(" 204") && (Int(line("big").split(separator: " ")[1]) ?? 0) > 6_000_000, "\(line("big"))")

        func value(_ indicator: String, _ region: String) -> String {
            (try? run(ioc(["value", indicator, region], store: store, config: config)).stdout) ?? ""
        }
        #expect(value("agri.salinity.max", "831").contains(": 7.5 ‰"), "the scoped token's write is the latest")
        #expect(value("econ.grdp_growth", "83").contains(": 6.42"), "gzip written; the refused token's 99 is not")
        #expect(value("agri.salinity.max", "838").contains(": 2.5 ‰"), "the good line of the bad request was kept; the refused 8.5 not")
        // Each precision's point at its own second, in order; then the scoped token's.
        let rows = try run(["/usr/bin/sqlite3", store, "SELECT group_concat(value, ',') FROM (SELECT o.value FROM observations o JOIN series s ON s.id = o.series "
            + "WHERE s.indicator = 'agri.salinity.max' AND s.region = '831' ORDER BY o.time)"])
        #expect(rows.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5.0,6.0,7.0,8.0,7.5", "\(rows.stdout)")
        let audit = try run(ioc(["audit"], store: store, config: config))
        #expect(audit.stdout.contains("token:telegraf ingest") && audit.stdout.contains("token:tram-chau-thanh ingest"), "\(audit.stdout)")
        #expect(audit.stdout.contains("partial"), "\(audit.stdout)")
        #expect(slow.isRunning, "the slow writer was still holding its connection while the others wrote")
        // Feed health per token: what each wrote and had refused.
        func feeds() -> String { (try? run(ioc(["feeds", "--json"], store: store, config: config)).stdout) ?? "" }
        #expect(eventually(seconds: 60) {
            let out = feeds()
            let all = (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]) ?? []
            let telegraf = all.first { $0["name"] as? String == "telegraf" }, scoped = all.first { $0["name"] as? String == "tram-chau-thanh" }
            return telegraf?["kind"] as? String == "http" && (telegraf?["accepted_1h"] as? Int ?? 0) > 200_000 && telegraf?["rejected_1h"] as? Int == 1
                && scoped?["accepted_1h"] as? Int == 1 && scoped?["rejected_1h"] as? Int == 1
        }, "\(feeds())")
    }
}
