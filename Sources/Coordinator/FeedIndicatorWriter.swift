import Feeds
import IndicatorEngine

/// What the leader writes to the "Dữ liệu" field: for each feed with a cadence, while it gives
/// data, the observations it gave over the last hour, at the time of its latest. It writes at
/// most once a minute, and sooner when the value written is half a cadence old, so an indicator
/// never looks staler than its feed; a feed that stops gets nothing more, and the engine's
/// staleness rule judges it quiet past its cadence.
struct FeedIndicatorWriter {
    let cadences: [FeedCadence]
    /// The root region's code: the field's indicators are the center's.
    let region: String
    /// By feed: when its value was last written, and the time it carried.
    private var written: [String: (at: Int64, time: Int64)] = [:]

    init(cadences: [FeedCadence], region: String) {
        self.cadences = cadences
        self.region = region
    }

    mutating func due(_ health: FeedHealth, now: Int64) -> [Observation] {
        cadences.compactMap { cadence in
            let account = health.account(of: cadence.name, now: now)
            guard let last = account.lastTime else { return nil }
            if let before = written[cadence.name] {
                guard last > before.time, now - before.at >= 60 || now - before.time >= cadence.every / 2 else { return nil }
            }
            written[cadence.name] = (now, last)
            return Observation(indicator: FeedIndicators.code(feed: cadence.name), region: region, time: last,
                               value: Double(account.accepted1h), source: FeedIndicators.source)
        }
    }
}
