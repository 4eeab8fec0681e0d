import Vapor
import ContinuumDomain

/// The one signed-in person a request acts for. Built once per request by `SessionAuthenticator`;
/// everything that touches personal data takes it.
struct Principal: Sendable {
    enum Stage: Sendable, Equatable { case full, needsTwoFactorCode, needsTwoFactorSetup }

    let userID: UUID
    let email: String
    let displayName: String
    let role: Role
    let authorityID: UUID
    let schoolID: UUID?
    let sessionID: UUID
    let csrfToken: String
    let stage: Stage

    var auditActor: AuditActor { AuditActor(userID: userID, name: email, role: role.rawValue, socketAddress: socketAddress) }
    let socketAddress: String
}

private struct PrincipalKey: StorageKey { typealias Value = Principal }

extension Request {
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The client's address, for throttling, sessions and audit rows: the socket's own address. Only when the
    /// socket peer is a proxy named in `TRUSTED_PROXIES` is `X-Forwarded-For` read, taking its right-most
    /// entry that is not a trusted proxy (issue 13 item 7); anyone else's header is ignored (SECURITY.md).
    var socketAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard let proxies = application.storage[ConfigurationKey.self]?.trustedProxies, !proxies.isEmpty else { return peer }
        return proxies.clientAddress(peer: peer, forwardedFor: headers["X-Forwarded-For"])
    }
}
