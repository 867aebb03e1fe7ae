import Foundation
import IndicatorEngine

/// What an operator, a console or a script asks of the leader, each with what it needs.
public enum Command: Sendable, Hashable {
    /// A console says it is there (for its session and the idle leader); the connection stays open.
    case attach
    case whoami
    case ack(alert: Int64, note: String)
    case note(alert: Int64, text: String)
    case silence(SilenceOrder)
    case expire(silence: Int64)
    /// Observations to ingest (already checked against the catalog by the client; checked again).
    case ingest(samples: [WireSample], source: String?)
    /// Have the leader read operators.yaml and centers.yaml again.
    case reload
    /// A test message to a receiver, through the outbox and the sender like any other.
    case notifyTest(receiver: String)

    /// Its name on the wire and in the audit.
    public enum Op: String, Codable, Sendable, CaseIterable {
        case attach, whoami, ack, note, silence, expire, ingest, reload
        case notifyTest = "notify-test"
    }

    public var op: Op {
        switch self {
        case .attach: .attach
        case .whoami: .whoami
        case .ack: .ack
        case .note: .note
        case .silence: .silence
        case .expire: .expire
        case .ingest: .ingest
        case .reload: .reload
        case .notifyTest: .notifyTest
        }
    }

    /// The note or text it carries for the journal ("" when none).
    public var note: String {
        switch self {
        case let .ack(_, note): note
        case let .note(_, text): text
        case let .silence(order): order.note
        default: ""
        }
    }
}

/// A silence asked for: what it mutes (nothing named: everything), for how long, and why.
public struct SilenceOrder: Sendable, Hashable {
    public var field: String?
    public var indicator: String?
    public var region: String?
    public var seconds: Int64
    public var note: String

    public init(field: String? = nil, indicator: String? = nil, region: String? = nil, seconds: Int64, note: String = "") {
        self.field = field
        self.indicator = indicator
        self.region = region
        self.seconds = seconds
        self.note = note
    }
}

/// One request on the leader's socket (and in a PostgreSQL store's action queue): a JSON object
/// on one line, its command's fields beside `id` and `op` (the wire format, pinned by a golden
/// test). The client chooses `id`; a retry with the same id (after its leader died, say) is
/// answered from the record and never applied twice. Who asks is not in the message: the
/// leader takes it from the kernel (or the database).
public struct CommandRequest: Codable, Sendable, Hashable {
    public var id: String
    public var command: Command
    /// `SSH_CONNECTION` as the client's environment claims it (recorded as claimed).
    public var from: String?

    public init(id: String = UUID().uuidString, _ command: Command, from: String? = nil) {
        self.id = id
        self.command = command
        self.from = from
    }

    public var op: Command.Op { command.op }

    /// The outbox key of the message a `notifyTest` plans: the client that asked finds it by it
    /// (the leader answers with it too).
    public var testMessageKey: String { "test:\(id)" }

    enum CodingKeys: String, CodingKey {
        case id, op, alert, note, field, indicator, region, seconds, silence, samples, source, from, receiver
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        let note = try c.decodeIfPresent(String.self, forKey: .note) ?? ""
        switch try c.decode(Command.Op.self, forKey: .op) {
        case .attach: command = .attach
        case .whoami: command = .whoami
        case .reload: command = .reload
        case .ack: command = .ack(alert: try c.decode(Int64.self, forKey: .alert), note: note)
        case .note: command = .note(alert: try c.decode(Int64.self, forKey: .alert), text: note)
        case .expire: command = .expire(silence: try c.decode(Int64.self, forKey: .silence))
        case .silence:
            // A length left out is refused by the leader with its reason, as a zero one is.
            command = .silence(SilenceOrder(field: try c.decodeIfPresent(String.self, forKey: .field), indicator: try c.decodeIfPresent(String.self, forKey: .indicator),
                                            region: try c.decodeIfPresent(String.self, forKey: .region),
                                            seconds: try c.decodeIfPresent(Int64.self, forKey: .seconds) ?? 0, note: note))
        case .ingest:
            command = .ingest(samples: try c.decodeIfPresent([WireSample].self, forKey: .samples) ?? [],
                              source: try c.decodeIfPresent(String.self, forKey: .source))
        case .notifyTest: command = .notifyTest(receiver: try c.decodeIfPresent(String.self, forKey: .receiver) ?? "")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(op, forKey: .op)
        switch command {
        case .attach, .whoami, .reload: break
        case let .ack(alert, note):
            try c.encode(alert, forKey: .alert)
            try c.encode(note, forKey: .note)
        case let .note(alert, text):
            try c.encode(alert, forKey: .alert)
            try c.encode(text, forKey: .note)
        case let .expire(silence): try c.encode(silence, forKey: .silence)
        case let .silence(order):
            try c.encodeIfPresent(order.field, forKey: .field)
            try c.encodeIfPresent(order.indicator, forKey: .indicator)
            try c.encodeIfPresent(order.region, forKey: .region)
            try c.encode(order.seconds, forKey: .seconds)
            try c.encode(order.note, forKey: .note)
        case let .ingest(samples, source):
            try c.encode(samples, forKey: .samples)
            try c.encodeIfPresent(source, forKey: .source)
        case let .notifyTest(receiver): try c.encode(receiver, forKey: .receiver)
        }
        try c.encodeIfPresent(from, forKey: .from)
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

/// How the leader answered: applied, with what happened; or refused, with why.
public enum Reply: Sendable, Hashable {
    /// What happened, in English (the audit's), and said for people where it says more than a code.
    case applied(String, said: Phrase? = nil)
    case refused(reason: Phrase)
}

/// The leader's answer, sent once the request is applied and committed (or refused).
public struct CommandResponse: Codable, Sendable, Hashable {
    public var id: String
    public var ok: Bool
    /// What happened ("acknowledged", "silence 4") or why not, in English (as the audit keeps it).
    public var result: String
    /// What happened or why not, for a client to say in its operator's language (absent from
    /// older leaders, and where the result is a code: a test message's key).
    public var phrase: Phrase?
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

    public init(id: String, _ reply: Reply) {
        switch reply {
        case let .applied(result, said):
            self.init(id: id, ok: true, result: result)
            phrase = said
        case let .refused(reason):
            self.init(id: id, ok: false, result: reason.english)
            phrase = reason
        }
    }

    /// An older leader's answer has no phrase: its English is the phrase's template.
    public var reply: Reply { ok ? .applied(result, said: phrase) : .refused(reason: phrase ?? Phrase(result)) }
}

public enum CommandSocket {
    /// The socket beside the store.
    public static func path(store: String) -> String { store + ".sock" }
    /// Longest request line the leader reads (an ingest batch of some thousands of samples).
    public static let maxMessage = 8 << 20
    /// Samples per ingest request a client sends.
    public static let samplesPerRequest = 20_000
}
