import Console
import Foundation

/// The reports folder as the console's Reports screen lists it: one entry per report (its
/// forms side by side), newest first.
public enum ReportFolder {
    /// Reports larger than this are not previewed (a year of a whole center is a few MB).
    static let previewLimit = 16 << 20

    public static func list(_ directory: String) -> [ReportFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var forms: [String: [String]] = [:]
        for name in names where !name.hasPrefix(".") && !name.hasSuffix(".partial") {
            let ext = (name as NSString).pathExtension
            guard ["md", "csv", "xlsx", "json"].contains(ext) else { continue }
            forms[(name as NSString).deletingPathExtension, default: []].append(ext)
        }
        return forms.map { base, exts -> ReportFile in
            let md = exts.contains("md") ? directory + "/" + base + ".md" : ""
            let any = directory + "/" + base + "." + (exts.contains("md") ? "md" : exts.sorted()[0])
            let written = (try? FileManager.default.attributesOfItem(atPath: any)[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970) } ?? 0
            return ReportFile(name: base, path: md, written: written, others: exts.filter { $0 != "md" }.sorted())
        }.sorted { ($0.written, $0.name) > ($1.written, $1.name) }
    }

    /// A report's text, or nil when it cannot be read (or is too large to preview).
    public static func read(_ path: String) -> String? {
        guard !path.isEmpty, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: previewLimit) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
