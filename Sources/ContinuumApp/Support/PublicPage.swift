import Vapor
import GOVUK

/// Pages for people without an account (a family's EHC request, a survey link): HTML never cached, no
/// referrer sent (the link is the page's only key), and the pre-sign-in form token for their forms.
enum PublicPage {
    /// The form token: the one already in the browser's pre-sign-in cookie, or a new one to set.
    static func csrf(_ req: Request) -> (token: String, isNew: Bool) {
        if let existing = req.cookies[SessionToken.preAuthCSRFCookie(secure: req.application.continuumConfiguration.secureCookies)]?.string, existing.count >= 32 { return (existing, false) }
        return (SessionToken.random(), true)
    }

    static func respond(_ req: Request, _ page: HTMLPage, status: HTTPStatus = .ok, csrf: (token: String, isNew: Bool)? = nil) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        let response = Response(status: status, headers: headers, body: .init(string: renderPage(page)))
        if let csrf, csrf.isNew {
            let secure = req.application.continuumConfiguration.secureCookies
            response.cookies[SessionToken.preAuthCSRFCookie(secure: secure)] = SessionToken.cookie(csrf.token, secure: secure, maxAge: nil)
        }
        return response
    }
}
