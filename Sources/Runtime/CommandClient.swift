import Coordinator
import Foundation
import IndicatorEngine
import StoreContract
#if canImport(Glibc)
import Glibc
#endif

/// Why a request did not reach an answer.
public enum CommandClientError: Error, CustomStringConvertible {
    /// Nobody leads the store and this process may not start a leader.
    case noLeader(String)
    /// The leader took longer than the deadline; the request may still be applied (same id).
    case timedOut(id: String, seconds: Double)
    case failed(String)

    public var description: String {
        switch self {
        case let .noLeader(reason): reason
        case let .timedOut(id, seconds): "the leader did not answer within \(Int(seconds)) s (request \(id); sending it again applies it once)"
        case let .failed(reason): reason
        }
    }
}

/// The client's end of the leader's socket: one request, one answer. When the connection fails
/// or the leader dies before answering, it waits for the next leader and sends the same request
/// (same id) again, so the action is applied exactly once.
public struct CommandClient {
    public let storePath: String
    /// Starts a leader when none runs (nil: this process may not, say so instead).
    public var startLeader: (() -> Void)?

    public init(storePath: String, startLeader: (() -> Void)? = nil) {
        self.storePath = storePath
        self.startLeader = startLeader
    }

    public var socketPath: String { CommandSocket.path(store: storePath) }

    /// `SSH_CONNECTION` of this process, which the leader records as claimed.
    public static var claimedOrigin: String? { ProcessInfo.processInfo.environment["SSH_CONNECTION"] }

    public func send(_ request: CommandRequest, timeout: Double = 60) throws -> CommandResponse {
        var request = request
        if request.from == nil { request.from = Self.claimedOrigin }
        let deadline = Date().addingTimeInterval(timeout)
        var started = false
        // Once a leader took the request, its successor must answer it: wait for one (a service
        // restarts) rather than give up.
        var sentOnce = false
        while true {
            if let fd = try? Self.connect(socketPath) {
                defer { close(fd) }
                sentOnce = true
                if let response = try exchange(fd, request, deadline: deadline) { return response }
                // The leader went away before answering: the next one answers the same id.
            } else {
                switch LeaderLock(storePath: storePath).probe() {
                case .free where sentOnce && startLeader == nil:
                    break
                case .free:
                    guard let startLeader else {
                        throw CommandClientError.noLeader("""
                            no leader is running for \(storePath), and \(SharedFiles.userName(uid: getuid())) may not start one: \
                            ask the administrator to start it ('systemctl start ioc', or 'ioc serve' as the service account)
                            """)
                    }
                    if !started {
                        startLeader()
                        started = true
                    }
                case .held:
                    break  // starting up, or taking over: its socket comes next
                case let .unavailable(reason):
                    throw CommandClientError.noLeader(reason)
                }
            }
            if Date() > deadline { throw CommandClientError.timedOut(id: request.id, seconds: timeout) }
            usleep(25_000)
        }
    }

    /// Sends the request and reads its answer; nil when the connection ends first.
    private func exchange(_ fd: Int32, _ request: CommandRequest, deadline: Date) throws -> CommandResponse? {
        var data = try JSONEncoder().encode(request)
        data.append(UInt8(ascii: "\n"))
        let sent = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        guard sent else { return nil }
        guard let line = Self.readLine(fd, deadline: deadline) else {
            if Date() > deadline { throw CommandClientError.timedOut(id: request.id, seconds: 0) }
            return nil
        }
        return try? JSONDecoder().decode(CommandResponse.self, from: Data(line))
    }

    static func readLine(_ fd: Int32, deadline: Date) -> [UInt8]? {
        var input: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = Int32(clamping: Int(max(1, deadline.timeIntervalSinceNow * 1000)))
            guard poll(&pfd, 1, min(wait, 1_000)) >= 0 || errno == EINTR else { return nil }
            if pfd.revents == 0 { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            guard n > 0 else { return nil }
            input += buffer[0..<n]
            if let newline = input.firstIndex(of: UInt8(ascii: "\n")) { return Array(input[..<newline]) }
        }
        return nil
    }

    /// A connected socket to the leader, or an error when nobody listens.
    static func connect(_ path: String) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { throw CommandClientError.failed("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
            raw[path.utf8.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CommandClientError.failed("cannot create a socket") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            if code == EACCES {
                throw CommandClientError.noLeader("""
                    \(SharedFiles.userName(uid: getuid())) may not connect to \(path): operators must be in the store's group \
                    (the group of \((path as NSString).deletingLastPathComponent)); ask the administrator
                    """)
            }
            throw CommandClientError.failed(String(cString: strerror(code)))
        }
        return fd
    }
}

/// A console's standing connection to the leader: it says the console is there (the leader
/// records the session, and one the console started stays while consoles are attached), and
/// tells the console when the leader goes away so it can reattach or start another.
public final class LeaderLink {
    public enum Status: Equatable, Sendable {
        case attached(OperatorAccess)
        case noLeader(String)
    }

    private let client: CommandClient
    private var fd: Int32 = -1
    private var nextTry: Int64 = 0
    private var lastStart: Int64 = -1_000
    public private(set) var status: Status = .noLeader("connecting")
    /// Whether the leader is on its way: this console started it, or it holds the lock and does
    /// not answer yet.
    public private(set) var isStarting = false

    public init(client: CommandClient) { self.client = client }

    deinit { if fd >= 0 { close(fd) } }

    /// The attached connection, for the caller's `poll` (-1 while detached).
    public var descriptor: Int32 { fd }

    /// Whether the attached connection has something to say (its end, as a rule).
    public var hasNews: Bool {
        guard fd >= 0 else { return false }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, 0) > 0
    }

    /// Keeps the link up: notices a leader that went away, reattaches, starts a leader when none
    /// runs (at most every 10 s). True when the status changed.
    @discardableResult
    public func maintain(nowMs: Int64) -> Bool {
        let before = status
        if fd >= 0 {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 0) > 0 {
                var byte: UInt8 = 0
                if recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0 {
                    close(fd)
                    fd = -1
                    status = .noLeader("the leader went away; reconnecting")
                    nextTry = 0
                }
            }
        }
        if fd < 0, nowMs >= nextTry {
            nextTry = nowMs + 500
            attach(nowMs: nowMs)
        }
        return status != before
    }

    private func attach(nowMs: Int64) {
        isStarting = false
        do {
            let fd = try CommandClient.connect(client.socketPath)
            var request = CommandRequest(.attach)
            request.from = CommandClient.claimedOrigin
            var data = try JSONEncoder().encode(request)
            data.append(UInt8(ascii: "\n"))
            _ = data.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard let line = CommandClient.readLine(fd, deadline: Date().addingTimeInterval(5)),
                  let response = try? JSONDecoder().decode(CommandResponse.self, from: Data(line)) else {
                close(fd)
                status = .noLeader("the leader did not answer")
                return
            }
            guard response.ok else {
                close(fd)
                status = .noLeader(response.result)
                return
            }
            self.fd = fd
            status = .attached(OperatorAccess(response))
        } catch let error as CommandClientError {
            if case .noLeader = error {
                status = .noLeader(error.description)
                return
            }
            switch LeaderLock(storePath: client.storePath).probe() {
            case .free:
                if let start = client.startLeader, nowMs - lastStart > 10_000 {
                    lastStart = nowMs
                    start()
                    status = .noLeader("starting a leader")
                    isStarting = true
                } else if client.startLeader == nil {
                    status = .noLeader("no leader running: ask the administrator to start 'ioc serve' (actions are unavailable)")
                }
            case .held:
                status = .noLeader("the leader is starting")
                isStarting = true
            case let .unavailable(reason): status = .noLeader(reason)
            }
        } catch {
            status = .noLeader("\(error)")
        }
    }
}

/// Who the leader says this process is, and what it may do (`ioc whoami --json`).
public struct OperatorAccess: Equatable, Sendable, Encodable {
    public var user: String
    public var uid: Int64
    public var role: String
    public var scope: [String]
    public var center: String

    public init(user: String, uid: Int64, role: String, scope: [String], center: String) {
        self.user = user
        self.uid = uid
        self.role = role
        self.scope = scope
        self.center = center
    }

    /// Who the running user is to `context`'s center: on PostgreSQL the role the database
    /// names, given its role and scope by operators.yaml; on SQLite, the leader's answer.
    public static func read(_ context: CenterContext) throws(CommandProblem) -> OperatorAccess {
        guard context.storeFile == nil else { return OperatorAccess(try context.send(CommandRequest(.whoami))) }
        let (grant, center) = try context.operatorAccess()
        return OperatorAccess(user: grant.user, uid: -1, role: grant.role.rawValue, scope: grant.scope, center: center.title)
    }

    public init(_ response: CommandResponse) {
        self.init(user: response.user ?? "?", uid: response.uid ?? -1, role: response.role ?? "", scope: response.scope ?? [],
                  center: response.center ?? "")
    }

    public var text: String {
        "\(user) (\(uid < 0 ? "PostgreSQL role" : "uid \(uid)")): \(role) of \(center)" + (scope.isEmpty ? "" : ", scope \(scope.joined(separator: ", "))")
    }
}
