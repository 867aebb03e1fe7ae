import Coordinator
import Foundation

/// `ioc serve`'s loop: a participant with no screen, woken by what it has due, by its socket or
/// by a request to stop. `waitForStop` sleeps up to the given milliseconds or until one of the
/// descriptors is ready, and returns why to stop, if asked. `idleExit`: a leader a console
/// started stops once no console has been attached for this many seconds.
public enum ServeLoop {
    public static func run(_ participant: Participant, idleExit: Int64? = nil, waitForStop: (Int32, [pollfd]) -> String?,
                           log: (String) -> Void, clock: () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        defer { participant.resign() }
        while true {
            let now = clock()
            // A leader started for consoles that finds another leading has nothing to stand by for.
            if idleExit != nil, participant.role == .follower {
                log("serve stopped: another process leads")
                return
            }
            if let idleExit, participant.role == .leader, let since = participant.unattachedSince, now / 1000 - since >= idleExit {
                log("serve stopped: no console attached for \(idleExit) s")
                return
            }
            var wake = participant.nextWake(nowMs: now)
            if let idleExit, let since = participant.unattachedSince { wake = min(wake, (since + idleExit) * 1000) }
            if let reason = waitForStop(Int32(clamping: max(0, wake - now)), participant.descriptors) {
                log("serve stopped: \(reason)")
                return
            }
            do {
                _ = try participant.poll(nowMs: clock())
            } catch {
                log("serve failed: \(error)")
                throw error
            }
        }
    }
}

/// `ioc watch`: follows the store's change feed and says a line per commit it sees.
public enum WatchLoop {
    /// `ioc watch` for the running user (an operator of the center): the store followed until
    /// `waitForStop` says to stop, a line per commit seen on standard output.
    public static func run(_ context: CenterContext, waitForStop: (Int32) -> Bool) throws(CommandProblem) {
        _ = try context.operatorAccess()
        let store = try StoreReader.open(context.storePath)
        do {
            try run(try Follower(catalog: context.catalog, store: store), waitForStop: waitForStop,
                    say: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) })
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }

    public static func run(_ follower: Follower, waitForStop: (Int32) -> Bool, say: (String) -> Void) throws {
        say("sequence \(follower.sequence)")
        while !waitForStop(Int32(Participant.pollInterval)) {
            let before = follower.sequence
            if try follower.catchUp() {
                let open = follower.engine.alerts.open
                say("sequence \(follower.sequence) (from \(before)); open alerts \(open.count), acknowledged \(open.filter { $0.acknowledged != nil }.count)")
            }
        }
    }
}
