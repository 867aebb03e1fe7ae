import Foundation
import IndicatorEngine

/// The catalog's series and the store's row ids, mapped once per process: inside a process a
/// series is its `SeriesID`, and codes only name the store's rows (and the edges: parsers, the
/// CLI, JSON, the intake queue). Rows are created the first time a series is written.
public final class SeriesDirectory {
    public let catalog: Catalog
    private let store: any StoreBackend
    /// Row ids by dense series id; 0 for a series the store has no row for yet.
    private var rows: [Int64]
    /// Series by row id, for what other processes wrote; rows of series this catalog does not
    /// have (a catalog since changed) are remembered as unknown, so they cost one reload only.
    private var seriesOfRow: [Int64: SeriesID] = [:]
    private var unknownRows: Set<Int64> = []

    public init(catalog: Catalog, store: any StoreBackend) {
        self.catalog = catalog
        self.store = store
        rows = Array(repeating: 0, count: catalog.seriesCount)
    }

    /// The row ids of these series, creating rows for new ones in one transaction.
    public func rows(_ series: [SeriesID]) throws -> [Int64] {
        var unknown: [SeriesID] = []
        var seen = Set<Int>()
        for s in series where rows[s.raw] == 0 && seen.insert(s.raw).inserted { unknown.append(s) }
        if !unknown.isEmpty {
            let ids = try store.seriesIDs(unknown.map {
                (catalog.indicators[catalog.indicator(of: $0)].code, catalog.regions[catalog.region(of: $0)].code)
            })
            for (s, id) in zip(unknown, ids) {
                rows[s.raw] = id
                seriesOfRow[id] = s
            }
        }
        return series.map { rows[$0.raw] }
    }

    /// The series of a row, reading the store's series once more when the row is new to this process.
    public func series(row: Int64) throws -> SeriesID? {
        if let s = seriesOfRow[row] { return s }
        guard !unknownRows.contains(row) else { return nil }
        for (id, indicator, region) in try store.seriesRows() {
            if let s = catalog.series(indicator: indicator, region: region) {
                seriesOfRow[id] = s
                rows[s.raw] = id
            } else {
                unknownRows.insert(id)
            }
        }
        if seriesOfRow[row] == nil { unknownRows.insert(row) }
        return seriesOfRow[row]
    }

    /// Samples as the store's fast path takes them.
    public func resolved(_ samples: [Sample]) throws -> [(series: Int64, time: Int64, value: Double, nanos: Int32)] {
        let ids = try rows(samples.map(\.series))
        return zip(ids, samples).map { ($0, $1.time, $1.value, $1.nanos) }
    }
}
