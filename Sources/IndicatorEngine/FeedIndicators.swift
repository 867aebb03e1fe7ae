/// How often a feed is expected to give data (`expect:` in `ioc.yaml`): past it, the feed is
/// quiet, and its indicator in the center's own "Dữ liệu" field goes stale and raises an alert.
public struct FeedCadence: Sendable, Hashable, Codable {
    /// The feed's name as `ioc feeds` shows it: a command feed's name, a token's name,
    /// `simulator` or `inbox`.
    public var name: String
    /// `simulator`, `inbox`, `command` or `http`.
    public var kind: String
    /// Seconds.
    public var every: Int64

    public init(name: String, kind: String, every: Int64) {
        self.name = name
        self.kind = kind
        self.every = every
    }

    /// A command feed's cadence when it names none: the time after which any feed is quiet.
    public static let defaultEvery: Int64 = 600
    /// The shortest cadence: the leader writes a feed's indicator at most twice a minute.
    public static let shortest: Int64 = 60
}

/// The center's own field, "Dữ liệu": an indicator per feed with a cadence, whose value is the
/// observations the feed gave over the last hour, written by the leader while the feed gives
/// data. A feed that stops leaves its indicator without new values, so the engine's staleness
/// rule (`stale_after` = the cadence) raises the alert, and it rolls into scores, reports and
/// notifications like any other. Nothing from outside may write these indicators.
public enum FeedIndicators {
    public static let field = "data"
    /// The observations' source: the leader's account, not a feed of its own.
    public static let source = "ioc:feeds"

    public static func code(feed name: String) -> String { "data.feed." + name }

    /// The field and its indicators for these cadences (none: no field), at the root region's
    /// level, opened by `key`.
    public static func make(_ cadences: [FeedCadence], rootLevel: RegionLevel, key: String) -> (Field, [Indicator])? {
        guard !cadences.isEmpty else { return nil }
        let indicators = cadences.map { c in
            Indicator(code: code(feed: c.name), name: "Nguồn \(c.name)",
                      nameEn: "Feed \(c.name): observations taken over the last hour", field: field, unit: "quan trắc/giờ",
                      kind: .integer, direction: .higherIsBetter, frequency: Frequency(seconds: c.every, label: Durations.format(c.every)),
                      levels: [rootLevel], staleAfter: c.every,
                      description: "Quiet for longer than \(Durations.format(c.every)) (the feed's expect:), it goes stale and raises an alert.",
                      source: "ioc: the leader's account of the \(c.kind) feed '\(c.name)'")
        }
        let fieldValue = Field(code: field, name: "Dữ liệu", nameEn: "Data feeds", key: key, headline: Array(indicators.prefix(4).map(\.code)))
        return (fieldValue, indicators)
    }
}
