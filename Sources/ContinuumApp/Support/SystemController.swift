import Vapor
import GOVUK

/// Health check and static assets: public, and never touching personal data.
struct SystemController {
    func register(_ routes: any RoutesBuilder) {
        routes.publicRoute(.GET, .healthz) { _ in .text("ok") }
        routes.publicRoute(.GET, .stylesheet(.app)) { _ in Self.css(Stylesheet.app) }
        routes.publicRoute(.GET, .stylesheet(.print)) { _ in Self.css(Stylesheet.print) }
        routes.publicRoute(.GET, .stylesheet(.brand)) { req in
            let brand: BrandingCache.Brand
            if let principal = req.principal { brand = try await req.application.branding.brand(for: principal.authorityID, on: req.db) }
            else { brand = await req.application.branding.defaultBrand(on: req.db) }
            return Self.css(Stylesheet.brand(headerColour: brand.headerColour), cache: false)
        }
    }

    static func css(_ body: String, cache: Bool = true) -> Response {
        let response = Response.text(body, contentType: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]))
        response.headers.replaceOrAdd(name: .cacheControl, value: cache ? "public, max-age=3600" : "no-store")
        return response
    }
}
