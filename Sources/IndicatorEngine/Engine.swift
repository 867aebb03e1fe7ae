import Foundation

/// The latest value of a series as the engine and the store hold it.
public struct CurrentValue: Sendable, Hashable {
    public var value: Double
    public var time: Int64
    public var status: SeriesStatus

    public init(value: Double, time: Int64, status: SeriesStatus) {
        self.value = value
        self.time = time
        self.status = status
    }
}

/// What one batch or tick changed.
public struct ChangeSet: Sendable, Equatable {
    /// Series whose latest value changed.
    public var values: [SeriesID] = []
    /// Series whose status changed: (series, old, new).
    public var statuses: [StatusChange] = []

    public init() {}
    public var isEmpty: Bool { values.isEmpty && statuses.isEmpty }
}

public struct StatusChange: Sendable, Hashable {
    public var series: SeriesID
    public var from: SeriesStatus
    public var to: SeriesStatus

    public init(series: SeriesID, from: SeriesStatus, to: SeriesStatus) {
        self.series = series
        self.from = from
        self.to = to
    }
}

/// Latest values and statuses for every series, in dense arrays indexed by `SeriesID`.
public struct SeriesTable: Sendable {
    public private(set) var values: [Double]
    public private(set) var times: [Int64]
    public private(set) var statuses: [SeriesStatus]
    /// Recent values per series for sparklines, newest last.
    public private(set) var recent: [Int: [Double]] = [:]
    public static let recentCapacity = 48

    public init(count: Int) {
        values = Array(repeating: .nan, count: count)
        times = Array(repeating: 0, count: count)
        statuses = Array(repeating: .nodata, count: count)
    }

    public subscript(series: SeriesID) -> CurrentValue? {
        let v = values[series.raw]
        return v.isNaN ? nil : CurrentValue(value: v, time: times[series.raw], status: statuses[series.raw])
    }

    public func status(_ series: SeriesID) -> SeriesStatus { statuses[series.raw] }
    public func recentValues(_ series: SeriesID) -> [Double] { recent[series.raw] ?? [] }

    mutating func set(_ series: SeriesID, value: Double, time: Int64) {
        values[series.raw] = value
        times[series.raw] = time
        var ring = recent[series.raw] ?? []
        ring.append(value)
        if ring.count > Self.recentCapacity { ring.removeFirst(ring.count - Self.recentCapacity) }
        recent[series.raw] = ring
    }

    mutating func setStatus(_ series: SeriesID, _ status: SeriesStatus) {
        statuses[series.raw] = status
    }
}

/// The indicator engine: applies batches of observations and clock ticks to the series table.
/// It never reads a clock itself; every call is given `now` (Unix seconds).
public struct Engine: Sendable {
    public let catalog: Catalog
    public private(set) var table: SeriesTable

    public init(catalog: Catalog) {
        self.catalog = catalog
        self.table = SeriesTable(count: catalog.seriesCount)
    }

    /// Applies a batch; observations older than a series' latest value are history only.
    @discardableResult
    public mutating func apply(_ batch: [Observation], now: Int64) -> ChangeSet {
        var changes = ChangeSet()
        for observation in batch {
            guard let series = catalog.series(indicator: observation.indicator, region: observation.region),
                  observation.value.isFinite else { continue }
            if let current = table[series], current.time > observation.time { continue }
            table.set(series, value: observation.value, time: observation.time)
            changes.values.append(series)
            reevaluate(series, now: now, into: &changes)
        }
        return changes
    }

    /// Re-judges every series with a value against the clock (staleness).
    @discardableResult
    public mutating func tick(now: Int64) -> ChangeSet {
        var changes = ChangeSet()
        for raw in 0..<catalog.seriesCount where !table.values[raw].isNaN {
            reevaluate(SeriesID(raw: raw), now: now, into: &changes)
        }
        return changes
    }

    /// Restores a value read back from the store, without treating it as news.
    public mutating func restore(_ series: SeriesID, _ current: CurrentValue) {
        table.set(series, value: current.value, time: current.time)
        table.setStatus(series, current.status)
    }

    public func status(of series: SeriesID, value: Double, time: Int64, previous: SeriesStatus, now: Int64) -> SeriesStatus {
        let indicator = catalog.indicators[catalog.indicator(of: series)]
        if now - time > indicator.staleAfter { return .stale }
        guard let thresholds = indicator.thresholds else { return .ok }
        return SeriesStatus(severity: thresholds.severity(of: value, previous: previous.severity))
    }

    private mutating func reevaluate(_ series: SeriesID, now: Int64, into changes: inout ChangeSet) {
        let old = table.status(series)
        let new = status(of: series, value: table.values[series.raw], time: table.times[series.raw], previous: old, now: now)
        if new != old {
            table.setStatus(series, new)
            changes.statuses.append(StatusChange(series: series, from: old, to: new))
        }
    }
}
