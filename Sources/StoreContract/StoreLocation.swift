import Foundation

/// Where a store lives: a SQLite file (the embedded default), or a PostgreSQL database named by
/// a URL (`store:` in ioc.yaml and `--store` take either).
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// A `postgresql://` (or `postgres://`) URL, else a path.
    public static func of(_ text: String) throws(PostgresURL.Problem) -> StoreLocation {
        PostgresURL.isURL(text) ? .postgres(try PostgresURL.parse(text)) : .sqlite(path: text)
    }

    /// The file `text` names when it names a store on this host (nil: a database server's URL,
    /// well formed or not: opening it says what is wrong).
    public static func file(named text: String) -> String? { PostgresURL.isURL(text) ? nil : text }

    /// The store's file when it is one on this host.
    public var file: String? {
        if case let .sqlite(path) = self { return path }
        return nil
    }
}

/// A PostgreSQL connection as libpq's URLs write it:
/// `postgresql://[user[:password]@][host][:port][/database][?host=/run/postgresql&sslmode=require&connect_timeout=5]`.
/// An empty host is the Unix socket in `/run/postgresql`; a host that is a path is a socket
/// folder. A password not in the URL comes from `PGPASSFILE` or `~/.pgpass`.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// The role to log in as; nil: the Unix user running ioc (as psql does).
    public var user: String?
    public var password: String?
    /// A TCP host; nil: a Unix socket in `socketDirectory`.
    public var host: String?
    public var port = 5432
    public var socketDirectory = "/run/postgresql"
    /// nil: the same as the role.
    public var database: String?
    public var tls = TLSMode.prefer
    /// Seconds to wait for the server before saying it cannot be reached.
    public var connectTimeout: Int64 = 5

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    public static func isURL(_ text: String) -> Bool { text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") }

    public static func parse(_ text: String) throws(Problem) -> PostgresURL {
        let how = "write postgresql://USER@/DATABASE?host=/run/postgresql or postgresql://USER@HOST:PORT/DATABASE"
        guard let schemeEnd = text.range(of: "://") else { throw Problem(description: "'\(text)' is not a PostgreSQL URL; \(how)") }
        var rest = Substring(text[schemeEnd.upperBound...])
        var url = PostgresURL()
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            url.user = try decode(parts[0], in: text).nonEmpty
            if parts.count == 2 { url.password = try decode(parts[1], in: text) }
        }
        var hostText = String(rest)
        if hostText.hasPrefix("[") {
            // An IPv6 address: [::1]:5432.
            guard let close = hostText.firstIndex(of: "]") else { throw Problem(description: "'\(text)': an IPv6 host needs its closing ]; \(how)") }
            let portText = hostText[hostText.index(after: close)...]
            url.host = String(hostText[hostText.index(after: hostText.startIndex)..<close])
            if portText.hasPrefix(":") { url.port = try port(String(portText.dropFirst()), in: text) }
            hostText = ""
        } else if let colon = hostText.lastIndex(of: ":") {
            url.port = try port(String(hostText[hostText.index(after: colon)...]), in: text)
            hostText = String(hostText[..<colon])
        }
        if !hostText.isEmpty {
            let decoded = try decode(Substring(hostText), in: text)
            if decoded.hasPrefix("/") { url.socketDirectory = decoded } else { url.host = decoded }
        }
        url.database = try decode(Substring(path), in: text).nonEmpty
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]), value = kv.count == 2 ? try decode(kv[1], in: text) : ""
            switch key {
            case "host":
                if value.hasPrefix("/") {
                    url.socketDirectory = value
                    url.host = nil
                } else {
                    url.host = value.nonEmpty
                }
            case "port": url.port = try port(value, in: text)
            case "user": url.user = value.nonEmpty
            case "password": url.password = value
            case "dbname": url.database = value.nonEmpty
            case "sslmode":
                switch value {
                case "disable", "allow": url.tls = .disable
                case "prefer": url.tls = .prefer
                case "require", "verify-ca": url.tls = .require
                case "verify-full": url.tls = .verifyFull
                default: throw Problem(description: "'\(text)': sslmode '\(value)' is not disable, prefer, require or verify-full")
                }
            case "connect_timeout":
                guard let seconds = Int64(value), seconds > 0 else {
                    throw Problem(description: "'\(text)': connect_timeout '\(value)' is not a whole number of seconds above 0")
                }
                url.connectTimeout = seconds
            case "application_name", "options":
                continue
            default:
                throw Problem(description: "'\(text)': unknown parameter '\(key)'; known: host, port, user, password, dbname, sslmode, connect_timeout")
            }
        }
        return url
    }

    private static func decode(_ part: Substring, in text: String) throws(Problem) -> String {
        guard let decoded = String(part).removingPercentEncoding else {
            throw Problem(description: "'\(text)': '\(part)' has a broken %-escape")
        }
        return decoded
    }

    private static func port(_ text: String, in url: String) throws(Problem) -> Int {
        guard let port = Int(text), (1...65_535).contains(port) else {
            throw Problem(description: "'\(url)': port '\(text)' is not a number from 1 to 65535")
        }
        return port
    }

    /// The role that logs in: the URL's, else the Unix user running this process.
    public var role: String {
        if let user { return user }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }

    public var databaseName: String { database ?? role }

    /// Where the server is, for messages: the socket's path, or host:port.
    public var server: String {
        host.map { "\($0):\(port)" } ?? "\(socketDirectory)/.s.PGSQL.\(port)"
    }

    /// The URL without its password (for logs, `ioc info`, errors).
    public var description: String {
        var text = "postgresql://\(user.map { $0 + "@" } ?? "")"
        if let host { text += (host.contains(":") ? "[\(host)]" : host) + (port == 5432 ? "" : ":\(port)") }
        text += "/" + (database ?? "")
        var query: [String] = []
        if host == nil, socketDirectory != "/run/postgresql" { query.append("host=\(socketDirectory)") }
        if host == nil, port != 5432 { query.append("port=\(port)") }
        if tls != .prefer { query.append("sslmode=\(tls.rawValue)") }
        return text + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// The password for this connection: the URL's, else the first matching line of the
    /// password file (`PGPASSFILE`, else `~/.pgpass`), which like libpq is ignored unless only
    /// its owner can read it.
    public func resolvedPassword(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let password { return password }
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let file, let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let mode = attributes[.posixPermissions] as? Int, mode & 0o077 == 0,
              let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let hostKeys = host.map { [$0] } ?? [socketDirectory, "localhost"]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.passFields(String(line))
            guard fields.count == 5 else { continue }
            func matches(_ field: String, _ values: [String]) -> Bool { field == "*" || values.contains(field) }
            if matches(fields[0], hostKeys), matches(fields[1], [String(port)]), matches(fields[2], [databaseName]), matches(fields[3], [role]) {
                return fields[4]
            }
        }
        return nil
    }

    /// A `.pgpass` line's five fields, `\:` and `\\` unescaped.
    static func passFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for c in line {
            if escaped {
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
