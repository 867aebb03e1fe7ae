/// A program the leader runs as a feed (`feeds.commands` in ioc.yaml): its standard output is
/// read as a stream through the same decoder as `ioc ingest`, its standard error logged.
public struct CommandFeedSpec: Sendable, Equatable, Codable {
    /// The feed's name: in the log, the observations' source (`command:NAME`) and `ioc feeds`.
    public var name: String
    /// The program and its arguments, run without a shell.
    public var command: [String]
    public var format: InputFormat
    public var precision: LineProtocol.Precision
    /// Seconds before it is started again after it exits; doubled each time it exits within a
    /// minute of starting, up to `maxRestart`.
    public var restart: Int64

    public static let maxRestart: Int64 = 300

    public init(name: String, command: [String], format: InputFormat = .line, precision: LineProtocol.Precision = .s, restart: Int64 = 5) {
        self.name = name
        self.command = command
        self.format = format
        self.precision = precision
        self.restart = restart
    }
}

// Kept in the configuration's compiled snapshot.
extension InputFormat: Codable {}
extension LineProtocol.Precision: Codable {}
