import ArgumentParser
import Coordinator
import Foundation
import IndicatorEngine
import IndicatorStore

/// An optional that JSON shows as `null` when absent: the scripting contract names every key.
@propertyWrapper
struct Nullable<T: Encodable>: Encodable {
    var wrappedValue: T?
    init(wrappedValue: T?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// Prints a value as one line of JSON, keys in a stable order.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct ValueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "value", abstract: "Print the latest value of one indicator in one region.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Indicator code, e.g. agri.salinity.max.") var indicator: String
    @Argument(help: "Region code, e.g. 83.") var region: String
    @Flag(help: "Print JSON.") var json = false

    struct ValueJSON: Encodable {
        var indicator: String
        var region: String
        @Nullable var value: Double?
        @Nullable var time: Int64?
        var status: String
    }

    func run() throws {
        let context = try Context.load(global)
        let catalog = context.catalog
        guard let i = catalog.indicatorIndex[indicator] else {
            printError("ioc value: unknown indicator '\(indicator)'")
            throw ExitCode(1)
        }
        guard catalog.regionIndex[region] != nil else {
            printError("ioc value: unknown region '\(region)'")
            throw ExitCode(1)
        }
        let store = try context.openStore()
        let stored = try store.current(indicator: indicator, region: region)
        let status = stored?.value.status(now: unixNow(), staleAfter: catalog.indicators[i].staleAfter) ?? .nodata
        let value = stored.flatMap { $0.value.value.isNaN ? nil : $0.value }
        let result = ValueJSON(indicator: indicator, region: region, value: value?.value, time: value?.time, status: status.rawValue)
        if json { return try printJSON(result) }
        let unit = catalog.indicators[i].unit
        print("\(indicator) \(region): \(value.map { "\($0.value)\(unit.isEmpty ? "" : " " + unit)" } ?? "no value") (\(status.rawValue))")
    }
}

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "List open alerts (all with --all).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Include resolved and archived alerts.") var all = false
    @Flag(help: "Print JSON.") var json = false

    struct AlertJSON: Encodable {
        var id: Int64
        var rule: String
        var indicator: String
        var region: String
        var severity: String
        var state: String
        var acknowledged: Bool
        @Nullable var acked_by: String?
        var since: Int64
    }

    func run() throws {
        let context = try Context.load(global)
        let alerts = try context.openStore().alerts(all: all).sorted { Alert.isMoreUrgent($0.alert, $1.alert) }
        let rows = alerts.map {
            AlertJSON(id: $0.id, rule: $0.rule, indicator: $0.indicator, region: $0.region, severity: $0.severity.rawValue,
                      state: $0.state.rawValue, acknowledged: $0.acknowledged != nil, acked_by: $0.acknowledged?.by, since: $0.since)
        }
        if json { return try printJSON(rows) }
        if rows.isEmpty { return print(all ? "no alerts" : "no open alerts") }
        for a in rows {
            let ack = a.acked_by.map { " acked by \($0)" } ?? ""
            print("#\(a.id) \(a.severity.uppercased()) \(a.state) \(a.rule) @ \(a.region) since \(a.since)\(ack)")
        }
    }
}
