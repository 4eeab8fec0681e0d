import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// A stand-in for GOV.UK Notify: a real HTTP server on 127.0.0.1 that checks every request as
/// Notify's API documentation describes it (method, path, JSON content type and body, and the
/// bearer JWT's header, `iss`, `iat` and HS256 signature, verified here with swift-crypto, not the
/// JWT library that signed it). A request that breaks a rule is refused with Notify's 403 and the
/// problem is kept for the test to report. Otherwise it answers from a script, 201 by default.
final class FakeNotify: @unchecked Sendable {
    struct Received: Sendable { var emailAddress: String; var templateID: String; var subject: String; var body: String; var reference: String }
    private struct State { var received: [Received] = []; var problems: [String] = []; var script: [(HTTPStatus, String)] = [] }

    static let serviceID = "26785a09-ab16-4eb0-8407-a37497a57506"
    static let secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"
    static let templateID = "f33517ff-2a88-4f6e-b855-c550268ce08a"

    let server: Application
    let port: Int
    private let state = NIOLockedValueBox(State())

    var received: [Received] { state.withLockedValue { $0.received } }
    var problems: [String] { state.withLockedValue { $0.problems } }
    /// Answers for the next requests, in order; after them, 201 created.
    func script(_ responses: [(HTTPStatus, String)]) { state.withLockedValue { $0.script += responses } }

    /// The settings Continuum needs to reach this server, with a key name containing hyphens.
    var settings: NotifySettings {
        NotifySettings(apiKey: NotifyAPIKey("continuum-test-key-\(Self.serviceID)-\(Self.secret)")!, templateID: Self.templateID,
                       baseURL: "http://127.0.0.1:\(port)")
    }

    private init(server: Application, port: Int) { self.server = server; self.port = port }

    static func start() async throws -> FakeNotify {
        let server = try await Application.make(.testing)
        server.logger.logLevel = .warning
        let box = NIOLockedValueBox<FakeNotify?>(nil)
        server.on(.POST, "v2", "notifications", "email") { req async -> Response in box.withLockedValue { $0 }!.handle(req) }
        for method in [HTTPMethod.GET, .POST, .PUT, .DELETE] {
            server.on(method, "**") { req async -> Response in
                box.withLockedValue { $0 }!.refuse("unexpected \(req.method) \(req.url.path)", status: .notFound)
            }
        }
        try await server.asyncBoot()
        try await server.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try XCTUnwrap(server.http.server.shared.localAddress?.port)
        let fake = FakeNotify(server: server, port: port)
        box.withLockedValue { $0 = fake }
        return fake
    }

    func stop() async throws {
        await server.server.shutdown()
        try await server.asyncShutdown()
    }

    private func refuse(_ problem: String, status: HTTPStatus = .forbidden) -> Response {
        state.withLockedValue { $0.problems.append(problem) }
        return json(status, #"{"errors":[{"error":"AuthError","message":"test server refused: \#(problem)"}],"status_code":\#(status.code)}"#)
    }

    private func json(_ status: HTTPStatus, _ body: String) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json")
        return Response(status: status, headers: headers, body: .init(string: body))
    }

    private func handle(_ req: Request) -> Response {
        // Content-Type exactly as documented.
        guard req.headers.first(name: .contentType) == "application/json" else { return refuse("Content-Type was \(req.headers.first(name: .contentType) ?? "missing")") }
        // Authorization: Bearer <JWT>, HS256 over "header.payload" with the secret key.
        guard let auth = req.headers.first(name: .authorization), auth.hasPrefix("Bearer ") else { return refuse("no bearer token") }
        let parts = auth.dropFirst("Bearer ".count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Self.base64URL(parts[0]), let claimsData = Self.base64URL(parts[1]), let signature = Self.base64URL(parts[2]) else {
            return refuse("the token is not three base64url parts")
        }
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
              header["alg"] as? String == "HS256", header["typ"] as? String == "JWT" else { return refuse("JWT header was \(String(decoding: headerData, as: UTF8.self))") }
        guard let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any] else { return refuse("claims are not a JSON object") }
        guard claims["iss"] as? String == Self.serviceID else { return refuse("iss was \(claims["iss"] ?? "missing"), not the service id") }
        // Notify: "iat" in epoch seconds, within 30 seconds of its clock.
        guard let iat = claims["iat"] as? Int, !String(decoding: claimsData, as: UTF8.self).contains(".") else { return refuse("iat is not whole epoch seconds") }
        guard abs(Date().timeIntervalSince1970 - Double(iat)) <= 30 else { return refuse("iat \(iat) is more than 30 s from now") }
        let key = SymmetricKey(data: Data(Self.secret.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data((parts[0] + "." + parts[1]).utf8), using: key) else {
            return refuse("the HS256 signature does not verify with the secret key")
        }
        // The JSON body: email_address, template_id, personalisation (our template's subject and body), reference.
        guard let data = req.body.data.map({ Data($0.readableBytesView) }),
              let body = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return refuse("the body is not a JSON object") }
        guard Set(body.keys).isSubset(of: ["email_address", "template_id", "personalisation", "reference", "email_reply_to_id"]) else {
            return refuse("unexpected fields \(body.keys.sorted())")
        }
        guard let email = body["email_address"] as? String, !email.isEmpty else { return refuse("no email_address") }
        guard body["template_id"] as? String == Self.templateID else { return refuse("template_id was \(body["template_id"] ?? "missing")") }
        guard let personalisation = body["personalisation"] as? [String: Any], let subject = personalisation["subject"] as? String,
              let text = personalisation["body"] as? String else { return refuse("personalisation lacks subject and body") }
        let reference = body["reference"] as? String ?? ""
        let next: (HTTPStatus, String)? = state.withLockedValue { s in
            s.received.append(Received(emailAddress: email, templateID: Self.templateID, subject: subject, body: text, reference: reference))
            return s.script.isEmpty ? nil : s.script.removeFirst()
        }
        if let next { return json(next.0, next.1) }
        return json(.created, #"{"id":"\#(UUID().uuidString.lowercased())","reference":"\#(reference)","content":{},"uri":"","template":{}}"#)
    }

    static func base64URL(_ s: String) -> Data? {
        var b = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        return Data(base64Encoded: b)
    }
}

final class NotifyDeliveryTests: XCTestCase {
    var app: Application!
    var notify: FakeNotify!

    override func setUp() async throws {
        app = try await TestWorld.makeApp()
        notify = try await FakeNotify.start()
    }

    override func tearDown() async throws {
        try await app.asyncShutdown()
        try await notify.stop()
    }

    private func configureKey() { app.storage[ConfigurationKey.self]!.notify = notify.settings }

    private func queue(_ to: String, subject: String = "Test subject", body: String = "Test body", authority: UUID? = nil) async throws -> OutboxMessage {
        let authorityID: UUID?
        if let authority { authorityID = authority } else { authorityID = try await TestWorld.demoAuthorityID(app.db) }
        let message = OutboxMessage(authorityID: authorityID, to: to, subject: subject, body: body)
        try await message.create(on: app.db)
        return message
    }

    private func reload(_ message: OutboxMessage) async throws -> OutboxMessage { try await OutboxMessage.find(message.id, on: app.db)! }

    private func deliver(at now: Date) async throws -> OutboxDelivery.Summary {
        let made = await app.outboxDelivery()
        let delivery = try XCTUnwrap(made)
        return try await delivery.deliverDue(now: now)
    }

    func testDeliversThroughNotifyExactlyAsDocumented() async throws {
        configureKey()
        let message = try await queue("dsl@school.example", subject: "Safeguarding concern logged in Continuum", body: "Sign in to read it.")
        let now = Date()
        let summary = try await deliver(at: now)
        XCTAssertEqual(notify.problems, [])
        XCTAssertEqual(summary, OutboxDelivery.Summary(sent: 1, retrying: 0, failed: 0))
        let got = try XCTUnwrap(notify.received.first)
        XCTAssertEqual(notify.received.count, 1)
        XCTAssertEqual(got.emailAddress, "dsl@school.example")
        XCTAssertEqual(got.subject, "Safeguarding concern logged in Continuum")
        XCTAssertEqual(got.body, "Sign in to read it.")
        XCTAssertEqual(got.reference, message.id!.uuidString, "the reference ties Notify's record to the outbox row")
        let stored = try await reload(message)
        XCTAssertEqual(stored.sentAt.map { Int($0.timeIntervalSince1970) }, Int(now.timeIntervalSince1970))
        XCTAssertNotNil(stored.notifyID)
        XCTAssertEqual(stored.notifyID?.count, 36, "Notify's id is kept")
        XCTAssertEqual(stored.attempts, 1)
        XCTAssertNil(stored.failedAt)
        // Sent is sent: a later run sends nothing again.
        assertEqual(try await deliver(at: now.addingTimeInterval(3600)), OutboxDelivery.Summary())
        XCTAssertEqual(notify.received.count, 1)
    }

    func testTemporaryFailureIsRetriedOnceTheBackoffHasPassed() async throws {
        configureKey()
        notify.script([(.internalServerError, #"{"errors":[{"error":"Exception","message":"Internal server error"}],"status_code":500}"#)])
        let message = try await queue("adviser@health.example")
        let start = Date()
        assertEqual(try await deliver(at: start), OutboxDelivery.Summary(sent: 0, retrying: 1, failed: 0))
        var stored = try await reload(message)
        XCTAssertNil(stored.sentAt)
        XCTAssertNil(stored.failedAt)
        XCTAssertEqual(stored.attempts, 1)
        XCTAssertEqual(stored.lastError, "HTTP 500: Exception: Internal server error")
        XCTAssertEqual(stored.nextAttemptAt.map { Int($0.timeIntervalSince(start).rounded()) }, 60, "first retry after 1 minute")
        // Not yet due: nothing is sent.
        assertEqual(try await deliver(at: start.addingTimeInterval(30)), OutboxDelivery.Summary())
        XCTAssertEqual(notify.received.count, 1)
        // Once the minute has passed it goes.
        assertEqual(try await deliver(at: start.addingTimeInterval(61)), OutboxDelivery.Summary(sent: 1, retrying: 0, failed: 0))
        XCTAssertEqual(notify.received.count, 2)
        XCTAssertEqual(notify.problems, [])
        stored = try await reload(message)
        XCTAssertNotNil(stored.sentAt)
        XCTAssertEqual(stored.attempts, 2)
        XCTAssertNil(stored.lastError)
    }

    func testGivesUpAfterFiveTemporaryFailures() async throws {
        configureKey()
        notify.script(Array(repeating: (HTTPStatus.tooManyRequests, #"{"errors":[{"error":"RateLimitError","message":"Exceeded rate limit"}],"status_code":429}"#), count: 5))
        let message = try await queue("busy@council.example")
        var now = Date()
        for (attempt, minutes) in OutboxRetryPolicy.delaysInMinutes.enumerated() {
            assertEqual(try await deliver(at: now), OutboxDelivery.Summary(sent: 0, retrying: 1, failed: 0), "attempt \(attempt + 1)")
            now = now.addingTimeInterval(TimeInterval(minutes * 60 + 1))
        }
        assertEqual(try await deliver(at: now), OutboxDelivery.Summary(sent: 0, retrying: 0, failed: 1))
        let stored = try await reload(message)
        XCTAssertNotNil(stored.failedAt)
        XCTAssertEqual(stored.attempts, 5)
        XCTAssertEqual(stored.lastError, "Gave up after 5 attempts. HTTP 429: RateLimitError: Exceeded rate limit")
        assertEqual(try await deliver(at: now.addingTimeInterval(86_400)), OutboxDelivery.Summary())
        XCTAssertEqual(notify.received.count, 5)
    }

    func testBadRequestFailsAtOnceAndAdministratorsSeeItAndCanTryAgain() async throws {
        configureKey()
        notify.script([(.badRequest, #"{"errors":[{"error":"BadRequestError","message":"email_address Not a valid email address"}],"status_code":400}"#)])
        let message = try await queue("not-an-address@", subject: "Set up your Continuum account")
        let neighbourID = try await Authority.query(on: app.db).filter(\.$laCode == "887").first()!.requireID()
        let theirs = try await queue("neighbour-recipient@neighbour.example", subject: "Neighbour subject", authority: neighbourID)
        try await OutboxMessage.query(on: app.db).filter(\.$id == theirs.id!).set(\.$failedAt, to: Date()).set(\.$lastError, to: "HTTP 400: neighbour").update()

        assertEqual(try await deliver(at: Date()), OutboxDelivery.Summary(sent: 0, retrying: 0, failed: 1))
        let stored = try await reload(message)
        XCTAssertNotNil(stored.failedAt)
        XCTAssertEqual(stored.lastError, "HTTP 400: BadRequestError: email_address Not a valid email address")
        assertEqual(try await deliver(at: Date().addingTimeInterval(7200)), OutboxDelivery.Summary(), "a permanent failure is not retried")

        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let page = try await admin.get("/admin/outbox")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("<title>Emails"), "titled page")
        XCTAssertTrue(page.body.contains("A GOV.UK Notify key is configured"))
        XCTAssertTrue(page.body.contains("not-an-address@"))
        XCTAssertTrue(page.body.contains("Set up your Continuum account"))
        XCTAssertTrue(page.body.contains("HTTP 400: BadRequestError: email_address Not a valid email address"))
        XCTAssertTrue(page.body.contains("<caption class=\"govuk-table__caption govuk-table__caption--m\">Failed emails</caption>"))
        XCTAssertTrue(page.body.contains("action=\"/admin/outbox/\(message.id!.uuidString)/retry\""))
        XCTAssertFalse(page.body.contains("neighbour-recipient@neighbour.example"), "another council's messages are not shown")
        XCTAssertFalse(page.body.contains("Neighbour subject"))
        assertEqual(try await OutboxController.counts(authorityID: try await TestWorld.demoAuthorityID(app.db), on: app.db),
                    OutboxController.Counts(queued: 0, retrying: 0, sent: 0, failed: 1))

        // Another council's message can't be retried from here: the same 404 as a missing one.
        try await admin.get("/admin/outbox")
        assertEqual(try await admin.post("/admin/outbox/\(theirs.id!.uuidString)/retry").status, .notFound)
        assertNotEqual(try await reload(theirs).failedAt, nil)

        try await admin.get("/admin/outbox")
        let retried = try await admin.post("/admin/outbox/\(message.id!.uuidString)/retry")
        XCTAssertEqual(retried.status, .seeOther)
        XCTAssertEqual(retried.location, "/admin/outbox?retried=1")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "outbox.retry").filter(\.$entityID == message.id!.uuidString).count(), 1)
        let requeued = try await reload(message)
        XCTAssertNil(requeued.failedAt)
        XCTAssertNil(requeued.attempts)
        assertEqual(try await deliver(at: Date()), OutboxDelivery.Summary(sent: 1, retrying: 0, failed: 0))
        assertFalse(try await admin.get("/admin/outbox").body.contains("not-an-address@"), "no longer listed as failed")
        XCTAssertEqual(notify.problems, [])
    }

    func testTwoConcurrentRunsSendEachMessageOnce() async throws {
        configureKey()
        var ids: Set<String> = []
        for index in 0..<20 { ids.insert(try await queue("person\(index)@example.com").id!.uuidString) }
        let now = Date()
        let madeFirst = await app.outboxDelivery(), madeSecond = await app.outboxDelivery()
        let first = try XCTUnwrap(madeFirst), second = try XCTUnwrap(madeSecond)
        async let a = first.deliverDue(now: now)
        async let b = second.deliverDue(now: now)
        let (one, two) = try await (a, b)
        XCTAssertEqual(one.sent + two.sent, 20)
        XCTAssertEqual(notify.received.count, 20, "each message sent once: \(one) and \(two)")
        XCTAssertEqual(Set(notify.received.map(\.reference)), ids)
        XCTAssertEqual(notify.problems, [])
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$sentAt == nil).count(), 0)
    }

    func testWithoutAKeyNothingIsSentTheCommandSaysQueuedAndPagesSaySo() async throws {
        XCTAssertNil(app.continuumConfiguration.notify, "tests start without a key")
        _ = try await queue("one@example.com")
        _ = try await queue("two@example.com")
        let delivery = await app.outboxDelivery()
        XCTAssertNil(delivery)
        let result = try await OutboxCommand.run(["send"], app: app)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, #"{"sent":0,"retrying":0,"failed":0,"queued_without_key":2}"#)
        XCTAssertTrue(result.stderr.contains("2 message(s) stay queued"), result.stderr)
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$sentAt == nil).filter(\.$attempts == nil).count(), 2)
        XCTAssertEqual(notify.received.count, 0)
        assertEqual(try await OutboxCommand.run(["sned"], app: app).status, 2)

        // The pages that queue an email say it is queued, not that anyone "has been told".
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        assertTrue(try await admin.get("/admin/outbox").body.contains("No GOV.UK Notify key is configured"))
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let child = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).first()!
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        try await school.get("/children/\(child.id!)/concerns/new")
        let logged = try await school.post("/children/\(child.id!)/concerns", ["concern": "Said they are frightened to go home."])
        XCTAssertEqual(logged.status, .seeOther)
        var notice = try await school.get(logged.location!).body
        XCTAssertTrue(notice.contains("are queued, not sent"), "without a key the concern page says queued")
        XCTAssertFalse(notice.contains("have been told"))
        configureKey()
        notice = try await school.get(logged.location!).body
        XCTAssertTrue(notice.contains("An email has gone to the school&#39;s designated safeguarding lead") || notice.contains("An email has gone to the school's designated safeguarding lead"),
                      "with a key it says who was emailed")
        XCTAssertTrue(notice.contains("the council&#39;s safeguarding mailbox") || notice.contains("the council's safeguarding mailbox"), "and the council's mailbox")

        // A family's request without an account: the confirmation says the email has not gone.
        app.storage[ConfigurationKey.self]!.notify = nil
        let family = TestClient(app)
        try await family.get("/ehc-request")
        let asked = try await family.post("/ehc-request", ["childName": "Ada Request", "childBirthDate": "2016-04-05", "parentName": "Pat Request",
                                                            "parentEmail": "pat@example.com", "summary": "Needs help.", "confirm": "yes"])
        XCTAssertEqual(asked.status, .seeOther, asked.body)
        let confirmation = try await family.get(asked.location!).body
        XCTAssertTrue(confirmation.contains("We have not been able to email it to you yet"))
        XCTAssertFalse(confirmation.contains("We have also emailed it to you"))
    }

    /// `serve`'s loop: started when the server boots, it sends what is queued, and shutdown stops it.
    func testServeLoopSendsQueuedMessagesAndStopsAtShutdown() async throws {
        configureKey()
        let message = try await queue("loop@example.com")
        let loop = OutboxDeliveryLoop()
        try await loop.didBootAsync(app)
        var sent: Date? = nil
        for _ in 0..<100 where sent == nil {
            try await Task.sleep(for: .milliseconds(50))
            sent = try await reload(message).sentAt
        }
        await loop.shutdownAsync(app)
        XCTAssertNotNil(sent, "the loop sent the message")
        XCTAssertEqual(notify.received.map(\.emailAddress), ["loop@example.com"])
        // Stopped: a message queued now stays queued.
        let later = try await queue("after@example.com")
        try await Task.sleep(for: .milliseconds(300))
        assertNil(try await reload(later).sentAt)
    }

    func testConfigurationChecksTheNotifyVariablesAndNeverShowsTheKey() throws {
        let key = "continuum-live-\(FakeNotify.serviceID)-\(FakeNotify.secret)"
        let good = try AppConfiguration.fromEnvironment(["NOTIFY_API_KEY": key, "NOTIFY_TEMPLATE_ID": FakeNotify.templateID])
        XCTAssertEqual(good.notify?.apiKey.serviceID, FakeNotify.serviceID)
        XCTAssertEqual(good.notify?.apiKey.secretKey, FakeNotify.secret)
        XCTAssertEqual(good.notify?.templateID, FakeNotify.templateID)
        XCTAssertEqual(good.notify?.baseURL, "https://api.notifications.service.gov.uk")
        XCTAssertFalse(String(describing: good.notify!).contains(FakeNotify.secret))
        XCTAssertNil(try AppConfiguration.fromEnvironment(["NOTIFY_TEMPLATE_ID": FakeNotify.templateID]).notify, "a template alone sends nothing")
        XCTAssertNil(try AppConfiguration.fromEnvironment([:]).notify)
        XCTAssertEqual(try AppConfiguration.fromEnvironment(["NOTIFY_API_KEY": key, "NOTIFY_TEMPLATE_ID": FakeNotify.templateID,
                                                             "NOTIFY_BASE_URL": "http://127.0.0.1:9999/"]).notify?.baseURL, "http://127.0.0.1:9999")

        func problems(_ env: [String: String]) -> String {
            do { _ = try AppConfiguration.fromEnvironment(env); return "" } catch { return String(describing: error) }
        }
        let noTemplate = problems(["NOTIFY_API_KEY": key])
        XCTAssertTrue(noTemplate.contains("NOTIFY_TEMPLATE_ID is required when NOTIFY_API_KEY is set"), noTemplate)
        XCTAssertFalse(noTemplate.contains(FakeNotify.secret))
        let badKey = "live-\(FakeNotify.serviceID)-not-the-secret-at-all-but-long-enough-0000"
        let malformed = problems(["NOTIFY_API_KEY": badKey, "NOTIFY_TEMPLATE_ID": "template-one", "NOTIFY_BASE_URL": "http://notify.example.com", "PORT": "0"])
        XCTAssertTrue(malformed.contains("NOTIFY_API_KEY is not a GOV.UK Notify API key"), malformed)
        XCTAssertFalse(malformed.contains(badKey), "the key is never echoed")
        XCTAssertTrue(malformed.contains("NOTIFY_TEMPLATE_ID must be a GOV.UK Notify template id"), malformed)
        XCTAssertTrue(malformed.contains("NOTIFY_BASE_URL must be an https:// address"), malformed)
        XCTAssertTrue(malformed.contains("PORT must be"), "listed with every other problem at boot")
    }

    /// The real binary, as a scheduler runs it, on an empty database with no key.
    func testOutboxSendCommandInTheBinaryWithoutAKey() throws {
        let dir = NSTemporaryDirectory() + "continuum-outbox-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try runContinuum(["outbox", "send"], dataDir: dir)
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertEqual(run.out.trimmingCharacters(in: .whitespacesAndNewlines), #"{"sent":0,"retrying":0,"failed":0,"queued_without_key":0}"#)
        XCTAssertTrue(run.err.contains("stay queued"), run.err)
    }

    /// Issue 12 item 5: no message names a child or carries health detail. Each kind of message is
    /// queued through its real page or job in the demo world, then every outbox row is searched for
    /// every child's name, UPN and date of birth.
    func testNoQueuedMessageNamesAChild() async throws {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        // 1. A safeguarding concern (to the school's DSL and the council's mailbox).
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let pupil = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).filter(\.$upn != nil).first()!
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        try await school.get("/children/\(pupil.id!)/concerns/new")
        let concern = "\(pupil.legalForename) \(pupil.legalSurname) (UPN \(pupil.upn ?? "")) has an untreated wound and says they have epilepsy."
        assertEqual(try await school.post("/children/\(pupil.id!)/concerns", ["concern": concern, "immediateRisk": "yes"]).status, .seeOther)

        // 2. A reminder to an adviser, from the caseworker's page and from the daily job.
        let busy = try await EHCCase.query(on: app.db).filter(\.$child.$id != nil).all().compactMap { $0.$child.id }
        let assessed = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$id !~ busy).sort(\.$legalSurname).first()!
        let item = EHCCase(authorityID: authorityID, childID: assessed.id, upn: assessed.upn, requestedOn: CalendarDate.today().adding(days: -70),
                           requester: .school, requesterName: "SENCO", summary: "Autism; not coping in class.")
        item.stageRaw = EHCStage.assessing.rawValue
        item.decisionOn = CalendarDate.today().adding(days: -50)
        try await item.create(on: app.db)
        let health = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .healthProfessional)).first()!
        let advice = EHCAdviceRequest()
        advice.$ehcCase.id = item.id!; advice.kindRaw = EHCAdviceKind.medical.rawValue; advice.adviserUserID = health.id
        advice.adviserName = health.displayName; advice.requestedOn = CalendarDate.today().adding(days: -40)
        try await advice.create(on: app.db)
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get("/ehc/\(item.id!)")
        assertEqual(try await caseworker.post("/ehc/\(item.id!)/remind", ["version": "1", "reminder": advice.id!.uuidString]).status, .seeOther)
        assertTrue(try await AdviceReminders.sendDue(today: CalendarDate.today().adding(days: 7), on: app.db).emailed >= 1, "the daily job reminded the adviser")

        // 3. A family's request made without an account.
        let family = TestClient(app)
        try await family.get("/ehc-request")
        assertEqual(try await family.post("/ehc-request", ["childName": "Zebedee Quartermaine", "childBirthDate": "2016-04-05", "school": "Oak Hill First",
                                                            "parentName": "Pat Request", "parentEmail": "pat@example.com",
                                                            "summary": "Zebedee has cerebral palsy.", "confirm": "yes"]).status, .seeOther)

        // 4. An invitation to a parent linked to the child (the lead's set-up link email).
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        try await admin.get("/admin/users/new")
        let invited = try await admin.post("/admin/users", ["email": "rowan.invitee@example.org", "displayName": "Rowan Invitee", "role": Role.parentCarer.rawValue,
                                                            "childUPN": pupil.upn ?? "", "relationship": "Mother", "parentalResponsibility": "yes"])
        XCTAssertEqual(invited.status, .ok, "the parent is invited")

        let rows = try await OutboxMessage.query(on: app.db).all()
        XCTAssertEqual(Set(rows.map(\.to)).isSuperset(of: [senco.email, health.email, "pat@example.com", "rowan.invitee@example.org"]), true, "every kind was queued: \(rows.map(\.to))")
        XCTAssertTrue(rows.allSatisfy { $0.authorityID == authorityID }, "every writer records the council the message belongs to")
        var forbidden: [String] = ["Zebedee", "Quartermaine", "2016-04-05", "5 April 2016", "cerebral palsy", "epilepsy", "wound", "Autism"]
        for child in [pupil, assessed] { forbidden += [child.legalForename, child.legalSurname] }
        for child in try await Child.query(on: app.db).all() {
            forbidden += ["\(child.legalForename) \(child.legalSurname)"]
            if let upn = child.upn { forbidden.append(upn) }
            forbidden += [child.dateOfBirth.description, child.dateOfBirth.longFormat]
        }
        // A single name is matched as a whole word (a forename "Al" is not found in "Also"), and not
        // when a member of staff named in the email (who logged the concern) shares it.
        let staffWords = Set(([senco.displayName, health.displayName] + rows.map(\.to)).flatMap(Self.words))
        for row in rows {
            let text = row.subject + "\n" + row.body
            let words = Set(Self.words(text))
            for entry in Set(forbidden) where !entry.isEmpty {
                let single = Self.words(entry).count == 1 && entry.allSatisfy(\.isLetter)
                let found = single ? (words.contains(entry.lowercased()) && !staffWords.contains(entry.lowercased())) : text.localizedCaseInsensitiveContains(entry)
                if found { XCTFail("an email to \(row.to) contains \"\(entry)\": \(row.subject)") }
            }
        }
    }

    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }
}
