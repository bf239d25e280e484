import Foundation
import PostgresNIO

/// Where a live cluster's database is: a `postgres://user[:password]@host[:port]/database` URL,
/// parsed once so every process connects the same way.
public struct DatabaseAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String

    public init(host: String, port: Int, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses `url`; a malformed one is bad input naming what is wrong.
    public init(url: String) throws(LiveError) {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw LiveError(.input, "database URL '\(url.prefix(80))' is not postgres://user@host:port/database")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw LiveError(.input, "database URL '\(url.prefix(80))' names no host")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        self.init(host: host, port: parts.port ?? 5432, user: parts.user ?? "postgres",
                  password: parts.password, database: database.isEmpty ? "postgres" : database)
    }

    /// The URL, without the password (it is for logs and screens).
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The URL with the password, for handing to child processes.
    public var url: String {
        let credentials = password.map { "\(user):\($0)" } ?? user
        return "postgres://\(credentials)@\(host):\(port)/\(database)"
    }

    var configuration: PostgresConnection.Configuration {
        .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }
}
