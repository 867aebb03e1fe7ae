import Coordinator
import Foundation
import IndicatorEngine
import StoreContract

/// What a command line needs to reach the leader: a socket client that starts a leader in the
/// background when none runs and this user may write the store (single-account mode, or the
/// service account), the leader's own command line, and actions with how they end.
public enum CenterClient {
    /// `ioc serve` as a console or a command starts it: it leaves once no console has been
    /// attached for a minute. `feeds`: the feed options to pass on (`--simulator`, `--seed`, ...).
    public static func leaderArguments(configDirectory: String, storePath: String, feeds: [String] = []) -> [String] {
        ["serve", "--idle-exit", "60", "--config", configDirectory, "--store", storePath] + feeds
    }

    public static func client(storePath: String, leaderArguments: [String]) -> CommandClient {
        let mayLead = SharedFiles.isWritable(storePath)
        let logPath = FileLog.path(besideStore: storePath)
        return CommandClient(storePath: storePath, startLeader: mayLead ? {
            LeaderLauncher.start(arguments: leaderArguments, log: { FileLog(path: logPath).write($0) })
        } : nil)
    }

    /// Why an action did not apply, and the exit status that says so.
    public struct Failure: Error {
        public var message: String
        /// 77 when the leader does not know the caller as an operator, else 1.
        public var exitCode: Int32
    }

    /// Sends one action; the leader's answer when applied, else why not.
    public static func perform(_ request: CommandRequest, with sender: any ActionSender) -> Result<CommandResponse, Failure> {
        let response: CommandResponse
        do {
            response = try sender.send(request, timeout: 60)
        } catch {
            return .failure(Failure(message: "\(error)", exitCode: 1))
        }
        guard response.ok else {
            return .failure(Failure(message: Speech.messages.refusal(response), exitCode: response.role == nil ? LocalOperator.Refusal.exitCode : 1))
        }
        return .success(response)
    }

    /// Where `ioc ingest` sends batches when this user may not write the store: to the leader,
    /// named by codes, in requests of `CommandSocket.samplesPerRequest`.
    public static func ingest(through client: any ActionSender, catalog: Catalog,
                              perRequest: Int = CommandSocket.samplesPerRequest) -> ([Sample], String) throws -> Void {
        { batch, source in
            var start = 0
            while start < batch.count {
                let part = batch[start..<min(batch.count, start + perRequest)]
                start += part.count
                let samples = part.map { s in
                    WireSample(indicator: catalog.indicators[catalog.indicator(of: s.series)].code,
                               region: catalog.regions[catalog.region(of: s.series)].code, time: s.time, nanos: s.nanos, value: s.value)
                }
                let response = try client.send(CommandRequest(.ingest(samples: samples, source: source)), timeout: 60)
                guard response.ok else { throw CommandClientError.failed(Speech.messages.refusal(response)) }
            }
        }
    }
}

/// `ioc audit`: supervisors and admins see everyone's entries, others only their own.
public enum AuditQuery {
    /// Newest first; `since` a duration back from `now` (`1h`, `7d`); `user` narrows it (refused
    /// below supervisor for someone else's).
    public static func entries(store: any StoreBackend, grant: OperatorGrant, since: String?, now: Int64, user: String?) throws -> [AuditEntry] {
        var start: Int64?
        if let since {
            guard let seconds = Durations.parse(since) else {
                throw CommandProblem(say("--since expects a duration like 30m, 2h, 1d or 1w, not '{text}'", ["text": since]), exitCode: 64)
            }
            start = now - seconds
        }
        if grant.role < .supervisor, let user, user != grant.user {
            throw CommandProblem(say("as {role} you see only your own entries, not {user}'s", ["role": say(role: grant.role.rawValue), "user": user]), exitCode: 1)
        }
        let who = grant.role >= .supervisor ? user : grant.user
        return Array(try store.auditTrail(since: start, user: who, limit: nil).reversed())
    }
}
