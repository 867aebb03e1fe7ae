import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock Unix seconds: what the commands hand the engine as `now`.
public func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

public func unixNowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

/// The Unix user running this process, for the header and the audit trail.
public func currentUserName() -> String {
    if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
}

/// Milliseconds since this process started, from the kernel's start time (so it includes
/// everything before main: loading, linking, argument parsing).
public func millisecondsSinceProcessStart() -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
          let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    // Field 22 (starttime, in clock ticks since boot); fields after the ")" start at 3.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 19, let ticks = Double(fields[19]), let up = Double(uptime.split(separator: " ").first ?? "") else { return nil }
    let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
    return (up - ticks / hz) * 1000
}
