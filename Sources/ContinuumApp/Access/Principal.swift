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

    /// The socket's own address. `X-Forwarded-For` is never trusted here (SECURITY.md).
    var socketAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
