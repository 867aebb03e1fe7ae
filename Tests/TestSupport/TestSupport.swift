import Foundation
import IndicatorEngine

/// The repository's root, found from this file's path, so tests can reach `config/` and goldens.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh directory under the system's temporary folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ prefix: String = "ioc-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A clock the test moves by hand; engine calls take its `now`.
public struct FakeClock: Sendable {
    public var now: Int64
    public init(_ start: Int64 = 1_750_000_000) { now = start }
    public mutating func advance(_ seconds: Int64) { now += seconds }
}

/// Compares text with a golden file; `IOC_UPDATE_GOLDEN=1` rewrites the file instead.
/// Returns nil when they match (or were rewritten), else a diff-like message.
public func goldenMismatch(_ actual: String, file: String, directory: URL) -> String? {
    let url = directory.appendingPathComponent(file)
    let text = actual.hasSuffix("\n") ? actual : actual + "\n"
    if ProcessInfo.processInfo.environment["IOC_UPDATE_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return nil
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        return "golden file \(url.path) is missing; run with IOC_UPDATE_GOLDEN=1 to write it"
    }
    guard expected != text else { return nil }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = text.split(separator: "\n", omittingEmptySubsequences: false)
    var report = "screen differs from \(file):\n"
    for i in 0..<max(a.count, b.count) {
        let e = i < a.count ? String(a[i]) : "<none>"
        let g = i < b.count ? String(b[i]) : "<none>"
        if e != g { report += "line \(i + 1):\n  expected: \(e)\n  actual:   \(g)\n" }
    }
    return report
}

/// A small catalog with the shapes tests need: a province, two districts, communes below one.
public enum Fixtures {
    public static func catalog(indicators extra: [Indicator] = []) -> Catalog {
        let regions = [
            Region(code: "83", name: "Bến Tre", level: .province),
            Region(code: "831", name: "Châu Thành", level: .district, parent: "83"),
            Region(code: "838", name: "Mỏ Cày Bắc", level: .district, parent: "83"),
            Region(code: "28753", name: "Tân Thạch", level: .commune, parent: "831"),
            Region(code: "28756", name: "An Khánh", level: .commune, parent: "831"),
        ]
        let fields = [
            Field(code: "admin", name: "Hành chính công", nameEn: "Public administration", key: "1"),
            Field(code: "agri", name: "Nông nghiệp - Xâm nhập mặn", nameEn: "Agriculture and salinity", key: "2"),
        ]
        let indicators = [
            Indicator(code: "admin.online_rate", name: "Tỷ lệ hồ sơ trực tuyến", field: "admin", unit: "%",
                      direction: .higherIsBetter, levels: [.province, .district],
                      thresholds: Thresholds(warning: Bounds(below: 60), critical: Bounds(below: 45), clear: 1)),
            Indicator(code: "admin.overdue", name: "Hồ sơ quá hạn", field: "admin", unit: "hồ sơ", kind: .integer,
                      direction: .lowerIsBetter, frequency: Frequency(seconds: 3_600, label: "hourly"),
                      levels: [.province, .district], rollup: .sum,
                      thresholds: Thresholds(warning: Bounds(above: 20), critical: Bounds(above: 50), clear: 2)),
            Indicator(code: "agri.salinity.max", name: "Độ mặn cao nhất", field: "agri", unit: "‰",
                      direction: .lowerIsBetter, frequency: Frequency(seconds: 60, label: "realtime"),
                      levels: [.province, .district, .commune], rollup: .max,
                      thresholds: Thresholds(warning: Bounds(above: 4), critical: Bounds(above: 8), clear: 0.3)),
            Indicator(code: "agri.water_level", name: "Mực nước sông Hàm Luông", field: "agri", unit: "cm",
                      direction: .neutral, frequency: Frequency(seconds: 900, label: "15m"),
                      thresholds: Thresholds(warning: Bounds(above: 160, below: -120), critical: Bounds(above: 185, below: -160), clear: 5)),
        ] + extra
        return try! Catalog(name: "IOC Bến Tre", regions: regions, fields: fields, indicators: indicators, root: "83")
    }
}
