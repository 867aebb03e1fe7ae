import Foundation
import IndicatorEngine

/// The leader's account of its feeds over the last hour: what each source gave (by the
/// source its observations carry: `simulator`, `inbox:FILE`, `command:NAME`, `http:TOKEN`,
/// `ingest:FILE`), what each refused, and how each command feed runs. Recorded in the store for
/// `ioc feeds` and the consoles.
public final class FeedHealth {
    struct Entry {
        var kind: String
        var lastTime: Int64?
        /// Accepted and rejected by minute.
        var minutes: [Int64: (accepted: Int, rejected: Int)] = [:]
        var state: FeedRecord.State?
        var restarts = 0
        var lastError = ""
    }

    private var entries: [String: Entry] = [:]
    /// Seconds after which each feed with a cadence (`expect:`) is quiet.
    private var quietAfter: [String: Int64] = [:]
    /// A feed without a cadence that gave nothing for this long is quiet.
    public static let quietAfter = FeedCadence.defaultEvery

    /// `cadences`: the feeds expected to give data, listed (as never heard from) from the start.
    public init(cadences: [FeedCadence] = []) {
        for cadence in cadences {
            quietAfter[cadence.name] = cadence.every
            entries[cadence.name] = Entry(kind: cadence.kind)
        }
    }

    /// When a feed last gave data, and what it gave over the hour to `now`.
    public func account(of name: String, now: Int64) -> (lastTime: Int64?, accepted1h: Int) {
        guard let entry = entries[name] else { return (nil, 0) }
        let from = (now - 3_600) / 60
        return (entry.lastTime, entry.minutes.reduce(0) { $0 + ($1.key > from ? $1.value.accepted : 0) })
    }

    /// The feed an observation's source names, and its kind.
    static func feed(of source: String) -> (name: String, kind: String) {
        guard let colon = source.firstIndex(of: ":") else { return (source, source) }
        let kind = String(source[..<colon]), rest = String(source[source.index(after: colon)...])
        // One record for all `ioc ingest` runs and inbox files: they come and go by the file.
        switch kind {
        case "ingest", "inbox": return (kind, kind)
        default: return (rest, kind)
        }
    }

    /// Observations of `source` taken (committed) and refused at `now`.
    public func note(source: String, accepted: Int, rejected: Int = 0, now: Int64) {
        // The leader's own account of the feeds is not a feed.
        guard source != FeedIndicators.source else { return }
        let (name, kind) = Self.feed(of: source)
        var entry = entries[name] ?? Entry(kind: kind)
        let minute = now / 60
        let before = entry.minutes[minute] ?? (0, 0)
        entry.minutes[minute] = (before.accepted + accepted, before.rejected + rejected)
        if accepted > 0 { entry.lastTime = now }
        entries[name] = entry
    }

    /// A command feed's own account: its state, restarts and last error.
    public func note(command feed: CommandFeed) {
        var entry = entries[feed.spec.name] ?? Entry(kind: "command")
        entry.state = switch feed.state {
        case .starting, .running: .running
        case .restarting: .restarting
        case .failed: .failed
        case .stopped: .stopped
        }
        entry.restarts = feed.restarts
        entry.lastError = feed.lastError ?? ""
        entries[feed.spec.name] = entry
    }

    /// How each feed stands at `now`, by name; minutes older than an hour are forgotten.
    public func records(now: Int64) -> [FeedRecord] {
        entries.keys.sorted().map { name in
            var entry = entries[name]!
            entry.minutes = entry.minutes.filter { $0.key > (now - 3_600) / 60 }
            entries[name] = entry
            let quiet = entry.lastTime.map { now - $0 > quietAfter[name] ?? Self.quietAfter } ?? true
            let state = entry.state.map { $0 == .running && quiet ? .quiet : $0 } ?? (quiet ? .quiet : .running)
            return FeedRecord(name: name, kind: entry.kind, state: state, lastTime: entry.lastTime,
                              accepted1h: entry.minutes.values.reduce(0) { $0 + $1.accepted }, rejected1h: entry.minutes.values.reduce(0) { $0 + $1.rejected },
                              restarts: entry.restarts, lastError: entry.lastError)
        }
    }
}
