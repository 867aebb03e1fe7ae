import Coordinator
import Foundation
import IndicatorEngine
import StoreContract
#if canImport(Glibc)
import Glibc
#endif

/// `ioc check --host`: what an administrator gets wrong on a shared host, each finding with
/// what to run to fix it. The model checked is DESIGN.md's: the service account owns and writes
/// the store's folder and files, the operators' group reads them, nobody else sees them.
public enum HostCheck {
    public struct Finding: Sendable, Equatable {
        public var ok: Bool
        public var what: String
        public var fix: String?

        public var text: String { (ok ? "ok    " : "FIX   ") + what + (fix.map { "\n      → \($0)" } ?? "") }
    }

    public static func run(storePath: String, policy: AccessPolicy, timeZone: TimeZone) -> [Finding] {
        var findings: [Finding] = []
        func ok(_ what: String) { findings.append(Finding(ok: true, what: what, fix: nil)) }
        func problem(_ what: String, _ fix: String) { findings.append(Finding(ok: false, what: what, fix: fix)) }
        let dir = (storePath as NSString).deletingLastPathComponent
        var dirStat = stat()
        guard stat(dir, &dirStat) == 0 else {
            problem("the store's folder \(dir) does not exist", "install -d -o ioc -g ioc-operators -m 2750 \(dir)")
            return findings
        }
        let owner = SharedFiles.userName(uid: dirStat.st_uid)
        let group = getgrgid(dirStat.st_gid).map { String(cString: $0.pointee.gr_name) }
        // The folder: the service account's, the operators' group, setgid, nobody else.
        if let group {
            ok("\(dir) belongs to \(owner):\(group)")
        } else {
            problem("\(dir)'s group (gid \(dirStat.st_gid)) does not exist", "groupadd ioc-operators && chgrp ioc-operators \(dir)")
        }
        let dirMode = dirStat.st_mode & 0o7777
        if dirMode & 0o2000 == 0 {
            problem("\(dir) is not setgid (mode \(octal(dirMode))): new files would not get the operators' group", "chmod g+s \(dir)")
        }
        if dirMode & 0o007 != 0 {
            problem("\(dir) is open to everyone (mode \(octal(dirMode)))", "chmod o-rwx \(dir)")
        }
        if dirMode & 0o2000 != 0, dirMode & 0o007 == 0 { ok("\(dir) has mode \(octal(dirMode))") }
        // The store's files.
        for (file, needed) in [(storePath, true), (storePath + "-wal", false), (storePath + "-shm", false), (storePath + ".lock", false)] {
            var st = stat()
            guard stat(file, &st) == 0 else {
                if needed {
                    problem("the store \(storePath) does not exist yet", "start the leader: systemctl start ioc (it creates the store)")
                } else if file.hasSuffix("-wal") || file.hasSuffix("-shm") {
                    problem("\(file) is missing: read-only consoles need the WAL kept in place", "start the leader (it keeps the WAL persistent): systemctl start ioc")
                }
                continue
            }
            let mode = st.st_mode & 0o777
            var wrong: [String] = []
            if st.st_uid != dirStat.st_uid { wrong.append("owned by \(SharedFiles.userName(uid: st.st_uid)), not \(owner)") }
            if st.st_gid != dirStat.st_gid { wrong.append("not in the folder's group") }
            if mode & 0o002 != 0 { wrong.append("world-writable") } else if mode & 0o004 != 0 { wrong.append("world-readable") }
            if mode & 0o040 == 0 { wrong.append("not readable by the operators' group") }
            if mode & 0o020 != 0 { wrong.append("writable by the operators' group") }
            if wrong.isEmpty {
                ok("\(file) is \(owner):\(group ?? "?") \(octal(mode))")
            } else {
                problem("\(file) is \(wrong.joined(separator: ", ")) (mode \(octal(mode)))",
                        "chown \(owner):\(group ?? "ioc-operators") \(file) && chmod 640 \(file)")
            }
        }
        // The groups operators.yaml names must exist.
        for grant in policy.grants ?? [] {
            if case let .group(name) = grant.subject, getgrnam(name) == nil {
                problem("group '\(name)' in \(policy.source) does not exist: its members are refused", "groupadd \(name) && usermod -aG \(name) USER")
            }
        }
        if policy.isSingleAccount { ok("single-account mode (no operators.yaml): whoever runs ioc is admin") }
        // A leader, and its socket.
        let lock = LeaderLock(storePath: storePath)
        switch lock.probe() {
        case let .held(pid):
            ok("a leader is running" + (pid.map { " (pid \($0))" } ?? ""))
            let socket = CommandSocket.path(store: storePath)
            var st = stat()
            if stat(socket, &st) != 0 {
                problem("the leader has no socket \(socket): operators cannot act", "see the leader's log (journalctl -u ioc), then systemctl restart ioc")
            } else if st.st_mode & 0o777 != 0o660 || st.st_gid != dirStat.st_gid {
                problem("the socket \(socket) has mode \(octal(st.st_mode & 0o777)) or the wrong group", "systemctl restart ioc (the leader makes it 0660 in the folder's group)")
            } else {
                ok("the socket \(socket) is 0660, group \(group ?? "?")")
            }
        case .free:
            let stale = LeaderLock.livePid(in: lock.path) == nil && FileManager.default.fileExists(atPath: lock.path)
            problem("no leader is running" + (stale ? " (the lock file names a process that is gone)" : ""), "systemctl start ioc (or: runuser -u \(owner) -- ioc serve)")
        case let .unavailable(reason):
            problem(reason, "add this user to the operators' group, or run the check as root")
        }
        // Time zone and disk.
        let offset = timeZone.secondsFromGMT() / 3_600
        ok("time zone \(timeZone.identifier) (UTC\(offset >= 0 ? "+" : "")\(offset)); days and reports follow it")
        var fs = statvfs()
        if statvfs(dir, &fs) == 0 {
            let free = Double(fs.f_bavail) * Double(fs.f_frsize), total = Double(fs.f_blocks) * Double(fs.f_frsize)
            let text = String(format: "%.1f GiB free of %.1f GiB on %@", free / 1_073_741_824, total / 1_073_741_824, dir)
            if free < 1_073_741_824 || (total > 0 && free / total < 0.05) {
                problem(text + ": the store grows with every observation", "free space, or move the store (store: in ioc.yaml) to a larger disk")
            } else {
                ok(text)
            }
        }
        return findings
    }

    static func octal(_ mode: mode_t) -> String { String(mode, radix: 8) }

    /// The report a person reads: each finding, then the verdict; and how many problems.
    public static func report(_ findings: [Finding]) -> (lines: [String], problems: Int) {
        let problems = findings.filter { !$0.ok }.count
        return (findings.map(\.text) + [problems == 0 ? "host ok" : "\(problems) problem\(problems == 1 ? "" : "s") on this host"], problems)
    }
}
