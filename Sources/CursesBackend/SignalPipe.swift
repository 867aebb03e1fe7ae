import CursesShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGWINCH, SIGINT, SIGTERM and SIGHUP turned into bytes on a pipe, so a loop learns of them
/// from poll() instead of in a signal handler. Used by the console and by `ioc serve`.
public final class SignalPipe {
    public enum Signal: Sendable, Equatable {
        case resize
        case stop(String)
    }

    public let readFD: Int32
    private let writeFD: Int32

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
        ioc_install_signal_pipe(writeFD)
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// The signals that arrived, in order (resizes folded into one).
    public func drain() -> [Signal] {
        var signals: [Signal] = []
        var bytes = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(readFD, &bytes, bytes.count)
            guard n > 0 else { break }
            for byte in bytes[0..<n] {
                switch byte {
                case UInt8(ascii: "W"): if !signals.contains(.resize) { signals.append(.resize) }
                case UInt8(ascii: "I"): signals.append(.stop("SIGINT"))
                case UInt8(ascii: "T"): signals.append(.stop("SIGTERM"))
                case UInt8(ascii: "H"): signals.append(.stop("SIGHUP"))
                default: break
                }
            }
        }
        return signals
    }

    /// Sleeps up to `timeout` ms, until a signal or until one of `also` is ready; returns the signals.
    public func wait(timeout: Int32, also: [pollfd] = []) -> [Signal] {
        var fds = [pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)] + also
        guard poll(&fds, nfds_t(fds.count), timeout) > 0, fds[0].revents != 0 else { return [] }
        return drain()
    }

    /// Waits as `wait` does; why the process is asked to stop (SIGTERM, SIGINT), or nil.
    public func stopReason(timeout: Int32, also: [pollfd] = []) -> String? {
        for case let .stop(reason) in wait(timeout: timeout, also: also) { return reason }
        return nil
    }
}
