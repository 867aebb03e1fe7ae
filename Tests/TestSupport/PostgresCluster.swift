import Foundation

/// A private PostgreSQL cluster for tests: `initdb` in a temporary folder, the server listening
/// on a Unix socket in that folder only (no TCP), run by an unprivileged account (PostgreSQL
/// refuses root; as root the tests make a throwaway `iocpg` account). One per test process,
/// started on first use and stopped at exit; each test takes a database of its own.
public final class PostgresCluster: @unchecked Sendable {
    public let directory: String
    public let socketDirectory: String
    /// The superuser role (trust on the socket), and a role that must give a password.
    public let superuser = "postgres"
    public static let passwordRole = "ioc_secret"
    public static let password = "s3cret pass"
    let bin: String
    let owner: String?

    /// The cluster of this test process, or why there is none (PostgreSQL not installed).
    public static let shared: Result<PostgresCluster, ClusterError> = {
        do {
            let cluster = try PostgresCluster()
            atexit { if case let .success(c) = PostgresCluster.shared { c.stop() } }
            return .success(cluster)
        } catch let error as ClusterError {
            return .failure(error)
        } catch {
            return .failure(ClusterError(message: "\(error)"))
        }
    }()

    public struct ClusterError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    init() throws {
        guard let bin = Self.binaries() else {
            throw ClusterError(message: "PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs it")
        }
        self.bin = bin
        // Short: a socket's path is limited to 107 bytes.
        directory = "/tmp/iocpg-\(UUID().uuidString.prefix(8))"
        socketDirectory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        owner = getuid() == 0 ? "iocpg" : nil
        if let owner {
            if try run(["/usr/bin/id", "-u", owner]).code != 0 {
                _ = try run(["/usr/sbin/useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", owner])
            }
            guard try run(["/bin/chown", owner, directory]).code == 0 else { throw ClusterError(message: "cannot give \(directory) to \(owner)") }
        }
        let data = directory + "/data"
        try asOwner([bin + "/initdb", "--no-sync", "-D", data, "-U", superuser, "--auth-local=trust", "--auth-host=reject", "-E", "UTF8", "--locale=C"])
        // The password role logs in with a password, even on the socket.
        let hba = "local all \(Self.passwordRole) scram-sha-256\nlocal all all trust\n"
        try asOwner(["/bin/sh", "-c", "printf '%s' '\(hba)' > '\(data)/pg_hba.conf'"])
        try asOwner([bin + "/pg_ctl", "-D", data, "-l", directory + "/server.log", "-w", "-t", "60", "start", "-o",
                     "-k \(socketDirectory) -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"])
        try psql("CREATE ROLE \(Self.passwordRole) LOGIN PASSWORD '\(Self.password)'")
    }

    static func binaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    @discardableResult
    func asOwner(_ arguments: [String]) throws -> String {
        let command = owner.map { ["/usr/bin/setpriv", "--reuid", $0, "--regid", $0, "--clear-groups", "--"] + arguments } ?? arguments
        let result = try run(command)
        guard result.code == 0 else {
            throw ClusterError(message: "\(arguments.joined(separator: " ")) failed (\(result.code)): \(result.stderr)\(result.stdout)")
        }
        return result.stdout
    }

    /// Runs SQL as the superuser (in `database`).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try run([bin + "/psql", "-h", socketDirectory, "-U", superuser, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql])
        guard result.code == 0 else { throw ClusterError(message: "psql: \(sql): \(result.stderr)") }
        return result.stdout
    }

    /// A new empty database for one test, and its URL (as the superuser unless `role` says).
    public func database(owner role: String? = nil) throws -> (name: String, url: String) {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try psql("CREATE DATABASE \(name)" + (role.map { " OWNER \($0)" } ?? ""))
        return (name, url(database: name, role: role ?? superuser))
    }

    public func url(database: String, role: String? = nil) -> String {
        "postgresql://\(role ?? superuser)@/\(database)?host=\(socketDirectory)"
    }

    /// The path of a server program (`psql`, `pg_ctl`).
    public func program(_ name: String) -> String { bin + "/" + name }

    func stop() {
        _ = try? asOwner([bin + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }
}
