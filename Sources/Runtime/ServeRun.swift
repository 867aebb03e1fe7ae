import Coordinator
import Foundation
import IOCConfig
import StoreContract

/// `ioc serve`: the headless participant, leading or standing by, with everything the
/// configuration gives it, until `waitForStop` says why it should stop.
public enum ServeRun {
    /// The exit status once it stopped (1: it could not start or failed, said in its log); a
    /// store it cannot open is a problem.
    public static func run(_ context: CenterContext, feeds: FeedChoice, idleExit: Int64?,
                           waitForStop: @escaping (Int32, [pollfd]) -> String?) throws(CommandProblem) -> Int32 {
        let store = try StoreLeading.open(context.storePath)
        // A leader started for a console: if another leads already, there is nothing to do.
        if idleExit != nil, let file = store.hostFile, LeaderLock(storePath: file).probe() != .free { return 0 }
        let log = FileLog(path: context.logPath)
        let config = context.config, settings = context.config.settings, catalog = context.catalog
        let directory = config.directory.path
        let access = Leader.AccessContext(policy: config.access, centers: config.centers) {
            Result { () throws(ConfigError) in try ConfigLoader.accessAndCenters(directory: directory) }
                .mapError { Leader.ReloadFailure(message: $0.issues.map(\.description).joined(separator: "; ")) }
        }
        let say = log.relay("ioc serve") { $0.hasPrefix("socket:") || $0.contains("cannot") ? .warning : .info }
        // What the leader writes into an empty store: the report's figures, and a year of
        // simulated history when the simulator runs and history is wanted.
        let seed = Seeder.forEmptyStore(facts: try context.facts(), simulator: context.simulator(seed: feeds.seed, running: feeds.history ? feeds.simulator : false),
                                        now: unixNow, log: { log.write($0) })
        // Scheduled reports are written in the center's language (`--lang`, `language:`, the locale).
        var reports = settings.reports
        reports.language = context.language
        let participant: Participant
        do {
            participant = try Participant(
                catalog: catalog, store: store, feed: context.simulator(seed: feeds.seed, running: feeds.simulator),
                retention: settings.retention, timeZone: settings.timeZone, inbox: settings.inboxPath, commands: settings.commandFeeds,
                cadences: settings.feedCadences,
                writes: HTTPWrites.opener(settings.httpFeed, catalog: catalog, log: say),
                seedEmptyStore: seed, access: access, notify: config.notify, reports: reports,
                reportsDirectory: StoreLeading.reportsDirectory(context.storePath), log: say)
        } catch {
            log.relay("ioc serve") { _ in .error }("\(error)")
            return 1
        }
        do {
            try ServeLoop.run(participant, idleExit: idleExit, waitForStop: waitForStop,
                              log: { log.write($0, level: $0.hasPrefix("serve failed") ? .error : .info) })
        } catch {
            if !log.isJournal { FileHandle.standardError.write(Data("ioc serve: \(error)\n".utf8)) }
            return 1
        }
        return 0
    }
}
