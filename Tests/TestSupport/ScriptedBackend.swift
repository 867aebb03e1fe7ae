import Canvas
import Foundation

/// A terminal for tests (ratatui's TestBackend): it plays a script of keys, resizes and
/// actions, records every frame, and waits for a frame to show something before going on.
/// When the script is done it hangs up, so the runner returns.
public final class ScriptedBackend: TerminalBackend {
    public enum Step {
        /// Input, as the terminal would report it.
        case events([TerminalEvent])
        /// Something another process does meanwhile (writes to the store, ...).
        case run(() throws -> Void)
        /// Waits (polling, bounded) until the last frame satisfies the predicate.
        case until(String, (String) -> Bool)
    }

    public private(set) var size: Size
    public let capabilities: Capabilities
    public private(set) var frames: [Buffer] = []
    public private(set) var bells = 0
    /// What went wrong: a step that never came true, or an action that threw.
    public private(set) var failures: [String] = []
    private var script: [Step]
    private var waiting: (started: Date, polls: Int)?
    /// How long an `until` step may wait before it fails: bounds a hung test, asserts no speed.
    private let patience: TimeInterval

    public init(size: Size, capabilities: Capabilities = .full, script: [Step], patience: TimeInterval = 30) {
        self.size = size
        self.capabilities = capabilities
        self.script = script
        self.patience = patience
    }

    public var lastFrame: String { frames.last?.text ?? "" }

    public func draw(_ buffer: Buffer, repaint: Bool) { frames.append(buffer) }

    public func bell() { bells += 1 }

    /// The OSC 52 sequences the console sent, as bytes.
    public private(set) var clipboard: [[UInt8]] = []

    public func copy(_ text: String) { clipboard.append(OSC52.sequence(text)) }

    public func wait(timeout: Int32, watching: [Int32]) -> [TerminalEvent] {
        while let step = script.first {
            switch step {
            case let .events(events):
                script.removeFirst()
                for case let .resized(new) in events { size = new }
                return events
            case let .run(action):
                script.removeFirst()
                do { try action() } catch { failures.append("a scripted action failed: \(error)") }
            case let .until(what, predicate):
                if predicate(lastFrame) {
                    script.removeFirst()
                    waiting = nil
                    continue
                }
                let started = waiting?.started ?? Date()
                waiting = (started, (waiting?.polls ?? 0) + 1)
                if Date().timeIntervalSince(started) > patience {
                    failures.append("never showed \(what); last frame:\n\(lastFrame)")
                    script = []
                    return [.hangup("script failed")]
                }
                // Give the runner a turn (it polls its store between waits) without spinning hot.
                if waiting!.polls > 100 { usleep(1_000) }
                return []
            }
        }
        return [.hangup("script done")]
    }
}
