import Foundation

/// A JSON value with its keys in the order written (Foundation's encoder drops nil members;
/// the contract wants `null` where there is no value).
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double?)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The value as JSON text (members on lines of their own).
    public var text: String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    static func number(_ v: Int) -> JSONValue { .int(Int64(v)) }
    static func optional(_ v: Int?) -> JSONValue { v.map { .int(Int64($0)) } ?? .null }
    static func optional(_ v: Int64?) -> JSONValue { v.map { .int($0) } ?? .null }
    static func optional(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .number(d): out += JSONValue.format(d)
        case let .string(s): JSONValue.quote(s, into: &out)
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += pad + "  "
                item.write(into: &out, indent: indent + 1)
                out += k + 1 < items.count ? ",\n" : "\n"
            }
            out += pad + "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (k, (key, value)) in members.enumerated() {
                out += pad + "  "
                JSONValue.quote(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 1)
                out += k + 1 < members.count ? ",\n" : "\n"
            }
            out += pad + "}"
        }
    }

    /// The shortest text that reads back as the same double; null when not finite.
    static func format(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// The report as JSON: the contract for scripts (DESIGN.md, issue 16). Times in ISO 8601 with
/// the center's offset, numbers as numbers, null where there is no value.
public enum JSONReport {
    public static func render(_ report: Report) -> String {
        var out = ""
        value(report).write(into: &out, indent: 0)
        return out + "\n"
    }

    static func value(_ r: Report) -> JSONValue {
        let p = r.period
        return .object([
            ("center", .string(r.center)),
            ("region", .object([("code", .string(r.region.code)), ("name", .string(r.region.name))])),
            ("period", .object([("kind", .string(p.kind.rawValue)), ("label", .string(p.label)), ("start", .string(p.startText)),
                                ("end", .string(p.endText)), ("convention", .string(p.convention.rawValue))])),
            ("fields", .array(r.fields.map { f in
                .object([("code", .string(f.code)), ("name", .string(f.name)), ("score", .number(f.score)),
                         ("previous_score", .number(f.previousScore)), ("ok", .number(f.ok)), ("warning", .number(f.warning)),
                         ("critical", .number(f.critical)), ("stale", .number(f.stale)), ("nodata", .number(f.nodata)),
                         ("worse", .array(f.worse.map { .string($0) }))])
            })),
            ("indicators", .array(r.indicators.map { i in
                .object([("field", .string(i.field)), ("indicator", .string(i.indicator)), ("name", .string(i.name)),
                         ("region", .string(i.region)), ("region_name", .string(i.regionName)), ("unit", .string(i.unit)),
                         ("last", .number(i.last)), ("mean", .number(i.mean)), ("min", .number(i.min)), ("max", .number(i.max)),
                         ("count", .number(i.count)), ("previous", .number(i.previous)), ("change", .number(i.change)),
                         ("target", .number(i.target)), ("progress", .number(i.progress)), ("outlook", .optional(i.outlook)),
                         ("status", .string(i.status.rawValue)), ("rank", .optional(i.rank)), ("of", .optional(i.of)),
                         ("observed", .bool(i.observed))])
            })),
            ("alerts", .object([
                ("opened", .number(r.alerts.opened)), ("resolved", .number(r.alerts.resolved)),
                ("by_severity", .object([("warning", .number(r.alerts.warning)), ("critical", .number(r.alerts.critical)),
                                         ("stale", .number(r.alerts.stale))])),
                ("time_in_alert_s", .int(r.alerts.timeInAlert)), ("mtta_s", .optional(r.alerts.mtta)), ("mttr_s", .optional(r.alerts.mttr)),
                ("top", .array(r.alerts.top.map { t in
                    .object([("indicator", .string(t.indicator)), ("name", .string(t.name)), ("region", .string(t.region)),
                             ("region_name", .string(t.regionName)), ("count", .number(t.count)), ("time_in_alert_s", .int(t.timeInAlert))])
                })),
            ])),
            ("completeness", .array(r.completeness.map { c in
                .object([("field", .string(c.code)), ("name", .string(c.name)), ("expected", .number(c.expected)),
                         ("received", .number(c.received)), ("ratio", .number(c.ratio)),
                         ("regions", .array(c.regions.map { g in
                             .object([("region", .string(g.region)), ("name", .string(g.name)), ("expected", .number(g.expected)),
                                      ("received", .number(g.received)), ("ratio", .number(g.ratio))])
                         }))])
            })),
            ("actions", .array(r.actions.map { a in
                .object([("user", .string(a.user)), ("acks", .number(a.acks)), ("silences", .number(a.silences))])
            })),
        ])
    }
}
