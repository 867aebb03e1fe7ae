import Foundation

/// Status counts and score of one field in one region.
public struct FieldSummary: Sendable, Hashable {
    public var field: String
    public var indicators = 0
    public var ok = 0
    public var warning = 0
    public var critical = 0
    public var stale = 0
    public var nodata = 0

    public init(field: String) { self.field = field }

    /// Share of the field's indicators that are ok, in percent; nil when it has none here.
    public var score: Double? {
        indicators == 0 ? nil : Double(ok) * 100 / Double(indicators)
    }

    public mutating func count(_ status: SeriesStatus) {
        indicators += 1
        switch status {
        case .ok: ok += 1
        case .warning: warning += 1
        case .critical: critical += 1
        case .stale: stale += 1
        case .nodata: nodata += 1
        }
    }
}

extension Catalog {
    /// Per-field status counts for a region, over the indicators reported at its level.
    public func fieldSummaries(region: RegionID, status: (SeriesID) -> SeriesStatus) -> [FieldSummary] {
        fields.indices.map { f in
            var summary = FieldSummary(field: fields[f].code)
            for i in indicatorsByField[f] where isReported(i, at: region) {
                summary.count(status(series(i, region)))
            }
            return summary
        }
    }

    /// The indicators a field's overview panel leads with: its configured headline, else its first four.
    public func headline(field f: Int) -> [IndicatorID] {
        let configured = fields[f].headline.compactMap { indicatorIndex[$0] }
        return configured.isEmpty ? Array(indicatorsByField[f].prefix(4)) : configured
    }
}
