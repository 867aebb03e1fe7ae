import Foundation

/// What an operator may do; each role includes the ones before it.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case viewer, `operator`, supervisor, admin

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One line of `operators.yaml`: a user or a group, the role it grants and where.
public struct Grant: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        case user(String)
        case group(String)
    }

    public var subject: Subject
    public var role: Role
    /// Region codes, each with its subtree; empty: the whole center.
    public var scope: [String]

    public init(subject: Subject, role: Role, scope: [String] = []) {
        self.subject = subject
        self.role = role
        self.scope = scope
    }
}

/// Who is on the other end, as the kernel says (uid from the socket, name and groups from the
/// account database).
public struct Identity: Sendable, Hashable, Codable {
    public var user: String
    public var uid: UInt32
    public var groups: [String]

    public init(user: String, uid: UInt32, groups: [String] = []) {
        self.user = user
        self.uid = uid
        self.groups = groups
    }

    /// The uid of an identity a database authenticated (a PostgreSQL role): it has no Unix uid.
    public static let databaseRole = UInt32.max

    /// The Unix uid, when the kernel named one.
    public var unixUID: Int64? { uid == Self.databaseRole ? nil : Int64(uid) }
}

/// An identity with what it may do: its role and the regions it may see and act on.
public struct OperatorGrant: Sendable, Hashable {
    public var identity: Identity
    public var role: Role
    /// Region codes (each with its subtree); empty: the whole center.
    public var scope: [String]

    public init(identity: Identity, role: Role, scope: [String]) {
        self.identity = identity
        self.role = role
        self.scope = scope
    }

    public var user: String { identity.user }
}

/// Who may do what, where: `operators.yaml` as a value. No file: single-account mode, where
/// whoever runs `ioc` is the center's admin.
public struct AccessPolicy: Sendable, Hashable {
    public var grants: [Grant]?
    /// The file the grants came from, named in refusals.
    public var source: String

    public init(grants: [Grant]?, source: String = "config/operators.yaml") {
        self.grants = grants
        self.source = source
    }

    public static let singleAccount = AccessPolicy(grants: nil)

    public var isSingleAccount: Bool { grants == nil }

    /// The identity's role and scope: the highest role of its matching lines and the union of
    /// their scopes (a line without a scope covers the whole center); nil when nothing matches.
    public func resolve(_ identity: Identity) -> OperatorGrant? {
        guard let grants else { return OperatorGrant(identity: identity, role: .admin, scope: []) }
        let matching = grants.filter { grant in
            switch grant.subject {
            case let .user(name): name == identity.user
            case let .group(name): identity.groups.contains(name)
            }
        }
        guard let role = matching.map(\.role).max() else { return nil }
        let whole = matching.contains { $0.scope.isEmpty }
        var scope: [String] = []
        if !whole {
            for grant in matching { for code in grant.scope where !scope.contains(code) { scope.append(code) } }
        }
        return OperatorGrant(identity: identity, role: role, scope: scope)
    }
}

/// The regions an operator sees, resolved against a catalog: the scope's regions with their
/// subtrees, and the region the console opens on.
public struct RegionScope: Sendable, Hashable {
    /// Regions in the scope (each with its subtree); empty: everything.
    public let roots: [RegionID]
    /// Where a console in this scope opens: the scope's one region, or the lowest region that
    /// holds all of them.
    public let home: RegionID

    public init(codes: [String], catalog: Catalog) {
        let roots = codes.compactMap { catalog.regionIndex[$0] }
        self.roots = roots
        guard let first = roots.first else {
            home = catalog.rootRegion
            return
        }
        var common = catalog.path(to: first)
        for r in roots.dropFirst() {
            let path = catalog.path(to: r)
            common = Array(zip(common, path).prefix { $0 == $1 }.map(\.0))
        }
        home = common.last ?? catalog.rootRegion
    }

    public static func everything(_ catalog: Catalog) -> RegionScope { RegionScope(codes: [], catalog: catalog) }

    public var isEverything: Bool { roots.isEmpty }

    public func covers(_ region: RegionID, in catalog: Catalog) -> Bool {
        roots.isEmpty || roots.contains { catalog.isWithin(region, $0) }
    }

    /// Whether a region may be shown: within the scope, or on the way down to it (never above home).
    public func reaches(_ region: RegionID, in catalog: Catalog) -> Bool {
        covers(region, in: catalog) || (catalog.isWithin(region, home) && roots.contains { catalog.isWithin($0, region) })
    }
}

/// An operation center: a title, the region it covers and, optionally, the fields it shows.
/// The province's center is the configuration's own (`ioc.yaml`'s name and root); district
/// centers are listed in `centers.yaml`.
public struct Center: Sendable, Hashable {
    public var title: String
    public var region: String
    /// Field codes shown, in order; empty: every field that reaches the region.
    public var fields: [String]

    public init(title: String, region: String, fields: [String] = []) {
        self.title = title
        self.region = region
        self.fields = fields
    }

    /// The center of a scope: the configured center at the scope's home region, else one named
    /// after that region.
    public static func of(_ scope: RegionScope, catalog: Catalog, centers: [Center]) -> Center {
        let code = catalog.regions[scope.home].code
        if let center = centers.first(where: { $0.region == code }) { return center }
        if scope.home == catalog.rootRegion { return Center(title: catalog.name, region: code) }
        return Center(title: "IOC \(catalog.regions[scope.home].name)", region: code)
    }
}

/// Actions an operator asks the leader for, and the least role each needs.
public enum ActionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case ack, note, silence, expire, ingest, reload
    case notifyTest = "notify-test"

    public var minimumRole: Role {
        switch self {
        case .ack, .note, .silence: .operator
        case .expire, .ingest, .notifyTest: .supervisor
        case .reload: .admin
        }
    }
}

/// The rules of `operators.yaml` applied to one request: nil when allowed, else why not.
public enum Authorization {
    /// Longest silence an operator (below supervisor) may set.
    public static let operatorSilenceLimit: Int64 = 86_400

    /// `regions`: the regions the action touches (an alert's region, a silence's region; none
    /// for a center-wide action). `silenceSeconds`: a silence's length. `silenceOwner`: who set
    /// the silence being expired. `target` names what was asked about ("alert 12") in refusals.
    public static func refusal(_ kind: ActionKind, by grant: OperatorGrant, regions: [RegionID], catalog: Catalog,
                               target: String? = nil, silenceSeconds: Int64? = nil, silenceOwner: String? = nil) -> Phrase? {
        let user = grant.user
        // An operator may expire their own silence; anyone else's takes a supervisor.
        let needed = kind == .expire && silenceOwner == user ? Role.operator : kind.minimumRole
        if grant.role < needed {
            return Phrase("{user} is {role}; {action} takes {needed} or above",
                          ["user": user, "role": "\(article(grant.role)) \(grant.role.rawValue)", "action": describe(kind), "needed": "\(article(needed)) \(needed.rawValue)"],
                          words: ["role": "role with article", "action": "action", "needed": "role with article"])
        }
        let scope = RegionScope(codes: grant.scope, catalog: catalog)
        if !scope.isEverything {
            if regions.isEmpty, kind == .silence || kind == .reload {
                return Phrase("{user} may act only within {scope}; a silence needs a region in scope", ["user": user, "scope": scopeNames(scope, catalog)])
            }
            if let outside = regions.first(where: { !scope.covers($0, in: catalog) }) {
                let name = catalog.regions[outside].name
                let names = scopeNames(scope, catalog)
                return target.map { Phrase("{target} is in {region}, outside your scope ({scope})", ["target": $0, "region": name, "scope": names]) }
                    ?? Phrase("{region} is outside your scope ({scope})", ["region": name, "scope": names])
            }
        }
        if kind == .silence, grant.role < .supervisor, let seconds = silenceSeconds, seconds > operatorSilenceLimit {
            return "an operator may silence for at most 24h; ask a supervisor for longer"
        }
        return nil
    }

    static func describe(_ kind: ActionKind) -> String {
        switch kind {
        case .ack: "acknowledging an alert"
        case .note: "a note on an alert"
        case .silence: "silencing"
        case .expire: "expiring someone else's silence"
        case .ingest: "ingesting"
        case .reload: "reloading the configuration"
        case .notifyTest: "a test notification"
        }
    }

    static func article(_ role: Role) -> String { role == .operator || role == .admin ? "an" : "a" }

    static func scopeNames(_ scope: RegionScope, _ catalog: Catalog) -> String {
        scope.roots.map { catalog.regions[$0].name }.joined(separator: ", ")
    }
}
