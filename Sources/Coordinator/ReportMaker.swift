import Foundation
import Localization
import IndicatorEngine
import StoreContract
import Reports

/// Reads what a report needs from the store and builds it: the observed series of the
/// region's parent's subtree (the region's rank needs its siblings), the alerts the period
/// touches and the audited actions.
public enum ReportMaker {
    public static func make(store: any StoreBackend, catalog: Catalog, period: ReportPeriod, region: RegionID, field: String? = nil) throws -> Report {
        let scope = catalog.parentOf[region] ?? region
        var wanted: [Int64: SeriesID] = [:]
        let observed = Set(catalog.subtree(scope).flatMap { r in
            catalog.indicators.indices.filter { catalog.isObserved($0, at: r) }.map { catalog.series($0, r) }
        })
        for row in try store.seriesRows() {
            guard let s = catalog.series(indicator: row.indicator, region: row.region), observed.contains(s) else { continue }
            wanted[row.id] = s
        }
        let stored = try store.periodSeries(wanted.keys.sorted(), from: period.start, to: period.end, width: ReportInput.step(for: period.kind))
        var series: [SeriesID: PeriodSeries] = [:]
        for (id, data) in stored { if let s = wanted[id] { series[s] = data } }
        let alerts = try store.alertHistories(from: period.start, to: period.end)
        let input = ReportInput(catalog: catalog, period: period, region: region, field: field, series: series, alerts: alerts,
                                audit: try store.actionAudit(from: period.start, to: period.end))
        return ReportBuilder.build(input)
    }

    /// Writes a report's forms into `directory` (each to a temporary name, then renamed, so a
    /// reader never sees half a file); returns the paths. The folder and the files are shared as
    /// the store is: the operators' group reads them, nobody else, whatever the umask.
    public static func write(_ report: Report, formats: [ReportFormat], to directory: String, language: Language = .en) throws -> [String] {
        if !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            SharedFiles.adopt(path: directory, mode: 0o2750)
        }
        var paths: [String] = []
        for format in formats {
            let path = (directory as NSString).appendingPathComponent(report.fileName(format))
            let temporary = path + ".partial"
            try format.render(report, language: language).write(to: URL(fileURLWithPath: temporary))
            SharedFiles.adopt(path: temporary, mode: SharedFiles.mode)
            guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            paths.append(path)
        }
        return paths
    }

    /// The folder scheduled reports go to: `reports/` beside the store.
    public static func directory(store path: String) -> String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("reports")
    }
}
