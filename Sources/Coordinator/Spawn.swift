import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What every process ioc starts gets: an empty signal mask and default signal dispositions
/// (a thread of ours may block or ignore signals the child must see), with `flags` beside.
public enum Spawn {
    public static func setFlags(_ attributes: inout posix_spawnattr_t, _ flags: Int32) {
        posix_spawnattr_setflags(&attributes, Int16(flags | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
    }
}
