import Foundation
import IOCConfig
import IndicatorEngine

// Engine benchmark: applies commune-level observations to a catalog of Ben Tre's size
// (10 fields, 1,000+ indicators, 9 districts, 157 communes) and reports throughput.
// Usage: swift run -c release ioc-bench engine [observations] [batch size]

func benchCatalog() -> Catalog {
    var regions = [Region(code: "83", name: "Bến Tre", level: .province)]
    var commune = 0
    for d in 0..<9 {
        let district = "8\(29 + d)"
        regions.append(Region(code: district, name: "District \(d)", level: .district, parent: "83"))
        for _ in 0..<(d < 4 ? 18 : 17) {
            regions.append(Region(code: "c\(commune)", name: "Commune \(commune)", level: .commune, parent: district))
            commune += 1
        }
    }
    let fields = (0..<10).map { Field(code: "f\($0)", name: "Field \($0)", nameEn: "Field \($0)", key: "\(($0 + 1) % 10)") }
    var indicators: [Indicator] = []
    let rules: [RollupRule] = [.sum, .mean, .max, .min, .last]
    for f in 0..<10 {
        for k in 0..<100 {
            let code = "f\(f).i\(k)"
            let levels: Set<RegionLevel> = [.province, .district, .commune]
            if k % 10 == 9 {
                // Every tenth indicator is a ratio of the two before it, recomputed at each level.
                indicators.append(Indicator(code: code, name: code, field: "f\(f)", unit: "%", direction: .higherIsBetter,
                                            levels: levels, rollup: .recompute, formula: "f\(f).i\(k - 1) / f\(f).i\(k - 2) * 100",
                                            thresholds: Thresholds(warning: Bounds(below: 50), critical: Bounds(below: 30), clear: 1)))
            } else {
                indicators.append(Indicator(code: code, name: code, field: "f\(f)", direction: .lowerIsBetter, levels: levels,
                                            rollup: rules[k % rules.count],
                                            thresholds: Thresholds(warning: Bounds(above: 900), critical: Bounds(above: 990), clear: 5)))
            }
        }
    }
    indicators.append(Indicator(code: "f0.weight", name: "w", field: "f0", levels: [.province, .district, .commune], rollup: .sum))
    return try! Catalog(name: "bench", regions: regions, fields: fields, indicators: indicators, root: "83")
}

func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

let args = CommandLine.arguments.dropFirst()
switch args.first {
case "engine": break
case "ingest":
    runIngestBenchmark(Array(args.dropFirst()))
    exit(0)
case "parse":
    runParseBenchmark(Array(args.dropFirst()))
    exit(0)
case "actions":
    runActionBenchmark(Array(args.dropFirst()))
    exit(0)
case "notify":
    runNotifyBenchmark(Array(args.dropFirst()))
    exit(0)
case "store":
    runStoreBenchmark(Array(args.dropFirst()))
    exit(0)
case "console":
    runConsoleBenchmark(Array(args.dropFirst()))
    exit(0)
case "report":
    runReportBenchmark(Array(args.dropFirst()))
    exit(0)
case "postgres":
    runPostgresBenchmark(Array(args.dropFirst()))
    exit(0)
case "feeds":
    runFeedsBenchmark(Array(args.dropFirst()))
    exit(0)
default:
    print("""
        usage: ioc-bench engine [observations] [batch size]
               ioc-bench notify [alerts] [config dir]   (after 'swift build -c release')
               ioc-bench store [config dir]   (after 'swift build -c release'; needs sqlite3, tmux, htop)
               ioc-bench ingest [observations] [config dir] [postgresql URL]   (after 'swift build -c release'; needs sqlite3, and psql for a URL)
               ioc-bench parse [lines] [config dir]
               ioc-bench console [config dir]   (after 'swift build -c release'; needs tmux)
               ioc-bench report [config dir] [days]   (after 'swift build -c release'; needs sqlite3)
               ioc-bench postgres URL [observations]   (an empty PostgreSQL database; needs psql)
               ioc-bench feeds [observations] [writers] [config dir]   (after 'swift build -c release')
        """)
    exit(2)
}
let total = args.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let batchSize = args.dropFirst(2).first.flatMap { Int($0) } ?? 10_000

let catalog = benchCatalog()
let communes = catalog.regions.indices.filter { catalog.regions[$0].level == .commune }
let baseIndicators = catalog.indicators.indices.filter { catalog.indicators[$0].formula == nil }
var engine = Engine(catalog: catalog)
/// A fixed LCG so every run measures the same observations.
struct LCG {
    var state: UInt64 = 42
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
}
var lcg = LCG()
// Observations are generated up front so the timing covers the engine only.
var batches: [[Sample]] = []
var time: Int64 = 1_750_000_000
var made = 0
while made < total {
    let n = min(batchSize, total - made)
    var batch: [Sample] = []
    batch.reserveCapacity(n)
    for _ in 0..<n {
        let i = baseIndicators[Int(lcg.next() % UInt64(baseIndicators.count))]
        let r = communes[Int(lcg.next() % UInt64(communes.count))]
        batch.append(Sample(series: catalog.series(i, r), time: time, value: Double(lcg.next() % 1000)))
    }
    batches.append(batch)
    made += n
    time += 1
}
print("catalog: \(catalog.fields.count) fields, \(catalog.indicators.count) indicators, \(catalog.regions.count) regions (\(communes.count) communes), \(catalog.seriesCount) series")
let start = DispatchTime.now().uptimeNanoseconds
var batchTimes: [Double] = []
var transitions = 0
for (n, batch) in batches.enumerated() {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let changes = engine.apply(resolved: batch, now: 1_750_000_000 + Int64(n))
    transitions += changes.journal.count
    batchTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
batchTimes.sort()
let median = batchTimes[batchTimes.count / 2]
let p99 = batchTimes[min(batchTimes.count - 1, batchTimes.count * 99 / 100)]
print(String(format: "applied %d commune observations in %d batches of %d: %.2f s, %.0f observations/s", total, batches.count, batchSize, seconds, Double(total) / seconds))
print(String(format: "time per batch: median %.2f ms, p99 %.2f ms; alert journal entries: %d; open alerts: %d", median, p99, transitions, engine.alerts.open.count))
// The reference in the same run: a bare loop that only stores each value in a dense array by
// series (what no engine can beat), so the ratio carries across machines where the rate does not.
var latest = [Double](repeating: .nan, count: catalog.seriesCount)
let bareStart = DispatchTime.now().uptimeNanoseconds
for batch in batches {
    for sample in batch where sample.value.isFinite { latest[sample.series.raw] = sample.value }
}
let bareSeconds = max(1e-9, Double(DispatchTime.now().uptimeNanoseconds - bareStart) / 1e9)
print(String(format: "reference, a bare loop storing each value by series: %.0f observations/s; engine / bare loop: %.4f [%.0f]",
             Double(total) / bareSeconds, bareSeconds / seconds, latest.reduce(0) { $1.isNaN ? $0 : $0 + $1 }))
print(String(format: "peak memory: %.0f MB", peakMemoryMB()))
