import Feeds
import Foundation
import HTTPFeed
import IndicatorEngine
import TestSupport
import Testing

/// The write endpoint against curl, with a stand-in leader that takes the writes and answers
/// them: routes, every way of presenting a token, precisions, bodies over the limit (also
/// once unzipped), and writers answered when the leader stops.
@Suite(.serialized) struct InfluxWriteServerTests {
    static let token = "0123456789abcdef-token"

    final class StandIn: @unchecked Sendable {
        let server: InfluxWriteServer
        private let lock = NSLock()
        private var taken: [ExternalWrite] = []
        private var running = true
        var answer = true

        init(maxBody: Int = 1 << 20) throws {
            var settings = InfluxWriteServer.Settings(host: "127.0.0.1", port: 0, tokens: [
                FeedToken(name: "all", token: InfluxWriteServerTests.token),
                FeedToken(name: "district", token: "district-0123456789", scope: ["831"], indicators: ["admin."]),
            ])
            settings.maxBody = maxBody
            server = try InfluxWriteServer(settings: settings, catalog: Fixtures.catalog(), log: { _ in })
            Thread { [self] in
                while lock.withLock({ running }) {
                    var ready = pollfd(fd: server.descriptor, events: Int16(POLLIN), revents: 0)
                    _ = poll(&ready, 1, 50)
                    guard lock.withLock({ answer }) else { continue }
                    for write in server.take() {
                        lock.withLock { taken.append(write) }
                        write.finish(nil)
                    }
                }
            }.start()
        }

        var writes: [ExternalWrite] { lock.withLock { taken } }
        func hold() { lock.withLock { answer = false } }
        func end() {
            lock.withLock { running = false }
            server.stop()
        }
    }

    func curl(_ port: Int, _ arguments: [String]) throws -> (status: String, body: String) {
        let result = try run(["/usr/bin/curl", "-s", "-w", "\n%{http_code}", "--max-time", "20"] + arguments.map {
            $0.replacingOccurrences(of: "PORT", with: "\(port)")
        })
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
    }

    @Test func routesTokensAndPrecisions() throws {
        let standIn = try StandIn()
        defer { standIn.end() }
        let port = standIn.server.port
        #expect(try curl(port, ["http://127.0.0.1:PORT/ping"]).status == "204")
        #expect(try curl(port, ["http://127.0.0.1:PORT/nowhere"]).status == "404")
        #expect(try curl(port, ["http://127.0.0.1:PORT/api/v2/write"]).status == "405")
        let line = "admin.overdue,region=831 value=3 1796000000123"
        // The token as InfluxDB 2 (Token, Bearer) and 1.x (query, Basic) clients send it.
        for (auth, path) in [(["-H", "Authorization: Token \(Self.token)"], "/api/v2/write?precision=ms"),
                             (["-H", "Authorization: Bearer \(Self.token)"], "/api/v2/write?bucket=x&precision=ms"),
                             ([], "/write?db=x&precision=ms&u=me&p=\(Self.token)"),
                             (["-u", "me:\(Self.token)"], "/write?db=x&precision=ms")] {
            let answer = try curl(port, ["-XPOST", "http://127.0.0.1:PORT" + path, "--data-binary", line] + auth)
            #expect(answer.status == "204", "\(auth) \(path): \(answer)")
        }
        #expect(standIn.writes.count == 4 && standIn.writes.allSatisfy { $0.samples.count == 1 && $0.samples[0].time == 1_796_000_000 && $0.samples[0].nanos == 123_000_000 })
        #expect(standIn.writes.first?.source == "http:all" && standIn.writes.first?.audit.user == "token:all")
        let bad = try curl(port, ["-XPOST", "http://127.0.0.1:PORT/api/v2/write?precision=h", "-H", "Authorization: Token \(Self.token)", "--data-binary", line])
        #expect(bad.status == "400" && bad.body.contains("precision 'h' is not one of"), "\(bad)")
        let wrong = try curl(port, ["-XPOST", "http://127.0.0.1:PORT/api/v2/write", "-H", "Authorization: Token \(Self.token)x", "--data-binary", line])
        #expect(wrong.status == "401" && wrong.body == #"{"code":"unauthorized","message":"unauthorized access"}"#, "\(wrong)")
        let empty = try curl(port, ["-XPOST", "http://127.0.0.1:PORT/api/v2/write", "-H", "Authorization: Token \(Self.token)", "--data-binary", ""])
        #expect(empty.status == "400" && empty.body.contains("writing requires points"), "\(empty)")
        // A scoped token: its indicator prefixes and regions, each refusal naming the line.
        let scoped = try curl(port, ["-XPOST", "http://127.0.0.1:PORT/api/v2/write?precision=s", "-H", "Authorization: Token district-0123456789",
                                     "--data-binary", "admin.overdue,region=831 value=1\nadmin.overdue,region=838 value=2\nagri.salinity.max,region=831 value=3"])
        #expect(scoped.status == "400" && scoped.body.contains("line 2: token 'district' may not write region 838")
            && scoped.body.contains("(2 of 3 lines rejected; the other 1 were written)"), "\(scoped)")
    }

    @Test func bodiesOverTheLimitAreRefusedAlsoOnceUnzipped() throws {
        let standIn = try StandIn(maxBody: 64 << 10)
        defer { standIn.end() }
        let port = standIn.server.port
        let dir = TemporaryDirectory("ioc-http")
        let big = dir.file("big.lp"), bomb = dir.file("bomb.gz")
        try String(repeating: "admin.overdue,region=831 value=3\n", count: 4_000).write(toFile: big, atomically: true, encoding: .utf8)
        #expect(try curl(port, ["-XPOST", "http://127.0.0.1:PORT/api/v2/write", "-H", "Authorization: Token \(Self.token)", "--data-binary", "@" + big]).status == "413")
        // 10 MB of zeros gzipped to a few kilobytes: refused once unzipping passes the limit.
        _ = try run(["/bin/sh", "-c", "head -c 10000000 /dev/zero | gzip -9 > '\(bomb)'"])
        let answer = try curl(port, ["-XPOST", "http://127.0.0.1:PORT/api/v2/write", "-H", "Authorization: Token \(Self.token)",
                                     "-H", "Content-Encoding: gzip", "--data-binary", "@" + bomb])
        #expect(answer.status == "413", "\(answer)")
        #expect(standIn.writes.isEmpty)
        #expect(try curl(port, ["http://127.0.0.1:PORT/health"]).status == "200", "the server goes on")
    }

    /// Writers waiting when the leader gives up the lead are answered (503), not left hanging.
    @Test func writersWaitingWhenTheLeadEndsAreAnswered() throws {
        let standIn = try StandIn()
        standIn.hold()
        let port = standIn.server.port
        let writer = try Child(["/usr/bin/curl", "-s", "-w", "\n%{http_code}", "-XPOST", "http://127.0.0.1:\(port)/api/v2/write?precision=s",
                                "-H", "Authorization: Token \(Self.token)", "--data-binary", "admin.overdue,region=831 value=3"])
        // Its write is decoded and waiting for the leader.
        var ready = pollfd(fd: standIn.server.descriptor, events: Int16(POLLIN), revents: 0)
        #expect(eventually { poll(&ready, 1, 10) == 1 })
        standIn.end()
        #expect(writer.wait() == 0)
        #expect(writer.stdout.hasSuffix("503") && writer.stdout.contains("no longer leads"), "\(writer.stdout)")
    }
}
