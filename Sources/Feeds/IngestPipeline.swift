import Foundation
import IndicatorEngine

/// The one decode → batch → commit loop, shared by `ioc ingest` and the inbox: lines from the
/// reader through the decoder, accepted samples handed to `commit` in batches, each rejection
/// reported with its line. It stops early when the decoder refuses the whole input.
public struct IngestPipeline {
    public let name: String
    private let reader: LineReader
    public private(set) var decoder: Decoder
    public let batchSize: Int
    public private(set) var accepted = 0
    public private(set) var rejected = 0
    /// True once the input is read to its end (or refused).
    public private(set) var finished = false

    public init(name: String, fd: Int32, catalog: Catalog, options: IngestOptions, batchSize: Int = 50_000) {
        self.name = name
        reader = LineReader(fd: fd, maxLineBytes: options.maxLineBytes)
        decoder = Decoder(catalog: catalog, options: options)
        self.batchSize = batchSize
    }

    /// The whole input was refused (wrong encoding, not text, no CSV header).
    public var refusal: Rejection? { decoder.refusal }
    /// The errno of a read that failed before the end of the input.
    public var readError: Int32? { reader.readError }
    public var lineNumber: Int { reader.lineNumber }

    /// For a stream (a pipe, a socket, a terminal): commit what has been read at least this
    /// often, in seconds, while the input stays open, so a feed that never ends shows up at
    /// once. Nil (files): at batch size and at the end only.
    public var flushInterval: Double?
    /// How long a stream's input may pause before what was read is committed, in seconds.
    public static let pause = 0.02

    /// Reads up to `lines` more lines (to the end when nil), committing full batches and, when it
    /// stops, what is left; on a stream also what it has every `flushInterval`. `rejected` hears
    /// of each bad line as it is found; `progress` of the counts so far after each commit and
    /// each wait for input (a signal ends a wait).
    public mutating func run(lines: Int? = nil, now: Int64, rejected: (Int, Rejection) -> Void,
                             progress: (_ accepted: Int, _ rejected: Int) -> Void = { _, _ in },
                             commit: ([Sample]) throws -> Void) throws {
        var batch: [Sample] = []
        batch.reserveCapacity(min(batchSize, 65_536))
        var failure: Error?
        var committed = 0, refused = 0
        func flush() {
            guard !batch.isEmpty, failure == nil else { return }
            do {
                try commit(batch)
                committed += batch.count
            } catch {
                failure = error
            }
            batch.removeAll(keepingCapacity: true)
        }
        func take(_ line: Int, _ result: Result<Sample, Rejection>) {
            switch result {
            case let .success(sample):
                batch.append(sample)
                if batch.count >= batchSize { flush() }
            case let .failure(reason):
                refused += 1
                rejected(line, reason)
            }
        }
        var read = 0
        var lastFlush = monotonicSeconds(), lastLine = lastFlush
        reading: while failure == nil, lines.map({ read < $0 }) ?? true {
            // A stream: what was read goes in once the input pauses (a burst ends) or a second
            // has passed, whichever comes first.
            let deadline = flushInterval.map { batch.isEmpty ? lastFlush + $0 : min(lastFlush + $0, lastLine + Self.pause) }
            let next: LineReader.Next = decoder.refusal != nil ? .end : reader.next(waitingUntil: deadline)
            switch next {
            case .end:
                decoder.finish(now: now, take)
                finished = true
                break reading
            case .idle:
                flush()
                lastFlush = monotonicSeconds()
                progress(self.accepted + committed, self.rejected + refused)
            case let .line(line):
                // A stream's time is the wall clock as it goes; a file's, the time it started.
                decoder.decode(line, lineNumber: reader.lineNumber, now: flushInterval == nil ? now : Int64(Date().timeIntervalSince1970), take)
                read += 1
                if flushInterval != nil { lastLine = monotonicSeconds() }
                if let flushInterval, lastLine >= lastFlush + flushInterval {
                    flush()
                    lastFlush = monotonicSeconds()
                    progress(self.accepted + committed, self.rejected + refused)
                }
            }
        }
        accepted += committed
        self.rejected += refused
        if let failure { throw failure }
        if !batch.isEmpty {
            try commit(batch)
            accepted += batch.count
        }
    }
}
