import Console
import Foundation
import Reports

/// `e` in the console: the table on screen as CSV (UTF-8 with a byte order mark, RFC 4180) in
/// the operator's own folder, private to them, named after the screen and the minute.
public enum ExportFile {
    public static func write(_ table: ExportTable, to directory: String, at now: Int64, timeZone: TimeZone) throws -> String {
        if !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "yyyyMMdd-HHmmss"
        let safe = String(table.name.map { $0.isLetter || $0.isNumber || ".-_".contains($0) ? $0 : "_" })
        let path = directory + "/" + safe + "-" + f.string(from: Date(timeIntervalSince1970: TimeInterval(now))) + ".csv"
        try Data(CSVReport.text([table.header] + table.rows).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}
