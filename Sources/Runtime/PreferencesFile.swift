import Console
import Foundation

/// One operator's preferences on disk: `$XDG_CONFIG_HOME/ioc/preferences.json`, else
/// `~/.config/ioc/preferences.json` of the Unix user running the console, so each operator on a
/// shared host keeps their own (mode 0600 in a 0700 folder). A file that cannot be read is
/// never overwritten: the first save moves it aside and says where.
public struct PreferencesFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The running user's file, from the environment or, without one, the password database.
    public static func forCurrentUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> PreferencesFile? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return PreferencesFile(path: config + "/ioc/preferences.json")
        }
        var home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        if home == nil, let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { home = String(cString: dir) }
        return home.map { PreferencesFile(path: $0 + "/.config/ioc/preferences.json") }
    }

    /// What the file holds; no file is no preferences. A problem says what is wrong, where, and
    /// that the console goes on with defaults (the file stays as it is).
    public func load() -> (Preferences, problem: String?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                return (Preferences(), say("cannot read your preferences {path} (permissions?); going on with defaults", ["path": path]))
            }
            return (Preferences(), nil)
        }
        do {
            return (try JSONDecoder().decode(Preferences.self, from: data), nil)
        } catch {
            return (Preferences(), say("your preferences {path} are not valid JSON ({problem}); going on with defaults, and the first change keeps that file as {aside}",
                                       ["path": path, "problem": Self.describe(error), "aside": aside]))
        }
    }

    /// Where an unreadable file goes on the first save.
    var aside: String { path + ".unreadable" }

    /// Writes the preferences whole (a temporary file renamed over the old one, so a crash
    /// leaves the old or the new, never half). Returns a note when an unreadable file was moved aside.
    @discardableResult
    public func save(_ preferences: Preferences) throws -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var note: String?
        if let data = FileManager.default.contents(atPath: path), (try? JSONDecoder().decode(Preferences.self, from: data)) == nil {
            _ = try? FileManager.default.removeItem(atPath: aside)
            try FileManager.default.moveItem(atPath: path, toPath: aside)
            note = say("your unreadable preferences were kept as {aside}", ["aside": aside])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: try encoder.encode(preferences) + Data("\n".utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: reason])
        }
        return note
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.dataCorrupted(context): context.debugDescription
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }
}

extension Theme {
    /// The theme to use: the command line's, else the operator's saved one, else dark; a saved
    /// name this console does not know is said, not fatal.
    public static func chosen(option: String?, saved: String?) -> (Theme, problem: String?) {
        if let name = option ?? saved, let theme = all.first(where: { $0.name == name }) { return (theme, nil) }
        guard option == nil, let saved else { return (.dark, nil) }
        return (.dark, say("your saved theme '{name}' is unknown (themes: {themes}); T picks another", ["name": saved, "themes": all.map(\.name).joined(separator: ", ")]))
    }
}
