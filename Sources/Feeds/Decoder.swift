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

    public init(format: InputFormat) { self.format = format }
}

/// An accepted line: a series of the catalog, a time and a value.
public struct Decoded: Sendable, Hashable {
    public var series: SeriesID
    public var time: Int64
    public var value: Double

    public init(series: SeriesID, time: Int64, value: Double) {
        self.series = series
        self.time = time
        self.value = value
    }
}

/// Turns input lines into observations of the catalog, or says why not. Line protocol is
/// decoded from byte ranges straight to series ids; no String is made for an accepted line.
public struct Decoder {
    public let catalog: Catalog
    public let options: IngestOptions
    private let indicators: CodeTable
    private let regions: CodeTable
    private var scanned = ScannedPoint()
    /// CSV column positions, from the header.
    private var columns: (indicator: Int, region: Int, time: Int, value: Int)?
    /// A CSV record whose quoted field runs over a line break, and the line it began on.
    private var pendingRecord: [UInt8]?
    private var pendingLine = 0
    /// The input line the last decoded record began on (a CSV record may span lines).
    public private(set) var recordLine = 0

    public init(catalog: Catalog, options: IngestOptions) {
        self.catalog = catalog
        self.options = options
        indicators = CodeTable(catalog.indicators.map(\.code))
        regions = CodeTable(catalog.regions.map(\.code))
    }

    /// Nil for lines that carry nothing (blank, comment, CSV header, the first part of a CSV
    /// record that continues on the next line); else the decoded record or a rejection.
    /// `lineNumber` is the line's number in its input, for `recordLine`.
    public mutating func decode(_ line: ArraySlice<UInt8>, lineNumber: Int = 0, now: Int64) -> Result<Decoded, Rejection>? {
        recordLine = lineNumber
        if options.format == .csv {
            if var pending = pendingRecord {
                recordLine = pendingLine
                pending.append(UInt8(ascii: "\n"))
                pending += line
                guard pending.count <= options.maxLineBytes else {
                    pendingRecord = nil
                    return .failure(.lineTooLong(options.maxLineBytes))
                }
                if CSV.hasOpenQuote(pending[...]) {
                    pendingRecord = pending
                    return nil
                }
                pendingRecord = nil
                return decodeRecord(pending[...], now: now)
            }
            if line.count <= options.maxLineBytes, CSV.hasOpenQuote(line) {
                pendingRecord = Array(line)
                pendingLine = lineNumber
                return nil
            }
        }
        return decodeRecord(line, now: now)
    }

    /// At the end of the input: a CSV record still open is an error.
    public mutating func finish() -> Result<Decoded, Rejection>? {
        guard pendingRecord != nil else { return nil }
        pendingRecord = nil
        recordLine = pendingLine
        return .failure(.syntax("unterminated quoted field at the end of the input"))
    }

    private mutating func decodeRecord(_ line: ArraySlice<UInt8>, now: Int64) -> Result<Decoded, Rejection>? {
        if line.count > options.maxLineBytes { return .failure(.lineTooLong(options.maxLineBytes)) }
        // Plain ASCII is the common case; anything else must be valid UTF-8.
        if !line.allSatisfy({ $0 < 0x80 }), String(validating: line, as: UTF8.self) == nil { return .failure(.invalidUTF8) }
        var end = line.endIndex
        if end > line.startIndex, line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var first = line.startIndex
        while first < end, line[first] == UInt8(ascii: " ") || line[first] == UInt8(ascii: "\t") { first += 1 }
        if first == end || line[first] == UInt8(ascii: "#") { return nil }
        let body = line[first..<end]
        do {
            switch options.format {
            case .line:
                return .success(try body.withUnsafeBufferPointer { b throws(Rejection) in try fromLineProtocol(b, now: now) })
            case .csv:
                return try fromCSV(body, now: now).map { .success($0) }
            }
        } catch {
            return .failure(error)
        }
    }

    private mutating func fromLineProtocol(_ b: UnsafeBufferPointer<UInt8>, now: Int64) throws(Rejection) -> Decoded {
        try LineProtocol.scan(b, into: &scanned)
        let m = scanned.measurement
        let indicator = m.escaped ? catalog.indicatorIndex[try LineProtocol.text(b, m, measurement: true)] : indicators.lookup(UnsafeBufferPointer(rebasing: b[m.start..<m.end]))
        guard let indicator else { throw .unknownIndicator(try LineProtocol.text(b, m, measurement: true)) }
        var region: Int?
        var regionSeen = false
        for (k, key) in scanned.tagKeys.enumerated() where Self.equals(b, key, "region") {
            let v = scanned.tagValues[k]
            regionSeen = true
            region = v.escaped ? catalog.regionIndex[try LineProtocol.text(b, v)] : regions.lookup(UnsafeBufferPointer(rebasing: b[v.start..<v.end]))
            if region == nil { throw .unknownRegion(try LineProtocol.text(b, v)) }
        }
        guard regionSeen, let region else { throw .missingRegion }
        var value: Double?
        for (k, key) in scanned.fieldKeys.enumerated() where Self.equals(b, key, "value") {
            let field = try LineProtocol.fieldValue(b, scanned.fieldValues[k])
            guard let number = field.number else { throw .badNumber(try LineProtocol.text(b, scanned.fieldValues[k])) }
            value = number
        }
        guard let value else { throw .missingValue }
        let time = scanned.timestamp.map(options.precision.seconds) ?? now
        return try accept(indicator, region, time: time, value: value, now: now)
    }

    private static func equals(_ b: UnsafeBufferPointer<UInt8>, _ s: ScannedPoint.Span, _ word: StaticString) -> Bool {
        guard !s.escaped, s.end - s.start == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<(s.end - s.start) where b[s.start + k] != w[k] { return false }
        return true
    }

    private mutating func fromCSV(_ line: ArraySlice<UInt8>, now: Int64) throws(Rejection) -> Decoded? {
        let fields = try CSV.fields(line)
        guard let columns else {
            let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let i = names.firstIndex(of: "indicator"), let r = names.firstIndex(of: "region"),
                  let t = names.firstIndex(of: "time"), let v = names.firstIndex(of: "value") else {
                throw .syntax("the first line must be a header naming indicator, region, time and value")
            }
            self.columns = (i, r, t, v)
            return nil
        }
        let needed = max(columns.indicator, columns.region, columns.time, columns.value) + 1
        guard fields.count >= needed else { throw .syntax("expected \(needed) fields, found \(fields.count)") }
        let code = fields[columns.indicator].trimmingCharacters(in: .whitespaces)
        guard let indicator = catalog.indicatorIndex[code] else { throw .unknownIndicator(code) }
        let regionCode = fields[columns.region].trimmingCharacters(in: .whitespaces)
        guard !regionCode.isEmpty else { throw .missingRegion }
        guard let region = catalog.regionIndex[regionCode] else { throw .unknownRegion(regionCode) }
        let valueText = fields[columns.value].trimmingCharacters(in: .whitespaces)
        guard !valueText.isEmpty else { throw .missingValue }
        guard let value = Double(valueText) else { throw .badNumber(valueText) }
        guard value.isFinite else { throw .notFinite(valueText) }
        let timeText = fields[columns.time]
        guard let time = CSV.time(timeText) else { throw .badTime(timeText) }
        return try accept(indicator, region, time: time, value: value, now: now)
    }

    private func accept(_ indicator: IndicatorID, _ region: RegionID, time: Int64, value: Double, now: Int64) throws(Rejection) -> Decoded {
        guard catalog.isReported(indicator, at: region) else {
            throw .notReportedAtLevel(indicator: catalog.indicators[indicator].code, region: catalog.regions[region].code,
                                      level: catalog.regions[region].level.rawValue)
        }
        guard value.isFinite else { throw .notFinite("\(value)") }
        if time - now > options.maxFuture { throw .tooFarInFuture(time - now) }
        return Decoded(series: catalog.series(indicator, region), time: time, value: value)
    }
}

extension Catalog {
    /// The observation a decoded line stands for, named by codes (for the intake queue).
    public func observation(_ d: Decoded, source: String) -> Observation {
        Observation(indicator: indicators[indicator(of: d.series)].code, region: regions[region(of: d.series)].code,
                    time: d.time, value: d.value, source: source)
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
    private let chunk = 1 << 20

    public init(fd: Int32, maxLineBytes: Int = 65_536) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
    }

    /// The next line without its newline, or nil at the end.
    public func next() -> ArraySlice<UInt8>? {
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
                return line
            }
            if eof {
                guard start < buffer.count, !skipping else { return nil }
                let line = buffer[start..<min(buffer.count, start + maxLineBytes + 1)]
                start = buffer.count
                lineNumber += 1
                return line
            }
            if !skipping, buffer.count - start > maxLineBytes {
                let line = buffer[start..<(start + maxLineBytes + 1)]
                skipping = true
                start = buffer.count
                lineNumber += 1
                return line
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
            if n <= 0 { eof = true }
        }
    }
}
