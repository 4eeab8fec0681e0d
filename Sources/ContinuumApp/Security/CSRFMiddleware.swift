import Vapor

/// Vapor has no CSRF protection: this is it. Every unsafe method must come from this site
/// (Origin / Sec-Fetch-Site) and carry the form token: the session's token when signed in, or the
/// double-submit cookie before sign-in.
///
/// It runs inside each route (the `secure`, `twoFactorStep` and `publicRoute` wrappers in
/// Access/RoutePolicy.swift), not as a global middleware: a global middleware runs before the route
/// collects its body, so a file upload larger than the first socket read arrived as a stream, read as
/// empty, and was refused (issue 13 item 0). Inside the route the body has been collected, bounded by
/// the route's own limit, and the token is read from it whatever its size.
enum CSRFCheck {
    static let fieldName = "_csrf"

    static func verify(_ req: Request) throws {
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method) else { return }
        if let site = req.headers.first(name: "Sec-Fetch-Site"), site == "cross-site" {
            throw Abort(.forbidden, reason: "This form came from another site.")
        }
        if let origin = req.headers.first(name: .origin), origin != "null" {
            let host = req.headers.first(name: .host) ?? ""
            let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
            guard !host.isEmpty, originHost == host else { throw Abort(.forbidden, reason: "This form came from another site.") }
        }
        let submitted = (try? req.content.get(String.self, at: fieldName)) ?? ""
        let expected = req.principal?.csrfToken ?? req.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)]?.string ?? ""
        guard !expected.isEmpty, SessionToken.equal(submitted, expected) else {
            throw Abort(.forbidden, reason: "This form has expired. Go back, reload the page and try again.")
        }
    }
}
