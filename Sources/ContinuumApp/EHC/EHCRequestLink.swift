import Foundation
import Vapor

/// The private link a family gets for a request made without an account (issue 13 item 8). The token in
/// it is an HMAC of the request's id under a key kept outside the database (`LINK_KEY`, or `link.key` in
/// the data folder, made on first start with mode 0600, as TOTP_KEY and AUDIT_KEY are). So the token is
/// never stored anywhere: the database holds only its SHA-256 (to find the request from the link), and the
/// queued email holds a placeholder naming the request, which `OutboxDelivery` turns into the link only as
/// the email leaves for GOV.UK Notify. A copy of the database, a backup or the outbox page opens nothing.
/// With several app servers, set `LINK_KEY` on all of them.
struct EHCRequestLinks: Sendable {
    static let envVariable = "LINK_KEY"
    static let fileName = "link.key"
    private static let placeholderStart = "((continuum-link:ehc-request:"
    private static let placeholderEnd = "))"

    private let key: SymmetricKey
    /// A second key of its own for single-use survey links (issue 16): a survey token never opens a request.
    private let surveyKey: SymmetricKey
    private static let surveyPlaceholderStart = "((continuum-link:survey:"
    /// Without a trailing slash.
    let publicURL: String

    init(masterKey: [UInt8], publicURL: String) {
        // A key of its own for this one job, derived from the configured secret (RFC 5869).
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: masterKey), info: Data("continuum ehc-request link v1".utf8), outputByteCount: 32)
        surveyKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: masterKey), info: Data("continuum survey link v1".utf8), outputByteCount: 32)
        self.publicURL = publicURL
    }

    static func load(_ config: AppConfiguration) throws -> EHCRequestLinks {
        EHCRequestLinks(masterKey: try SecretKeyFile.load(environmentValue: config.linkKey, dataDirectory: config.dataDirectory, fileName: fileName),
                        publicURL: config.publicURL)
    }

    /// 256 bits, base64url without padding (43 characters).
    func token(for requestID: UUID) -> String { Self.token(requestID, key: key) }

    /// The token of a survey invitation's single-use link (SurveyInvitation keeps only its SHA-256).
    func surveyToken(for invitationID: UUID) -> String { Self.token(invitationID, key: surveyKey) }

    func surveyURL(for invitationID: UUID) -> String { publicURL + SiteURL.surveyAnswer(token: .value(surveyToken(for: invitationID))).path }

    static func surveyPlaceholder(for invitationID: UUID) -> String { surveyPlaceholderStart + invitationID.uuidString.lowercased() + placeholderEnd }

    private static func token(_ id: UUID, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(id.uuidString.lowercased().utf8), using: key)
        // Standard base64 is letters, digits, "+", the slash and "=" padding: base64url spells the last two
        // characters "-" and "_" and drops the padding.
        return String(Data(mac).base64EncodedString().compactMap { c -> Character? in
            c.isLetter || c.isNumber ? c : c == "+" ? "-" : c == "=" ? nil : "_"
        })
    }

    func url(for requestID: UUID) -> String { publicURL + SiteURL.ehcRequestFollow(token: .value(token(for: requestID))).path }

    /// What the stored email body says in place of the link.
    static func placeholder(for requestID: UUID) -> String { placeholderStart + requestID.uuidString.lowercased() + placeholderEnd }

    /// The body with every placeholder replaced by its link: only for the copy sent to Notify, never stored.
    func expand(_ body: String) -> String {
        expand(expand(body, start: Self.placeholderStart, url: url(for:)), start: Self.surveyPlaceholderStart, url: surveyURL(for:))
    }

    private func expand(_ body: String, start placeholder: String, url: (UUID) -> String) -> String {
        guard body.contains(placeholder) else { return body }
        var result = ""
        var rest = Substring(body)
        while let start = rest.range(of: placeholder) {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            guard let end = after.range(of: Self.placeholderEnd), let id = UUID(uuidString: String(after[..<end.lowerBound])) else {
                // Not one of ours: leave the text as it is.
                result += rest[start]
                rest = after
                continue
            }
            result += url(id)
            rest = after[end.upperBound...]
        }
        return result + rest
    }
}

private struct EHCRequestLinksKey: StorageKey { typealias Value = EHCRequestLinks }

extension Application {
    var ehcRequestLinks: EHCRequestLinks {
        get { storage[EHCRequestLinksKey.self]! }
        set { storage[EHCRequestLinksKey.self] = newValue }
    }
}
