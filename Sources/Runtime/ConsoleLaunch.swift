import Canvas
import Console
import Coordinator
import Foundation
import IndicatorEngine
import Localization
import Reports

/// Opens the console (or the wall, or the plain lines) for the operator running it, on either
/// store: who the operator is (the Unix user on this host; the role PostgreSQL authenticated),
/// their role, scope and center, the store and its connection, then the session.
public enum ConsoleLaunch {
    public struct Request {
        public var catalog: Catalog
        public var timeZone: TimeZone
        /// Who may do what (operators.yaml) and the district centers (centers.yaml).
        public var access: AccessPolicy
        public var centers: [Center]
        public var reports: ReportSettings
        /// The store: a SQLite path or a PostgreSQL URL.
        public var location: String
        public var keyMap: KeyMap
        /// The command line's theme (nil: the operator's saved one).
        public var theme: Theme?
        public var plain = false
        public var open: String?
        /// Seconds per field on the wall; nil: an operator's console.
        public var wall: Int64?
        /// The center's language, and `--lang` when given (see `ConsoleRunner.Settings`).
        public var language: Language = .en
        public var languageOption: Language?
        /// Starts a headless leader beside a SQLite store (nil: this user may not).
        public var startLeader: (() -> Void)?
        public var logPath: String
        /// The full-screen terminal: its backend, a fallback to announce, and how to stop it.
        public var startTerminal: () throws -> (backend: any TerminalBackend, fallback: String?, stop: () -> Void)

        public init(catalog: Catalog, timeZone: TimeZone, access: AccessPolicy, centers: [Center], reports: ReportSettings, location: String,
                    keyMap: KeyMap, logPath: String,
                    startTerminal: @escaping () throws -> (backend: any TerminalBackend, fallback: String?, stop: () -> Void)) {
            self.catalog = catalog
            self.timeZone = timeZone
            self.access = access
            self.centers = centers
            self.reports = reports
            self.location = location
            self.keyMap = keyMap
            self.logPath = logPath
            self.startTerminal = startTerminal
        }
    }

    public static func run(_ request: Request) throws(CommandProblem) {
        let catalog = request.catalog
        let (connection, identity) = try StoreOpening.console(request)
        let grant: OperatorGrant, center: Center
        switch LocalOperator.resolve(policy: request.access, centers: request.centers, catalog: catalog, as: identity) {
        case let .success(access): (grant, center) = access
        case let .failure(refusal): throw CommandProblem(refusal.message, exitCode: LocalOperator.Refusal.exitCode)
        }
        var settings = ConsoleRunner.Settings(catalog: catalog, timeZone: request.timeZone, theme: request.theme, keyMap: request.keyMap,
                                              grant: grant, center: center, startLeader: request.startLeader, reports: request.reports)
        settings.preferences = PreferencesFile.forCurrentUser()
        settings.open = request.open
        settings.wall = request.wall
        settings.language = request.language
        settings.languageOption = request.languageOption
        do {
            if request.plain {
                try ConsoleSession.run(connection: connection, terminal: LineBackend(), fallback: nil, settings: settings,
                                       log: FileLog(path: request.logPath), stop: {})
            } else {
                let terminal = try request.startTerminal()
                try ConsoleSession.run(connection: connection, terminal: terminal.backend, fallback: terminal.fallback, settings: settings,
                                       log: FileLog(path: request.logPath), stop: terminal.stop)
            }
        } catch let problem as CommandProblem {
            throw problem
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }

}

extension ConsoleLaunch.Request {
    /// The console of `context`'s center: its catalog, access and keys (`keys.yaml`), with a
    /// leader started as `feeds` says when none runs, and the wall's configured pace.
    public init(_ context: CenterContext, feeds: FeedChoice, wall: Bool = false,
                startTerminal: @escaping () throws -> (backend: any TerminalBackend, fallback: String?, stop: () -> Void)) throws(CommandProblem) {
        let config = context.config
        self.init(catalog: config.catalog, timeZone: config.settings.timeZone, access: config.access, centers: config.centers,
                  reports: config.settings.reports, location: context.storePath, keyMap: try context.keyMap(), logPath: context.logPath,
                  startTerminal: startTerminal)
        startLeader = CenterClient.client(storePath: context.storePath, leaderArguments: context.leaderArguments(feeds: feeds)).startLeader
        if wall { self.wall = config.settings.wallEvery }
        language = context.language
        languageOption = context.languageOption
    }
}

extension ConsoleLaunch {
    /// `ioc`, `ioc console` and `ioc wall` once their arguments are read: `theme` by name (nil:
    /// the operator's saved one); `wall` nil: the console, `.some(nil)`: the wall at its
    /// configured pace, else every so many seconds.
    public static func run(_ context: CenterContext, feeds: FeedChoice, theme: String?, plain: Bool, open: String?, wall: Int64??,
                           startTerminal: @escaping () throws -> (backend: any TerminalBackend, fallback: String?, stop: () -> Void)) throws(CommandProblem) {
        var request = try Request(context, feeds: feeds, wall: wall != nil, startTerminal: startTerminal)
        request.theme = theme.flatMap { name in Theme.all.first { $0.name == name } }
        request.plain = plain
        request.open = open
        if let pace = wall ?? nil { request.wall = pace }
        try run(request)
    }
}
