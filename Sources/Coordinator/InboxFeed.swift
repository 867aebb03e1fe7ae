import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore

/// The leader's side of the inbox: it ingests one complete file at a time in slices (so a
/// console stays responsive), commits each slice, and moves the file away only after its last
/// slice is committed. A crash mid-file leaves it in the inbox; it is ingested again from the
/// start on restart, and the store's idempotent writes make that exact.
final class InboxFeed {
    let watcher: InboxWatcher
    private let catalog: Catalog
    private var job: Job?
    private let log: (String) -> Void
    static let sliceLines = 50_000

    private struct Job {
        var name: String
        var fd: Int32
        var reader: LineReader
        var decoder: Decoder
        var accepted = 0
        var errors: [String] = []
    }

    init(directory: String, catalog: Catalog, log: @escaping (String) -> Void) throws {
        watcher = try InboxWatcher(directory: directory)
        self.catalog = catalog
        self.log = log
    }

    deinit { if let job { close(job.fd) } }

    var isBusy: Bool { job != nil }

    /// Ingests the next slice of the current file (or starts the next ready one); true when
    /// something was committed or a file finished.
    func step(leader: Leader, now: Int64) throws -> Bool {
        if job == nil {
            guard let name = watcher.nextReady() else { return false }
            let fd = open(watcher.directory + "/" + name, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            var options = IngestOptions(format: InputFormat.guess(path: name))
            options.source = "inbox:" + name
            job = Job(name: name, fd: fd, reader: LineReader(fd: fd, maxLineBytes: options.maxLineBytes),
                      decoder: Decoder(catalog: catalog, options: options))
            log("inbox: ingesting \(name)")
        }
        guard var current = job else { return false }
        var batch: [(SeriesID, Int64, Double)] = []
        var finished = false
        func take(_ result: Result<Decoded, Rejection>?) {
            switch result {
            case let .success(d)?: batch.append((d.series, d.time, d.value))
            case let .failure(reason)?: current.errors.append("\(current.name):\(current.decoder.recordLine): \(reason)")
            case nil: break
            }
        }
        for _ in 0..<Self.sliceLines {
            guard let line = current.reader.next() else {
                take(current.decoder.finish())
                finished = true
                break
            }
            take(current.decoder.decode(line, lineNumber: current.reader.lineNumber, now: now))
        }
        if !batch.isEmpty {
            try leader.ingest(resolved: batch, source: current.decoder.options.source, now: now)
            current.accepted += batch.count
        }
        job = current
        if finished {
            close(current.fd)
            job = nil
            try watcher.finish(current.name, errors: current.errors)
            log("inbox: \(current.name) done: \(current.accepted) accepted, \(current.errors.count) rejected")
        }
        return true
    }
}
