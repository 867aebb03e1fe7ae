import Foundation

/// Why an input line was not accepted. Every rejected line is reported with its number and one of these.
public enum Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    case syntax(String)
    case unknownIndicator(String)
    /// An indicator of the center's own "Dữ liệu" field: the leader writes it from what feeds give.
    case leaderWritten(String)
    case unknownRegion(String)
    case notReportedAtLevel(indicator: String, region: String, level: String)
    case missingRegion
    case missingValue
    case badNumber(String)
    case notFinite(String)
    case badTime(String)
    case tooFarInFuture(Int64)
    case lineTooLong(Int)
    case invalidUTF8
    case timeOutOfRange(String)
    case decimalComma(String)
    /// The whole input is refused (wrong encoding, not text, no usable CSV header): reported once.
    case unreadableInput(String)

    public var description: String {
        switch self {
        case let .syntax(why): "syntax: \(why)"
        case let .unknownIndicator(code): "unknown indicator '\(code)'"
        case let .leaderWritten(code): "indicator '\(code)' is the center's own account of a feed: only the leader writes it"
        case let .unknownRegion(code): "unknown region '\(code)'"
        case let .notReportedAtLevel(indicator, region, level): "indicator '\(indicator)' is not reported at \(level) level (region '\(region)')"
        case .missingRegion: "missing region (a 'region' tag or column)"
        case .missingValue: "missing value"
        case let .badNumber(text): "bad number '\(text)'"
        case let .notFinite(text): "value '\(text)' is not a finite number"
        case let .badTime(text): "bad time '\(text)'"
        case let .tooFarInFuture(seconds): "time is \(seconds) s in the future"
        case let .lineTooLong(limit): "line longer than \(limit) bytes"
        case .invalidUTF8: "invalid UTF-8"
        case let .timeOutOfRange(text): "time '\(text)' is outside the range line protocol allows (1677-09-21 to 2262-04-11)"
        case let .decimalComma(text): "value '\(text)' has a decimal comma; write it with a point (\(text.replacingOccurrences(of: ",", with: ".")))"
        case let .unreadableInput(why): why
        }
    }
}
