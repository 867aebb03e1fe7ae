import Foundation

/// One request on the leader's socket: a JSON object on one line. The client chooses `id`; a
/// retry with the same id (after its leader died, say) is answered from the record and never
/// applied twice. Who asks is not in the message: the leader takes it from the kernel.
public struct CommandRequest: Codable, Sendable, Hashable {
    public enum Op: String, Codable, Sendable, CaseIterable {
        /// A console says it is there (for its session and the idle leader); the connection stays open.
        case attach
        case whoami, ack, note, silence, expire, ingest, reload
        /// A test message to a receiver, through the outbox and the sender like any other.
        case notifyTest = "notify-test"
    }

    public var id: String
    public var op: Op
    public var alert: Int64?
    public var note: String?
    public var field: String?
    public var indicator: String?
    public var region: String?
    /// A silence's length.
    public var seconds: Int64?
    /// The silence to expire.
    public var silence: Int64?
    /// Observations to ingest (already checked against the catalog by the client; checked again).
    public var samples: [WireSample]?
    public var source: String?
    /// `SSH_CONNECTION` as the client's environment claims it (recorded as claimed).
    public var from: String?
    /// The receiver a test notification goes to.
    public var receiver: String?

    public init(id: String = UUID().uuidString, op: Op, alert: Int64? = nil, note: String? = nil, field: String? = nil,
                indicator: String? = nil, region: String? = nil, seconds: Int64? = nil, silence: Int64? = nil,
                samples: [WireSample]? = nil, source: String? = nil, from: String? = nil, receiver: String? = nil) {
        self.receiver = receiver
        self.id = id
        self.op = op
        self.alert = alert
        self.note = note
        self.field = field
        self.indicator = indicator
        self.region = region
        self.seconds = seconds
        self.silence = silence
        self.samples = samples
        self.source = source
        self.from = from
    }
}

/// An observation named by codes, as it travels on the socket.
public struct WireSample: Codable, Sendable, Hashable {
    public var indicator: String
    public var region: String
    public var time: Int64
    public var nanos: Int32
    public var value: Double

    public init(indicator: String, region: String, time: Int64, nanos: Int32 = 0, value: Double) {
        self.indicator = indicator
        self.region = region
        self.time = time
        self.nanos = nanos
        self.value = value
    }
}

/// The leader's answer, sent once the request is applied and committed (or refused).
public struct CommandResponse: Codable, Sendable, Hashable {
    public var id: String
    public var ok: Bool
    /// What happened ("acknowledged", "silence 4") or why not.
    public var result: String
    /// Who the leader took the caller to be, and what they may do.
    public var user: String?
    public var uid: Int64?
    public var role: String?
    public var scope: [String]?
    public var center: String?

    public init(id: String, ok: Bool, result: String, user: String? = nil, uid: Int64? = nil, role: String? = nil,
                scope: [String]? = nil, center: String? = nil) {
        self.id = id
        self.ok = ok
        self.result = result
        self.user = user
        self.uid = uid
        self.role = role
        self.scope = scope
        self.center = center
    }
}

public enum CommandSocket {
    /// The socket beside the store.
    public static func path(store: String) -> String { store + ".sock" }
    /// Longest request line the leader reads (an ingest batch of some thousands of samples).
    public static let maxMessage = 8 << 20
    /// Samples per ingest request a client sends.
    public static let samplesPerRequest = 20_000
}
