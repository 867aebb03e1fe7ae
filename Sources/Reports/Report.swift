import Foundation
import Localization
import IndicatorEngine

/// A periodic report: what each field and indicator of a region did over a period, how the
/// center handled its alerts, how complete the data was and who acted. A value: the writers
/// (Markdown, CSV, XLSX, JSON) only lay it out.
public struct Report: Sendable {
    public struct RegionRef: Sendable, Hashable {
        public var code: String
        public var name: String
    }

    public struct FieldLine: Sendable, Hashable {
        public var code: String
        public var name: String
        public var score: Double?
        public var previousScore: Double?
        public var ok = 0, warning = 0, critical = 0, stale = 0, nodata = 0
        /// Indicators of the region that got worse: status first, then value against its direction.
        public var worse: [String] = []
    }

    public struct IndicatorLine: Sendable, Hashable {
        public var field: String
        public var indicator: String
        public var name: String
        public var region: String
        public var regionName: String
        public var unit: String
        public var last: Double?
        public var mean: Double?
        public var min: Double?
        public var max: Double?
        public var count: Int
        public var previous: Double?
        public var change: Double?
        public var target: Double?
        public var progress: Double?
        public var outlook: String?
        public var status: SeriesStatus
        public var rank: Int?
        public var of: Int?
        /// Whether the figures are the region's own observations (false: computed, sampled at each step's end).
        public var observed: Bool
    }

    public struct NoisyAlert: Sendable, Hashable {
        public var indicator: String
        public var name: String
        public var region: String
        public var regionName: String
        public var count: Int
        public var timeInAlert: Int64
    }

    public struct AlertSummary: Sendable, Hashable {
        public var opened = 0
        public var resolved = 0
        public var warning = 0, critical = 0, stale = 0
        public var timeInAlert: Int64 = 0
        /// Mean time to acknowledge and to resolve, in seconds; nil when nothing was.
        public var mtta: Int64?
        public var mttr: Int64?
        public var top: [NoisyAlert] = []
    }

    public struct Completeness: Sendable, Hashable {
        public var code: String
        public var name: String
        public var expected = 0
        public var received = 0
        public var ratio: Double? { expected == 0 ? nil : Double(received) / Double(expected) }
        /// The same per child region of the report's region (each with its subtree), and the region itself.
        public var regions: [RegionCompleteness] = []
    }

    public struct RegionCompleteness: Sendable, Hashable {
        public var region: String
        public var name: String
        public var expected = 0
        public var received = 0
        public var ratio: Double? { expected == 0 ? nil : Double(received) / Double(expected) }
    }

    public struct ActionCount: Sendable, Hashable {
        public var user: String
        public var acks = 0
        public var silences = 0
    }

    public var center: String
    public var region: RegionRef
    public var period: ReportPeriod
    public var fields: [FieldLine] = []
    public var indicators: [IndicatorLine] = []
    public var alerts = AlertSummary()
    public var completeness: [Completeness] = []
    public var actions: [ActionCount] = []

    /// The file name of this report's `ext` form: `month-2026-11-83.md`.
    public func fileName(_ format: ReportFormat) -> String {
        "\(period.kind.rawValue)-\(period.label)-\(region.code).\(format.rawValue)"
    }
}

/// The forms a report is written in.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case md, csv, xlsx, json

    /// The form a file name's extension asks for (`.markdown` too).
    public init?(fileName: String) {
        let ext = (fileName as NSString).pathExtension.lowercased()
        if ext == "markdown" { self = .md } else { self.init(rawValue: ext) }
    }

    /// The report in this form; Markdown's words, CSV's column titles and the workbook's titles
    /// and headers in `language` (JSON is the same in both).
    public func render(_ report: Report, language: Language = .en) throws -> Data {
        switch self {
        case .md: Data(MarkdownReport.render(report, language: language).utf8)
        case .csv: Data(CSVReport.render(report, language: language).utf8)
        case .json: Data(JSONReport.render(report).utf8)
        case .xlsx: try XLSXReport.render(report, language: language)
        }
    }
}
