import Foundation
import IndicatorEngine

/// A token an HTTP writer presents (`tokens.yaml`): its name (for the audit and feed health),
/// the secret, and what it may write: regions (each with everything below it; none: all) and
/// indicator code prefixes (none: all).
public struct FeedToken: Sendable, Equatable {
    public var name: String
    public var token: String
    public var scope: [String]
    public var indicators: [String]

    public init(name: String, token: String, scope: [String] = [], indicators: [String] = []) {
        self.name = name
        self.token = token
        self.scope = scope
        self.indicators = indicators
    }

    /// Why this token may not write `sample`, or nil when it may.
    public func refusal(_ sample: Sample, catalog: Catalog, scope regions: RegionScope) -> String? {
        let indicator = catalog.indicators[catalog.indicator(of: sample.series)].code
        if !indicators.isEmpty, !indicators.contains(where: { indicator.hasPrefix($0) }) {
            return "token '\(name)' may not write \(indicator) (its indicators: \(indicators.joined(separator: ", ")))"
        }
        let region = catalog.region(of: sample.series)
        if !regions.covers(region, in: catalog) {
            return "token '\(name)' may not write region \(catalog.regions[region].code) (its scope: \(scope.joined(separator: ", ")))"
        }
        return nil
    }
}

/// Observations that arrived outside the leader's loop (an HTTP write), waiting for the leader
/// to apply them; `finish` answers the writer once they are committed (or not).
public final class ExternalWrite: @unchecked Sendable {
    /// The observations' source, `http:TOKEN`.
    public let source: String
    public let samples: [Sample]
    /// Lines of the request refused (feed health counts them).
    public let rejected: Int
    /// What the audit says of it.
    public let audit: AuditEntry
    private let done: @Sendable ((any Error)?) -> Void

    public init(source: String, samples: [Sample], rejected: Int = 0, audit: AuditEntry, done: @escaping @Sendable ((any Error)?) -> Void) {
        self.source = source
        self.samples = samples
        self.rejected = rejected
        self.audit = audit
        self.done = done
    }

    public func finish(_ error: (any Error)?) { done(error) }
}

/// Where writes from outside wait for the leader: readable `descriptor` while some do.
public protocol ExternalWrites: AnyObject {
    var descriptor: Int32 { get }
    /// The writes waiting, oldest first (the caller applies them and finishes each).
    func take() -> [ExternalWrite]
    /// Stops taking writes (the lead is given up): waiting writers are answered 503.
    func stop()
}

/// `feeds.http` in ioc.yaml: where the InfluxDB-compatible write endpoint listens, the file of
/// its tokens, the largest body it takes.
public struct HTTPFeedSpec: Sendable, Equatable, Codable {
    public var host: String
    public var port: Int
    /// The tokens file's path (read by the leader only: the file is the service account's).
    public var tokens: String
    public var maxBody: Int

    public init(host: String, port: Int, tokens: String, maxBody: Int = 32 << 20) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.maxBody = maxBody
    }
}
