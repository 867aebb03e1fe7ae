import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The leader's socket against real clients on a real Unix socket: whatever a client sends (or
/// does not), the server never blocks and the other clients are served.
@Suite struct CommandSocketTests {
    let dir = TemporaryDirectory("ioc-sock")

    /// A raw client connection.
    final class RawClient {
        let fd: Int32
        init(_ path: String) throws {
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, b) in path.utf8.enumerated() { raw[i] = b }
            }
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        deinit { close(fd) }
        /// Set once a send fails because the server closed the connection.
        var refused = false
        @discardableResult func send(_ bytes: [UInt8]) -> Int {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EPIPE || errno == ECONNRESET { refused = true }
            return n
        }
        func send(_ text: String) { send(Array(text.utf8)) }
        var received: [UInt8] = []
        var ended = false
        /// Lines received so far (reads what has arrived, without blocking).
        func lines() -> [String] {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n == 0 || (n < 0 && errno == ECONNRESET) { ended = true }
                guard n > 0 else { break }
                received += buffer[0..<n]
            }
            return String(decoding: received, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        /// True once the server closed the connection (reads what it sent first).
        var isClosedByServer: Bool {
            _ = lines()
            return ended
        }
    }

    /// Services the server until `condition` holds; answers every request it sees with "ok".
    func serve(_ server: CommandServer, now: Int64 = 1_000, until condition: () -> Bool) -> [CommandServer.Event] {
        var events: [CommandServer.Event] = []
        let done = eventually(seconds: 20) {
            for event in server.service(now: now) {
                events.append(event)
                if case let .request(incoming) = event {
                    server.respond(incoming.connection, CommandResponse(id: incoming.request.id, ok: true, result: "done \(incoming.request.op.rawValue)"))
                }
            }
            return condition()
        }
        #expect(done, "the condition never came true")
        return events
    }

    @Test func garbageGetsAReasonAndTheConnectionStaysUsable() throws {
        let server = try CommandServer(path: dir.file("s.sock"), log: { _ in })
        let client = try RawClient(server.path)
        client.send("garbage\n{\"id\":\"1\"}\n{\"id\":\"2\",\"op\":\"frobnicate\"}\n\u{1b}[2J\0\n{\"id\":\"3\",\"op\":\"whoami\"}\n")
        _ = serve(server) { client.lines().count == 5 }
        let lines = client.lines()
        #expect(lines[0].contains("not a request") && lines[0].contains("not JSON"))
        #expect(lines[1].contains("missing \\\"op\\\""), "\(lines[1])")
        #expect(lines[2].contains("bad value at op"), "\(lines[2])")
        #expect(lines[3].contains("not JSON"), "terminal escapes and NUL are just garbage: \(lines[3])")
        #expect(lines[4].contains("done whoami"), "a good request after the garbage is answered")
    }

    @Test func theKernelNamesThePeerWhateverTheMessageClaims() throws {
        let server = try CommandServer(path: dir.file("s.sock"), log: { _ in })
        let client = try RawClient(server.path)
        client.send("{\"id\":\"1\",\"op\":\"ack\",\"alert\":3,\"user\":\"giamsat1\",\"uid\":0}\n")
        let events = serve(server) { client.lines().count == 1 }
        guard case let .request(incoming) = try #require(events.first) else { Issue.record("no request"); return }
        #expect(incoming.peer.uid == getuid())
        #expect(incoming.peer.user == CommandServer.identity(uid: getuid()).user)
    }

    @Test func aHugeMessageIsRefusedWithoutHoldingUpOthers() throws {
        let server = try CommandServer(path: dir.file("s.sock"), log: { _ in })
        let huge = try RawClient(server.path)
        let other = try RawClient(server.path)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        var sent = 0
        var asked = false
        _ = serve(server) {
            // Keep feeding the huge one while the server reads; the other asks once meanwhile.
            if sent <= CommandSocket.maxMessage { sent += max(0, huge.send(chunk)) }
            if sent > 2 << 20, !asked {
                other.send("{\"id\":\"o\",\"op\":\"whoami\"}\n")
                asked = true
            }
            return (huge.isClosedByServer || huge.refused) && other.lines().count == 1
        }
        #expect(huge.lines().first?.contains("longer than 8 MiB") == true)
        #expect(other.lines().first?.contains("done whoami") == true)
    }

    @Test func aHalfClosedClientGetsItsAnswerAndASlowOneIsDropped() throws {
        var logged: [String] = []
        let server = try CommandServer(path: dir.file("s.sock"), log: { logged.append($0) })
        let half = try RawClient(server.path)
        half.send("{\"id\":\"h\",\"op\":\"whoami\"}\n")
        shutdown(half.fd, Int32(SHUT_WR))
        let slow = try RawClient(server.path)
        slow.send("{\"id\":\"s\",\"op\":")
        _ = serve(server, now: 1_000) { half.lines().count == 1 }
        #expect(half.lines()[0].contains("done whoami"))
        #expect(slow.lines().isEmpty && !slow.ended, "half a message is waited for a while")
        _ = serve(server, now: 1_000 + CommandServer.slowClientSeconds + 1) { slow.isClosedByServer }
        #expect(logged.contains { $0.contains("half a message") })
    }

    @Test func aClientThatNeverReadsIsDropped() throws {
        let server = try CommandServer(path: dir.file("s.sock"), log: { _ in })
        let deaf = try RawClient(server.path)
        var small = 16_384
        setsockopt(deaf.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let request = String(repeating: "{\"id\":\"\(String(repeating: "d", count: 100))\",\"op\":\"whoami\"}\n", count: 200)
        _ = serve(server) {
            deaf.send(request)
            return deaf.refused
        }
        #expect(deaf.refused, "the server let go of a client that never reads its answers")
    }

    @Test func theSocketIsForTheOwnerAndTheGroupOnly() throws {
        let server = try CommandServer(path: dir.file("s.sock"), log: { _ in })
        var st = stat()
        #expect(stat(server.path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o660)
    }
}
