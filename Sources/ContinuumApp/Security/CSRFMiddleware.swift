import Vapor

/// Vapor has no CSRF protection: this is it. Every unsafe method must come from this site
/// (Origin / Sec-Fetch-Site) and carry the form token: the session's token when signed in, or the
/// double-submit cookie before sign-in.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method) else { return try await next.respond(to: req) }
        if let site = req.headers.first(name: "Sec-Fetch-Site"), site == "cross-site" {
            throw Abort(.forbidden, reason: "This form came from another site.")
        }
        if let origin = req.headers.first(name: .origin), origin != "null" {
            let host = req.headers.first(name: .host) ?? ""
            let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
            guard !host.isEmpty, originHost == host else { throw Abort(.forbidden, reason: "This form came from another site.") }
        }
        let submitted = (try? req.content.get(String.self, at: CSRFMiddleware.fieldName)) ?? ""
        let expected = req.principal?.csrfToken ?? req.cookies[SessionToken.preAuthCSRFCookie]?.string ?? ""
        guard !expected.isEmpty, SessionToken.equal(submitted, expected) else {
            throw Abort(.forbidden, reason: "This form has expired. Go back, reload the page and try again.")
        }
        return try await next.respond(to: req)
    }
}
