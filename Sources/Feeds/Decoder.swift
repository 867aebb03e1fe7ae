import Foundation
import IndicatorEngine

public enum InputFormat: String, Sendable, CaseIterable {
    case line, csv

    /// The format a file name suggests: `.csv` is CSV, anything else line protocol.
    public static func guess(path: String) -> InputFormat {
        path.lowercased().hasSuffix(".csv") ? .csv : .line
    }
}

public struct IngestOptions: Sendable {
    public var format: InputFormat
    public var precision: LineProtocol.Precision = .s
    public var maxLineBytes = 65_536
    /// How far ahead of the clock a time may be before the line is rejected.
    public var maxFuture: Int64 = 300
    public var source = "ingest"

    public init(format: InputFormat, precision: LineProtocol.Precision = .s, maxLineBytes: Int = 65_536, maxFuture: Int64 = 300) {
        self.format = format
        self.precision = precision
        self.maxLineBytes = maxLineBytes
        self.maxFuture = maxFuture
    }
}

/// Turns input lines into observations of the catalog, or says why not. Line protocol is
/// decoded from byte ranges straight to series ids; no String is made for an accepted line.
///
/// A record may span lines (a quoted CSV field or line-protocol string with a newline in it).
/// When such a record never closes, or does not parse, its first line is rejected and the lines
/// after it are read on their own, so one stray quote loses nothing that was good.
public struct Decoder {
    public typealias Emit = (_ line: Int, _ result: Result<Sample, Rejection>) -> Void

    public let catalog: Catalog
    public let options: IngestOptions
    private let indicators: CodeTable
    private let regions: CodeTable
    /// By indicator: the center's own account of its feeds, which only the leader writes.
    private let leaderWritten: [Bool]
    private var scanned = ScannedPoint()
    /// CSV column positions and separator, from the header.
    private var columns: (indicator: Int, region: Int, time: Int, value: Int)?
    private var separator = UInt8(ascii: ",")
    /// The lines of a record still open at the end of the last line, with their numbers.
    private var pending: [(line: Int, bytes: [UInt8])] = []
    private var pendingBytes = 0
    private var started = false
    /// The input line the result being decoded began on (a record may span lines).
    private var recordLine = 0
    /// Set when the whole input is refused (its one message was emitted); stop reading then.
    public private(set) var refusal: Rejection?

    public init(catalog: Catalog, options: IngestOptions) {
        self.catalog = catalog
        self.options = options
        indicators = CodeTable(catalog.indicators.map(\.code))
        regions = CodeTable(catalog.regions.map(\.code))
        leaderWritten = catalog.indicators.map { $0.field == FeedIndicators.field }
    }

    /// Decodes one input line (without its newline), emitting what it completes: nothing for a
    /// blank line, a comment, a CSV header or the first part of a record that goes on; else
    /// results, each with the number of the line it began on.
    public mutating func decode(_ line: ArraySlice<UInt8>, lineNumber: Int = 0, now: Int64, _ emit: Emit) {
        guard refusal == nil else { return }
        var line = line
        if !started {
            started = true
            if let problem = Self.encodingProblem(line) {
                refuse(problem, line: lineNumber, emit)
                return
            }
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        }
        if !pending.isEmpty {
            pending.append((lineNumber, Array(line)))
            pendingBytes += line.count + 1
            if pendingBytes > options.maxLineBytes {
                recover(.syntax("a quote opened on this line is not closed within \(options.maxLineBytes) bytes"), now: now, emit)
                return
            }
            let joined = joinedPending()
            if opensRecord(joined[...]) { return }
            let lines = pending
            pending = []
            recordLine = lines[0].line
            let result = decodeRecord(joined[...], now: now)
            if case let .failure(reason)? = result, case .syntax = reason {
                pending = lines
                recover(reason, now: now, emit)
            } else if let result {
                emitChecked(result, emit)
            }
            return
        }
        if line.count <= options.maxLineBytes, opensRecord(line) {
            pending = [(lineNumber, Array(line))]
            pendingBytes = line.count
            return
        }
        recordLine = lineNumber
        if let result = decodeRecord(line, now: now) { emitChecked(result, emit) }
    }

    /// At the end of the input: a record still open is rejected (its later lines read alone).
    public mutating func finish(now: Int64 = 0, _ emit: Emit) {
        guard !pending.isEmpty, refusal == nil else { return }
        recover(.syntax(options.format == .csv ? "a quoted field opened on this line is not closed by the end of the input"
                            : "a string field opened on this line is not closed by the end of the input"), now: now, emit)
    }

    private func joinedPending() -> [UInt8] {
        var joined: [UInt8] = []
        joined.reserveCapacity(pendingBytes)
        for (k, part) in pending.enumerated() {
            if k > 0 { joined.append(UInt8(ascii: "\n")) }
            joined += part.bytes
        }
        return joined
    }

    /// Rejects the pending record's first line and reads the others on their own.
    private mutating func recover(_ reason: Rejection, now: Int64, _ emit: Emit) {
        let lines = pending
        pending = []
        pendingBytes = 0
        recordLine = lines[0].line
        emit(recordLine, .failure(reason))
        for (number, bytes) in lines.dropFirst() {
            recordLine = number
            if let result = decodeRecord(bytes[...], now: now) { emitChecked(result, emit) }
            if refusal != nil { return }
        }
    }

    private mutating func emitChecked(_ result: Result<Sample, Rejection>, _ emit: Emit) {
        if case let .failure(.unreadableInput(why)) = result {
            refuse(.unreadableInput(why), line: recordLine, emit)
        } else {
            emit(recordLine, result)
        }
    }

    private mutating func refuse(_ reason: Rejection, line: Int, _ emit: Emit) {
        refusal = reason
        recordLine = line
        emit(recordLine, .failure(reason))
    }

    private func opensRecord(_ bytes: ArraySlice<UInt8>) -> Bool {
        // Most lines have no quote at all: one memchr decides.
        let quoted = bytes.withUnsafeBufferPointer { $0.isEmpty ? false : memchr($0.baseAddress!, Int32(UInt8(ascii: "\"")), $0.count) != nil }
        guard quoted else { return false }
        return options.format == .csv ? CSV.hasOpenQuote(bytes) : LineProtocol.hasOpenString(bytes)
    }

    /// What makes a whole input unreadable as text, judged from its first line.
    static func encodingProblem(_ line: ArraySlice<UInt8>) -> Rejection? {
        let b = Array(line.prefix(64))
        func refuse(_ what: String) -> Rejection { .unreadableInput(what) }
        if b.starts(with: [0xFF, 0xFE, 0, 0]) || b.starts(with: [0, 0, 0xFE, 0xFF]) {
            return refuse("the input is UTF-32, not UTF-8: save it as UTF-8 (in Excel: \"CSV UTF-8\")")
        }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) {
            return refuse("the input is UTF-16, not UTF-8: save it as UTF-8 (in Excel: \"CSV UTF-8\")")
        }
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return refuse("the input is a ZIP archive (an Excel workbook?), not text: save the sheet as \"CSV UTF-8\"")
        }
        if b.starts(with: [0x1F, 0x8B]) { return refuse("the input is gzip-compressed: decompress it first (gunzip)") }
        // UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
        if b.count >= 4 {
            let even = stride(from: 0, to: b.count, by: 2).filter { b[$0] == 0 }.count
            let odd = stride(from: 1, to: b.count, by: 2).filter { b[$0] == 0 }.count
            if max(even, odd) * 5 >= b.count * 2 {
                return refuse("the input looks like UTF-16 (every other byte is NUL), not UTF-8: save it as UTF-8 (in Excel: \"CSV UTF-8\")")
            }
        }
        return nil
    }

    private mutating func decodeRecord(_ line: ArraySlice<UInt8>, now: Int64) -> Result<Sample, Rejection>? {
        if line.count > options.maxLineBytes { return .failure(.lineTooLong(options.maxLineBytes)) }
        // Plain ASCII is the common case; anything else must be valid UTF-8.
        if !line.allSatisfy({ $0 < 0x80 }), String(validating: line, as: UTF8.self) == nil { return .failure(.invalidUTF8) }
        var end = line.endIndex
        // CRLF line ends are taken (InfluxDB refuses them; Windows tools write them).
        if end > line.startIndex, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var first = line.startIndex
        while first < end, LineProtocol.isWhitespace(line[first]) { first += 1 }
        if first == end || line[first] == UInt8(ascii: "#") { return nil }
        let body = line[first..<end]
        do {
            switch options.format {
            case .line:
                return .success(try body.withUnsafeBufferPointer { b throws(Rejection) in try fromLineProtocol(b, now: now) })
            case .csv:
                return try fromCSV(line[line.startIndex..<end], now: now).map { .success($0) }
            }
        } catch {
            return .failure(error)
        }
    }

    private mutating func fromLineProtocol(_ b: UnsafeBufferPointer<UInt8>, now: Int64) throws(Rejection) -> Sample {
        try LineProtocol.scan(b, into: &scanned)
        let m = scanned.measurement
        let indicator = m.escaped ? catalog.indicatorIndex[try LineProtocol.text(b, m, measurement: true)] : indicators.lookup(UnsafeBufferPointer(rebasing: b[m.start..<m.end]))
        guard let indicator else { throw .unknownIndicator(try LineProtocol.text(b, m, measurement: true)) }
        var region: Int?
        var regionSeen = false
        for k in 0..<scanned.tagTotal where try Self.equals(b, scanned.tag(k).key, "region") {
            let v = scanned.tag(k).value
            regionSeen = true
            region = v.escaped ? catalog.regionIndex[try LineProtocol.text(b, v)] : regions.lookup(UnsafeBufferPointer(rebasing: b[v.start..<v.end]))
            if region == nil { throw .unknownRegion(try LineProtocol.text(b, v)) }
        }
        guard regionSeen, let region else { throw .missingRegion }
        var value: Double?
        for k in 0..<scanned.fieldTotal where try Self.equals(b, scanned.field(k).key, "value") {
            let field = scanned.field(k)
            guard let number = try LineProtocol.fieldValue(b, field.value, kind: field.kind).number else {
                throw .badNumber(try LineProtocol.text(b, field.value))
            }
            value = number
        }
        guard let value else { throw .missingValue }
        var time = LineProtocol.Timestamp(seconds: now)
        if let t = scanned.timestamp {
            guard let checked = options.precision.time(t) else { throw .timeOutOfRange("\(t) (\(options.precision.rawValue))") }
            time = checked
        }
        return try accept(indicator, region, time: time, value: value, now: now)
    }

    /// Whether a key span reads `word` (unescaping it first when it has backslashes).
    private static func equals(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span, _ word: StaticString) throws(Rejection) -> Bool {
        if s.escaped { return try LineProtocol.text(b, s) == word.description }
        guard s.end - s.start == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<(s.end - s.start) where b[s.start + k] != w[k] { return false }
        return true
    }

    private mutating func fromCSV(_ line: ArraySlice<UInt8>, now: Int64) throws(Rejection) -> Sample? {
        guard let columns else {
            try readHeader(line)
            return nil
        }
        let fields = try CSV.fields(line, separator: separator)
        let needed = max(columns.indicator, columns.region, columns.time, columns.value) + 1
        guard fields.count >= needed else { throw .syntax("expected \(needed) fields, found \(fields.count)") }
        let code = fields[columns.indicator].trimmingCharacters(in: .whitespaces)
        guard let indicator = catalog.indicatorIndex[code] else { throw .unknownIndicator(code) }
        let regionCode = fields[columns.region].trimmingCharacters(in: .whitespaces)
        guard !regionCode.isEmpty else { throw .missingRegion }
        guard let region = catalog.regionIndex[regionCode] else { throw .unknownRegion(regionCode) }
        let valueText = fields[columns.value].trimmingCharacters(in: .whitespaces)
        guard !valueText.isEmpty else { throw .missingValue }
        guard let value = LineProtocol.decimal(valueText.utf8) else {
            let parts = valueText.split(separator: ",", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), LineProtocol.decimal(valueText.replacingOccurrences(of: ",", with: ".").utf8) != nil {
                throw .decimalComma(valueText)
            }
            throw .badNumber(valueText)
        }
        let timeText = fields[columns.time]
        guard let time = try CSV.time(timeText) else { throw .badTime(timeText) }
        return try accept(indicator, region, time: time, value: value, now: now)
    }

    /// The header names the columns; its separator (`,`, `;` or tab) is the file's.
    private mutating func readHeader(_ line: ArraySlice<UInt8>) throws(Rejection) {
        for candidate in [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")] {
            guard let fields = try? CSV.fields(line, separator: candidate) else { continue }
            let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if let i = names.firstIndex(of: "indicator"), let r = names.firstIndex(of: "region"),
               let t = names.firstIndex(of: "time"), let v = names.firstIndex(of: "value") {
                separator = candidate
                columns = (i, r, t, v)
                return
            }
        }
        let shown = String(decoding: line.prefix(80), as: UTF8.self)
        throw .unreadableInput("the first line must be a CSV header naming the columns indicator, region, time and value "
            + "(separated by ',', ';' or a tab); it reads '\(shown)'")
    }

    private func accept(_ indicator: IndicatorID, _ region: RegionID, time: LineProtocol.Timestamp, value: Double, now: Int64) throws(Rejection) -> Sample {
        if leaderWritten[indicator] { throw .leaderWritten(catalog.indicators[indicator].code) }
        guard catalog.isReported(indicator, at: region) else {
            throw .notReportedAtLevel(indicator: catalog.indicators[indicator].code, region: catalog.regions[region].code,
                                      level: catalog.regions[region].level.rawValue)
        }
        guard value.isFinite else { throw .notFinite("\(value)") }
        let (ahead, overflow) = time.seconds.subtractingReportingOverflow(now)
        if overflow || ahead > options.maxFuture { throw .tooFarInFuture(overflow ? Int64.max : ahead) }
        return Sample(series: catalog.series(indicator, region), time: time.seconds, value: value, nanos: time.nanos)
    }
}

extension Catalog {
    /// The observation a decoded line stands for, named by codes (for the intake queue).
    public func observation(_ d: Sample, source: String) -> Observation {
        Observation(indicator: indicators[indicator(of: d.series)].code, region: regions[region(of: d.series)].code,
                    time: d.time, value: d.value, source: source, nanos: d.nanos)
    }
}

/// Reads lines from a file descriptor in large chunks, numbering them. It holds at most a
/// chunk and one line: a line longer than `maxLineBytes` is cut to `maxLineBytes + 1` bytes
/// (so it is rejected as too long) and the rest of it is skipped, never buffered, so inputs
/// larger than memory stream through.
public final class LineReader {
    private let fd: Int32
    private let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private var skipping = false
    public private(set) var lineNumber = 0
    /// The errno of a failed read; the input ends there.
    public private(set) var readError: Int32?
    private let chunk = 1 << 20

    public init(fd: Int32, maxLineBytes: Int = 65_536) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
    }

    /// What a stream holds now: a line, nothing yet, or its end.
    public enum Next {
        case line(ArraySlice<UInt8>)
        /// No whole line came by the deadline (or a signal came): the caller may do other work.
        case idle
        case end
    }

    /// The next line without its newline, or nil at the end.
    public func next() -> ArraySlice<UInt8>? {
        if case let .line(line) = next(waitingUntil: nil) { return line }
        return nil
    }

    /// The next line, waiting for input at most until `deadline` (a `monotonicSeconds()` value;
    /// nil: as long as it takes). A file is always ready; a pipe or a terminal may not be.
    public func next(waitingUntil deadline: Double?) -> Next {
        while true {
            if let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if skipping {
                    // The tail of an over-long line, already reported.
                    skipping = false
                    start = nl + 1
                    continue
                }
                let line = buffer[start..<min(nl, start + maxLineBytes + 1)]
                start = nl + 1
                lineNumber += 1
                return .line(line)
            }
            if eof {
                guard start < buffer.count, !skipping else { return .end }
                let line = buffer[start..<min(buffer.count, start + maxLineBytes + 1)]
                start = buffer.count
                lineNumber += 1
                return .line(line)
            }
            if !skipping, buffer.count - start > maxLineBytes {
                let line = buffer[start..<(start + maxLineBytes + 1)]
                skipping = true
                start = buffer.count
                lineNumber += 1
                return .line(line)
            }
            if let deadline {
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let wait = Int32(clamping: max(0, Int64((deadline - monotonicSeconds()) * 1000)))
                // Nothing by then, or a signal (SIGUSR1 asks for the counts): back to the caller.
                if poll(&ready, 1, wait) <= 0 { return .idle }
            }
            if skipping { start = buffer.count }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + old, chunk) }
            buffer.removeLast(chunk - max(0, n))
            if n < 0 {
                if errno == EINTR { continue }
                readError = errno
            }
            if n <= 0 { eof = true }
        }
    }
}

/// Seconds on a clock that only moves forward (for deadlines, not for times of day).
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
