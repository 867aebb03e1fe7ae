import Feeds
import Foundation
import IndicatorEngine
import IndicatorStore

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

    /// Reads up to `lines` more lines (to the end when nil), committing full batches and, when it
    /// stops, what is left. `rejected` hears of each bad line as it is found.
    public mutating func run(lines: Int? = nil, now: Int64, rejected: (Int, Rejection) -> Void,
                             commit: ([Sample]) throws -> Void) throws {
        var batch: [Sample] = []
        batch.reserveCapacity(min(batchSize, 65_536))
        var failure: Error?
        var committed = 0, refused = 0
        func take(_ line: Int, _ result: Result<Sample, Rejection>) {
            switch result {
            case let .success(sample):
                batch.append(sample)
                if batch.count >= batchSize, failure == nil {
                    do {
                        try commit(batch)
                        committed += batch.count
                    } catch {
                        failure = error
                    }
                    batch.removeAll(keepingCapacity: true)
                }
            case let .failure(reason):
                refused += 1
                rejected(line, reason)
            }
        }
        var read = 0
        while failure == nil, lines.map({ read < $0 }) ?? true {
            guard decoder.refusal == nil, let line = reader.next() else {
                decoder.finish(now: now, take)
                finished = true
                break
            }
            decoder.decode(line, lineNumber: reader.lineNumber, now: now, take)
            read += 1
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
