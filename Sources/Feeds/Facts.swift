import Foundation
import IndicatorEngine

/// Figures from reports, as `indicator,region,time,value,source` CSV files: they become
/// observations at their dates with their source recorded.
public enum Facts {
    public struct Problem: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Every `*.csv` in `directory`, in name order; a missing directory has no facts.
    public static func load(directory: String, catalog: Catalog) throws(Problem) -> [Observation] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        var result: [Observation] = []
        for name in names { result += try load(file: directory + "/" + name, catalog: catalog) }
        return result
    }

    public static func load(file: String, catalog: Catalog) throws(Problem) -> [Observation] {
        guard let data = FileManager.default.contents(atPath: file) else { throw Problem(file: file, line: 0, reason: "cannot read the file") }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var result: [Observation] = []
        for (n, line) in lines.enumerated() where n > 0 && !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            do {
                let fields = try CSV.fields(line)
                guard fields.count >= 5 else { throw Rejection.syntax("expected indicator,region,time,value,source") }
                guard let i = catalog.indicatorIndex[fields[0]] else { throw Rejection.unknownIndicator(fields[0]) }
                guard let r = catalog.regionIndex[fields[1]] else { throw Rejection.unknownRegion(fields[1]) }
                guard catalog.isReported(i, at: r) else {
                    throw Rejection.notReportedAtLevel(indicator: fields[0], region: fields[1], level: catalog.regions[r].level.rawValue)
                }
                guard let time = try CSV.time(fields[2]) else { throw Rejection.badTime(fields[2]) }
                guard let value = LineProtocol.decimal(fields[3].utf8) else { throw Rejection.badNumber(fields[3]) }
                result.append(Observation(indicator: fields[0], region: fields[1], time: time.seconds, value: value, source: fields[4]))
            } catch let reason as Rejection {
                throw Problem(file: file, line: n + 1, reason: reason.description)
            } catch {
                throw Problem(file: file, line: n + 1, reason: "\(error)")
            }
        }
        return result
    }
}
