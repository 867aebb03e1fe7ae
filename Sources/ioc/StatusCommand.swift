import ArgumentParser
import Foundation
import Coordinator
import IndicatorEngine

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print status counts per field for the whole province."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON (the scripting contract) instead of a table.")
    var json = false

    struct FieldJSON: Encodable {
        var code: String
        var name: String
        var indicators: Int
        var ok: Int
        var warning: Int
        var critical: Int
        var stale: Int
        var nodata: Int
        @Nullable var score: Double?
    }

    struct AlertsJSON: Encodable {
        var pending: Int
        var firing: Int
    }

    struct StatusJSON: Encodable {
        var indicators: Int
        var regions: Int
        var fields: [FieldJSON]
        var alerts: AlertsJSON
    }

    func run() throws {
        let context = try Context.load(global)
        let store = try context.openStore()
        let catalog = context.catalog
        let center = try CenterStatus.read(catalog: catalog, store: store, now: unixNow())
        let fields = zip(catalog.fields, center.fields).map { field, s in
            FieldJSON(code: field.code, name: field.name, indicators: s.indicators, ok: s.ok, warning: s.warning,
                      critical: s.critical, stale: s.stale, nodata: s.nodata, score: s.score.map { ($0 * 10).rounded() / 10 })
        }
        let status = StatusJSON(indicators: catalog.indicators.count, regions: catalog.regions.count, fields: fields,
                                alerts: AlertsJSON(pending: center.pendingAlerts, firing: center.firingAlerts))
        if json { return try printJSON(status) }
        print("\(catalog.name): \(status.indicators) indicators, \(status.regions) regions")
        print("field".padding(toLength: 12, withPad: " ", startingAt: 0) + "   ind    ok  warn  crit stale nodata  score")
        for f in fields {
            let cols = [f.indicators, f.ok, f.warning, f.critical, f.stale, f.nodata].map { String(format: "%5d", $0) }
            let score = f.score.map { String(format: "%5.1f%%", $0) } ?? "    -"
            print(f.code.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + cols.joined(separator: " ") + "  " + score)
        }
    }
}
