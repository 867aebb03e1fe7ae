import Foundation

/// One line of the audit: who (as the kernel said), in which role, asked what of which target,
/// and what came of it. `origin` is the SSH client address the caller's environment claimed.
public struct AuditEntry: Sendable, Hashable, Encodable {
    public var time: Int64
    public var user: String
    public var uid: Int64?
    public var role: String
    public var action: String
    public var target: String
    public var result: String
    public var detail: String
    public var origin: String

    public init(time: Int64, user: String, uid: Int64? = nil, role: String = "", action: String, target: String, result: String = "applied",
                detail: String = "", origin: String = "") {
        self.time = time
        self.user = user
        self.uid = uid
        self.role = role
        self.action = action
        self.target = target
        self.result = result
        self.detail = detail
        self.origin = origin
    }

    // `ioc audit --json`: every key present (`uid` null when unknown); `origin` is "from".
    enum CodingKeys: String, CodingKey { case time, user, uid, role, action, target, result, detail, origin = "from" }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(time, forKey: .time)
        try c.encode(user, forKey: .user)
        if let uid { try c.encode(uid, forKey: .uid) } else { try c.encodeNil(forKey: .uid) }
        try c.encode(role, forKey: .role)
        try c.encode(action, forKey: .action)
        try c.encode(target, forKey: .target)
        try c.encode(result, forKey: .result)
        try c.encode(detail, forKey: .detail)
        try c.encode(origin, forKey: .origin)
    }
}
