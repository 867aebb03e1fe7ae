import Foundation

/// Administrative level of a region, from the top down.
public enum RegionLevel: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case province, district, commune

    public var depth: Int {
        switch self {
        case .province: 0
        case .district: 1
        case .commune: 2
        }
    }

    public static func < (a: RegionLevel, b: RegionLevel) -> Bool { a.depth < b.depth }
}

/// A province, district or commune, identified by its GSO administrative code.
public struct Region: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: RegionLevel
    public var parent: String?

    public init(code: String, name: String, level: RegionLevel, parent: String? = nil) {
        self.code = code
        self.name = name
        self.level = level
        self.parent = parent
    }
}

/// A field of the operation center (public administration, health, ...).
public struct Field: Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    /// The key that opens it on the console: "1"..."9", "0", or "-" and "=" for an 11th and 12th.
    public var key: String
    /// Indicators shown on the field's overview panel, in order.
    public var headline: [String]
    /// A district center's own field: its indicators exist only in this region and below, and
    /// consoles show it only there (nil: everywhere).
    public var region: String?

    /// The keys fields may take, in order.
    public static let keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "="]

    public init(code: String, name: String, nameEn: String, key: String, headline: [String] = [], region: String? = nil) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.key = key
        self.headline = headline
        self.region = region
    }
}

public enum Direction: String, Sendable, Hashable, CaseIterable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
    case neutral
}

public enum ValueKind: String, Sendable, Hashable, CaseIterable {
    case number, integer, boolean
}

/// How often an indicator is reported, in seconds, with the name it was given.
public struct Frequency: Sendable, Hashable {
    public var seconds: Int64
    public var label: String

    public init(seconds: Int64, label: String) {
        self.seconds = seconds
        self.label = label
    }

    /// Named frequencies of the configuration schema.
    public static let named: [String: Int64] = [
        "realtime": 60,
        "15m": 900,
        "hourly": 3_600,
        "daily": 86_400,
        "monthly": 31 * 86_400,
        "quarterly": 92 * 86_400,
        "yearly": 366 * 86_400,
    ]
}

/// How a parent region's value is made from its children's.
public enum RollupRule: Sendable, Hashable {
    case sum, mean, min, max, last, recompute, none
    case weightedMean(weight: String)

    /// The rule as the configuration spells it. A new rule is a new case here, and every switch
    /// over it (the loader's included) fails to compile until it is handled.
    public enum Kind: String, Sendable, CaseIterable {
        case sum, mean, weightedMean = "weighted_mean", min, max, last, recompute, none
    }

    public var kind: Kind {
        switch self {
        case .sum: .sum
        case .mean: .mean
        case .min: .min
        case .max: .max
        case .last: .last
        case .recompute: .recompute
        case .none: .none
        case .weightedMean: .weightedMean
        }
    }

    public var name: String { kind.rawValue }

    public static let names = Kind.allCases.map(\.rawValue)
}

public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case warning, critical

    public var rank: Int { self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Limits for one severity. For directional indicators only the bound on the bad side is
/// set (`below` for higher-is-better, `above` for lower-is-better); neutral ones may set both.
public struct Bounds: Sendable, Hashable {
    public var above: Double?
    public var below: Double?

    public init(above: Double? = nil, below: Double? = nil) {
        self.above = above
        self.below = below
    }
}

public struct Thresholds: Sendable, Hashable {
    public var warning: Bounds?
    public var critical: Bounds?
    /// Hysteresis: a breached line is only left when the value is this far back inside it.
    public var clear: Double

    public init(warning: Bounds? = nil, critical: Bounds? = nil, clear: Double = 0) {
        self.warning = warning
        self.critical = critical
        self.clear = clear
    }

    public func bounds(_ severity: Severity) -> Bounds? {
        severity == .warning ? warning : critical
    }
}

public struct Target: Sendable, Hashable {
    public var value: Double
    /// Deadline, Unix seconds.
    public var by: Int64

    public init(value: Double, by: Int64) {
        self.value = value
        self.by = by
    }
}

public struct Indicator: Sendable, Hashable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var field: String
    public var unit: String
    public var kind: ValueKind
    public var direction: Direction
    public var frequency: Frequency
    public var levels: Set<RegionLevel>
    public var rollup: RollupRule
    public var formula: String?
    public var thresholds: Thresholds?
    /// Seconds a breach must hold before its alert fires.
    public var forSeconds: Int64
    /// Seconds a recovered condition must hold before its alert resolves.
    public var keepFiringFor: Int64
    /// Seconds without a value after which the series is stale; default 2 × frequency.
    public var staleAfter: Int64
    public var target: Target?
    public var description: String
    public var source: String
    /// A value reported for a parent region wins over the rolled-up one.
    public var preferReported: Bool
    /// Levels at which the thresholds are judged (default: every level it is reported at). A
    /// summed indicator's lines are usually the province's, meaningless for one commune's share.
    public var alertLevels: Set<RegionLevel>

    public init(
        code: String, name: String, nameEn: String = "", field: String, unit: String = "",
        kind: ValueKind = .number, direction: Direction = .neutral,
        frequency: Frequency = Frequency(seconds: 86_400, label: "daily"),
        levels: Set<RegionLevel> = [.province], rollup: RollupRule = .none, formula: String? = nil,
        thresholds: Thresholds? = nil, forSeconds: Int64 = 0, keepFiringFor: Int64 = 0,
        staleAfter: Int64? = nil, target: Target? = nil, description: String = "", source: String = "",
        preferReported: Bool = false, alertLevels: Set<RegionLevel>? = nil
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.field = field
        self.unit = unit
        self.kind = kind
        self.direction = direction
        self.frequency = frequency
        self.levels = levels
        self.rollup = rollup
        self.formula = formula
        self.thresholds = thresholds
        self.forSeconds = forSeconds
        self.keepFiringFor = keepFiringFor
        self.staleAfter = staleAfter ?? 2 * frequency.seconds
        self.target = target
        self.description = description
        self.source = source
        self.preferReported = preferReported
        self.alertLevels = alertLevels ?? levels
    }
}

/// One value of one series at one time.
public struct Observation: Sendable, Hashable {
    public var indicator: String
    public var region: String
    /// Unix seconds.
    public var time: Int64
    public var value: Double
    public var source: String
    /// Nanoseconds after `time`, when the source gave them (see `Sample.nanos`).
    public var nanos: Int32

    public init(indicator: String, region: String, time: Int64, value: Double, source: String = "", nanos: Int32 = 0) {
        self.indicator = indicator
        self.region = region
        self.time = time
        self.value = value
        self.source = source
        self.nanos = nanos
    }
}

/// One observation in flight inside a process: a series of the catalog, a time and a value.
/// Codes appear only at the edges (parsers, the intake queue, JSON); inside, a series is its id.
public struct Sample: Sendable, Hashable {
    public var series: SeriesID
    /// Unix seconds.
    public var time: Int64
    public var value: Double
    /// Nanoseconds after `time` (0 when the source gives whole seconds). A series keeps one
    /// value per second: the one with the latest timestamp within it, whatever the arrival order.
    public var nanos: Int32

    public init(series: SeriesID, time: Int64, value: Double, nanos: Int32 = 0) {
        self.series = series
        self.time = time
        self.value = value
        self.nanos = nanos
    }

    /// Whether this sample is older than one at `time` and `nanos` (so it does not replace it).
    public func isOlder(than time: Int64, nanos: Int32) -> Bool { (self.time, self.nanos) < (time, nanos) }
}

public enum SeriesStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case ok, warning, critical, stale, nodata
}

// The configuration's compiled snapshot (IOCConfig) stores these as they were validated.
extension Region: Codable {}
extension Field: Codable {}
extension Direction: Codable {}
extension ValueKind: Codable {}
extension Frequency: Codable {}
extension RollupRule: Codable {}
extension Bounds: Codable {}
extension Thresholds: Codable {}
extension Target: Codable {}
extension Indicator: Codable {}
