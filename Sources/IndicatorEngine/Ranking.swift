import Foundation

/// A region's place among its peers for one indicator.
public struct RankedRegion: Sendable, Hashable {
    public var region: RegionID
    public var value: Double?
    /// 1 is best; tied values share a rank (1, 2, 2, 4); nil without a value.
    public var rank: Int?
}

extension Catalog {
    /// Ranks `regions` on an indicator by its direction: highest first when higher is better,
    /// lowest first when lower is better, highest first for neutral ones. Regions without a
    /// value come last, unranked, in their given order.
    public func ranking(_ indicator: IndicatorID, among regions: [RegionID], value: (SeriesID) -> Double?) -> [RankedRegion] {
        let ascending = indicators[indicator].direction == .lowerIsBetter
        let valued = regions.compactMap { r in value(series(indicator, r)).map { (r, $0) } }
        let sorted = valued.enumerated().sorted { a, b in
            if a.element.1 != b.element.1 { return ascending ? a.element.1 < b.element.1 : a.element.1 > b.element.1 }
            return a.offset < b.offset
        }.map(\.element)
        var result: [RankedRegion] = []
        for (position, (region, v)) in sorted.enumerated() {
            let rank = position > 0 && sorted[position - 1].1 == v ? result[position - 1].rank : position + 1
            result.append(RankedRegion(region: region, value: v, rank: rank))
        }
        let ranked = Set(valued.map(\.0))
        result += regions.filter { !ranked.contains($0) }.map { RankedRegion(region: $0, value: nil, rank: nil) }
        return result
    }

    /// The districts (children of the root) ranked on an indicator.
    public func districtRanking(_ indicator: IndicatorID, table: SeriesTable) -> [RankedRegion] {
        ranking(indicator, among: children[rootRegion]) { table[$0]?.value }
    }
}
