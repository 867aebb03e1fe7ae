import Foundation
import IndicatorEngine

/// The room's big screen (`ioc wall`): nobody sits at it, so it moves by itself. It shows one
/// field at a time, the next every `every` seconds; a critical alert that starts firing takes
/// the screen over and holds it until someone acknowledges it (anywhere: it is the shared
/// store's alert) or it resolves or is silenced.
public struct WallState: Sendable, Equatable {
    /// Seconds each field stays (`wall: { every: 20s }` in ioc.yaml, `ioc wall --every`).
    public var every: Int64
    /// Which of the home overview's fields is shown.
    public var position = 0
    /// When it came up: the rotation counts from here.
    public var since: Int64
    /// Critical alerts already seen firing: they took over once (or were there at start) and
    /// do not take over again.
    public var seenFiring: Set<Int64>
    /// Critical alerts that took over and wait for an acknowledgement, in the order they fired.
    public var takeover: [Int64] = []

    public init(every: Int64, since: Int64, seenFiring: Set<Int64>) {
        self.every = max(1, every)
        self.since = since
        self.seenFiring = seenFiring
    }
}

extension ConsoleState {
    /// Turns this console into the wall: the rotation starts at the first field, and the
    /// critical alerts firing now are known (only new ones take over).
    public mutating func startWall(every: Int64) {
        wall = WallState(every: every, since: now, seenFiring: Set(alerts.filter(Self.takesOver).map(\.id)))
        stack = [Page(.wall)]
    }

    /// A critical alert firing, neither acknowledged nor silenced.
    static func takesOver(_ alert: Alert) -> Bool {
        alert.severity == .critical && alert.state.countsAsFiring && alert.acknowledged == nil && alert.silencedBy.isEmpty
    }

    /// The fields the wall rotates through: the home overview's.
    var wallFields: [Int] { fields(at: scope.home) }

    /// After new alerts: newly firing critical ones take over; acknowledged, silenced or
    /// resolved ones let go (the rotation then restarts its count).
    mutating func wallSawAlerts() {
        guard var w = wall else { return }
        let holding = !w.takeover.isEmpty
        let open = Dictionary(alerts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        w.takeover.removeAll { id in open[id].map { !Self.takesOver($0) } ?? true }
        for alert in alerts where Self.takesOver(alert) && !w.seenFiring.contains(alert.id) {
            w.takeover.append(alert.id)
            w.seenFiring.insert(alert.id)
        }
        if holding, w.takeover.isEmpty { w.since = now }
        wall = w
    }

    /// A tick of the clock: the next field when this one has had its time (never during a takeover).
    mutating func wallTick() {
        guard var w = wall, w.takeover.isEmpty, now - w.since >= w.every else { return }
        let count = max(1, wallFields.count)
        w.position = (w.position + 1) % count
        w.since = now
        wall = w
    }

    /// The operator at the wall moves the rotation by hand (left and right); it counts afresh.
    mutating func wallStep(by delta: Int) {
        guard var w = wall else { return }
        let count = max(1, wallFields.count)
        w.position = ((w.position + delta) % count + count) % count
        w.since = now
        wall = w
    }

    /// The alerts holding the wall, in the order they fired.
    var takeoverAlerts: [Alert] {
        guard let w = wall else { return [] }
        return w.takeover.compactMap { id in alerts.first { $0.id == id } }
    }
}
