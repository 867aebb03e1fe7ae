import Coordinator
import Foundation
import Localization
import IndicatorEngine
import StoreContract
import Reports

/// `ioc report`: what the arguments ask for, checked, then the report in the form asked for.
public struct ReportRun {
    public var period: String
    public var region: String?
    public var field: String?
    public var format: String?
    public var output: String?

    public init(period: String, region: String? = nil, field: String? = nil, format: String? = nil, output: String? = nil) {
        self.period = period
        self.region = region
        self.field = field
        self.format = format
        self.output = output
    }

    /// The form to write: `--format`, else the output's extension, else Markdown.
    public func resolvedFormat(toTerminal: Bool) throws(CommandProblem) -> ReportFormat {
        var chosen: ReportFormat = .md
        if let format {
            guard let f = ReportFormat(rawValue: format.lowercased()) else {
                throw CommandProblem(say("unknown format '{format}': use md, csv, xlsx or json", ["format": format]), exitCode: 64)
            }
            chosen = f
        } else if let output {
            guard let f = ReportFormat(fileName: output) else {
                throw CommandProblem(say("cannot tell the format from '{file}': name it .md, .csv, .xlsx or .json, or give --format", ["file": output]), exitCode: 64)
            }
            chosen = f
        }
        if chosen == .xlsx, output == nil, toTerminal {
            throw CommandProblem(say("a workbook is binary: give --output FILE.xlsx (or redirect the output)"), exitCode: 64)
        }
        return chosen
    }

    /// The report's region: the one asked for if the caller's scope covers it, else the scope's home.
    public func resolvedRegion(catalog: Catalog, scope: RegionScope) throws(CommandProblem) -> RegionID {
        guard let code = region else {
            // A scope of several districts has no one region of its own to report on.
            guard scope.covers(scope.home, in: catalog) else {
                let codes = scope.roots.map { catalog.regions[$0].code }.joined(separator: ", ")
                throw CommandProblem(say("your scope has several regions ({codes}): name one with --region", ["codes": codes]), exitCode: 64)
            }
            return scope.home
        }
        guard let r = catalog.regionIndex[code] else {
            let hint = catalog.regions.first { $0.name.lowercased() == code.lowercased() }.map { " (\($0.name) is \($0.code))" } ?? ""
            throw CommandProblem(say("unknown region '{code}'{hint}: give a region code from regions.yaml", ["code": code, "hint": hint]), exitCode: 64)
        }
        guard scope.covers(r, in: catalog) else {
            throw CommandProblem(say("region {code} ({name}) is outside your scope", ["code": code, "name": catalog.regions[r].name]), exitCode: 77)
        }
        return r
    }

    /// Builds the report and renders it; returns the bytes and the report.
    /// For the running user's scope in `context`'s center.
    public func produce(_ context: CenterContext, now: Int64, toTerminal: Bool) throws -> (data: Data, report: Report) {
        let (grant, _) = try context.operatorAccess()
        let settings = context.config.settings
        return try produce(store: try StoreReader.open(context.storePath), catalog: context.catalog, settings: settings.reports,
                           timeZone: settings.timeZone, scope: context.scope(grant), now: now, toTerminal: toTerminal, language: context.language)
    }

    public func produce(store: any StoreBackend, catalog: Catalog, settings: ReportSettings, timeZone: TimeZone, scope: RegionScope, now: Int64,
                        toTerminal: Bool, language: Language = .en) throws -> (data: Data, report: Report) {
        let format = try resolvedFormat(toTerminal: toTerminal)
        let region = try resolvedRegion(catalog: catalog, scope: scope)
        if let field, catalog.fieldIndex[field] == nil {
            throw CommandProblem(say("unknown field '{field}': use one of {fields}", ["field": field, "fields": catalog.fields.map(\.code).joined(separator: ", ")]), exitCode: 64)
        }
        let period: ReportPeriod
        do {
            period = try ReportPeriod.parse(self.period, now: now, convention: settings.convention, timeZone: timeZone)
        } catch {
            throw CommandProblem(error.description, exitCode: 64)
        }
        if period.start >= now {
            throw CommandProblem(say("period {period} has not started yet", ["period": "\(period.kind.rawValue) \(period.label)"]), exitCode: 64)
        }
        let report = try ReportMaker.make(store: store, catalog: catalog, period: period, region: region, field: field)
        return (try format.render(report, language: language), report)
    }
}
