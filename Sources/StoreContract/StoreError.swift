import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What went wrong with a store, said the same whichever backend keeps it.
public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case failed(String)
    /// A write was asked of a store this process opened read-only.
    case readOnly(path: String)
    /// A process that may only read the store was asked to lead it.
    case mayNotLead(path: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the store at \(path): \(reason)"
        case let .failed(reason): "store: \(reason)"
        case let .readOnly(path): "\(SharedFiles.userName(uid: getuid())) may only read the store at \(path); this needs the leader"
        case let .mayNotLead(path):
            "\(SharedFiles.userName(uid: getuid())) may not write the store at \(path) (\(SharedFiles.owner(path) ?? "?")): "
                + "only the service account leads; run 'ioc serve' as it (or 'systemctl start ioc')"
        }
    }
}
