import Foundation
import IndicatorEngine

/// A stand-in live feed until the simulator lands: plausible values around each indicator's
/// healthy side, a daily swing, noise, and now and then an excursion past its thresholds.
public struct StandInFeed: Sendable {
    public let catalog: Catalog
    public let interval: Int64
    private var random: SeededRandom
    private var baselines: [Double]
    private var started = false

    public init(catalog: Catalog, seed: UInt64, interval: Int64 = 2) {
        self.catalog = catalog
        self.interval = interval
        random = SeededRandom(seed: seed)
        baselines = catalog.indicators.map(Self.baseline)
    }

    /// The next batch at `now`: every series on the first call, then about a tenth of them.
    public mutating func next(now: Int64) -> [Observation] {
        var batch: [Observation] = []
        let share = started ? 0.1 : 1.0
        started = true
        let day = Double(now % 86_400) / 86_400
        for (i, indicator) in catalog.indicators.enumerated() {
            let regions = regions(for: indicator)
            // Summed indicators split the province's level across the regions that report them.
            let scale = indicator.rollup == .sum ? 1 / Double(regions.count) : 1
            for region in regions where random.unit() < share {
                // Districts differ a little from each other, not enough to cross a line by themselves.
                let base = baselines[i] * scale * (region == catalog.rootRegion ? 1 : 0.99 + 0.02 * random.unit())
                var value = base * (1 + 0.015 * sin(2 * .pi * day) + 0.005 * random.gaussian())
                // Now and then an incident. Summed indicators are left out: their thresholds are the
                // province's, which no single district's share should reach.
                if indicator.rollup != .sum, random.unit() < 0.003, let excursion = excursion(indicator) { value = excursion }
                if indicator.kind == .integer { value = value.rounded() }
                if indicator.unit == "%" { value = min(100, max(0, value)) }
                batch.append(Observation(indicator: indicator.code, region: catalog.regions[region].code,
                                         time: now, value: value, source: "stand-in"))
            }
        }
        return batch
    }

    /// The districts when the indicator is reported there (the engine rolls them up), else the province.
    private func regions(for indicator: Indicator) -> [RegionID] {
        let root = catalog.rootRegion
        let districts = catalog.children[root].filter { indicator.levels.contains(catalog.regions[$0].level) }
        return districts.isEmpty ? [root] : districts
    }

    /// A value on the healthy side of the thresholds, near the target when there is one.
    static func baseline(_ indicator: Indicator) -> Double {
        if let t = indicator.thresholds, let w = t.warning ?? t.critical {
            switch (w.above, w.below) {
            case let (above?, below?): return (above + below) / 2
            case let (above?, nil): return above * 0.8
            case let (nil, below?): return indicator.unit == "%" ? min(100 - (100 - below) / 3, below * 1.1 + 1) : below * 1.2
            default: break
            }
        }
        if let target = indicator.target { return target.value * 0.9 }
        return indicator.unit == "%" ? 50 : 100
    }

    /// A value just past the critical (else warning) line, for an incident.
    private func excursion(_ indicator: Indicator) -> Double? {
        guard let t = indicator.thresholds, let b = t.critical ?? t.warning else { return nil }
        if let above = b.above { return above * 1.05 + t.clear }
        if let below = b.below { return below * 0.95 - t.clear }
        return nil
    }
}
