import Foundation
import StoreContract

/// How a console or a command asks the leader to act: through the leader's socket on its host
/// (`CommandClient`), or through the database from any host (`QueuedActionSender`).
public protocol ActionSender {
    /// Sends one request and waits up to `timeout` seconds for the leader's answer.
    func send(_ request: CommandRequest, timeout: Double) throws -> CommandResponse
}

/// Actions through a PostgreSQL store: queued by the database's `ioc_request` under the role the
/// server authenticated, answered by whichever process leads, the answer read back by the
/// request's id. A retry after a lost answer queues nothing twice (the id is unique).
public final class QueuedActionSender: ActionSender {
    public struct NoAnswer: Error, CustomStringConvertible {
        public var description: String
    }

    private let queue: any ActionQueue
    private let location: String

    public init(queue: any ActionQueue, location: String) {
        self.queue = queue
        self.location = location
    }

    public func send(_ request: CommandRequest, timeout: Double) throws -> CommandResponse {
        try queue.queueAction(request: request.id, body: String(decoding: try JSONEncoder().encode(request), as: UTF8.self))
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 10_000
        while true {
            if let outcome = try queue.request(id: request.id) {
                return CommandResponse(id: outcome.request, ok: outcome.status == .applied, result: outcome.result, user: outcome.user,
                                       role: outcome.role.isEmpty ? nil : outcome.role)
            }
            guard Date() < deadline else {
                throw NoAnswer(description: "no leader answered within \(Int(timeout)) s; the action stays queued in \(location) "
                    + "and is done when a leader runs (ioc serve --store \(location))")
            }
            usleep(pause)
            pause = min(pause * 2, 100_000)
        }
    }
}
