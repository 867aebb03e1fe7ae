// libFuzzer entry for the feeds: built by tools/fuzz.sh with -sanitize=fuzzer,address, not by
// SwiftPM (libFuzzer brings its own main). IOC_FUZZ_TARGET picks what the bytes go through:
//   scanner      LineProtocol.parse and the multi-line test on the whole input as one line
//   line         the Decoder over the input split at newlines, line protocol, each precision
//   csv          the Decoder over the input split at newlines, CSV (a header is given first
//                unless the input starts with one)
// A crash, a trap (overflow, bounds) or an address error is a finding; so is a result that
// breaks the decoder's promises (a non-finite value, a series outside the catalog).
import Feeds
import Foundation
import IndicatorEngine

let target = ProcessInfo.processInfo.environment["IOC_FUZZ_TARGET"] ?? "line"

let catalog: Catalog = {
    let regions = [
        Region(code: "83", name: "Bến Tre", level: .province),
        Region(code: "831", name: "Châu Thành", level: .district, parent: "83"),
        Region(code: "28753", name: "Tân Thạch", level: .commune, parent: "831"),
    ]
    let fields = [Field(code: "admin", name: "Hành chính công", nameEn: "Public administration", key: "1")]
    let indicators = [
        Indicator(code: "admin.overdue", name: "Hồ sơ quá hạn", field: "admin", unit: "hồ sơ", kind: .integer,
                  direction: .lowerIsBetter, levels: [.province, .district], rollup: .sum,
                  thresholds: Thresholds(warning: Bounds(above: 20), critical: Bounds(above: 50), clear: 2)),
        Indicator(code: "agri.salinity.max", name: "Độ mặn", field: "admin", unit: "‰", direction: .lowerIsBetter,
                  levels: [.province, .district, .commune], rollup: .max,
                  thresholds: Thresholds(warning: Bounds(above: 4), critical: Bounds(above: 8), clear: 0.3)),
    ]
    return try! Catalog(name: "fuzz", regions: regions, fields: fields, indicators: indicators, root: "83")
}()

func check(_ line: Int, _ result: Result<Sample, Rejection>) {
    switch result {
    case let .success(d):
        precondition(d.value.isFinite, "a non-finite value was accepted")
        precondition(d.series.raw >= 0 && d.series.raw < catalog.seriesCount, "a series outside the catalog")
        precondition(d.nanos >= 0 && d.nanos < 1_000_000_000, "nanoseconds out of range")
        // Nanosecond times floor to one second below the range of whole seconds.
        precondition((LineProtocol.seconds.lowerBound - 1...LineProtocol.seconds.upperBound).contains(d.time), "a time outside line protocol's range")
    case let .failure(reason):
        precondition(!reason.description.isEmpty, "a rejection without a reason")
    }
}

func decode(_ bytes: [UInt8], format: InputFormat, precision: LineProtocol.Precision) {
    var options = IngestOptions(format: format)
    options.precision = precision
    options.maxLineBytes = 4_096
    options.maxFuture = .max
    var decoder = Decoder(catalog: catalog, options: options)
    if format == .csv, !bytes.starts(with: Array("indicator".utf8)) {
        decoder.decode(Array("indicator,region,time,value".utf8)[...], lineNumber: 0, now: 1_750_000_000, check)
    }
    for (n, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where decoder.refusal == nil {
        decoder.decode(line, lineNumber: n + 1, now: 1_750_000_000, check)
    }
    decoder.finish(now: 1_750_000_000, check)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch target {
    case "scanner":
        if let point = try? LineProtocol.parse(bytes) {
            precondition(!point.fields.isEmpty, "a point without fields")
        }
    case "csv":
        decode(bytes, format: .csv, precision: .s)
    default:
        for precision in LineProtocol.Precision.allCases { decode(bytes, format: .line, precision: precision) }
    }
    return 0
}
