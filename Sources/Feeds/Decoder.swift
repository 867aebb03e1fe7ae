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

/// Turns input lines into observations of the catalog, or says why not.
public struct Decoder {
    public let catalog: Catalog
    public let options: IngestOptions
    /// CSV column positions, from the header.
    private var columns: (indicator: Int, region: Int, time: Int, value: Int)?

    public init(catalog: Catalog, options: IngestOptions) {
        self.catalog = catalog
        self.options = options
    }

    /// Nil for lines that carry nothing (blank, comment, CSV header); else an observation or a rejection.
    public mutating func decode(_ line: ArraySlice<UInt8>, now: Int64) -> Result<Observation, Rejection>? {
        if line.count > options.maxLineBytes { return .failure(.lineTooLong(options.maxLineBytes)) }
        guard let first = line.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) else { return nil }
        if first == UInt8(ascii: "#") { return nil }
        var trimmed = line
        if trimmed.last == UInt8(ascii: "\r") { trimmed = trimmed.dropLast() }
        do {
            switch options.format {
            case .line: return .success(try fromLineProtocol(trimmed, now: now))
            case .csv: return try fromCSV(trimmed, now: now).map { .success($0) }
            }
        } catch {
            return .failure(error)
        }
    }

    private func fromLineProtocol(_ line: ArraySlice<UInt8>, now: Int64) throws(Rejection) -> Observation {
        let point = try LineProtocol.parse(line)
        guard let region = point.tags["region"] else { throw .missingRegion }
        guard let field = point.fields["value"] else { throw .missingValue }
        guard let value = field.number else { throw .badNumber("\(field)") }
        let time = point.timestamp.map(options.precision.seconds) ?? now
        return try observation(indicator: point.measurement, region: region, time: time, value: value, now: now)
    }

    private mutating func fromCSV(_ line: ArraySlice<UInt8>, now: Int64) throws(Rejection) -> Observation? {
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
        guard fields.count > max(columns.indicator, columns.region, columns.time, columns.value) else {
            throw .syntax("expected \(max(columns.indicator, columns.region, columns.time, columns.value) + 1) fields, found \(fields.count)")
        }
        let valueText = fields[columns.value].trimmingCharacters(in: .whitespaces)
        guard !valueText.isEmpty else { throw .missingValue }
        guard let value = Double(valueText) else { throw .badNumber(valueText) }
        guard value.isFinite else { throw .notFinite(valueText) }
        let timeText = fields[columns.time]
        guard let time = CSV.time(timeText) else { throw .badTime(timeText) }
        return try observation(indicator: fields[columns.indicator].trimmingCharacters(in: .whitespaces),
                               region: fields[columns.region].trimmingCharacters(in: .whitespaces), time: time, value: value, now: now)
    }

    private func observation(indicator: String, region: String, time: Int64, value: Double, now: Int64) throws(Rejection) -> Observation {
        guard let i = catalog.indicatorIndex[indicator] else { throw .unknownIndicator(indicator) }
        guard let r = catalog.regionIndex[region] else { throw .unknownRegion(region) }
        guard catalog.isReported(i, at: r) else {
            throw .notReportedAtLevel(indicator: indicator, region: region, level: catalog.regions[r].level.rawValue)
        }
        guard value.isFinite else { throw .notFinite("\(value)") }
        if time - now > options.maxFuture { throw .tooFarInFuture(time - now) }
        return Observation(indicator: indicator, region: region, time: time, value: value, source: options.source)
    }
}

/// Reads lines from a file descriptor in large chunks, numbering them; never holds more
/// than a chunk and one line, so inputs larger than memory stream through.
public final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    public private(set) var lineNumber = 0
    private let chunk = 1 << 20

    public init(fd: Int32) { self.fd = fd }

    /// The next line without its newline, or nil at the end.
    public func next() -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<nl]
                start = nl + 1
                lineNumber += 1
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
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
