import Foundation
import ContinuumDomain

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
    /// `TRUSTED_PROXIES`: reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For is
    /// believed for the client's address; nobody's by default (issue 13 item 7).
    public var trustedProxies: TrustedProxies = .none
    /// `TOTP_KEY`: the key TOTP secrets are sealed with (32 bytes, base64 or hex); unset: `totp.key` in the data folder.
    public var totpKey: String? = nil
    /// `AUDIT_KEY`: the audit chain's HMAC key, at least 32 bytes as hex or base64; nil: `<data folder>/audit.key` (AuditKey).
    public var auditKey: Data? = nil
    /// `LINK_KEY`: the key the public EHC request's private links are derived from (32 bytes, base64 or hex);
    /// unset: `link.key` in the data folder (EHCRequestLinks). Set it on every server when there are several.
    public var linkKey: String? = nil
    /// `SMALL_NUMBER_THRESHOLD` (default 10): aggregate-only roles see counts below it as "<N" (rulebook SURV-4, LOCAL).
    public var smallNumberThreshold: Int = SmallNumberSuppression.defaultThreshold

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
        let database = databaseSetting(env, dataDirectory: dataDirectory, problems: &problems)
        let host = env["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let config = AppConfiguration(
            database: database,
            dataDirectory: dataDirectory,
            host: host,
            port: int("PORT", default: 8080, range: 1...65535),
            sessionIdleMinutes: int("SESSION_IDLE_MINUTES", default: 30, range: 1...1440),
            sessionAbsoluteHours: int("SESSION_ABSOLUTE_HOURS", default: 12, range: 1...72),
            // Off loopback the service is reached through TLS (or must be): Secure cookies unless told otherwise.
            secureCookies: bool("SECURE_COOKIES", default: !DemoMode.isLoopback(host)),
            enforceTwoFactor: bool("ENFORCE_TWO_FACTOR", default: true),
            bcryptCost: int("BCRYPT_COST", default: 12, range: 12...16)
        )
        var withLinks = config
        withLinks.allowDemo = bool("CONTINUUM_ALLOW_DEMO", default: false)
        withLinks.smallNumberThreshold = int("SMALL_NUMBER_THRESHOLD", default: SmallNumberSuppression.defaultThreshold, range: 2...100)
        if let url = publicURL(env, config: config, problems: &problems) { withLinks.publicURL = url }
        withLinks.notify = NotifySettings.fromEnvironment(env, problems: &problems)
        readProxiesAndKeys(env, into: &withLinks, problems: &problems)
        if !problems.isEmpty { throw Invalid(problems: problems) }
        return withLinks
    }

    /// DATABASE_URL (PostgreSQL), or the embedded SQLite file in the data directory.
    private static func databaseSetting(_ env: [String: String], dataDirectory: String, problems: inout [String]) -> Database {
        if let url = env["DATABASE_URL"], !url.isEmpty {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                return .postgres(url: url)
            } else {
                problems.append("DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)")
                return .sqliteFile(path: dataDirectory + "/continuum.sqlite")
            }
        } else {
            return .sqliteFile(path: dataDirectory + "/continuum.sqlite")
        }
    }

    /// PUBLIC_URL, or where it may be left unset (on loopback) the address the server listens on;
    /// nil when it is not a usable address.
    private static func publicURL(_ env: [String: String], config: AppConfiguration, problems: inout [String]) -> String? {
        if let url = env["PUBLIC_URL"], !url.isEmpty {
            if (url.hasPrefix("https://") || url.hasPrefix("http://")) && URL(string: url)?.host != nil && !url.contains(" ") {
                return url.hasSuffix("/") ? String(url.dropLast()) : url
            } else {
                problems.append("PUBLIC_URL must be the address people use, like https://continuum.example.gov.uk (got \"\(url)\")")
            }
        } else {
            let host = config.host.contains(":") ? "[\(config.host)]" : config.host
            // Set-up links are bearer tokens in emails: off this machine they need the real (https) address.
            if !DemoMode.isLoopback(config.host) {
                problems.append("PUBLIC_URL must be set to the address people use, like https://continuum.example.gov.uk, when HOST (\(config.host)) is reachable from other machines: set-up links and emails use it")
            }
            return "http://\(host):\(config.port)"
        }
        return nil
    }

    /// The trusted proxies and the secret keys, each used only when it reads correctly.
    private static func readProxiesAndKeys(_ env: [String: String], into config: inout AppConfiguration, problems: inout [String]) {
        if let raw = env["TRUSTED_PROXIES"], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let parsed = TrustedProxies.parse(raw)
            if parsed.invalid.isEmpty { config.trustedProxies = parsed.proxies }
            else { problems.append("TRUSTED_PROXIES must be addresses or ranges like 10.0.0.0/8, separated by commas (could not read \"\(parsed.invalid.joined(separator: "\", \""))\")") }
        }
        if let raw = env["TOTP_KEY"], !raw.isEmpty {
            if SecretKeyFile.parse(raw) != nil { config.totpKey = raw }
            else { problems.append("TOTP_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32)") }
        }
        if let raw = env["LINK_KEY"], !raw.isEmpty {
            if SecretKeyFile.parse(raw) != nil { config.linkKey = raw }
            else { problems.append("LINK_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32)") }
        }
        if let raw = env["AUDIT_KEY"], !raw.isEmpty {
            if let key = AuditKey.decode(raw) { config.auditKey = key } else { problems.append(AuditKey.formatProblem) }
        }
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
