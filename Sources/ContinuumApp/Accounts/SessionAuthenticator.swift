import Fluent
import Vapor
import ContinuumDomain

/// Finds the session named by the cookie and sets `req.principal`. Idle and absolute timeouts
/// are enforced here, server-side, from the database row; a disabled account has no principal.
struct SessionAuthenticator: AsyncMiddleware {
    let idleTimeout: TimeInterval
    let absoluteTimeout: TimeInterval
    let enforceTwoFactor: Bool

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookieName = SessionToken.cookieName(secure: req.application.continuumConfiguration.secureCookies)
        if let token = req.cookies[cookieName]?.string, !token.isEmpty {
            req.principal = try await principal(for: token, req: req)
        }
        return try await next.respond(to: req)
    }

    private func principal(for token: String, req: Request) async throws -> Principal? {
        guard let session = try await UserSession.query(on: req.db)
            .join(User.self, on: \UserSession.$user.$id == \User.$id)
            .filter(\.$tokenHash == SessionToken.hash(token))
            .filter(\.$endedAt == nil)
            .first()
        else { return nil }
        let user = try session.joined(User.self)
        let now = Date()
        if user.isDisabled || now.timeIntervalSince(session.lastSeenAt) > idleTimeout || now.timeIntervalSince(session.createdAt) > absoluteTimeout {
            session.endedAt = now
            try await session.save(on: req.db)
            return nil
        }
        // Touch at most once a minute: enough for the idle timeout, without a write per request.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.save(on: req.db)
        }
        let stage: Principal.Stage
        if session.twoFactorPassed {
            stage = .full
        } else if user.totpEnabled {
            stage = .needsTwoFactorCode
        } else {
            stage = .needsTwoFactorSetup
        }
        return Principal(userID: try user.requireID(), email: user.email, displayName: user.displayName, role: user.role,
                         authorityID: user.$authority.id, schoolID: user.$school.id, sessionID: try session.requireID(),
                         csrfToken: session.csrfToken, stage: stage, socketAddress: req.socketAddress)
    }
}
