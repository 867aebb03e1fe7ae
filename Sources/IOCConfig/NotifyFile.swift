import Feeds
import Foundation
import IndicatorEngine
import Yams

/// `notify.yaml`: receivers (commands that get each message as JSON on stdin), routes (which
/// alerts go to whom, grouped how) and escalations. Absent: nobody is notified. Problems are
/// errors with file, line and key; a receiver no route or escalation names is a warning.
func readNotify(_ file: String, catalog: (fields: Set<String>, indicators: Set<String>, regions: Set<String>),
                _ diagnostics: Diagnostics, warnings: inout [String]) -> NotifyPolicy {
    guard FileManager.default.fileExists(atPath: file), let doc = document(file, diagnostics) else { return .none }
    guard let top = MappingReader(doc.root, file: file, path: "", allowed: Schema.notify, diagnostics: diagnostics) else { return .none }
    func list(_ key: String) -> [Node] {
        guard let node = top.node(key) else { return [] }
        guard let sequence = node.sequence else {
            top.error(key, "expected a list")
            return []
        }
        return Array(sequence)
    }
    func positive(_ map: MappingReader, _ key: String, _ fallback: Int64, allowZero: Bool = false) -> Int64 {
        guard let seconds = map.duration(key) else { return fallback }
        if seconds <= 0, !(allowZero && seconds == 0) {
            map.error(key, "must be longer than 0s")
            return fallback
        }
        return seconds
    }

    var receivers: [NotifyReceiver] = []
    var names: Set<String> = []
    for (i, node) in list("receivers").enumerated() {
        guard let map = MappingReader(node, file: file, path: "receivers[\(i)]", allowed: Schema.receiver, diagnostics: diagnostics) else { continue }
        let name = map.string("name", required: true)
        let command = map.strings("command")
        if !map.has("command") { map.missing("command") }
        if let command, command.isEmpty || command[0].isEmpty { map.error("command", "give the program and its arguments, as a list") }
        let timeout = positive(map, "timeout", 10)
        let reports = map.bool("reports") ?? false
        guard let name, let command, !command.isEmpty else { continue }
        if !names.insert(name).inserted { map.error("name", "a second receiver named '\(name)'") }
        receivers.append(NotifyReceiver(name: name, command: command, timeout: timeout, reports: reports))
    }
    var named: Set<String> = []
    func receiver(_ map: MappingReader) -> String? {
        guard let name = map.string("receiver", required: true) else { return nil }
        guard names.contains(name) else {
            map.error("receiver", "no receiver named '\(name)'" + (closest(name, in: Array(names)).map { " (did you mean '\($0)'?)" } ?? ""))
            return nil
        }
        named.insert(name)
        return name
    }
    func matcher(_ map: MappingReader) -> AlertMatcher {
        guard let match = map.mapping("match", allowed: Schema.match) else { return AlertMatcher() }
        func checked(_ key: String, _ known: Set<String>, _ what: String) -> String? {
            guard let code = match.string(key) else { return nil }
            if !known.contains(code) {
                match.error(key, "\(what) '\(code)' is not in the catalog" + (closest(code, in: Array(known)).map { " (did you mean '\($0)'?)" } ?? ""))
            }
            return code
        }
        return AlertMatcher(field: checked("field", catalog.fields, "field"), indicator: checked("indicator", catalog.indicators, "indicator"),
                            region: checked("region", catalog.regions, "region"),
                            severity: match.choice("severity", Severity.allCases.map { ($0.rawValue, $0) }))
    }

    var routes: [NotifyRoute] = []
    for (i, node) in list("routes").enumerated() {
        guard let map = MappingReader(node, file: file, path: "routes[\(i)]", allowed: Schema.route, diagnostics: diagnostics) else { continue }
        let name = receiver(map)
        let match = matcher(map)
        var groupBy: [GroupLabel] = [.field, .region]
        if let labels = map.strings("group_by") {
            groupBy = labels.compactMap { label in
                guard let known = GroupLabel(rawValue: label) else {
                    map.error("group_by", "unknown label '\(label)'; expected \(GroupLabel.allCases.map(\.rawValue).joined(separator: ", "))")
                    return nil
                }
                return known
            }
        }
        let route = NotifyRoute(receiver: name ?? "", match: match, groupBy: groupBy, groupWait: positive(map, "group_wait", 30, allowZero: true),
                                groupInterval: positive(map, "group_interval", 300), repeatInterval: positive(map, "repeat_interval", 14_400),
                                sendResolved: map.bool("send_resolved") ?? true, continues: map.bool("continue") ?? false)
        if name != nil { routes.append(route) }
    }
    var escalations: [NotifyEscalation] = []
    for (i, node) in list("escalations").enumerated() {
        guard let map = MappingReader(node, file: file, path: "escalations[\(i)]", allowed: Schema.escalation, diagnostics: diagnostics) else { continue }
        let name = receiver(map)
        let match = matcher(map)
        if !map.has("after") { map.missing("after") }
        let after = positive(map, "after", 1_800)
        if let name { escalations.append(NotifyEscalation(after: after, receiver: name, match: match)) }
    }
    for r in receivers where !named.contains(r.name) && !r.reports {
        warnings.append("\(file): receiver '\(r.name)' is named by no route or escalation, so it never hears anything")
    }
    return NotifyPolicy(receivers: receivers, routes: routes, escalations: escalations)
}

extension NotifyPolicy {
    /// Receivers whose program is missing or not executable (`ioc check` reports them; a
    /// program named without a slash is looked up in `PATH`).
    public func missingCommands(path: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") -> [String] {
        receivers.compactMap { receiver in
            let program = receiver.command[0]
            return LoadedConfig.isProgram(program, path: path) ? nil
                : "receiver '\(receiver.name)': '\(program)' is not an executable file" + (program.contains("/") ? "" : " in PATH")
        }
    }
}

extension LoadedConfig {
    /// What `ioc check` says of the configuration once it loaded: problems found only on this
    /// host (a receiver's program missing), and the lines to print (warnings, then the summary).
    public func checkReport() -> (problems: [String], lines: [String]) {
        var problems = notify.missingCommands().map { "notify.yaml: \($0)" }
        var notes = warnings
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for (k, feed) in settings.commandFeeds.enumerated() where !Self.isProgram(feed.command[0], path: path) {
            problems.append("ioc.yaml: feeds.commands[\(k)] '\(feed.name)': '\(feed.command[0])' is not an executable file" + (feed.command[0].contains("/") ? "" : " in PATH"))
        }
        if let http = settings.httpFeed {
            // The tokens file is the service account's: others are told so, it checks it.
            if Glibc.access(http.tokens, R_OK) == 0 {
                do {
                    let names = Set(try ConfigLoader.loadTokens(path: http.tokens, catalog: catalog).map(\.name))
                    for cadence in settings.feedCadences where cadence.kind == "http" && !names.contains(cadence.name) {
                        problems.append("ioc.yaml: feeds.http.expect names the token '\(cadence.name)', which \(http.tokens) does not have; its indicator would only ever be stale")
                    }
                } catch { problems += error.issues.map(\.description) }
            } else {
                notes.append("feeds.http.tokens: \(http.tokens) is not readable by you (\(String(cString: strerror(errno)))); run ioc check as the service account to check the tokens")
            }
        }
        let summary = "configuration ok: \(catalog.fields.count) fields, \(catalog.indicators.count) indicators, \(catalog.regions.count) regions"
            + (notify.receivers.isEmpty ? "" : ", \(notify.routes.count) notification routes")
            + (settings.reports.schedules.isEmpty ? "" : ", \(settings.reports.schedules.count) scheduled reports (\(settings.reports.convention.rawValue) periods)")
            + (settings.commandFeeds.isEmpty ? "" : ", \(settings.commandFeeds.count) command feed\(settings.commandFeeds.count == 1 ? "" : "s")")
            + (settings.httpFeed.map { ", the write endpoint on \($0.host):\($0.port)" } ?? "")
            + (settings.feedCadences.isEmpty ? "" : ", \(settings.feedCadences.count) feed\(settings.feedCadences.count == 1 ? "" : "s") watched in 'Dữ liệu'")
        return (problems, notes.map { "warning: \($0)" } + [summary])
    }

    static func isProgram(_ program: String, path: String) -> Bool {
        let candidates = program.contains("/") ? [program] : path.split(separator: ":").map { "\($0)/\(program)" }
        return candidates.contains { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
