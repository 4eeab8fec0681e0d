import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

final class SignInTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testUnknownEmailAndWrongPasswordGetTheSameAnswer() async throws {
        let a = TestClient(app), b = TestClient(app)
        let unknown = try await a.signIn("nobody@demo.continuum.test")
        let wrong = try await b.signIn(TestWorld.email(for: .caseworker), password: "not-the-password-at-all")
        XCTAssertEqual(unknown.status, .unprocessableEntity)
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        for result in [unknown, wrong] {
            XCTAssertTrue(result.body.contains("<title>Error: Sign in"))
            XCTAssertTrue(result.body.contains("There is a problem"))
            XCTAssertTrue(result.body.contains("href=\"#email\">Enter a correct email address and password</a>"))
        }
        XCTAssertTrue(wrong.body.contains("value=\"caseworker@demo.continuum.test\""), "the email is kept")
        XCTAssertFalse(wrong.body.contains("not-the-password-at-all"), "the password is never echoed")
    }

    func testEmptyFormShowsBothMessages() async throws {
        let client = TestClient(app)
        try await client.get("/sign-in")
        let result = try await client.post("/sign-in", [:])
        XCTAssertTrue(result.body.contains("href=\"#email\">Enter your email address</a>"))
        XCTAssertTrue(result.body.contains("href=\"#password\">Enter your password</a>"))
        XCTAssertTrue(result.body.contains("id=\"email\""), "error links point at real fields")
        XCTAssertTrue(result.body.contains("id=\"password\""))
    }

    func testLockoutAfterRepeatedFailuresEvenWithTheRightPassword() async throws {
        let client = TestClient(app)
        for _ in 0..<SignInThrottle.maxFailuresPerAccount {
            _ = try await client.signIn(TestWorld.email(for: .caseworker), password: "wrong-password-123")
        }
        let locked = try await client.signIn(TestWorld.email(for: .caseworker))
        XCTAssertEqual(locked.status, .tooManyRequests)
        XCTAssertTrue(locked.body.contains("too many attempts"))
        // Another account from another browser is unaffected by this account's lock.
        let other = try await TestClient(app).signIn(TestWorld.email(for: .administrator))
        XCTAssertEqual(other.status, .seeOther)
    }

    func testSessionIsRotatedAtSignInAndEndedAtSignOut() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let first = client.cookies[SessionToken.cookieName]!
        _ = try await client.signIn(TestWorld.email(for: .caseworker))
        let second = client.cookies[SessionToken.cookieName]!
        XCTAssertNotEqual(first, second)

        let stale = TestClient(app)
        stale.cookies[SessionToken.cookieName] = first
        assertEqual(try await stale.get("/children").location, "/sign-in", "the old session id is rejected")

        try await client.get("/")
        assertEqual(try await client.post("/sign-out").status, .seeOther)
        let replay = TestClient(app)
        replay.cookies[SessionToken.cookieName] = second
        assertEqual(try await replay.get("/children").location, "/sign-in", "a signed-out session can't be replayed")
    }

    func testCookieAttributes() async throws {
        let client = TestClient(app)
        try await client.get("/sign-in")
        let result = try await client.post("/sign-in", ["email": TestWorld.email(for: .caseworker), "password": DemoSeeder.password])
        let cookie = result.headers[.setCookie].first { $0.hasPrefix(SessionToken.cookieName + "=") }!
        XCTAssertTrue(cookie.contains("HttpOnly"))
        XCTAssertTrue(cookie.lowercased().contains("samesite=lax"))
        XCTAssertTrue(cookie.contains("Path=/"))
    }

    func testIdleAndAbsoluteTimeoutsAreEnforcedServerSide() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        try await UserSession.query(on: app.db).set(\.$lastSeenAt, to: Date().addingTimeInterval(-31 * 60)).update()
        assertEqual(try await client.get("/children").location, "/sign-in")

        let second = TestClient(app)
        try await second.signIn(as: .caseworker)
        try await UserSession.query(on: app.db).filter(\.$endedAt == nil).set(\.$createdAt, to: Date().addingTimeInterval(-13 * 3600)).update()
        assertEqual(try await second.get("/children").location, "/sign-in")
    }

    func testDisablingAnAccountEndsItsSessionsAtOnce() async throws {
        let victim = TestClient(app)
        try await victim.signIn(as: .caseworker)
        assertEqual(try await victim.get("/children").status, .ok)
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        let userID = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .caseworker)).first()!.requireID()
        try await admin.get("/admin/users/\(userID)")
        assertEqual(try await admin.post("/admin/users/\(userID)/disable").status, .seeOther)
        assertEqual(try await victim.get("/children").location, "/sign-in")
        assertEqual(try await TestClient(app).signIn(TestWorld.email(for: .caseworker)).status, .unprocessableEntity)
    }

    func testCSRFTokenAndOriginAreRequired() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        assertEqual(try await client.post("/admin/users", ["email": "x@example.org"], csrf: "forged").status, .forbidden)
        assertEqual(try await client.post("/admin/users", ["email": "x@example.org"], csrf: "").status, .forbidden)
        client.origin = "https://evil.example"
        assertEqual(try await client.post("/admin/users", ["email": "x@example.org"]).status, .forbidden)
        let anonymous = TestClient(app)
        assertEqual(try await anonymous.post("/sign-in", ["email": "a", "password": "b"], csrf: "no-cookie").status, .forbidden)
    }

    func testSecurityHeadersOnEveryResponse() async throws {
        let client = TestClient(app)
        for path in ["/sign-in", "/healthz", "/does-not-exist", "/assets/app.css"] {
            let result = try await client.get(path)
            XCTAssertEqual(result.headers.first(name: "X-Content-Type-Options"), "nosniff", path)
            XCTAssertTrue(result.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, path)
            XCTAssertEqual(result.headers.first(name: "Referrer-Policy"), "same-origin", path)
        }
        assertEqual(try await client.get("/sign-in").headers.first(name: .cacheControl), "no-store")
        let missing = try await client.get("/does-not-exist")
        XCTAssertEqual(missing.status, .notFound)
        XCTAssertTrue(missing.body.contains("Page not found"))
    }

    func testHealthCheckNeedsNoSignIn() async throws {
        let result = try await TestClient(app).get("/healthz")
        XCTAssertEqual(result.status, .ok)
        XCTAssertEqual(result.body, "ok")
    }

    func testTwoFactorSetUpIsForcedForStaffAndThenRequiredAtSignIn() async throws {
        let user = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .caseworker)).first()!
        user.twoFactorExempt = false
        try await user.save(on: app.db)

        let client = TestClient(app)
        let signIn = try await client.signIn(TestWorld.email(for: .caseworker))
        XCTAssertEqual(signIn.location, "/account/two-factor")
        assertEqual(try await client.get("/children").location, "/account/two-factor", "nothing else until two-factor is set up")
        let setup = try await client.get("/account/two-factor")
        let secret = try XCTUnwrap(GoLiveTests.setupKey(in: setup.body), "the page shows the key; nothing is stored until it is confirmed")
        let wrong = try await client.post("/account/two-factor", ["code": "000000"])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        XCTAssertTrue(wrong.body.contains("href=\"#code\""))
        let done = try await client.post("/account/two-factor", ["code": TwoFactor.currentCode(secret: secret)!])
        XCTAssertEqual(done.status, .ok)
        XCTAssertTrue(done.body.contains("Your recovery codes"))
        let recovery = done.body.components(separatedBy: "<code class=\"app-code\">").dropFirst().map { String($0.prefix(11)) }.first!
        assertEqual(try await client.get("/children").status, .ok)

        // Next sign-in asks for a code; a recovery code works exactly once.
        let next = TestClient(app)
        assertEqual(try await next.signIn(TestWorld.email(for: .caseworker)).location, "/sign-in/two-factor")
        assertEqual(try await next.get("/children").location, "/sign-in/two-factor")
        try await next.get("/sign-in/two-factor")
        assertEqual(try await next.post("/sign-in/two-factor", ["code": "123456"]).status, .unprocessableEntity)
        assertEqual(try await next.post("/sign-in/two-factor", ["code": recovery]).location, "/")
        assertEqual(try await next.get("/children").status, .ok)

        let again = TestClient(app)
        _ = try await again.signIn(TestWorld.email(for: .caseworker))
        try await again.get("/sign-in/two-factor")
        assertEqual(try await again.post("/sign-in/two-factor", ["code": recovery]).status, .unprocessableEntity, "recovery codes are single use")
        // The code that turned two-factor on is spent; the next one (within the drift allowance) works.
        assertEqual(try await again.post("/sign-in/two-factor", ["code": TwoFactor.currentCode(secret: secret, at: Date().addingTimeInterval(30))!]).location, "/")
    }
}

final class PasswordChangeTests: XCTestCase {
    func testPolicyIsAppliedAndOtherSessionsEnd() async throws {
        let app = try await TestWorld.makeApp()
        let other = TestClient(app)
        try await other.signIn(as: .caseworker)
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        try await client.get("/account/password")
        let weak = try await client.post("/account/password", ["current": DemoSeeder.password, "new": "password1234", "confirm": "password1234"])
        XCTAssertEqual(weak.status, .unprocessableEntity)
        XCTAssertTrue(weak.body.contains("href=\"#new\">Password is too common"))
        let wrong = try await client.post("/account/password", ["current": "nope", "new": "amber kettle orbit lantern", "confirm": "amber kettle orbit lantern"])
        XCTAssertTrue(wrong.body.contains("href=\"#current\">Your current password is not correct"))
        let mismatch = try await client.post("/account/password", ["current": DemoSeeder.password, "new": "amber kettle orbit lantern", "confirm": "amber kettle orbit"])
        XCTAssertTrue(mismatch.body.contains("href=\"#confirm\">The passwords do not match"))
        let ok = try await client.post("/account/password", ["current": DemoSeeder.password, "new": "amber kettle orbit lantern", "confirm": "amber kettle orbit lantern"])
        XCTAssertEqual(ok.status, .ok)
        assertEqual(try await other.get("/children").location, "/sign-in", "other sessions end")
        assertEqual(try await client.get("/children").status, .ok, "this session continues")
        assertEqual(try await TestClient(app).signIn(TestWorld.email(for: .caseworker), password: "amber kettle orbit lantern").status, .seeOther)
        try await app.asyncShutdown()
    }
}
