import Foundation
import IndicatorEngine

/// The live simulator of the default configuration. Every value is a pure function of
/// (seed, series, time): the same seed gives the same values, live or as history.
///
/// Indicators move by their `pattern` (tides for salinity and water levels, with the dry
/// season; rush hours for traffic; office hours for applications; hospital load) around
/// their `typical` value, with a little noise. Now and then an incident drives a fast-moving
/// value past its critical line for 20-40 minutes and back, and a realtime station goes quiet
/// for 10-30 minutes (long enough to be stale).
public struct Simulator: Sendable {
    public let catalog: Catalog
    public let seed: UInt64
    /// Seconds between updates of the live feed loop (the console's feed interval).
    public let interval: Int64 = 2
    /// Offset of the local time zone, for daily shapes.
    public let utcOffset: Int64
    /// Series the simulator writes: each indicator at the lowest level it is reported at.
    public let plan: [SeriesID]
    /// Province-scale factor of each planned series (its share of a sum, or its local bias).
    private let scale: [Double]
    private let planIndex: [Int: Int]
    /// For parents of summed indicators: the sum of their planned children's shares.
    private let parentScale: [Int: Double]
    private var nextDue: [Int64]

    /// Each indicator's hint, by indicator id (flat around a default without one).
    private let hints: [SimulatorHint]

    /// `hints`: by indicator code, as the configuration gives them.
    public init(catalog: Catalog, hints: [String: SimulatorHint] = [:], seed: UInt64,
                timeZone: TimeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!) {
        self.catalog = catalog
        self.hints = catalog.indicators.map { hints[$0.code] ?? SimulatorHint() }
        self.seed = seed
        utcOffset = Int64(timeZone.secondsFromGMT())
        var plan: [SeriesID] = []
        var scale: [Double] = []
        for (i, indicator) in catalog.indicators.enumerated() where indicator.formula == nil && indicator.source.isEmpty {
            let regions = Self.simulatedRegions(catalog, i)
            // A region's weight is the same for every indicator (like its share of the
            // population), so ratios of two summed indicators stay sensible in every region.
            let weights = regions.map { 0.7 + 0.6 * Self.unit(seed, 0x5CA1E, UInt64($0)) }
            let total = weights.reduce(0, +)
            for (region, weight) in zip(regions, weights) {
                plan.append(catalog.series(i, region))
                if indicator.rollup == .sum && regions.count > 1 {
                    scale.append(weight / total)
                } else {
                    // Regions differ a little from each other (±1%), not enough to cross a line on their own.
                    let bias = Self.unit(seed, 0xB1A5 ^ UInt64(i), UInt64(region))
                    scale.append(regions.count > 1 ? 0.99 + 0.02 * bias : 1)
                }
            }
        }
        self.plan = plan
        self.scale = scale
        planIndex = Dictionary(uniqueKeysWithValues: plan.enumerated().map { ($1.raw, $0) })
        var parents: [Int: Double] = [:]
        for (k, series) in plan.enumerated() where catalog.indicators[catalog.indicator(of: series)].rollup == .sum {
            let i = catalog.indicator(of: series)
            var ancestor = catalog.parentOf[catalog.region(of: series)]
            while let a = ancestor {
                parents[catalog.series(i, a).raw, default: 0] += scale[k]
                ancestor = catalog.parentOf[a]
            }
        }
        parentScale = parents
        nextDue = Array(repeating: Int64.min, count: plan.count)
    }

    /// Whether the simulator writes this indicator (not for derived ones or those a report supplies).
    public func simulates(_ i: IndicatorID) -> Bool {
        catalog.indicators[i].formula == nil && catalog.indicators[i].source.isEmpty
    }

    /// The value any series of a simulated indicator has at `t`, parents included: a parent of a
    /// summed indicator stands for its share of the province, others for the province's level.
    public func value(of series: SeriesID, at t: Int64) -> Double {
        let i = catalog.indicator(of: series)
        let indicator = catalog.indicators[i]
        let factor: Double
        if let k = planIndex[series.raw] {
            factor = scale[k]
        } else {
            factor = parentScale[series.raw] ?? 1
        }
        return Self.value(indicator, hint: hints[i], scale: factor, series: series.raw, seed: seed, at: t, utcOffset: utcOffset,
                          alerted: indicator.alertLevels.contains(catalog.regions[catalog.region(of: series)].level))
    }

    /// The lowest level an indicator is reported at, in every region of that level where it is
    /// reported (a district center's own field: only in that district).
    static func simulatedRegions(_ catalog: Catalog, _ i: IndicatorID) -> [RegionID] {
        let levels = catalog.indicators[i].levels
        for level in [RegionLevel.commune, .district, .province] where levels.contains(level) {
            return catalog.regions.indices.filter { catalog.regions[$0].level == level && catalog.isReported(i, at: $0) }
        }
        return []
    }

    /// How often a series gets a new value in the live feed.
    public static func updateInterval(_ indicator: Indicator) -> Int64 {
        switch indicator.frequency.seconds {
        case ...60: 10
        case ...900: 60
        case ...3_600: 300
        default: 1_800
        }
    }

    /// The samples due at `now`: every planned series on the first call, then those whose
    /// update interval has passed (and whose station is not quiet).
    public mutating func next(now: Int64) -> [Sample] {
        var batch: [Sample] = []
        for (k, series) in plan.enumerated() where now >= nextDue[k] {
            let i = catalog.indicator(of: series)
            let indicator = catalog.indicators[i]
            nextDue[k] = now + Self.updateInterval(indicator)
            if isQuiet(series, indicator, at: now) { continue }
            batch.append(Sample(series: series, time: now, value: value(k, at: now)))
        }
        return batch
    }

    /// The value of planned series `k` at time `t`.
    public func value(_ k: Int, at t: Int64) -> Double {
        let series = plan[k]
        let i = catalog.indicator(of: series)
        let indicator = catalog.indicators[i]
        return Self.value(indicator, hint: hints[i], scale: scale[k], series: series.raw, seed: seed, at: t, utcOffset: utcOffset,
                          alerted: indicator.alertLevels.contains(catalog.regions[catalog.region(of: series)].level))
    }

    /// `alerted`: the series is at a level its thresholds are judged at (incidents happen only there).
    static func value(_ indicator: Indicator, hint: SimulatorHint, scale: Double, series: Int, seed: UInt64, at t: Int64, utcOffset: Int64,
                      alerted: Bool) -> Double {
        let typical = (hint.typical ?? defaultTypical(indicator)) * scale
        let local = t + utcOffset
        let hour = Double(local % 86_400) / 3_600
        let weekday = ((local / 86_400) + 4) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
        let working = weekday != 0 && weekday != 6
        // Noise changes once per update interval, so repeated reads inside it agree.
        let bucket = UInt64(t / max(1, updateInterval(indicator)))
        let noise = (unit(seed, UInt64(series), bucket) - 0.5) * 0.02
        var v: Double
        switch hint.pattern {
        case .flat:
            v = typical * (1 + noise)
        case .daily:
            v = typical * (1 + 0.08 * sin(2 * .pi * (hour - 9) / 24) + noise)
        case .dailyTemperature:
            v = typical + 3.5 * sin(2 * .pi * (hour - 9) / 24) + 20 * noise
        case .dailyInverse:
            v = typical * (1 - 0.12 * sin(2 * .pi * (hour - 9) / 24) + noise)
        case .workingDay:
            // A count so far today: it grows through office hours on working days and holds after them.
            let done = working ? min(1, max(0, (hour - 7.5) / 9.5)) : 0
            v = typical * done * (1 + noise)
        case .workingDayRate:
            v = typical * (1 + noise * 0.5)
        case .daytime:
            let day = max(0, sin(.pi * (hour - 6) / 15))
            v = typical * (0.1 + 1.3 * day) * (1 + 2 * noise)
        case .rushHours, .rushHoursAir, .rushHoursInverse:
            let rush = exp(-pow((hour - 7) / 1.2, 2)) + 0.9 * exp(-pow((hour - 17.5) / 1.4, 2))
            let day = max(0, sin(.pi * (hour - 5) / 18))
            switch hint.pattern {
            case .rushHoursInverse: v = typical * (1.1 - 0.35 * rush) * (1 + noise)
            case .rushHoursAir: v = typical * (0.75 + 0.45 * rush + (hour < 5 ? 0.25 : 0)) * (1 + 3 * noise)
            default: v = typical * (0.15 + 0.55 * day + 0.7 * rush) * (1 + 2 * noise)
            }
        case .hospital:
            v = typical * (1 + (working ? 0.04 : -0.04) + 0.05 * sin(2 * .pi * (hour - 8) / 24) + noise)
        case .tideSalinity:
            // Semi-diurnal tide (12 h 25 min) and the dry season (January to May).
            let month = Calendar.utc.component(.month, from: Date(timeIntervalSince1970: TimeInterval(local)))
            let season = month <= 5 ? 1.0 : month == 12 ? 0.6 : 0.25
            v = max(0, typical * season * (1 + 0.35 * sin(2 * .pi * Double(t) / 44_712)) * (1 + 2 * noise))
        case .tideLevel:
            v = typical + 110 * sin(2 * .pi * Double(t) / 44_712) + 100 * noise
        case .tideLevelRate:
            v = typical * (1 + 0.8 * sin(2 * .pi * Double(t) / 44_712)) * (1 + noise)
        }
        if alerted, let excursion = incident(indicator, series: series, seed: seed, at: t) { v = excursion }
        return shaped(v, indicator, hint)
    }

    /// An incident: a fast-moving indicator with thresholds past its critical line for part of an hour.
    static func incident(_ indicator: Indicator, series: Int, seed: UInt64, at t: Int64) -> Double? {
        guard indicator.frequency.seconds <= 3_600, let thresholds = indicator.thresholds,
              let line = thresholds.critical ?? thresholds.warning else { return nil }
        let hour = UInt64(t / 3_600)
        guard unit(seed, 0x1C1DE47 ^ UInt64(series), hour) < 0.004 else { return nil }
        let start = Int64(unit(seed, 0x57A27 ^ UInt64(series), hour) * 1_800)
        let length = 1_200 + Int64(unit(seed, 0x1E9 ^ UInt64(series), hour) * 1_200)
        let into = t % 3_600
        guard into >= start, into < start + length else { return nil }
        let margin = max(thresholds.clear * 2, 0.05 * abs(line.above ?? line.below ?? 1))
        if let above = line.above { return above + margin }
        if let below = line.below { return below - margin }
        return nil
    }

    /// A realtime station that goes quiet for 10-30 minutes, now and then.
    public func isQuiet(_ series: SeriesID, _ indicator: Indicator, at t: Int64) -> Bool {
        guard indicator.frequency.seconds <= 60 else { return false }
        let block = UInt64(t / 21_600)
        guard Self.unit(seed, 0x0917E ^ UInt64(series.raw), block) < 0.03 else { return false }
        let start = Int64(Self.unit(seed, 0x5741 ^ UInt64(series.raw), block) * 19_800)
        let length = 600 + Int64(Self.unit(seed, 0x1E4 ^ UInt64(series.raw), block) * 1_200)
        let into = t % 21_600
        return into >= start && into < start + length
    }

    static func shaped(_ v: Double, _ indicator: Indicator, _ hint: SimulatorHint) -> Double {
        var v = v
        if indicator.unit == "%", (hint.typical ?? 0) <= 100 { v = min(100, max(0, v)) }
        if indicator.kind == .integer { v = max(0, v.rounded()) }
        if indicator.kind == .boolean { v = v >= 0.5 ? 1 : 0 }
        return resolution(v)
    }

    /// A reading as an instrument reports it: three or four significant digits (a salinity of
    /// 3.47 g/l, a water level of 112.5 cm, 1250 vehicles), never a double's seventeen. It is
    /// what the console shows, and what lets the store keep a value in a byte or two.
    static func resolution(_ v: Double) -> Double {
        let magnitude = abs(v)
        let scale: Double = magnitude >= 1_000 ? 1 : magnitude >= 100 ? 10 : 100
        return (v * scale).rounded() / scale
    }

    static func defaultTypical(_ indicator: Indicator) -> Double {
        indicator.target?.value ?? (indicator.unit == "%" ? 80 : 100)
    }

    /// A deterministic number in [0, 1) from the seed and two keys (SplitMix64 finaliser).
    static func unit(_ seed: UInt64, _ a: UInt64, _ b: UInt64) -> Double {
        var z = seed &+ a &* 0x9E37_79B9_7F4A_7C15 &+ b &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}
