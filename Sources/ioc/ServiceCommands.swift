import ArgumentParser
import Coordinator
import CursesBackend
import Feeds
import Foundation
import IOCConfig
import IndicatorEngine
import IndicatorStore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the engine and feeds with no screen (waits as a standby while another process leads).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedOptions

    func run() throws {
        let context = try Context.load(global)
        let store = try context.openStore()
        let log = FileLog(path: context.logPath)
        let signals = try SignalPipe()
        let catalog = context.catalog
        let feedEnabled = feeds.simulator ?? context.config.settings.simulatorEnabled
        let seed = feeds.seed ?? context.config.settings.simulatorSeed
        let participant = try Participant(
            catalog: catalog, store: store,
            feed: { feedEnabled ? StandInFeed(catalog: catalog, seed: seed) : nil },
            retention: context.config.settings.retention, timeZone: context.config.settings.timeZone,
            inbox: context.config.settings.inboxPath,
            log: { message in
                log.write(message)
                printError("ioc serve: \(message)")
            })
        defer { participant.resign() }
        while true {
            let now = unixNowMs()
            let timeout = Int32(clamping: max(0, participant.nextWake(nowMs: now) - now))
            for signal in signals.wait(timeout: timeout) {
                if case let .stop(reason) = signal {
                    log.write("serve stopped: \(reason)")
                    return
                }
            }
            do {
                _ = try participant.poll(nowMs: unixNowMs())
            } catch {
                log.write("serve failed: \(error)")
                printError("ioc serve: \(error)")
                throw ExitCode(1)
            }
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the configuration and check the store's integrity.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.load(global)
        let catalog = context.catalog
        print("configuration ok: \(catalog.fields.count) fields, \(catalog.indicators.count) indicators, \(catalog.regions.count) regions")
        guard FileManager.default.fileExists(atPath: context.storePath) else {
            print("store: \(context.storePath) does not exist yet (it is created on first use)")
            return
        }
        let problems = try context.openStore().integrityProblems()
        guard problems.isEmpty else {
            printError("store \(context.storePath) fails its integrity check:")
            for p in problems { printError("  \(p)") }
            throw ExitCode(1)
        }
        print("store ok: \(context.storePath)")
    }
}

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print the paths in use and who leads.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.load(global)
        let lock = LeaderLock(storePath: context.storePath)
        print("configuration: \(context.config.directory.path)")
        print("store:         \(context.storePath)")
        print("lock file:     \(lock.path)")
        print("log file:      \(context.logPath)")
        if FileManager.default.fileExists(atPath: context.storePath) {
            let store = try context.openStore()
            // Free means nobody leads; then let it go again at once.
            let leaderText: String
            if lock.tryAcquire() {
                lock.release()
                leaderText = "none running"
            } else {
                let pid = (try? String(contentsOfFile: lock.path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                leaderText = "pid \(pid)"
            }
            print("leader:        \(leaderText)")
            print("sequence:      \(try store.sequence())")
            print("observations:  \(try store.observationCount())")
        } else {
            print("leader:        none (the store does not exist yet)")
        }
    }
}

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow the store's change feed, printing a line per commit seen (for scripts and checks).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.load(global)
        let store = try context.openStore()
        let signals = try SignalPipe()
        let follower = try Follower(catalog: context.catalog, store: store)
        // Unbuffered, a line at a time, so a reader sees each commit as it happens.
        func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        say("sequence \(follower.sequence)")
        while true {
            for signal in signals.wait(timeout: Int32(Participant.pollInterval)) {
                if case .stop = signal { return }
            }
            let before = follower.sequence
            if try follower.catchUp() {
                let open = follower.engine.alerts.open
                say("sequence \(follower.sequence) (from \(before)); open alerts \(open.count), acknowledged \(open.filter { $0.acknowledged != nil }.count)")
            }
        }
    }
}
