import Foundation

extension Bounds {
    /// Whether `value` is past these bounds. A line already crossed (`wasBreached`) is only
    /// left once the value is `clear` back inside it, so a value hovering at the line does not flap.
    func isBreached(by value: Double, wasBreached: Bool, clear: Double) -> Bool {
        let margin = wasBreached ? clear : 0
        if let above, wasBreached ? value > above - margin : value > above { return true }
        if let below, wasBreached ? value < below + margin : value < below { return true }
        return false
    }
}

extension Thresholds {
    /// The severity a value is at, given the severity the series was at before (for hysteresis).
    public func severity(of value: Double, previous: Severity?) -> Severity? {
        for severity in [Severity.critical, .warning] {
            guard let bounds = bounds(severity) else { continue }
            let was = previous.map { $0 >= severity } ?? false
            if bounds.isBreached(by: value, wasBreached: was, clear: clear) { return severity }
        }
        return nil
    }
}

extension SeriesStatus {
    public init(severity: Severity?) {
        switch severity {
        case nil: self = .ok
        case .warning: self = .warning
        case .critical: self = .critical
        }
    }

    /// The severity this status stands for, if it is a breach.
    public var severity: Severity? {
        switch self {
        case .warning: .warning
        case .critical: .critical
        default: nil
        }
    }
}
