import Feeds
import Foundation
import IndicatorEngine
import StoreContract

/// The leader's side of the inbox: it ingests one complete file at a time in slices (so a
/// console stays responsive), commits each slice, and moves the file away only after its last
/// slice is committed. A crash mid-file leaves it in the inbox; it is ingested again from the
/// start on restart, and the store's idempotent writes make that exact.
///
/// One poisoned file never stops a center: a file that cannot be read as a whole (unreadable,
/// wrong encoding, no CSV header) is quarantined in `rejected/` with its reason, and so is one
/// the leader was ingesting when it died twice in a row (`.processing` counts the attempts).
final class InboxFeed {
    let watcher: InboxWatcher
    private let catalog: Catalog
    private var job: Job?
    private let log: (String) -> Void
    static let sliceLines = 50_000
    /// Attempts at one file that ended with the leader dead before the file is set aside.
    static let attemptsBeforeQuarantine = 2

    private struct Job {
        var fd: Int32
        var pipeline: IngestPipeline
        var errors: [String] = []
        var name: String { pipeline.name }
    }

    init(directory: String, catalog: Catalog, log: @escaping (String) -> Void) throws {
        watcher = try InboxWatcher(directory: directory)
        self.catalog = catalog
        self.log = log
    }

    deinit { if let job { close(job.fd) } }

    var isBusy: Bool { job != nil }

    private var markerPath: String { watcher.directory + "/.processing" }

    /// How many times a leader has started on `name` without finishing it.
    private func attempts(at name: String) -> Int {
        guard let text = try? String(contentsOfFile: markerPath, encoding: .utf8) else { return 0 }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == name else { return 0 }
        return Int(parts[1]) ?? 0
    }

    private func mark(_ name: String?, attempts: Int = 0) {
        guard let name else {
            unlink(markerPath)
            return
        }
        try? "\(name)\n\(attempts)\n".write(toFile: markerPath, atomically: true, encoding: .utf8)
    }

    /// An orderly stop mid-file (shutdown, lead handed over) is not a death: the count is cleared.
    func suspend() {
        guard let current = job else { return }
        close(current.fd)
        job = nil
        mark(nil)
        log("inbox: stopped in the middle of \(current.name); it is ingested again from the start by the next leader")
    }

    private func quarantine(_ name: String, reason: [String]) {
        do {
            try watcher.quarantine(name, errors: reason)
            log("inbox: \(name) set aside in rejected/: \(reason.last ?? "")")
        } catch {
            log("inbox: \(name) could not be set aside: \(error)")
        }
        mark(nil)
    }

    /// Ingests the next slice of the current file (or starts the next ready one); true when
    /// something was committed or a file finished.
    func step(leader: Leader, now: Int64) throws -> Bool {
        if job == nil {
            guard let name = watcher.nextReady() else { return false }
            let tried = attempts(at: name)
            if tried >= Self.attemptsBeforeQuarantine {
                quarantine(name, reason: ["\(name): the leader stopped \(tried) times while ingesting this file; it was set aside "
                    + "so the center keeps running. Check the log (ioc.log) and the file, then move it back into the inbox."])
                return true
            }
            mark(name, attempts: tried + 1)
            let fd = open(watcher.directory + "/" + name, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                quarantine(name, reason: ["\(name): cannot be opened: \(String(cString: strerror(errno)))"])
                return true
            }
            var options = IngestOptions(format: InputFormat.guess(path: name))
            options.source = "inbox:" + name
            job = Job(fd: fd, pipeline: IngestPipeline(name: name, fd: fd, catalog: catalog, options: options, batchSize: Self.sliceLines))
            log("inbox: ingesting \(name)")
        }
        guard var current = job else { return false }
        let source = current.pipeline.decoder.options.source
        let name = current.name
        var errors: [String] = []
        try current.pipeline.run(lines: Self.sliceLines, now: now, rejected: { errors.append("\(name):\($0): \($1)") }) { batch in
            try leader.ingest(resolved: batch, source: source, now: now)
        }
        current.errors += errors
        job = current
        guard current.pipeline.finished else { return true }
        close(current.fd)
        job = nil
        let pipeline = current.pipeline
        if pipeline.refusal != nil {
            quarantine(current.name, reason: current.errors)
        } else if let error = pipeline.readError {
            quarantine(current.name, reason: current.errors + ["\(current.name): reading stopped after line "
                + "\(pipeline.lineNumber): \(String(cString: strerror(error))) (\(pipeline.accepted) observations were taken)"])
        } else {
            try watcher.finish(current.name, errors: current.errors)
            mark(nil)
            log("inbox: \(current.name) done: \(pipeline.accepted) accepted, \(pipeline.rejected) rejected")
        }
        return true
    }
}
