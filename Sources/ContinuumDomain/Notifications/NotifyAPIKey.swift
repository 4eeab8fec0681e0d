/// A GOV.UK Notify API key. Notify issues keys as `{key_name}-{service_id}-{secret_key}`, and its
/// clients read the secret key as the last 36 characters and the service id as the 36 before the
/// joining hyphen (GOV.UK Notify API documentation, "API keys"; notifications-python-client
/// `api_key[-36:]`, `api_key[-73:-37]`). Key names may themselves contain hyphens, so the key is
/// read from the end, never split on "-".
///
/// The secret never appears in a description, a debug description or a reflection dump, so a
/// configuration value that reaches a log line can't leak it.
public struct NotifyAPIKey: Sendable, Equatable {
    public let keyName: String
    public let serviceID: String
    public let secretKey: String

    public init?(_ raw: String) {
        let chars = Array(raw.trimmingWhitespace())
        // Service id (36) + "-" + secret (36); a key name, when present, is joined by one more hyphen.
        guard chars.count >= 73 else { return nil }
        let n = chars.count
        let secret = String(chars[(n - 36)...])
        let service = String(chars[(n - 73)..<(n - 37)])
        guard chars[n - 37] == "-", Self.isUUID(secret), Self.isUUID(service) else { return nil }
        var name = ""
        if n > 73 {
            guard n >= 75, chars[n - 74] == "-" else { return nil }
            name = String(chars[..<(n - 74)])
        }
        self.keyName = name
        self.serviceID = service
        self.secretKey = secret
    }

    /// 8-4-4-4-12 hexadecimal digits, the form Notify uses for service ids and secret keys.
    public static func isUUID(_ s: String) -> Bool {
        let chars = Array(s)
        guard chars.count == 36 else { return false }
        for (index, c) in chars.enumerated() {
            if [8, 13, 18, 23].contains(index) { if c != "-" { return false } }
            else if !c.isHexDigit { return false }
        }
        return true
    }
}

extension NotifyAPIKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "Notify API key for service \(serviceID) (secret not shown)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["serviceID": serviceID, "secretKey": "(not shown)"]) }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = self[...]
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return s
    }
}
