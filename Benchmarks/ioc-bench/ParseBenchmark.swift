import Feeds
import Foundation
import IOCConfig
import IndicatorEngine

/// The line-protocol parser alone on a 1,000,000-line file held in memory: the scanner that
/// finds the byte ranges and reads the value and timestamp, and the whole decoder (scan, code
/// lookup, level and time checks, UTF-8 check). Lines per second and MB/s on one core.
func runParseBenchmark(_ args: [String]) {
    let total = args.first.flatMap { Int($0) } ?? 1_000_000
    let configDir = args.dropFirst().first ?? "config"
    guard let catalog = try? ConfigLoader.load(directory: configDir).catalog else {
        print("ioc-bench: cannot load the configuration in \(configDir)")
        exit(1)
    }
    let districts = catalog.children[catalog.rootRegion]
    let indicators = catalog.indicators.indices.filter { i in districts.allSatisfy { catalog.isReported(i, at: $0) } }
    var text = ""
    text.reserveCapacity(total * 60)
    for k in 0..<total {
        let i = indicators[k % indicators.count]
        let d = districts[(k / indicators.count) % districts.count]
        text += "\(catalog.indicators[i].code),region=\(catalog.regions[d].code),station=st\(k % 40) value=\(Double((k * 7) % 1_000) / 10) \(1_750_000_000 + k / 200)\n"
    }
    let bytes = Array(text.utf8)
    text = ""
    // Line boundaries found once, outside the timing: the parser is what is measured.
    var lines: [Range<Int>] = []
    lines.reserveCapacity(total)
    var start = 0
    for (n, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
        lines.append(start..<n)
        start = n + 1
    }
    let megabytes = Double(bytes.count) / 1_000_000
    print(String(format: "input: %d lines, %.1f MB (%d indicators × %d districts, a station tag)", lines.count, megabytes, indicators.count, districts.count))

    for _ in 0..<3 {
        var point = ScannedPoint()
        var checksum = 0.0
        var t0 = DispatchTime.now().uptimeNanoseconds
        bytes.withUnsafeBufferPointer { all in
            for range in lines {
                let line = UnsafeBufferPointer(rebasing: all[range])
                guard (try? LineProtocol.scan(line, into: &point)) != nil else { continue }
                if let v = try? LineProtocol.fieldValue(line, point.field(0).value, kind: point.field(0).kind).number { checksum += v }
                checksum += Double((point.timestamp ?? 0) & 1)
            }
        }
        let scan = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9

        var decoder = Decoder(catalog: catalog, options: IngestOptions(format: .line))
        var accepted = 0
        t0 = DispatchTime.now().uptimeNanoseconds
        for range in lines {
            decoder.decode(bytes[range], now: 1_800_000_000) { if case .success = $1 { accepted += 1 } }
        }
        let decode = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        print(String(format: "scan (parser alone): %.0f lines/s, %.0f MB/s | full decode: %.0f lines/s, %.0f MB/s (%d accepted) [%.0f]",
                     Double(lines.count) / scan, megabytes / scan, Double(lines.count) / decode, megabytes / decode, accepted, checksum))
    }
}
