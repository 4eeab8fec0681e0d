import Vapor
import ContinuumDomain

/// Who may call a route. Every route is registered through `secure`/`publicRoute`, which store
/// this policy on the route, so the access-matrix test can read it from the route table and fail
/// for any route that has none.
struct RoutePolicy: Sendable {
    enum Access: Sendable, Equatable {
        case anyone
        /// Signed in but not yet through two-factor: only the two-factor pages.
        case twoFactorPending
        case roles(Set<Role>)
    }
    let access: Access

    static let userInfoKey = "continuum.policy"
}

enum Roles {
    static let all = Set(Role.allCases)
    static let staff = all.subtracting([.parentCarer])
    static let childReaders: Set<Role> = all.subtracting([.finance, .electedMember])
    static let establishmentReaders: Set<Role> = all.subtracting([.parentCarer])
    static let administrators: Set<Role> = [.administrator]
}

typealias PageHandler = @Sendable (Request, Principal) async throws -> Response

extension RoutesBuilder {
    /// A route for signed-in people in `roles`. Anyone else gets the same `404` a missing page
    /// gives (no existence oracle), and the refusal is audited.
    @discardableResult
    func secure(_ method: HTTPMethod, _ url: SiteURL, roles: Set<Role>, body: HTTPBodyStreamStrategy = .collect,
                use handler: @escaping PageHandler) -> Route {
        let route = self.on(method, url.pathComponents, body: body) { req async throws -> Response in
            try InputCheck.verify(req)
            try CSRFCheck.verify(req)
            guard let principal = req.principal else {
                return req.redirect(to: SiteURL.signIn.path, redirectType: .normal)
            }
            switch principal.stage {
            case .needsTwoFactorCode: return req.redirect(to: SiteURL.signInTwoFactor.path, redirectType: .normal)
            case .needsTwoFactorSetup: return req.redirect(to: SiteURL.accountTwoFactor.path, redirectType: .normal)
            case .full: break
            }
            guard roles.contains(principal.role) else {
                try await AuditLog.record(AuditEntry(action: "access.denied", entityType: "route", entityID: req.url.path,
                                                     detail: "role \(principal.role.rawValue) may not use \(method.rawValue) \(req.route?.description ?? req.url.path)"),
                                          by: principal.auditActor, on: req.db)
                throw Abort(.notFound)
            }
            return try await handler(req, principal)
        }
        route.userInfo[RoutePolicy.userInfoKey] = RoutePolicy(access: .roles(roles))
        return route
    }

    /// A route for someone part-way through signing in (two-factor code or set-up).
    @discardableResult
    func twoFactorStep(_ method: HTTPMethod, _ url: SiteURL, allow stages: Set<Principal.Stage>, use handler: @escaping PageHandler) -> Route {
        let route = self.on(method, url.pathComponents) { req async throws -> Response in
            try InputCheck.verify(req)
            try CSRFCheck.verify(req)
            guard let principal = req.principal else { return req.redirect(to: SiteURL.signIn.path, redirectType: .normal) }
            guard stages.contains(principal.stage) else { return req.redirect(to: SiteURL.home.path, redirectType: .normal) }
            return try await handler(req, principal)
        }
        route.userInfo[RoutePolicy.userInfoKey] = RoutePolicy(access: .twoFactorPending)
        return route
    }

    @discardableResult
    func publicRoute(_ method: HTTPMethod, _ url: SiteURL, use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        let route = self.on(method, url.pathComponents) { req async throws -> Response in
            try InputCheck.verify(req)
            try CSRFCheck.verify(req)
            return try await handler(req)
        }
        route.userInfo[RoutePolicy.userInfoKey] = RoutePolicy(access: .anyone)
        return route
    }
}

extension Principal.Stage: Hashable {}
