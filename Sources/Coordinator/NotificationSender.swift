import Feeds
import Foundation
import IndicatorEngine
import StoreContract
#if canImport(Glibc)
import Glibc
#endif

/// Delivers the outbox, inside the leader, without ever blocking it: each due message runs
/// its receiver's command in its own process group, the message as standard input (from a
/// file, so a large one cannot stall a pipe), standard output discarded, standard error kept
/// to its last 2 KB (a receiver that writes megabytes costs nothing). Exit 0 records it
/// delivered; anything else, or running past the receiver's timeout (the group is killed),
/// records the failure with the exit status and the tail of its standard error, and the
/// message is tried again later, waiting twice as long each time up to an hour. A leader
/// that dies between running a command and recording it leaves the message pending: the next
/// leader sends it again under the same key, which the message carries.
public final class NotificationSender {
    struct Running {
        var row: OutboxRow
        var pid: pid_t
        var stderr: Int32
        var tail: [UInt8] = []
        var deadline: Int64
        var timedOut = false
    }

    public var policy: NotifyPolicy
    private let store: any NotificationOutbox
    private let log: (String) -> Void
    private var running: [Running] = []
    /// When the soonest pending message is due, in Unix seconds, as of the last look; `expect`
    /// resets it when the leader commits (new messages), so the store is not asked every poll.
    private var nextDue: Int64 = 0
    /// Commands running at once.
    public static let concurrency = 4
    public static let tailBytes = 2_048
    /// The longest wait between two tries, in seconds.
    public static let longestWait: Int64 = 3_600

    public init(store: any NotificationOutbox, policy: NotifyPolicy, log: @escaping (String) -> Void) {
        self.store = store
        self.policy = policy
        self.log = log
    }

    deinit { stop() }

    /// Standard error of the running commands: readable when they write or exit.
    public var descriptors: [pollfd] { running.map { pollfd(fd: $0.stderr, events: Int16(POLLIN), revents: 0) } }

    /// When the sender next has work, in Unix milliseconds.
    public func nextWake(nowMs: Int64) -> Int64 {
        var wake = running.map(\.deadline).min() ?? Int64.max
        if !running.isEmpty { wake = min(wake, nowMs + 100) }  // an exit that closed no descriptor yet
        if running.count < Self.concurrency, nextDue < Int64.max / 1000 { wake = min(wake, nextDue * 1000) }
        return wake
    }

    /// The leader committed: there may be new messages to send.
    public func expect() { nextDue = 0 }

    /// Collects finished commands, kills overdue ones, starts due messages; true when a
    /// delivery or failure was recorded.
    @discardableResult
    public func step(nowMs: Int64) -> Bool {
        let now = nowMs / 1000
        var recorded = false
        var still: [Running] = []
        for var r in running {
            drain(&r)
            if !r.timedOut, nowMs >= r.deadline {
                kill(-r.pid, SIGKILL)
                r.timedOut = true
            }
            var status: Int32 = 0
            let reaped = waitpid(r.pid, &status, WNOHANG)
            guard reaped == r.pid || reaped < 0 && errno == ECHILD else {
                still.append(r)
                continue
            }
            drain(&r)
            close(r.stderr)
            let signal = status & 0x7F, code = (status >> 8) & 0xFF
            let tail = String(decoding: r.tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let delivered = !r.timedOut && reaped == r.pid && signal == 0 && code == 0
            let outcome = r.timedOut ? "timed out after \(timeout(r.row.receiver)) s and was killed"
                : signal != 0 ? "killed by signal \(signal)" : "exit \(code)"
            record(r.row, now: now, delivered: delivered, detail: delivered ? "exit 0" : outcome + (tail.isEmpty ? "" : ": " + tail))
            recorded = true
        }
        running = still
        if recorded { nextDue = 0 }
        guard running.count < Self.concurrency, now >= nextDue,
              let due = try? store.dueNotifications(now: now, limit: Self.concurrency * 4) else { return recorded }
        for row in due where running.count < Self.concurrency && !running.contains(where: { $0.row.id == row.id }) {
            if let started = start(row, nowMs: nowMs) {
                running.append(started)
            } else {
                recorded = true
            }
        }
        // The next look: at once if more are due than could start, else at the soonest next try.
        let busy = Set(running.map(\.row.id))
        nextDue = due.contains { !busy.contains($0.id) } ? now
            : ((try? store.nextNotificationTry(excluding: Array(busy))) ?? nil) ?? Int64.max
        return recorded
    }

    /// Ends the commands still running (the lead is given up; the next leader sends again).
    public func stop() {
        for r in running {
            kill(-r.pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(r.pid, &status, 0) < 0 && errno == EINTR {}
            close(r.stderr)
        }
        running = []
    }

    private func timeout(_ receiver: String) -> Int64 { policy.receivers.first { $0.name == receiver }?.timeout ?? 10 }

    private func record(_ row: OutboxRow, now: Int64, delivered: Bool, detail: String) {
        let wait = min(Self.longestWait, Int64(1) << min(row.tries, 20))
        do {
            try store.recordDelivery(id: row.id, at: now, delivered: delivered, detail: detail, nextTry: now + wait)
        } catch {
            log("notify: cannot record the delivery of \(row.key): \(error)")
        }
        log(delivered ? "notify: \(row.receiver) got \(row.key)"
            : "notify: \(row.receiver) failed \(row.key) (try \(row.tries + 1)): \(detail); next try in \(wait) s")
    }

    private func drain(_ r: inout Running) {
        var buffer = [UInt8](repeating: 0, count: 8_192)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(r.stderr, $0.baseAddress, $0.count) }
            guard n > 0 else { return }
            r.tail.append(contentsOf: buffer[0..<n])
            if r.tail.count > Self.tailBytes { r.tail.removeFirst(r.tail.count - Self.tailBytes) }
        }
    }

    /// Runs the receiver's command for a message; nil when it could not start (recorded).
    private func start(_ row: OutboxRow, nowMs: Int64) -> Running? {
        let now = nowMs / 1000
        guard let receiver = policy.receivers.first(where: { $0.name == row.receiver }) else {
            record(row, now: now, delivered: false, detail: "no receiver named '\(row.receiver)' in notify.yaml")
            return nil
        }
        // The message as a file: the command reads it at its own pace.
        var template = Array((NSTemporaryDirectory() + "/ioc-notify-XXXXXX").utf8CString)
        let input = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard input >= 0 else {
            record(row, now: now, delivered: false, detail: "cannot write the message: \(String(cString: strerror(errno)))")
            return nil
        }
        _ = fcntl(input, F_SETFD, FD_CLOEXEC)
        unlink(String(cString: template))
        defer { close(input) }
        let body = Array(row.body.utf8)
        var written = 0
        while written < body.count {
            let n = body[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            written += n
        }
        lseek(input, 0, SEEK_SET)
        var pipeFDs: [Int32] = [-1, -1]
        // (The leader spawns from this one thread, so setting close-on-exec after pipe() races nothing.)
        guard pipe(&pipeFDs) == 0 else {
            record(row, now: now, delivered: false, detail: "cannot make a pipe: \(String(cString: strerror(errno)))")
            return nil
        }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(pipeFDs[0], F_SETFL, fcntl(pipeFDs[0], F_GETFL) | O_NONBLOCK)
        // Its own process group, so a timeout kills what it started too; default signals.
        let started = Spawn.start(receiver.command, stdin: .descriptor(input), stdout: .devNull, stderr: .descriptor(pipeFDs[1]))
        close(pipeFDs[1])
        guard case let .success(pid) = started else {
            close(pipeFDs[0])
            if case let .failure(failure) = started { record(row, now: now, delivered: false, detail: "cannot run \(receiver.command[0]): \(failure)") }
            return nil
        }
        return Running(row: row, pid: pid, stderr: pipeFDs[0], deadline: nowMs + receiver.timeout * 1000)
    }
}
