import Foundation
import JWT
import NIOCore
import Vapor

/// Sends one email through GOV.UK Notify's REST API, exactly as its API documentation describes:
/// `POST {base}/v2/notifications/email`, a JSON body of `email_address`, `template_id`,
/// `personalisation` and `reference`, and `Authorization: Bearer <JWT>` where the JWT's header is
/// `{"typ":"JWT","alg":"HS256"}`, its claims `{"iss": service id, "iat": epoch seconds}`, signed
/// HS256 with the key's secret. Notify refuses a token whose `iat` is more than 30 seconds from its
/// clock, so a fresh token is signed for every request.
struct NotifyClient: Sendable {
    enum Outcome: Sendable, Equatable {
        /// Notify accepted it; `notifyID` is Notify's id for the notification.
        case delivered(notifyID: String?)
        /// Worth trying again later (429, 5xx, Notify unreachable).
        case temporary(String)
        /// Will fail the same way every time (400, 403): an administrator has to look.
        case permanent(String)
    }

    struct Email: Sendable {
        var to: String
        var subject: String
        var body: String
        /// Our id for the message, so Notify's records can be matched to the outbox row.
        var reference: String
    }

    /// Notify's claims: only `iss` and `iat`, with `iat` in whole seconds.
    struct Claims: JWTPayload {
        var iss: String
        var iat: Int
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    private struct RequestBody: Encodable {
        var emailAddress: String
        var templateID: String
        var personalisation: [String: String]
        var reference: String
        enum CodingKeys: String, CodingKey {
            case emailAddress = "email_address", templateID = "template_id", personalisation, reference
        }
    }

    let settings: NotifySettings
    let client: any Client
    private let keys: JWTKeyCollection
    static let timeout: TimeAmount = .seconds(15)

    static func make(settings: NotifySettings, client: any Client) async -> NotifyClient {
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: settings.apiKey.secretKey), digestAlgorithm: .sha256)
        return NotifyClient(settings: settings, client: client, keys: keys)
    }

    private init(settings: NotifySettings, client: any Client, keys: JWTKeyCollection) {
        self.settings = settings; self.client = client; self.keys = keys
    }

    func token(now: Date = Date()) async throws -> String {
        try await keys.sign(Claims(iss: settings.apiKey.serviceID, iat: Int(now.timeIntervalSince1970)))
    }

    func send(_ email: Email) async -> Outcome {
        let request: ClientRequest
        do {
            let body = try JSONEncoder().encode(RequestBody(emailAddress: email.to, templateID: settings.templateID,
                                                            personalisation: ["subject": email.subject, "body": email.body],
                                                            reference: email.reference))
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "application/json")
            headers.add(name: .authorization, value: "Bearer " + (try await token()))
            headers.add(name: .userAgent, value: "continuum")
            request = ClientRequest(method: .POST, url: URI(string: settings.baseURL + "/v2/notifications/email"), headers: headers,
                                    body: ByteBuffer(data: body), timeout: Self.timeout)
        } catch {
            return .temporary("Could not prepare the request: \(error)")
        }
        let response: ClientResponse
        do {
            response = try await client.send(request).get()
        } catch {
            // Connection refused, reset or timed out: Notify may be back in a minute.
            return .temporary("Could not reach GOV.UK Notify (\(String(describing: error).prefix(200)))")
        }
        return Self.classify(status: response.status.code, body: response.body.map { Data($0.readableBytesView) } ?? Data())
    }

    /// GOV.UK Notify API documentation, "Error codes": 201 created; 400 BadRequestError and 403
    /// AuthError fail the same way every time; 429 RateLimitError/TooManyRequestsError and 500
    /// Exception can be retried. Anything else (a proxy's 502, a wrong base URL's 404) is retried,
    /// so a passing fault does not fail messages for good; retries end after five attempts.
    static func classify(status: UInt, body: Data) -> Outcome {
        struct Created: Decodable { var id: String? }
        struct Failure: Decodable {
            struct Item: Decodable { var error: String?; var message: String? }
            var errors: [Item]?
        }
        if (200..<300).contains(status) {
            return .delivered(notifyID: (try? JSONDecoder().decode(Created.self, from: body))?.id)
        }
        let items = (try? JSONDecoder().decode(Failure.self, from: body))?.errors ?? []
        var message = items.map { [$0.error, $0.message].compactMap { $0 }.joined(separator: ": ") }.filter { !$0.isEmpty }.joined(separator: "; ")
        if message.isEmpty { message = "no error message" }
        message = "HTTP \(status): " + String(message.prefix(500))
        switch status {
        case 400, 403: return .permanent(message)
        default: return .temporary(message)
        }
    }
}
