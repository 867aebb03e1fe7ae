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
            problem(say("the store's folder {dir} does not exist", ["dir": dir]), "install -d -o ioc -g ioc-operators -m 2750 \(dir)")
            return findings
        }
        let owner = SharedFiles.userName(uid: dirStat.st_uid)
        let group = getgrgid(dirStat.st_gid).map { String(cString: $0.pointee.gr_name) }
        // The folder: the service account's, the operators' group, setgid, nobody else.
        if let group {
            ok(say("{dir} belongs to {owner}", ["dir": dir, "owner": "\(owner):\(group)"]))
        } else {
            problem(say("{dir}'s group (gid {gid}) does not exist", ["dir": dir, "gid": "\(dirStat.st_gid)"]), "groupadd ioc-operators && chgrp ioc-operators \(dir)")
        }
        let dirMode = dirStat.st_mode & 0o7777
        if dirMode & 0o2000 == 0 {
            problem(say("{dir} is not setgid (mode {mode}): new files would not get the operators' group", ["dir": dir, "mode": octal(dirMode)]), "chmod g+s \(dir)")
        }
        if dirMode & 0o007 != 0 {
            problem(say("{dir} is open to everyone (mode {mode})", ["dir": dir, "mode": octal(dirMode)]), "chmod o-rwx \(dir)")
        }
        if dirMode & 0o2000 != 0, dirMode & 0o007 == 0 { ok(say("{dir} has mode {mode}", ["dir": dir, "mode": octal(dirMode)])) }
        // The store's files.
        for (file, needed) in [(storePath, true), (storePath + "-wal", false), (storePath + "-shm", false), (storePath + ".lock", false)] {
            var st = stat()
            guard stat(file, &st) == 0 else {
                if needed {
                    problem(say("the store {path} does not exist yet", ["path": storePath]), say("start the leader: {command} (it creates the store)", ["command": "systemctl start ioc"]))
                } else if file.hasSuffix("-wal") || file.hasSuffix("-shm") {
                    problem(say("{file} is missing: read-only consoles need the WAL kept in place", ["file": file]),
                            say("start the leader (it keeps the WAL persistent): {command}", ["command": "systemctl start ioc"]))
                }
                continue
            }
            let mode = st.st_mode & 0o777
            var wrong: [String] = []
            if st.st_uid != dirStat.st_uid { wrong.append(say("owned by {user}, not {owner}", ["user": SharedFiles.userName(uid: st.st_uid), "owner": owner])) }
            if st.st_gid != dirStat.st_gid { wrong.append(say("not in the folder's group")) }
            if mode & 0o002 != 0 { wrong.append(say("world-writable")) } else if mode & 0o004 != 0 { wrong.append(say("world-readable")) }
            if mode & 0o040 == 0 { wrong.append(say("not readable by the operators' group")) }
            if mode & 0o020 != 0 { wrong.append(say("writable by the operators' group")) }
            if wrong.isEmpty {
                ok(say("{file} is {owner} {mode}", ["file": file, "owner": "\(owner):\(group ?? "?")", "mode": octal(mode)]))
            } else {
                problem(say("{file} is {wrong} (mode {mode})", ["file": file, "wrong": wrong.joined(separator: ", "), "mode": octal(mode)]),
                        "chown \(owner):\(group ?? "ioc-operators") \(file) && chmod 640 \(file)")
            }
        }
        // The groups operators.yaml names must exist.
        for grant in policy.grants ?? [] {
            if case let .group(name) = grant.subject, getgrnam(name) == nil {
                problem(say("group '{name}' in {source} does not exist: its members are refused", ["name": name, "source": policy.source]), "groupadd \(name) && usermod -aG \(name) USER")
            }
        }
        if policy.isSingleAccount { ok(say("single-account mode (no operators.yaml): whoever runs ioc is admin")) }
        // A leader, and its socket.
        let lock = LeaderLock(storePath: storePath)
        switch lock.probe() {
        case let .held(pid):
            ok(pid.map { say("a leader is running (pid {pid})", ["pid": "\($0)"]) } ?? say("a leader is running"))
            let socket = CommandSocket.path(store: storePath)
            var st = stat()
            if stat(socket, &st) != 0 {
                problem(say("the leader has no socket {socket}: operators cannot act", ["socket": socket]),
                        say("see the leader's log ({log}), then {command}", ["log": "journalctl -u ioc", "command": "systemctl restart ioc"]))
            } else if st.st_mode & 0o777 != 0o660 || st.st_gid != dirStat.st_gid {
                problem(say("the socket {socket} has mode {mode} or the wrong group", ["socket": socket, "mode": octal(st.st_mode & 0o777)]),
                        say("{command} (the leader makes it 0660 in the folder's group)", ["command": "systemctl restart ioc"]))
            } else {
                ok(say("the socket {socket} is 0660, group {group}", ["socket": socket, "group": group ?? "?"]))
            }
        case .free:
            let stale = LeaderLock.livePid(in: lock.path) == nil && FileManager.default.fileExists(atPath: lock.path)
            problem(say(stale ? "no leader is running (the lock file names a process that is gone)" : "no leader is running"),
                    say("{command} (or: {other})", ["command": "systemctl start ioc", "other": "runuser -u \(owner) -- ioc serve"]))
        case let .unavailable(reason):
            problem(reason, say("add this user to the operators' group, or run the check as root"))
        }
        // Time zone and disk.
        let offset = timeZone.secondsFromGMT() / 3_600
        ok(say("time zone {zone} ({offset}); days and reports follow it", ["zone": timeZone.identifier, "offset": "UTC\(offset >= 0 ? "+" : "")\(offset)"]))
        var fs = statvfs()
        if statvfs(dir, &fs) == 0 {
            let free = Double(fs.f_bavail) * Double(fs.f_frsize), total = Double(fs.f_blocks) * Double(fs.f_frsize)
            let text = say("{free} GiB free of {total} GiB on {dir}", ["free": Speech.forms.decimal(free / 1_073_741_824, places: 1),
                                                                       "total": Speech.forms.decimal(total / 1_073_741_824, places: 1), "dir": dir])
            if free < 1_073_741_824 || (total > 0 && free / total < 0.05) {
                problem(say("{space}: the store grows with every observation", ["space": text]), say("free space, or move the store (store: in ioc.yaml) to a larger disk"))
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
        return (findings.map(\.text) + [problems == 0 ? say("host ok") : say("{count} problem on this host", plural: "{count} problems on this host", count: problems)], problems)
    }
}
