import Foundation
import ContinuumDomain

/// How Continuum reaches GOV.UK Notify, read from the environment at boot:
/// - `NOTIFY_API_KEY`: the service's API key (never logged or shown);
/// - `NOTIFY_TEMPLATE_ID`: one generic email template whose subject is `((subject))` and whose
///   body is `((body))`, so every kind of message Continuum writes goes through the same template;
/// - `NOTIFY_BASE_URL`: the API's address (Notify's own by default; tests point it at loopback).
/// With no key, messages stay queued in the outbox and the pages that queue them say so.
public struct NotifySettings: Sendable {
    public static let defaultBaseURL = "https://api.notifications.service.gov.uk"

    public var apiKey: NotifyAPIKey
    public var templateID: String
    /// Without a trailing slash.
    public var baseURL: String

    public init(apiKey: NotifyAPIKey, templateID: String, baseURL: String = NotifySettings.defaultBaseURL) {
        self.apiKey = apiKey; self.templateID = templateID.lowercased(); self.baseURL = baseURL
    }

    /// nil when no key is set (sending is off). Every malformed value is added to `problems`; the
    /// key's value never is.
    static func fromEnvironment(_ env: [String: String], problems: inout [String]) -> NotifySettings? {
        func value(_ key: String) -> String? {
            guard let raw = env[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        var baseURL = defaultBaseURL
        if let raw = value("NOTIFY_BASE_URL") {
            if let checked = checkedBaseURL(raw) { baseURL = checked }
            else { problems.append("NOTIFY_BASE_URL must be an https:// address (http:// is allowed only to a loopback address, for testing) (got \"\(raw)\")") }
        }
        let template = value("NOTIFY_TEMPLATE_ID")
        if let template, UUID(uuidString: template) == nil {
            problems.append("NOTIFY_TEMPLATE_ID must be a GOV.UK Notify template id, a UUID such as 2b7c7d4e-0c1a-4f0e-9d55-3a8e0f6b1c2d (got \"\(template)\")")
        }
        guard let rawKey = value("NOTIFY_API_KEY") else { return nil }
        guard let key = NotifyAPIKey(rawKey) else {
            problems.append("NOTIFY_API_KEY is not a GOV.UK Notify API key: expected the key name, the service id and the secret key joined by hyphens, as Notify shows it once when the key is made (the value is not shown here)")
            return nil
        }
        guard let template else {
            problems.append("NOTIFY_TEMPLATE_ID is required when NOTIFY_API_KEY is set: the id of a Notify email template whose subject is ((subject)) and whose body is ((body))")
            return nil
        }
        guard UUID(uuidString: template) != nil else { return nil }
        return NotifySettings(apiKey: key, templateID: template, baseURL: baseURL)
    }

    /// The bearer token must never cross a network in clear: https, or http only to this machine.
    static func checkedBaseURL(_ raw: String) -> String? {
        var url = raw
        while url.hasSuffix("/") { url.removeLast() }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty,
              components.query == nil, components.fragment == nil, components.user == nil, components.password == nil else { return nil }
        switch scheme {
        case "https": return url
        case "http": return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) ? url : nil
        default: return nil
        }
    }
}

extension NotifySettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "GOV.UK Notify at \(baseURL), service \(apiKey.serviceID), template \(templateID)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["baseURL": baseURL, "serviceID": apiKey.serviceID, "templateID": templateID]) }
}
