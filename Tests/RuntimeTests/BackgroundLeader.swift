import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore
import Runtime

/// A headless leader (`ServeLoop` over a `Participant`, as `ioc serve` runs it) on a thread of the
/// test process, stopped on request: the consoles under test follow it and act through its socket.
final class BackgroundLeader: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopRequested = false
    private var finished = false
    private(set) var logged: [String] = []

    init(catalog: Catalog, path: String, policy: AccessPolicy = .singleAccount, centers: [Center] = [], idleExit: Int64? = nil) {
        let thread = Thread { [self] in
            defer {
                condition.lock()
                finished = true
                condition.broadcast()
                condition.unlock()
            }
            do {
                let participant = try Participant(catalog: catalog, store: try Store(path: path), feed: { nil },
                                                  access: Leader.AccessContext(policy: policy, centers: centers),
                                                  log: { [self] in record($0) })
                try ServeLoop.run(participant, idleExit: idleExit, waitForStop: { [self] timeout, descriptors in
                    var fds = descriptors
                    _ = poll(&fds, nfds_t(fds.count), min(timeout, 50))
                    condition.lock()
                    defer { condition.unlock() }
                    return stopRequested ? "test over" : nil
                }, log: { [self] in record($0) })
            } catch {
                record("failed: \(error)")
            }
        }
        thread.start()
    }

    private func record(_ line: String) {
        condition.lock()
        logged.append(line)
        condition.unlock()
    }

    var lines: [String] {
        condition.lock()
        defer { condition.unlock() }
        return logged
    }

    /// Asks the loop to stop and waits until it has resigned the lead.
    func stop() {
        condition.lock()
        stopRequested = true
        while !finished { condition.wait(until: Date().addingTimeInterval(10)) ; if !finished { break } }
        condition.unlock()
    }

    var hasFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }
}
