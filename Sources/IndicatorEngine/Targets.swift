import Foundation

/// How a target looks from here.
public enum TargetOutlook: String, Sendable, Hashable, CaseIterable, Codable {
    /// Reached already (before or at the deadline).
    case met
    /// Not reached, but the trend gets there by the deadline.
    case onTrack = "on_track"
    /// Not reached, and the trend does not get there by the deadline.
    case atRisk = "at_risk"
    /// The deadline passed without reaching it.
    case missed
    /// Not enough history for a trend.
    case unknown
}

public struct TargetAssessment: Sendable, Hashable {
    public var target: Target
    public var current: Double
    /// Share of the way from the first value of the history to the target, 0...1.
    public var progress: Double
    /// The value the trend reaches by the deadline, when there is a trend.
    public var projected: Double?
    public var outlook: TargetOutlook
}

extension Target {
    /// Judges a target from a series' history (time, value), oldest first, ending with the current value.
    /// The trend is the least-squares line through the history; it should span a meaningful part
    /// of the way to the deadline (the store's history, not the last few live updates).
    public func assess(direction: Direction, history: [(time: Int64, value: Double)], now: Int64) -> TargetAssessment? {
        guard let last = history.last else { return nil }
        let current = last.value
        let met = isMet(by: current, direction: direction)

        var progress: Double
        if met {
            progress = 1
        } else if let first = history.first, first.value != value, history.count > 1 {
            progress = (current - first.value) / (value - first.value)
        } else if value != 0, current != 0 {
            progress = direction == .lowerIsBetter ? value / current : current / value
        } else {
            progress = 0
        }
        progress = min(1, max(0, progress))

        let projected = Self.slope(history).map { current + $0 * Double(by - now) }
        let outlook: TargetOutlook
        if met {
            outlook = .met
        } else if now > by {
            outlook = .missed
        } else if let projected {
            outlook = isMet(by: projected, direction: direction) ? .onTrack : .atRisk
        } else {
            outlook = .unknown
        }
        return TargetAssessment(target: self, current: current, progress: progress, projected: projected, outlook: outlook)
    }

    /// Whether `v` reaches the target: at or above it, at or below it for lower-is-better.
    /// Neutral indicators count as reaching it from below, as most targets are levels to attain.
    public func isMet(by v: Double, direction: Direction) -> Bool {
        direction == .lowerIsBetter ? v <= value : v >= value
    }

    /// Change per second of the least-squares line, when the history spans time.
    static func slope(_ points: [(time: Int64, value: Double)]) -> Double? {
        guard points.count >= 2, let t0 = points.first?.time else { return nil }
        let n = Double(points.count)
        var sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for p in points {
            let x = Double(p.time - t0)
            sx += x
            sy += p.value
            sxx += x * x
            sxy += x * p.value
        }
        let d = n * sxx - sx * sx
        guard d > 0 else { return nil }
        return (n * sxy - sx * sy) / d
    }
}
