import Foundation
import IndicatorEngine
import StoreContract

/// What the leader sends back on one connection, once the step that applied it is committed.
public struct Answer: Sendable {
    public var connection: Int
    public var response: CommandResponse
    /// Set for an accepted `attach`: the connection is a console's session from now on.
    public var attach: CommandRequest?
}

/// The leader's side of the access model: it resolves each caller the kernel named to a role and
/// scope, authorises the request, applies it, records it under its id and audits it (refusals
/// too), all in one transaction; the answers go out after the commit.
extension Leader {
    public struct AccessContext {
        public var policy: AccessPolicy
        public var centers: [Center]
        /// Re-reads the access files (`reload`): the new policy and centers, or the errors.
        public var reload: () -> Result<(AccessPolicy, [Center]), ReloadFailure>

        public init(policy: AccessPolicy, centers: [Center],
                    reload: @escaping () -> Result<(AccessPolicy, [Center]), ReloadFailure> = { .failure(ReloadFailure(message: "reload is not available here")) }) {
            self.policy = policy
            self.centers = centers
            self.reload = reload
        }
    }

    /// The summary a successful reload answers with.
    public static func summary(_ policy: AccessPolicy, _ centers: [Center]) -> String {
        let who = policy.grants.map { "\($0.count) operator line\($0.count == 1 ? "" : "s")" } ?? "single-account mode"
        return "reloaded \(who) and \(centers.count) center\(centers.count == 1 ? "" : "s"); other configuration changes take effect on restart"
    }

    public struct ReloadFailure: Error, Sendable { public var message: String; public init(message: String) { self.message = message } }

    public func answer(_ incoming: [CommandServer.Incoming], access: inout AccessContext, now: Int64) throws -> [Answer] {
        var batch = Batch()
        return try answer(incoming, access: &access, now: now, into: &batch)
    }

    /// Answers actions queued through the database (PostgreSQL) as requests from the role that
    /// queued them, removing them from the queue in the same commit; the answers are recorded
    /// under each request's id, where the consoles that asked read them.
    public func answer(queued actions: [QueuedAction], access: inout AccessContext, now: Int64) throws {
        guard let last = actions.last?.id else { return }
        var batch = Batch()
        batch.actionsThrough = last
        var incoming: [CommandServer.Incoming] = []
        for action in actions {
            let peer = Identity(user: action.user, uid: Identity.databaseRole, groups: action.groups)
            guard var request = try? JSONDecoder().decode(CommandRequest.self, from: Data(action.body.utf8)),
                  ![.attach, .whoami].contains(request.op) else {
                let reason = "not an action this leader reads; is the console's ioc older or newer than the leader's?"
                batch.audit.append(AuditEntry(time: now, user: peer.user, role: "", action: "request", target: "", result: "refused",
                                              detail: reason, origin: "database"))
                batch.requests.append(RequestOutcome(request: action.request, time: now, user: peer.user, uid: -1, role: "", kind: "unknown",
                                                     target: "", note: "", status: .refused, result: reason))
                continue
            }
            // The id the database queued it under is the one the console waits on.
            request.id = action.request
            incoming.append(CommandServer.Incoming(connection: incoming.count, peer: peer, request: request))
        }
        _ = try answer(incoming, access: &access, now: now, into: &batch)
    }

    private func answer(_ incoming: [CommandServer.Incoming], access: inout AccessContext, now: Int64, into batch: inout Batch) throws -> [Answer] {
        var changes = ChangeSet()
        var answers: [Answer] = []
        var seen: [String: CommandResponse] = [:]
        for item in incoming {
            let request = item.request
            let peer = item.peer
            let claimed = Self.origin(request.from)
            // A PostgreSQL role: the database said who it is, the host is only claimed.
            let origin = peer.unixUID != nil ? claimed : claimed.isEmpty ? "database" : "database, " + claimed
            func reply(_ ok: Bool, _ result: String, phrase: Phrase? = nil, grant: OperatorGrant? = nil, attach: Bool = false) {
                var response = CommandResponse(id: request.id, ok: ok, result: result, user: peer.user, uid: peer.unixUID)
                response.phrase = phrase
                if let grant {
                    response.role = grant.role.rawValue
                    response.scope = grant.scope
                    response.center = Center.of(RegionScope(codes: grant.scope, catalog: catalog), catalog: catalog, centers: access.centers).title
                }
                answers.append(Answer(connection: item.connection, response: response, attach: attach && ok ? request : nil))
            }
            guard let grant = access.policy.resolve(peer) else {
                let phrase = Phrase("user {user} is not an operator of {center} ({source})", ["user": peer.user, "center": catalog.name, "source": access.policy.source])
                let reason = phrase.english
                batch.audit.append(AuditEntry(time: now, user: peer.user, uid: peer.unixUID, role: "", action: request.op.rawValue,
                                              target: "", result: "refused", detail: reason, origin: origin))
                // Recorded as answered, so a caller reading answers from the store (PostgreSQL) has its own.
                if peer.unixUID == nil, ![.whoami, .attach].contains(request.op) {
                    batch.requests.append(RequestOutcome(request: request.id, time: now, user: peer.user, uid: peer.unixUID ?? -1, role: "",
                                                         kind: request.op.rawValue, target: "", note: "", status: .refused, result: reason))
                }
                reply(false, reason, phrase: phrase)
                continue
            }
            func audit(_ action: String, _ target: String, _ result: String, _ detail: String) {
                batch.audit.append(AuditEntry(time: now, user: peer.user, uid: peer.unixUID, role: grant.role.rawValue, action: action,
                                              target: target, result: result, detail: detail, origin: origin))
            }
            switch request.command {
            case .whoami:
                reply(true, "you are \(peer.user)", grant: grant)
                continue
            case .attach:
                let scope = grant.scope.isEmpty ? "whole center" : "scope " + grant.scope.joined(separator: ",")
                audit("session start", "console", "applied", scope)
                reply(true, "attached", grant: grant, attach: true)
                continue
            default:
                break
            }
            // A retry of a request already answered: the same answer, applied once.
            if let earlier = try seen[request.id] ?? store.request(id: request.id).map({
                CommandResponse(id: $0.request, ok: $0.status == .applied, result: $0.result)
            }) {
                reply(earlier.ok, earlier.result, phrase: earlier.phrase, grant: grant)
                continue
            }
            let (target, outcome) = perform(request, grant: grant, access: &access, now: now, batch: &batch, changes: &changes)
            let (ok, result, phrase): (Bool, String, Phrase?) = switch outcome {
            case let .applied(result, said): (true, result, said)
            case let .refused(reason): (false, reason.english, reason)
            }
            audit(request.op.rawValue, target, ok ? "applied" : "refused", ok ? Self.clean(request.command.note) : result)
            batch.requests.append(RequestOutcome(request: request.id, time: now, user: peer.user, uid: peer.unixUID ?? -1, role: grant.role.rawValue,
                                                 kind: request.op.rawValue, target: target, note: Self.clean(request.command.note),
                                                 status: ok ? .applied : .refused, result: result))
            var answered = CommandResponse(id: request.id, ok: ok, result: result)
            answered.phrase = phrase
            seen[request.id] = answered
            reply(ok, result, phrase: phrase, grant: grant)
        }
        try fill(&batch, from: changes)
        // An ingested value that fires an alert plans its notification in the same commit.
        if !changes.journal.isEmpty { try planNotifications(into: &batch, now: now) }
        if !batch.isEmpty { sequence = try store.commit(batch) }
        return answers
    }

    /// A console's session ended: audited with how long it lasted.
    public func sessionEnded(peer: Identity, access: AccessContext, since: Int64, now: Int64, from: String?) throws {
        let role = access.policy.resolve(peer)?.role.rawValue ?? ""
        var batch = Batch()
        batch.audit.append(AuditEntry(time: now, user: peer.user, uid: peer.unixUID, role: role, action: "session end", target: "console",
                                      result: "applied", detail: "after \(max(0, now - since)) s", origin: Self.origin(from)))
        sequence = try store.commit(batch)
    }

    /// Applies one authorised-or-not action: what it was about, and how it went.
    private func perform(_ request: CommandRequest, grant: OperatorGrant, access: inout AccessContext, now: Int64, batch: inout Batch,
                         changes: inout ChangeSet) -> (target: String, reply: Reply) {
        let user = grant.user
        let note = Self.clean(request.command.note)
        switch request.command {
        case let .ack(id, _), let .note(id, _):
            let target = "alert \(id)"
            let known = engine.alerts.alerts[id].map { ($0.region, $0.state) } ?? (try? store.alert(id: id)).flatMap { $0 }.map { ($0.region, $0.state) }
            guard let (regionCode, state) = known else { return (target, .refused(reason: Phrase("no alert with id {id}", ["id": String(id)]))) }
            let region = catalog.regionIndex[regionCode].map { [$0] } ?? []
            let kind: ActionKind = request.op == .ack ? .ack : .note
            if let refusal = Authorization.refusal(kind, by: grant, regions: region, catalog: catalog, target: target) { return (target, .refused(reason: refusal)) }
            do {
                if kind == .ack {
                    changes.journal += try engine.acknowledge(alert: id, by: user, note: note, now: now)
                    return (target, .applied("acknowledged"))
                }
                guard !note.isEmpty else { return (target, .refused(reason: "a note needs text")) }
                changes.journal += try engine.note(alert: id, by: user, text: note, now: now)
                return (target, .applied("noted"))
            } catch {
                return (target, .refused(reason: engine.alerts.alerts[id] == nil
                    ? Phrase("alert {id} is {state}, not open", ["id": String(id), "state": state.rawValue], words: ["state": "alert state"]) : .verbatim("\(error)")))
            }
        case let .silence(order):
            if let f = order.field, catalog.fieldIndex[f] == nil { return ("field \(f)", .refused(reason: Phrase("unknown field '{code}'", ["code": f]))) }
            if let i = order.indicator, catalog.indicatorIndex[i] == nil { return ("indicator \(i)", .refused(reason: Phrase("unknown indicator '{code}'", ["code": i]))) }
            var regions: [RegionID] = []
            if let r = order.region {
                guard let id = catalog.regionIndex[r] else { return ("region \(r)", .refused(reason: Phrase("unknown region '{code}'", ["code": r]))) }
                regions = [id]
            }
            let target = [order.field.map { "field \($0)" }, order.indicator.map { "indicator \($0)" }, order.region.map { "region \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            let seconds = order.seconds
            guard seconds > 0, seconds <= Durations.longest else {
                return (target, .refused(reason: "a silence needs a length between 1 s and 100 years"))
            }
            if let refusal = Authorization.refusal(.silence, by: grant, regions: regions, catalog: catalog, silenceSeconds: seconds) {
                return (target, .refused(reason: refusal))
            }
            let id = max((try? store.nextSilenceID()) ?? 1, (engine.alerts.silences.keys.max() ?? 0) + 1)
            let silence = Silence(id: id, field: order.field, indicator: order.indicator, region: order.region, start: now,
                                  end: now + seconds, createdBy: user, comment: note)
            changes.journal += engine.silence(silence, now: now)
            batch.silences.append(silence)
            return (target.isEmpty ? "everything" : target, .applied("silence \(id)", said: Phrase("silence {id}", ["id": String(id)])))
        case let .expire(id):
            let target = "silence \(id)"
            guard let silence = engine.alerts.silences[id], silence.end > now else { return (target, .refused(reason: Phrase("no running silence with id {id}", ["id": String(id)]))) }
            let regions = silence.region.flatMap { catalog.regionIndex[$0] }.map { [$0] } ?? []
            if let refusal = Authorization.refusal(.expire, by: grant, regions: regions, catalog: catalog, target: target, silenceOwner: silence.createdBy) {
                return (target, .refused(reason: refusal))
            }
            guard let (ended, journal) = engine.expireSilence(id, by: user, now: now) else { return (target, .refused(reason: Phrase("no running silence with id {id}", ["id": String(id)]))) }
            changes.journal += journal
            batch.silences.append(ended)
            return (target, .applied("silence \(id) expired", said: Phrase("silence {id} expired", ["id": String(id)])))
        case let .ingest(samples, source):
            var resolved: [Sample] = []
            var regions = Set<RegionID>()
            resolved.reserveCapacity(samples.count)
            for s in samples {
                // InfluxDB's time range, in seconds: nothing later can overflow on it.
                guard let i = catalog.indicatorIndex[s.indicator], let r = catalog.regionIndex[s.region], s.value.isFinite,
                      (0..<1_000_000_000).contains(s.nanos), (-9_223_372_036...9_223_372_036).contains(s.time) else {
                    return ("\(samples.count) observations", .refused(reason: Phrase("observation {indicator} {region} is not in the catalog or not a finite value", ["indicator": s.indicator, "region": s.region])))
                }
                if catalog.indicators[i].field == FeedIndicators.field {
                    return ("\(samples.count) observations", .refused(reason: Phrase("indicator {code} is the center's own account of a feed: only the leader writes it", ["code": s.indicator])))
                }
                regions.insert(r)
                resolved.append(Sample(series: catalog.series(i, r), time: s.time, value: s.value, nanos: s.nanos))
            }
            let target = "\(samples.count) observations"
            if let refusal = Authorization.refusal(.ingest, by: grant, regions: regions.sorted(), catalog: catalog) { return (target, .refused(reason: refusal)) }
            do {
                batch.resolved += try directory.resolved(resolved)
                batch.resolvedSource = Self.clean(source ?? "socket")
            } catch {
                return (target, .refused(reason: .verbatim("\(error)")))
            }
            changes.merge(engine.apply(resolved: resolved, now: now))
            return (target, .applied("ingested \(samples.count)"))
        case .reload:
            if let refusal = Authorization.refusal(.reload, by: grant, regions: [], catalog: catalog) { return ("configuration", .refused(reason: refusal)) }
            switch access.reload() {
            case let .success((policy, centers)):
                access.policy = policy
                access.centers = centers
                return ("configuration", .applied(Self.summary(policy, centers)))
            case let .failure(failure): return ("configuration", .refused(reason: .verbatim(failure.message)))
            }
        case let .notifyTest(name):
            let target = "receiver \(name)"
            if let refusal = Authorization.refusal(.notifyTest, by: grant, regions: [], catalog: catalog) { return (target, .refused(reason: refusal)) }
            guard notify.receivers.contains(where: { $0.name == name }) else {
                let known = notify.receivers.map(\.name).joined(separator: ", ")
                return (target, .refused(reason: known.isEmpty ? Phrase("no receiver named '{name}' in notify.yaml", ["name": name])
                    : Phrase("no receiver named '{name}' in notify.yaml (there are: {names})", ["name": name, "names": known])))
            }
            let key = request.testMessageKey
            batch.outbox.append(NotificationMessage.test(receiver: name, key: key, by: user, catalog: catalog, language: language, now: now))
            return (target, .applied(key))
        case .attach, .whoami:
            return ("", .applied(""))
        }
    }

    /// Text from a client for other consoles and the journal: no control characters (no
    /// terminal escapes reach another operator's screen), at most 1,000 characters.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(1_000).map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }

    /// `SSH_CONNECTION` ("client port server port") as the client claims it: "client:port (claimed)".
    static func origin(_ claimed: String?) -> String {
        guard let claimed, !claimed.isEmpty else { return "" }
        let parts = clean(String(claimed.prefix(200))).split(separator: " ")
        guard parts.count >= 2 else { return clean(String(claimed.prefix(60))) + " (claimed)" }
        return "\(parts[0]):\(parts[1]) (claimed)"
    }
}
