import Foundation

/// The language ioc writes in: Vietnamese, the center's people's, or English.
public enum Language: String, Sendable, CaseIterable, Codable {
    case vi, en

    /// `vi`, `en`, or a locale name that starts with one (`vi_VN.UTF-8`, `en_US`); nil otherwise.
    public static func parse(_ text: String) -> Language? {
        let code = text.lowercased().prefix { $0.isLetter }
        return Language(rawValue: String(code))
    }

    /// The language of a center whose `ioc.yaml` says none: the locale's messages category as
    /// POSIX orders it (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; empty ones skipped), Vietnamese
    /// when it names Vietnamese, English otherwise (`C`, `POSIX`, any other language).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return parse(value) == .vi ? .vi : .en
        }
        return .en
    }
}
