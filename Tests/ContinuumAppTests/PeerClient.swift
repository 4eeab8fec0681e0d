import NIOCore
import Vapor
@testable import ContinuumApp

// One raw-request client for the tests that need a socket address (XCTVapor's in-memory requests have
// none): the per-address sign-in throttle, the trusted-proxy setting and the public request's rate limit.
/// A browser reaching the app from a chosen socket address, optionally through a proxy that adds X-Forwarded-For.
final class PeerClient: @unchecked Sendable {
    let app: Application
    let peer: String
    let forwardedFor: String?
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ app: Application, peer: String, forwardedFor: String? = nil) {
        self.app = app; self.peer = peer; self.forwardedFor = forwardedFor
    }

    func send(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil) async throws -> TestClient.Result {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let forwardedFor { headers.add(name: "X-Forwarded-For", value: forwardedFor) }
        var body: ByteBuffer?
        if var form {
            form["_csrf"] = csrf
            headers.contentType = .urlEncodedForm
            body = ByteBuffer(string: form.map { "\(TestClient.escape($0.key))=\(TestClient.escape($0.value))" }.joined(separator: "&"))
            headers.replaceOrAdd(name: .contentLength, value: String(body!.readableBytes))
        }
        let req = Request(application: app, method: method, url: URI(string: path), headers: headers, collectedBody: body,
                          remoteAddress: try SocketAddress(ipAddress: peer, port: 50_000), logger: app.logger, on: app.eventLoopGroup.next())
        let res = try await app.responder.respond(to: req).get()
        let bytes = try await res.body.collect(on: req.eventLoop).get()
        let result = TestClient.Result(status: res.status, body: bytes.map { String(buffer: $0) } ?? "", headers: res.headers)
        for value in result.headers[HTTPHeaders.Name.setCookie] {
            let cookie = SetCookie(value)
            let name = value.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            if cookie.value.isEmpty || cookie["max-age"] == "0" { cookies.removeValue(forKey: name) } else { cookies[name] = cookie.value }
        }
        if let token = TestClient.csrfToken(in: result.body) { csrf = token }
        return result
    }

    func signIn(_ email: String, password: String = DemoSeeder.password) async throws -> TestClient.Result {
        _ = try await send(.GET, "/sign-in")
        return try await send(.POST, "/sign-in", form: ["email": email, "password": password])
    }
}
