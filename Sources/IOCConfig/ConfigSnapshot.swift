import Feeds
import Foundation
import IndicatorEngine

/// The validated configuration, compiled: reading and validating 1,032 indicators of YAML is
/// most of a start, so once a configuration has loaded its result is kept in the user's cache,
/// keyed by the files' bytes, the directory, the host's time zone and this very executable.
/// An unchanged configuration then loads without YAML. Anything amiss with the snapshot
/// (missing, stale, damaged, unwritable cache) means the full load, never an error.
/// `operators.yaml`, `centers.yaml` and `notify.yaml` are always read afresh: they are small,
/// and who may do what, or who is told what, is never taken from a file the user could write.
struct ConfigSnapshot: Codable {
    static let version = 3

    var key: String
    var settings: Settings
    var regions: [Region]
    var fields: [Field]
    var indicators: [Indicator]
    var hints: [String: SimulatorHint]

    /// The files a snapshot stands for, in a fixed order.
    static func files(_ base: String) -> [String] {
        let indicatorDir = base + "/indicators"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: indicatorDir)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        return [base + "/ioc.yaml", base + "/regions.yaml", base + "/fields.yaml"] + names.map { indicatorDir + "/" + $0 }
    }

    /// FNV-1a, with a separator after each part.
    struct Hash {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        mutating func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for b in bytes {
                value ^= UInt64(b)
                value = value &* 0x0000_0100_0000_01B3
            }
            value ^= 0xFF
            value = value &* 0x0000_0100_0000_01B3
        }
        var hex: String { String(value, radix: 16) }
    }

    /// Names a configuration directory: its snapshots start with it, and replace only each other.
    static func prefix(_ base: String) -> String {
        var hash = Hash()
        hash.mix(base.utf8)
        return "config-" + hash.hex + "-"
    }

    /// Everything the result depends on, hashed; nil when a file cannot be read (the full load
    /// then reports it).
    static func key(_ base: String) -> String? {
        var hash = Hash()
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 { hash.mix(bytes) }
        var exe = stat()
        let executable = stat("/proc/self/exe", &exe) == 0 ? "\(exe.st_size) \(exe.st_mtim.tv_sec).\(exe.st_mtim.tv_nsec) \(exe.st_ino)" : "?"
        mix("v\(version) \(executable) \(base) \(TimeZone.current.identifier)".utf8)
        for file in files(base) {
            guard let data = FileManager.default.contents(atPath: file) else { return nil }
            mix(file.utf8)
            mix(data)
        }
        return prefix(base) + hash.hex
    }

    static func path(cache: String, key: String) -> String { cache + "/" + key + ".json" }

    static func read(cache: String, key: String) -> ConfigSnapshot? {
        guard let data = FileManager.default.contents(atPath: path(cache: cache, key: key)),
              let snapshot = try? JSONDecoder().decode(ConfigSnapshot.self, from: data), snapshot.key == key else { return nil }
        return snapshot
    }

    /// Writes the snapshot, removing older ones of the same directory (one configuration, one file).
    static func write(_ snapshot: ConfigSnapshot, base: String, cache: String) {
        guard (try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)) != nil,
              let data = try? JSONEncoder().encode(snapshot) else { return }
        let target = path(cache: cache, key: snapshot.key)
        let temporary = target + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            return
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []
        where name.hasPrefix(prefix(base)) && name.hasSuffix(".json") && cache + "/" + name != target {
            unlink(cache + "/" + name)
        }
    }

    /// `$XDG_CACHE_HOME/ioc`, else `~/.cache/ioc`; nil without either.
    static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/ioc" }
        if let home = environment["HOME"], home.hasPrefix("/"), home != "/" { return home + "/.cache/ioc" }
        return nil
    }
}

extension ConfigLoader {
    /// The user's cache folder for compiled configurations (nil: none, always load the YAML).
    public static var snapshotDirectory: String? { ConfigSnapshot.defaultDirectory() }

    /// `load(directory:)`, through the compiled snapshot in `cache` when the files are unchanged.
    public static func load(directory: String, cache: String?) throws(ConfigError) -> LoadedConfig {
        guard let cache else { return try load(directory: directory) }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let key = ConfigSnapshot.key(base)
        if let key, let snapshot = ConfigSnapshot.read(cache: cache, key: key) {
            let diagnostics = Diagnostics()
            let regionCodes = Set(snapshot.regions.map(\.code)), fieldCodes = Set(snapshot.fields.map(\.code))
            let access = readOperators(base + "/operators.yaml", regions: regionCodes, diagnostics)
            let centers = readCenters(base + "/centers.yaml", regions: regionCodes, fields: fieldCodes, diagnostics)
            var warnings: [String] = []
            let notify = readNotify(base + "/notify.yaml", catalog: (fieldCodes, Set(snapshot.indicators.map(\.code)), regionCodes), diagnostics,
                                    warnings: &warnings)
            guard diagnostics.issues.isEmpty else { throw ConfigError(issues: diagnostics.issues) }
            if let catalog = try? Catalog(name: snapshot.settings.name, regions: snapshot.regions, fields: snapshot.fields,
                                          indicators: snapshot.indicators, root: snapshot.settings.root) {
                return LoadedConfig(directory: URL(fileURLWithPath: base, isDirectory: true).standardizedFileURL, settings: snapshot.settings,
                                    catalog: catalog, simulatorHints: snapshot.hints, access: access, centers: centers, fromSnapshot: true,
                                    notify: notify, warnings: warnings)
            }
        }
        let loaded = try load(directory: directory)
        if let key {
            ConfigSnapshot.write(ConfigSnapshot(key: key, settings: loaded.settings, regions: loaded.catalog.regions, fields: loaded.catalog.fields,
                                                indicators: loaded.catalog.indicators, hints: loaded.simulatorHints), base: base, cache: cache)
        }
        return loaded
    }
}
