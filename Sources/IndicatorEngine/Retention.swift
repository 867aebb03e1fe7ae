/// How long each tier of history is kept (DESIGN.md, "History tiers"): raw observations,
/// hourly aggregates, daily aggregates. A period leaves a tier once it has ended longer ago
/// than the tier's time, a whole day at a time.
public struct HistoryRetention: Sendable, Equatable, Codable {
    public var raw: Int64
    public var hourly: Int64
    /// nil: for ever.
    public var daily: Int64?

    public static let day: Int64 = 86_400

    public init(raw: Int64 = 90 * day, hourly: Int64 = 730 * day, daily: Int64? = nil) {
        self.raw = raw
        self.hourly = hourly
        self.daily = daily
    }

    /// What is wrong with these times, if anything: each tier keeps at least a day, and no
    /// coarser tier ends before a finer one.
    public var problem: String? {
        if raw < Self.day { return "raw must keep at least 1d" }
        if hourly < raw { return "hourly must keep at least as long as raw" }
        if let daily, daily < hourly { return "daily must keep at least as long as hourly" }
        return nil
    }
}
