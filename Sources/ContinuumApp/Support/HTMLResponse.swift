import Vapor
import GOVUK

extension Response {
    static func html(_ page: Page, status: HTTPResponseStatus = .ok) -> Response {
        html(renderPage(page), status: status)
    }

    static func html(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: body))
    }

    static func text(_ body: String, contentType: HTTPMediaType = .plainText, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = contentType
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}
