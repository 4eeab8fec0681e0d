import Vapor

/// SECURITY.md "Requests and output": headers on every response, errors included.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let hsts: Bool
    static let assetPaths = Set(SiteURL.Stylesheet.allCases.map { SiteURL.stylesheet($0).path })

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        let headers = [
            ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // The stylesheets are the only assets, and the only responses a browser may cache.
        if !Self.assetPaths.contains(req.url.path) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if hsts { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains") }
        return response
    }
}
