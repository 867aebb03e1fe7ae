import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files the center's processes share on a multi-operator host (the store, its lock, the log,
/// the socket): owner read-write, the operators' group read-only, nobody else, whatever the
/// umask; their group is the directory's (as a setgid directory gives it) when the creator may
/// give it.
public enum SharedFiles {
    public static let mode: mode_t = 0o640

    /// Creates `path` if missing with the shared mode; returns an error message, or nil.
    @discardableResult
    public static func create(_ path: String, mode: mode_t = SharedFiles.mode) -> String? {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        if fd < 0 {
            if errno == EEXIST { return nil }
            return "cannot create \(path): \(String(cString: strerror(errno)))"
        }
        defer { close(fd) }
        adopt(fd: fd, path: path, mode: mode)
        return nil
    }

    /// Gives a freshly created file the shared mode (the umask may have taken bits away) and the
    /// directory's group.
    public static func adopt(fd: Int32, path: String, mode: mode_t = SharedFiles.mode) {
        _ = fchmod(fd, mode)
        var dir = stat()
        if stat((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, &dir) == 0 {
            var file = stat()
            if fstat(fd, &file) == 0, file.st_gid != dir.st_gid { _ = fchown(fd, uid_t.max, dir.st_gid) }
        }
    }

    /// The same for a path (a socket just bound).
    public static func adopt(path: String, mode: mode_t) {
        _ = chmod(path, mode)
        var dir = stat()
        if stat((path as NSString).deletingLastPathComponent, &dir) == 0 { _ = chown(path, uid_t.max, dir.st_gid) }
    }

    /// Whether this process may write `path` (or create it, when it does not exist).
    public static func isWritable(_ path: String) -> Bool {
        if access(path, F_OK) == 0 { return access(path, W_OK) == 0 }
        let dir = (path as NSString).deletingLastPathComponent
        return access(dir.isEmpty ? "." : dir, W_OK) == 0 || access(dir, F_OK) != 0
    }

    /// The login name of a uid, else the number.
    public static func userName(uid: uid_t) -> String {
        guard let pw = getpwuid(uid) else { return "uid \(uid)" }
        return String(cString: pw.pointee.pw_name)
    }

    /// Who owns a file, for messages ("owned by ioc").
    public static func owner(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        var group = "gid \(st.st_gid)"
        if let gr = getgrgid(st.st_gid) { group = String(cString: gr.pointee.gr_name) }
        return "\(userName(uid: st.st_uid)):\(group), mode \(String(st.st_mode & 0o7777, radix: 8))"
    }
}
