import Foundation

/// Everything read from the environment at boot, in one typed value. A malformed value stops
/// start-up with a message naming every problem at once, rather than failing later in a request.
public struct AppConfiguration: Sendable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory(identifier: String)
        case postgres(url: String)
    }

    public var database: Database
    public var dataDirectory: String
    public var host: String
    public var port: Int
    public var sessionIdleMinutes: Int
    public var sessionAbsoluteHours: Int
    /// Set when the service is reached over TLS (directly or through a proxy): cookies get `Secure`, responses HSTS.
    public var secureCookies: Bool
    public var enforceTwoFactor: Bool
    public var bcryptCost: Int
    /// Where people reach the service, for links in emails and set-up links (`PUBLIC_URL`; default http://HOST:PORT).
    public var publicURL: String = ""
    /// `CONTINUUM_ALLOW_DEMO=true`: serve demo accounts on a non-loopback address anyway (issue 12).
    public var allowDemo: Bool = false
    /// GOV.UK Notify (`NOTIFY_API_KEY`, `NOTIFY_TEMPLATE_ID`, `NOTIFY_BASE_URL`); nil: emails stay queued.
    public var notify: NotifySettings? = nil

    public struct Invalid: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { "Configuration is not valid:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        var problems: [String] = []
        func int(_ key: String, default value: Int, range: ClosedRange<Int>) -> Int {
            guard let raw = env[key], !raw.isEmpty else { return value }
            guard let parsed = Int(raw), range.contains(parsed) else {
                problems.append("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \"\(raw)\")")
                return value
            }
            return parsed
        }
        func bool(_ key: String, default value: Bool) -> Bool {
            guard let raw = env[key]?.lowercased(), !raw.isEmpty else { return value }
            switch raw {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: problems.append("\(key) must be true or false (got \"\(raw)\")"); return value
            }
        }
        let dataDirectory = env["CONTINUUM_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let database: Database
        if let url = env["DATABASE_URL"], !url.isEmpty {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                database = .postgres(url: url)
            } else {
                problems.append("DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)")
                database = .sqliteFile(path: dataDirectory + "/continuum.sqlite")
            }
        } else {
            database = .sqliteFile(path: dataDirectory + "/continuum.sqlite")
        }
        let config = AppConfiguration(
            database: database,
            dataDirectory: dataDirectory,
            host: env["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: int("PORT", default: 8080, range: 1...65535),
            sessionIdleMinutes: int("SESSION_IDLE_MINUTES", default: 30, range: 1...1440),
            sessionAbsoluteHours: int("SESSION_ABSOLUTE_HOURS", default: 12, range: 1...72),
            secureCookies: bool("SECURE_COOKIES", default: false),
            enforceTwoFactor: bool("ENFORCE_TWO_FACTOR", default: true),
            bcryptCost: int("BCRYPT_COST", default: 12, range: 12...16)
        )
        var withLinks = config
        withLinks.allowDemo = bool("CONTINUUM_ALLOW_DEMO", default: false)
        if let url = env["PUBLIC_URL"], !url.isEmpty {
            if (url.hasPrefix("https://") || url.hasPrefix("http://")) && URL(string: url)?.host != nil && !url.contains(" ") {
                withLinks.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
            } else {
                problems.append("PUBLIC_URL must be the address people use, like https://continuum.example.gov.uk (got \"\(url)\")")
            }
        } else {
            let host = config.host.contains(":") ? "[\(config.host)]" : config.host
            withLinks.publicURL = "http://\(host):\(config.port)"
            // Set-up links are bearer tokens in emails: off this machine they need the real (https) address.
            if !DemoMode.isLoopback(config.host) {
                problems.append("PUBLIC_URL must be set to the address people use, like https://continuum.example.gov.uk, when HOST (\(config.host)) is reachable from other machines: set-up links and emails use it")
            }
        }
        withLinks.notify = NotifySettings.fromEnvironment(env, problems: &problems)
        if !problems.isEmpty { throw Invalid(problems: problems) }
        return withLinks
    }

    /// Tests: an in-memory SQLite database, or PostgreSQL when the test lane sets DATABASE_URL.
    public static func testing(env: [String: String] = ProcessInfo.processInfo.environment) -> AppConfiguration {
        var config = (try? fromEnvironment(env)) ?? (try! fromEnvironment([:]))
        if case .postgres = config.database {} else {
            config.database = .sqliteMemory(identifier: "test-\(UUID().uuidString)")
        }
        config.dataDirectory = NSTemporaryDirectory() + "continuum-test-\(UUID().uuidString)"
        // Tests never reach the real GOV.UK Notify; delivery tests set their own loopback settings.
        config.notify = nil
        return config
    }

    public init(database: Database, dataDirectory: String, host: String, port: Int, sessionIdleMinutes: Int,
                sessionAbsoluteHours: Int, secureCookies: Bool, enforceTwoFactor: Bool, bcryptCost: Int) {
        self.database = database; self.dataDirectory = dataDirectory; self.host = host; self.port = port
        self.sessionIdleMinutes = sessionIdleMinutes; self.sessionAbsoluteHours = sessionAbsoluteHours
        self.secureCookies = secureCookies; self.enforceTwoFactor = enforceTwoFactor; self.bcryptCost = bcryptCost
    }
}
