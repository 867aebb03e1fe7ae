import Foundation

/// Dense index of an indicator in the catalog.
public typealias IndicatorID = Int
/// Dense index of a region in the catalog.
public typealias RegionID = Int

/// A series is one indicator in one region; its id is dense so engine state can live in arrays.
public struct SeriesID: Sendable, Hashable, Comparable {
    public var raw: Int
    public init(raw: Int) { self.raw = raw }
    public static func < (a: SeriesID, b: SeriesID) -> Bool { a.raw < b.raw }
}

/// The immutable, validated catalog: regions, fields and indicators with dense ids.
/// Built once from configuration; shared by engine, store and console.
public final class Catalog: Sendable {
    public let name: String
    public let regions: [Region]
    public let fields: [Field]
    public let indicators: [Indicator]
    public let rootRegion: RegionID

    public let regionIndex: [String: RegionID]
    public let indicatorIndex: [String: IndicatorID]
    public let fieldIndex: [String: Int]
    /// Children of each region, in configuration order.
    public let children: [[RegionID]]
    public let parentOf: [RegionID?]
    /// Indicators of each field, in configuration order.
    public let indicatorsByField: [[IndicatorID]]
    /// Formulas compiled, in dependency order.
    public let formulaPlan: FormulaPlan
    /// Per field, the region it is limited to (a district center's own field), if any.
    public let fieldRegion: [RegionID?]
    /// Per indicator, its field's region limit (copied so `isReported` is one lookup).
    private let indicatorRegion: [RegionID?]

    public var seriesCount: Int { indicators.count * regions.count }

    public init(name: String, regions: [Region], fields: [Field], indicators: [Indicator], root: String) throws {
        self.name = name
        self.regions = regions
        self.fields = fields
        self.indicators = indicators

        var regionIndex: [String: RegionID] = [:]
        for (i, region) in regions.enumerated() {
            guard regionIndex[region.code] == nil else { throw CatalogError.duplicate("region", region.code) }
            regionIndex[region.code] = i
        }
        var parentOf = [RegionID?](repeating: nil, count: regions.count)
        var children = [[RegionID]](repeating: [], count: regions.count)
        for (i, region) in regions.enumerated() {
            guard let parentCode = region.parent else { continue }
            guard let p = regionIndex[parentCode] else { throw CatalogError.unknown("parent region", parentCode) }
            parentOf[i] = p
            children[p].append(i)
        }
        var fieldIndex: [String: Int] = [:]
        for (i, field) in fields.enumerated() {
            guard fieldIndex[field.code] == nil else { throw CatalogError.duplicate("field", field.code) }
            fieldIndex[field.code] = i
        }
        var indicatorIndex: [String: IndicatorID] = [:]
        var byField = [[IndicatorID]](repeating: [], count: fields.count)
        for (i, indicator) in indicators.enumerated() {
            guard indicatorIndex[indicator.code] == nil else { throw CatalogError.duplicate("indicator", indicator.code) }
            guard let f = fieldIndex[indicator.field] else { throw CatalogError.unknown("field", indicator.field) }
            indicatorIndex[indicator.code] = i
            byField[f].append(i)
        }
        guard let rootID = regionIndex[root] else { throw CatalogError.unknown("root region", root) }
        let fieldRegion = try fields.map { field -> RegionID? in
            guard let code = field.region else { return nil }
            guard let r = regionIndex[code] else { throw CatalogError.unknown("region of field \(field.code)", code) }
            return r
        }
        self.fieldRegion = fieldRegion
        indicatorRegion = indicators.map { fieldIndex[$0.field].flatMap { fieldRegion[$0] } }

        self.regionIndex = regionIndex
        self.indicatorIndex = indicatorIndex
        self.fieldIndex = fieldIndex
        self.children = children
        self.parentOf = parentOf
        self.indicatorsByField = byField
        self.rootRegion = rootID
        self.formulaPlan = try FormulaPlan(indicators: indicators, index: indicatorIndex)
    }

    public func series(_ indicator: IndicatorID, _ region: RegionID) -> SeriesID {
        SeriesID(raw: indicator * regions.count + region)
    }

    public func indicator(of series: SeriesID) -> IndicatorID { series.raw / regions.count }
    public func region(of series: SeriesID) -> RegionID { series.raw % regions.count }

    public func series(indicator code: String, region regionCode: String) -> SeriesID? {
        guard let i = indicatorIndex[code], let r = regionIndex[regionCode] else { return nil }
        return series(i, r)
    }

    /// Whether an indicator has series in a region: at its level, and within its field's region
    /// when the field is a district center's own.
    public func isReported(_ indicator: IndicatorID, at region: RegionID) -> Bool {
        guard indicators[indicator].levels.contains(regions[region].level) else { return false }
        guard let limit = indicatorRegion[indicator] else { return true }
        return isWithin(region, limit)
    }

    /// Whether a field is shown at a region (a district center's own field only there and below).
    public func isShown(field f: Int, at region: RegionID) -> Bool {
        fieldRegion[f].map { isWithin(region, $0) } ?? true
    }

    /// Whether `region` is `ancestor` or lies below it.
    public func isWithin(_ region: RegionID, _ ancestor: RegionID) -> Bool {
        var current: RegionID? = region
        while let r = current {
            if r == ancestor { return true }
            current = parentOf[r]
        }
        return false
    }

    /// The path from the root down to `region`, both included.
    public func path(to region: RegionID) -> [RegionID] {
        var path: [RegionID] = []
        var current: RegionID? = region
        while let r = current {
            path.append(r)
            current = parentOf[r]
        }
        return path.reversed()
    }
}

public enum CatalogError: Error, Equatable, CustomStringConvertible {
    case duplicate(String, String)
    case unknown(String, String)
    case formula(String, String)

    public var description: String {
        switch self {
        case let .duplicate(kind, code): "duplicate \(kind) code '\(code)'"
        case let .unknown(kind, code): "unknown \(kind) '\(code)'"
        case let .formula(code, message): "indicator '\(code)': \(message)"
        }
    }
}
