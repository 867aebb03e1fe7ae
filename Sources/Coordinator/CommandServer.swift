import Foundation
import IndicatorEngine
import StoreContract
#if canImport(Glibc)
import Glibc
#endif

/// The leader's end of the command socket: a Unix socket beside the store, read without ever
/// blocking. It learns who is on the other end from the kernel (`SO_PEERCRED`), frames requests
/// as JSON lines, and sets limits so no client (garbage, a huge message, a half-closed or slow
/// connection) can hold up the leader or the others.
public final class CommandServer {
    public struct Incoming: Sendable {
        public let connection: Int
        public let peer: Identity
        public let request: CommandRequest

        public init(connection: Int, peer: Identity, request: CommandRequest) {
            self.connection = connection
            self.peer = peer
            self.request = request
        }
    }

    public enum Event: Sendable {
        case request(Incoming)
        /// A console's attach connection ended (its session is over).
        case detached(connection: Int, peer: Identity, request: CommandRequest, since: Int64)
    }

    /// A client with a partial message that says nothing more for this long is dropped.
    public static let slowClientSeconds: Int64 = 10
    /// Answers a client has not read, beyond which it is dropped.
    public static let maxUnsent = 1 << 20
    public static let maxConnections = 512

    public let path: String
    private let listener: Int32
    private var connections: [Int: Connection] = [:]
    private var nextConnection = 1
    private let log: (String) -> Void

    final class Connection {
        let fd: Int32
        let peer: Identity
        var input: [UInt8] = []
        var output: [UInt8] = []
        var lastHeard: Int64
        var attached: (request: CommandRequest, since: Int64)?
        var closing = false
        /// Dropped for misbehaving: closed at once, answers or not.
        var dropped = false
        /// Requests handed out and not yet answered: a client that half-closed still gets them.
        var unanswered = 0

        init(fd: Int32, peer: Identity, now: Int64) {
            self.fd = fd
            self.peer = peer
            lastHeard = now
        }
    }

    /// Binds the socket (replacing a stale one: only the lock holder gets here) with mode 0660
    /// and the directory's group, so the operators' group may connect and nobody else.
    public init(path: String, log: @escaping (String) -> Void) throws {
        self.path = path
        self.log = log
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw StoreError.failed("the socket path \(path) is \(path.utf8.count) bytes; Unix sockets allow \(capacity - 1): use a shorter store path")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
            raw[path.utf8.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw StoreError.failed("cannot create a socket: \(String(cString: strerror(errno)))") }
        unlink(path)
        // The mode is set between bind and listen: nobody can connect before it listens, and
        // the process's umask stays as it is (it is shared by every thread, and a thread that
        // creates a folder meanwhile would get this one's).
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if bound == 0 { SharedFiles.adopt(path: path, mode: 0o660) }
        guard bound == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw StoreError.failed("cannot listen on \(path): \(reason)")
        }
        Self.setNonBlocking(fd)
        listener = fd
    }

    deinit { shutdown() }

    /// Closes every connection and removes the socket (on resigning the lead).
    public func shutdown() {
        for c in connections.values { close(c.fd) }
        connections = [:]
        if listener >= 0 {
            close(listener)
            unlink(path)
        }
    }

    static func setNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// Descriptors to wait on: the listener and every client (for writing, while answers wait).
    public var pollDescriptors: [pollfd] {
        [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)] + connections.values.map {
            pollfd(fd: $0.fd, events: Int16(POLLIN) | ($0.output.isEmpty ? 0 : Int16(POLLOUT)), revents: 0)
        }
    }

    /// Consoles attached now.
    public var attachedCount: Int { connections.values.filter { $0.attached != nil }.count }

    /// Accepts, reads and writes what is ready, without blocking; returns complete requests and ended sessions.
    public func service(now: Int64) -> [Event] {
        var events: [Event] = []
        acceptAll(now: now)
        for (id, c) in connections.sorted(by: { $0.key < $1.key }) {
            flush(c)
            if !c.closing, !c.dropped { read(id, c, now: now, into: &events) }
            if !c.dropped, !c.input.isEmpty || (c.closing && !c.output.isEmpty), now - c.lastHeard > Self.slowClientSeconds {
                log("socket: dropped \(c.peer.user): half a message, or an answer it does not read, for \(Self.slowClientSeconds) s")
                c.dropped = true
            }
            if c.output.count > Self.maxUnsent {
                log("socket: dropped \(c.peer.user): it does not read its answers")
                c.dropped = true
            }
            if c.dropped || (c.closing && c.output.isEmpty && c.unanswered == 0) {
                if let attached = c.attached { events.append(.detached(connection: id, peer: c.peer, request: attached.request, since: attached.since)) }
                close(c.fd)
                connections[id] = nil
            }
        }
        return events
    }

    /// Queues an answer (sent as the client reads).
    public func respond(_ connection: Int, _ response: CommandResponse, attach: CommandRequest? = nil, now: Int64 = 0) {
        guard let c = connections[connection], !c.dropped else { return }
        c.unanswered = max(0, c.unanswered - 1)
        if let attach { c.attached = (attach, now) }
        guard var data = try? JSONEncoder().encode(response) else { return }
        data.append(UInt8(ascii: "\n"))
        c.output += data
        flush(c)
    }

    private func acceptAll(now: Int64) {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            Self.setNonBlocking(fd)
            guard connections.count < Self.maxConnections, let peer = Self.peer(fd) else {
                close(fd)
                continue
            }
            connections[nextConnection] = Connection(fd: fd, peer: peer, now: now)
            nextConnection += 1
        }
    }

    private func read(_ id: Int, _ c: Connection, now: Int64, into events: inout [Event]) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(c.fd, &buffer, buffer.count, 0)
            if n == 0 {
                // The client closed (or half-closed) its end: answer what it sent, then close.
                c.closing = true
                break
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK { c.dropped = true }
                break
            }
            c.lastHeard = now
            // Only the new bytes are searched for a line end: a long message costs its length once.
            let searchFrom = c.input.count
            c.input += buffer[0..<n]
            if let newline = c.input[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                var start = 0
                var end = newline
                while true {
                    handle(Array(c.input[start..<end]), id, c, into: &events)
                    start = end + 1
                    guard let next = c.input[start...].firstIndex(of: UInt8(ascii: "\n")) else { break }
                    end = next
                }
                c.input.removeSubrange(..<start)
            }
            if c.input.count > CommandSocket.maxMessage {
                refuse(c, "a request longer than \(CommandSocket.maxMessage >> 20) MiB; send smaller batches")
                c.input = []
                c.closing = true
                break
            }
        }
    }

    private func handle(_ line: [UInt8], _ id: Int, _ c: Connection, into events: inout [Event]) {
        guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { return }
        do {
            let request = try JSONDecoder().decode(CommandRequest.self, from: Data(line))
            guard !request.id.isEmpty, request.id.utf8.count <= 128 else {
                refuse(c, "a request needs an id of 1 to 128 characters")
                return
            }
            c.unanswered += 1
            events.append(.request(Incoming(connection: id, peer: c.peer, request: request)))
        } catch {
            log("socket: \(c.peer.user) sent a line that is not a request (\(line.count) bytes)")
            refuse(c, "not a request: expected one JSON object per line with an id and an op (\(Self.describe(error)))")
        }
    }

    private func refuse(_ c: Connection, _ reason: String) {
        guard var data = try? JSONEncoder().encode(CommandResponse(id: "", ok: false, result: reason)) else { return }
        data.append(UInt8(ascii: "\n"))
        c.output += data
        flush(c)
    }

    private func flush(_ c: Connection) {
        while !c.output.isEmpty {
            let n = c.output.withUnsafeBytes { send(c.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                c.output.removeFirst(n)
            } else {
                if n < 0, errno == EINTR { continue }
                if n < 0, errno != EAGAIN, errno != EWOULDBLOCK { c.dropped = true }
                return
            }
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? "not JSON" : "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "unreadable"
        }
    }

    /// The kernel's word on who is connected: uid, then name and groups from the account database.
    static func peer(_ fd: Int32) -> Identity? {
        var creds: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout.size(ofValue: creds))
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &creds, &length) == 0 else { return nil }
        return identity(uid: creds.1)
    }

    /// The name and group names of a uid.
    public static func identity(uid: UInt32) -> Identity {
        guard let pw = getpwuid(uid) else { return Identity(user: "uid \(uid)", uid: uid) }
        let name = String(cString: pw.pointee.pw_name)
        let gid = pw.pointee.pw_gid
        var count: Int32 = 64
        var gids = [gid_t](repeating: 0, count: 64)
        if getgrouplist(name, gid, &gids, &count) < 0 {
            gids = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(name, gid, &gids, &count)
        }
        let groups = gids.prefix(Int(max(0, count))).compactMap { g -> String? in getgrgid(g).map { String(cString: $0.pointee.gr_name) } }
        return Identity(user: name, uid: uid, groups: groups)
    }
}
