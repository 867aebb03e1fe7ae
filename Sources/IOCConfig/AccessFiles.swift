import Foundation
import IndicatorEngine
import Yams

/// `operators.yaml`: who may do what, where. Absent: single-account mode (the user running
/// `ioc` is the admin). Present but empty of operators: nobody may use the center, which is
/// surely a mistake, so it is an error.
func readOperators(_ file: String, regions: Set<String>, _ diagnostics: Diagnostics) -> AccessPolicy {
    guard FileManager.default.fileExists(atPath: file) else { return .singleAccount }
    guard let doc = document(file, diagnostics) else { return AccessPolicy(grants: [], source: file) }
    let roles = Role.allCases.map { ($0.rawValue, $0) }
    let grants: [Grant] = topList(doc, key: "operators", diagnostics).enumerated().compactMap { i, node in
        guard let map = MappingReader(node, file: file, path: "operators[\(i)]", allowed: Schema.operatorLine,
                                      diagnostics: diagnostics) else { return nil }
        let user = map.string("user"), group = map.string("group")
        let role = map.choice("role", roles, required: true)
        var subject: Grant.Subject?
        switch (user, group) {
        case let (user?, nil): subject = .user(user)
        case let (nil, group?): subject = .group(group)
        case (nil, nil): map.error("user", "give a user or a group")
        case (_?, _?): map.error("group", "give a user or a group, not both (write two lines)")
        }
        let scope = map.strings("scope") ?? []
        if map.has("scope"), scope.isEmpty { map.error("scope", "list at least one region code, or leave the scope out for the whole center") }
        for code in scope where !regions.contains(code) {
            map.error("scope", "region '\(code)' is not in regions.yaml" + (closest(code, in: Array(regions)).map { " (did you mean '\($0)'?)" } ?? ""))
        }
        guard let subject, let role else { return nil }
        return Grant(subject: subject, role: role, scope: scope)
    }
    if grants.isEmpty, diagnostics.issues.isEmpty {
        diagnostics.report(file, doc.root, "operators", "lists nobody: remove the file for single-account mode, or add operators")
    }
    return AccessPolicy(grants: grants, source: file)
}

/// `centers.yaml`: district operation centers, each a region (with its subtree) with a title and
/// optionally the fields it shows. Absent: no district centers.
func readCenters(_ file: String, regions: Set<String>, fields: Set<String>, _ diagnostics: Diagnostics) -> [Center] {
    guard FileManager.default.fileExists(atPath: file), let doc = document(file, diagnostics) else { return [] }
    var seen: Set<String> = []
    return topList(doc, key: "centers", diagnostics).enumerated().compactMap { i, node in
        guard let map = MappingReader(node, file: file, path: "centers[\(i)]", allowed: Schema.center,
                                      diagnostics: diagnostics) else { return nil }
        let title = map.string("title", required: true)
        let region = map.string("region", required: true)
        if let region {
            if !regions.contains(region) { map.error("region", "region '\(region)' is not in regions.yaml") }
            if !seen.insert(region).inserted { map.error("region", "a second center for region '\(region)'") }
        }
        let shown = map.strings("fields") ?? []
        for code in shown where !fields.contains(code) {
            map.error("fields", "field '\(code)' is not in fields.yaml" + (closest(code, in: Array(fields)).map { " (did you mean '\($0)'?)" } ?? ""))
        }
        guard let title, let region else { return nil }
        return Center(title: title.precomposedStringWithCanonicalMapping, region: region, fields: shown)
    }
}

extension ConfigLoader {
    /// Who may do what, read again for `ioc reload`: the whole configuration is validated, its
    /// operators and centers returned.
    public static func accessAndCenters(directory: String) throws(ConfigError) -> (AccessPolicy, [Center]) {
        let fresh = try load(directory: directory)
        return (fresh.access, fresh.centers)
    }
}
