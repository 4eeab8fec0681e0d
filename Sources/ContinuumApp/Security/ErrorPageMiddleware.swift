import Vapor
import GOVUK

/// Turns errors into GOV.UK error pages (or RFC 9457 problem documents under /api/). A missing
/// record and an out-of-scope one look identical; nothing internal ever reaches the person.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let status: HTTPResponseStatus
            let reason: String?
            if let abort = error as? any AbortError {
                status = abort.status
                reason = status.code < 500 ? abort.reason : nil
            } else {
                req.logger.error("Unhandled error on \(req.method) \(req.url.path): \(String(reflecting: type(of: error)))")
                status = .internalServerError
                reason = nil
            }
            if req.url.path.hasPrefix("/api/") {
                let body = "{\"type\":\"about:blank\",\"title\":\"\(status.reasonPhrase)\",\"status\":\(status.code)}"
                return .text(body, contentType: HTTPMediaType(type: "application", subType: "problem+json"), status: status)
            }
            return await page(for: status, reason: reason, req: req)
        }
    }

    private func page(for status: HTTPResponseStatus, reason: String?, req: Request) async -> Response {
        let chrome: Chrome
        if let principal = req.principal, principal.stage == .full, let full = try? await req.chrome(for: principal, current: nil) {
            chrome = full
        } else {
            chrome = await req.anonymousChrome()
        }
        let (title, body): (String, [HTMLNode])
        switch status.code {
        case 404:
            title = "Page not found"
            body = [p("If you typed the web address, check it is correct."), p("If you pasted the web address, check you copied the entire address."),
                    p([txt("You can go to the "), link("home page", href: SiteURL.home.path), txt(".")])]
        case 403:
            title = "You cannot do that"
            body = [p(reason ?? "You do not have permission to do that."), p([link("Go to the home page", href: SiteURL.home.path)])]
        case 400..<500:
            title = "There is a problem with your request"
            body = [p(reason ?? "Check what you entered and try again.")]
        case 503:
            title = "Sorry, the service is unavailable"
            body = [p("The database cannot be reached. Nothing you submitted has been saved. Try again in a few minutes.")]
        default:
            title = "Sorry, there is a problem with the service"
            body = [p("Try again later. Nothing you submitted has been saved.")]
        }
        return .html(HTMLPage(title: title, chrome: chrome, content: [h1(title)] + body), status: status)
    }
}
