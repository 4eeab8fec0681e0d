import Fluent
import NIOCore
import NIOHTTP1
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 13 items 7, 10 and part of 11: the sign-in throttle under parallel guesses, TOTP and recovery-code
/// replay, the trusted-proxy client address with per-address backoff, re-enrolment, the TOTP secret at rest,
/// a side-effect-free set-up page, and the session cookie's attributes.
final class TwoFactorHardeningTests: XCTestCase {
    // MARK: - throttle (item 7a)

    func testParallelWrongPasswordsGetAtMostFiveGuesses() async throws {
        let app = try await HardeningWorld.makeApp()
        let email = TestWorld.email(for: .caseworker)
        let clients = (0..<20).map { _ in TestClient(app) }
        for client in clients { try await client.get("/sign-in") }
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for client in clients {
                group.addTask { try await client.post("/sign-in", ["email": email, "password": "wrong-password-guess"]).status }
            }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        let guessed = statuses.filter { $0 == .unprocessableEntity }.count
        XCTAssertLessThanOrEqual(guessed, SignInThrottle.maxFailuresPerAccount, "passwords checked: \(statuses)")
        XCTAssertEqual(statuses.filter { $0 == .tooManyRequests }.count, 20 - guessed, "every other attempt is refused: \(statuses)")
        let failures = try await SignInAttempt.query(on: app.db).filter(\.$emailKey == email).filter(\.$succeeded == false).count()
        XCTAssertLessThanOrEqual(failures, SignInThrottle.maxFailuresPerAccount)
        let audited = try await AuditEvent.query(on: app.db).filter(\.$action == "sign_in.failed").count()
        XCTAssertLessThanOrEqual(audited, SignInThrottle.maxFailuresPerAccount)
        // The right password is refused too while the account is locked.
        assertEqual(try await TestClient(app).signIn(email).status, .tooManyRequests)
        try await app.asyncShutdown()
    }

    // MARK: - TOTP and recovery codes (items 7b, 7c)

    func testAnAcceptedTOTPCodeCannotBeReplayed() async throws {
        let app = try await HardeningWorld.makeApp()
        let secret = try await HardeningWorld.enableTOTP(.caseworker, on: app)
        let code = try XCTUnwrap(TwoFactor.currentCode(secret: secret))
        let first = TestClient(app)
        assertEqual(try await first.signIn(TestWorld.email(for: .caseworker)).location, "/sign-in/two-factor")
        try await first.get("/sign-in/two-factor")
        assertEqual(try await first.post("/sign-in/two-factor", ["code": code]).location, "/")

        let replay = TestClient(app)
        _ = try await replay.signIn(TestWorld.email(for: .caseworker))
        try await replay.get("/sign-in/two-factor")
        let refused = try await replay.post("/sign-in/two-factor", ["code": code])
        XCTAssertEqual(refused.status, .unprocessableEntity, "the same code a second time")
        assertEqual(try await replay.get("/children").location, "/sign-in/two-factor")
        // The next time step's code still works (within the one-step drift allowance).
        let next = try XCTUnwrap(TwoFactor.currentCode(secret: secret, at: Date().addingTimeInterval(30)))
        assertEqual(try await replay.post("/sign-in/two-factor", ["code": next]).location, "/")
        try await app.asyncShutdown()
    }

    func testParallelSubmissionsOfOneTOTPCodeLetOnlyOneIn() async throws {
        let app = try await HardeningWorld.makeApp()
        let secret = try await HardeningWorld.enableTOTP(.caseworker, on: app)
        let clients = (0..<4).map { _ in TestClient(app) }
        for client in clients {
            _ = try await client.signIn(TestWorld.email(for: .caseworker))
            try await client.get("/sign-in/two-factor")
        }
        let code = try XCTUnwrap(TwoFactor.currentCode(secret: secret))
        let locations = try await HardeningWorld.parallel(clients) { try await $0.post("/sign-in/two-factor", ["code": code]).location }
        XCTAssertEqual(locations.filter { $0 == "/" }.count, 1, "\(locations)")
        try await app.asyncShutdown()
    }

    func testParallelSubmissionsOfOneRecoveryCodeLetExactlyOneIn() async throws {
        let app = try await HardeningWorld.makeApp()
        _ = try await HardeningWorld.enableTOTP(.caseworker, on: app)
        let user = try await HardeningWorld.user(.caseworker, on: app)
        let codes = try await TwoFactor.newRecoveryCodes(for: try user.requireID(), on: app.db)
        let clients = (0..<5).map { _ in TestClient(app) }
        for client in clients {
            _ = try await client.signIn(TestWorld.email(for: .caseworker))
            try await client.get("/sign-in/two-factor")
        }
        let locations = try await HardeningWorld.parallel(clients) { try await $0.post("/sign-in/two-factor", ["code": codes[0]]).location }
        XCTAssertEqual(locations.filter { $0 == "/" }.count, 1, "one recovery code, one sign-in: \(locations)")
        let used = try await RecoveryCode.query(on: app.db).filter(\.$usedAt != nil).count()
        XCTAssertEqual(used, 1)
        try await app.asyncShutdown()
    }

    // MARK: - trusted proxies and per-address backoff (item 7d)

    func testBehindATrustedProxyTheClientAddressIsThrottledAndAudited() async throws {
        let app = try await HardeningWorld.makeApp(["TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10"])
        // Another client behind the same proxy has just failed many times, across many account names.
        try await HardeningWorld.seedFailures(address: "198.51.100.7", count: 40, at: Date().addingTimeInterval(-30), on: app)

        let attacker = PeerClient(app, peer: "10.1.2.3", forwardedFor: "198.51.100.7, 192.0.2.10")
        let refused = try await attacker.signIn(TestWorld.email(for: .caseworker))
        XCTAssertEqual(refused.status, .tooManyRequests, "the forwarded client address is the one throttled")
        XCTAssertTrue(refused.body.contains("too many attempts"), refused.body)

        let colleague = PeerClient(app, peer: "10.1.2.3", forwardedFor: "198.51.100.8")
        let allowed = try await colleague.signIn(TestWorld.email(for: .caseworker))
        XCTAssertEqual(allowed.status, .seeOther, "someone else behind the same proxy is not locked out")
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "sign_in.succeeded").sort(\.$seq, .descending).first()
        XCTAssertEqual(audit?.socketAddress, "198.51.100.8", "audit rows carry the client's address, not the proxy's")
        let session = try await UserSession.query(on: app.db).filter(\.$endedAt == nil).first()
        XCTAssertEqual(session?.socketAddress, "198.51.100.8")
        try await app.asyncShutdown()
    }

    func testAnUntrustedPeersForwardedForIsIgnored() async throws {
        let app = try await HardeningWorld.makeApp(["TRUSTED_PROXIES": "10.0.0.0/8"])
        try await HardeningWorld.seedFailures(address: "198.51.100.7", count: 40, at: Date().addingTimeInterval(-30), on: app)
        // A client claiming another address is throttled (and audited) by its own socket address.
        let spoofer = PeerClient(app, peer: "203.0.113.9", forwardedFor: "198.51.100.9")
        assertEqual(try await spoofer.signIn(TestWorld.email(for: .caseworker)).status, .seeOther)
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "sign_in.succeeded").sort(\.$seq, .descending).first()
        XCTAssertEqual(audit?.socketAddress, "203.0.113.9")
        try await HardeningWorld.seedFailures(address: "203.0.113.9", count: 40, at: Date().addingTimeInterval(-30), on: app)
        let blamed = PeerClient(app, peer: "203.0.113.9", forwardedFor: "198.51.100.10")
        assertEqual(try await blamed.signIn(TestWorld.email(for: .caseworker)).status, .tooManyRequests, "a forged header doesn't escape the throttle")
        try await app.asyncShutdown()
    }

    func testThePerAddressLimitBacksOffRatherThanLocking() async throws {
        let app = try await HardeningWorld.makeApp()
        let address = "198.51.100.20"
        // 35 failures six minutes ago: more than the old hard lock of 30, but the wait after the last one is over.
        try await HardeningWorld.seedFailures(address: address, count: 35, at: Date().addingTimeInterval(-6 * 60), on: app)
        assertEqual(try await PeerClient(app, peer: address).signIn(TestWorld.email(for: .caseworker)).status, .seeOther)
        // A fresh failure from the address: the next attempt has to wait, and is told so.
        try await HardeningWorld.seedFailures(address: address, count: 1, at: Date().addingTimeInterval(-1), on: app)
        let waiting = try await PeerClient(app, peer: address).signIn(TestWorld.email(for: .administrator))
        XCTAssertEqual(waiting.status, .tooManyRequests)
        XCTAssertTrue(waiting.body.contains("Wait"), waiting.body)
        try await app.asyncShutdown()
    }

    // MARK: - re-enrolment (item 10)

    func testReEnrolmentNeedsThePasswordAndEndsOtherSessions() async throws {
        let app = try await HardeningWorld.makeApp()
        let oldSecret = try await HardeningWorld.enableTOTP(.caseworker, on: app)
        let client = try await HardeningWorld.signInWithCode(.caseworker, secret: oldSecret, at: Date(), on: app)
        let other = try await HardeningWorld.signInWithCode(.caseworker, secret: oldSecret, at: Date().addingTimeInterval(30), on: app)
        assertEqual(try await other.get("/children").status, .ok)
        let storedBefore = try await HardeningWorld.user(.caseworker, on: app).totpSecret

        let page = try await client.get("/account/two-factor")
        XCTAssertEqual(page.status, .ok)
        let newSecret = try XCTUnwrap(GoLiveTests.setupKey(in: page.body), "the page shows a new key")
        XCTAssertNotEqual(newSecret, oldSecret)
        let newCode = try XCTUnwrap(TwoFactor.currentCode(secret: newSecret))

        let bare = try await client.post("/account/two-factor", ["code": newCode])
        XCTAssertEqual(bare.status, .unprocessableEntity, "a session alone can't replace the authenticator")
        XCTAssertTrue(bare.body.contains("href=\"#current\""), bare.body)
        let wrong = try await client.post("/account/two-factor", ["code": newCode, "current": "not my password at all"])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        XCTAssertFalse(wrong.body.contains("not my password at all"), "the password is never echoed")
        assertEqual(try await HardeningWorld.user(.caseworker, on: app).totpSecret, storedBefore, "nothing changed yet")
        assertEqual(try await other.get("/children").status, .ok)

        let done = try await client.post("/account/two-factor", ["code": newCode, "current": DemoSeeder.password])
        XCTAssertEqual(done.status, .ok, done.body)
        XCTAssertTrue(done.body.contains("Your recovery codes"))
        assertEqual(try await other.get("/children").location, "/sign-in", "other sessions end on re-enrolment")
        assertEqual(try await client.get("/children").status, .ok, "this session continues")
        // Only the new authenticator works from now on.
        let next = TestClient(app)
        _ = try await next.signIn(TestWorld.email(for: .caseworker))
        try await next.get("/sign-in/two-factor")
        let oldCode = try XCTUnwrap(TwoFactor.currentCode(secret: oldSecret, at: Date().addingTimeInterval(30)))
        if oldCode != TwoFactor.currentCode(secret: newSecret, at: Date().addingTimeInterval(30)) {
            assertEqual(try await next.post("/sign-in/two-factor", ["code": oldCode]).status, .unprocessableEntity)
        }
        let newNext = try XCTUnwrap(TwoFactor.currentCode(secret: newSecret, at: Date().addingTimeInterval(30)))
        assertEqual(try await next.post("/sign-in/two-factor", ["code": newNext]).location, "/")
        try await app.asyncShutdown()
    }

    func testReEnrolmentAcceptsACurrentCodeInsteadOfThePassword() async throws {
        let app = try await HardeningWorld.makeApp()
        let oldSecret = try await HardeningWorld.enableTOTP(.caseworker, on: app)
        let client = try await HardeningWorld.signInWithCode(.caseworker, secret: oldSecret, at: Date(), on: app)
        let page = try await client.get("/account/two-factor")
        let newSecret = try XCTUnwrap(GoLiveTests.setupKey(in: page.body))
        let newCode = try XCTUnwrap(TwoFactor.currentCode(secret: newSecret))
        // The code used to sign in a moment ago is spent: it doesn't count as proof again.
        let spent = try XCTUnwrap(TwoFactor.currentCode(secret: oldSecret))
        assertEqual(try await client.post("/account/two-factor", ["code": newCode, "current": spent]).status, .unprocessableEntity)
        let fresh = try XCTUnwrap(TwoFactor.currentCode(secret: oldSecret, at: Date().addingTimeInterval(30)))
        let done = try await client.post("/account/two-factor", ["code": newCode, "current": fresh])
        XCTAssertEqual(done.status, .ok, done.body)
        XCTAssertTrue(done.body.contains("Two-factor authentication is on"))
        try await app.asyncShutdown()
    }

    // MARK: - the secret at rest and a GET that writes nothing (item 11)

    func testTheTOTPSecretIsNotStoredInPlain() async throws {
        let app = try await HardeningWorld.makeApp()
        let user = try await HardeningWorld.user(.caseworker, on: app)
        user.twoFactorExempt = false
        try await user.save(on: app.db)
        let client = TestClient(app)
        assertEqual(try await client.signIn(TestWorld.email(for: .caseworker)).location, "/account/two-factor")
        let page = try await client.get("/account/two-factor")
        let secret = try XCTUnwrap(GoLiveTests.setupKey(in: page.body))
        let on = try await client.post("/account/two-factor", ["code": try XCTUnwrap(TwoFactor.currentCode(secret: secret))])
        XCTAssertEqual(on.status, .ok, on.body)
        let raw = try await HardeningWorld.rawSecretColumns(.caseworker, on: app)
        XCTAssertFalse(raw.isEmpty)
        for value in raw { XCTAssertFalse(value.uppercased().contains(secret), "the base32 secret is in the database: \(value)") }

        // A secret stored in plain by an earlier version is sealed the first time it is used.
        let legacy = try await HardeningWorld.enableTOTP(.administrator, on: app)
        assertEqual(try await HardeningWorld.rawSecretColumns(.administrator, on: app), [legacy])
        _ = try await HardeningWorld.signInWithCode(.administrator, secret: legacy, at: Date(), on: app)
        for value in try await HardeningWorld.rawSecretColumns(.administrator, on: app) {
            XCTAssertFalse(value.uppercased().contains(legacy), "the legacy plaintext secret is still stored: \(value)")
        }
        // And it still works, sealed.
        _ = try await HardeningWorld.signInWithCode(.administrator, secret: legacy, at: Date().addingTimeInterval(30), on: app)
        try await app.asyncShutdown()
    }

    func testGettingTheSetUpPageTwiceChangesNothing() async throws {
        let app = try await HardeningWorld.makeApp()
        let user = try await HardeningWorld.user(.caseworker, on: app)
        user.twoFactorExempt = false
        try await user.save(on: app.db)
        let client = TestClient(app)
        assertEqual(try await client.signIn(TestWorld.email(for: .caseworker)).location, "/account/two-factor")
        let before = try await HardeningWorld.snapshot(on: app)
        let first = try await client.get("/account/two-factor")
        let second = try await client.get("/account/two-factor")
        XCTAssertEqual(first.status, .ok)
        let key = try XCTUnwrap(GoLiveTests.setupKey(in: first.body))
        XCTAssertEqual(GoLiveTests.setupKey(in: second.body), key, "a reload shows the same key")
        let after = try await HardeningWorld.snapshot(on: app)
        XCTAssertEqual(before, after, "GET /account/two-factor changed the database")
        // The key shown is the one the POST accepts.
        let on = try await client.post("/account/two-factor", ["code": try XCTUnwrap(TwoFactor.currentCode(secret: key))])
        XCTAssertEqual(on.status, .ok, on.body)
        try await app.asyncShutdown()
    }

    // MARK: - cookies (item 11)

    func testSecureCookiesDefaultsToOnOffLoopback() throws {
        let https = ["PUBLIC_URL": "https://continuum.example.gov.uk"]
        XCTAssertFalse(try AppConfiguration.fromEnvironment([:]).secureCookies, "127.0.0.1 by default")
        for host in ["127.0.0.1", "127.8.9.10", "::1", "localhost"] {
            XCTAssertFalse(try AppConfiguration.fromEnvironment(["HOST": host]).secureCookies, host)
        }
        for host in ["0.0.0.0", "10.1.2.3", "::", "continuum.internal"] {
            XCTAssertTrue(try AppConfiguration.fromEnvironment(https.merging(["HOST": host]) { $1 }).secureCookies, host)
        }
        XCTAssertFalse(try AppConfiguration.fromEnvironment(https.merging(["HOST": "0.0.0.0", "SECURE_COOKIES": "false"]) { $1 }).secureCookies,
                       "an explicit setting wins")
        XCTAssertTrue(try AppConfiguration.fromEnvironment(["SECURE_COOKIES": "true"]).secureCookies)
    }

    func testSessionCookieIsHostPrefixedAndSessionOnlyWhenSecure() async throws {
        for secure in [true, false] {
            let app = try await HardeningWorld.makeApp(["SECURE_COOKIES": secure ? "true" : "false"])
            let client = TestClient(app)
            // The CSRF cookie a browser gets before signing in carries the same prefix.
            let form = try await client.get("/sign-in")
            let csrfName = secure ? "__Host-continuum_csrf" : "continuum_csrf"
            let csrfHeader = try XCTUnwrap(form.headers[.setCookie].first { $0.hasPrefix(csrfName + "=") }, "\(form.headers[.setCookie])")
            XCTAssertEqual(SetCookie(csrfHeader).has("secure"), secure, csrfHeader)
            XCTAssertEqual(SetCookie(csrfHeader)["path"], "/", csrfHeader)
            XCTAssertNil(SetCookie(csrfHeader)["domain"], csrfHeader)
            let result = try await client.signIn(TestWorld.email(for: .caseworker))
            XCTAssertEqual(result.status, .seeOther)
            let name = secure ? "__Host-continuum_session" : "continuum_session"
            let header = try XCTUnwrap(result.headers[.setCookie].first { $0.hasPrefix(name + "=") }, "\(result.headers[.setCookie])")
            let attributes = SetCookie(header)
            XCTAssertFalse(attributes.value.isEmpty)
            XCTAssertEqual(attributes.has("secure"), secure, header)
            XCTAssertTrue(attributes.has("httponly"), header)
            XCTAssertEqual(attributes["path"], "/", header)
            XCTAssertNil(attributes["domain"], header)
            XCTAssertNil(attributes["expires"], "session-only: \(header)")
            XCTAssertNil(attributes["max-age"], "session-only: \(header)")
            XCTAssertEqual(attributes["samesite"]?.lowercased(), "lax", header)
            // The browser sends it back under that name, and it signs the request in.
            assertEqual(try await client.get("/children").status, .ok)
            let out = try await client.post("/sign-out")
            let cleared = try XCTUnwrap(out.headers[.setCookie].first { $0.hasPrefix(name + "=") })
            XCTAssertEqual(SetCookie(cleared).value, "")
            try await app.asyncShutdown()
        }
    }
}

/// One Set-Cookie header: its value and its attributes, names lower-cased.
struct SetCookie {
    let value: String
    private let attributes: [String: String]

    init(_ header: String) {
        let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let pair = parts.first ?? ""
        value = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
        var attributes: [String: String] = [:]
        for part in parts.dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            attributes[kv[0].lowercased()] = kv.count > 1 ? kv[1] : ""
        }
        self.attributes = attributes
    }

    subscript(_ name: String) -> String? { attributes[name] }
    func has(_ name: String) -> Bool { attributes[name] != nil }
}

enum HardeningWorld {
    /// TestWorld.makeApp with extra environment (kept with the process's, so the PostgreSQL lane still applies).
    static func makeApp(_ extra: [String: String] = [:]) async throws -> Application {
        let env = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let config = AppConfiguration.testing(env: env)
        if let secure = extra["SECURE_COOKIES"] { precondition(config.secureCookies == (secure == "true"), "the test configuration did not parse") }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            if config.database.isPostgres, let sql = app.db as? any SQLDatabase {
                try await sql.raw("DROP SCHEMA public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
            try await app.autoMigrate()
            try await DemoSeeder(size: .small, passwordHash: TestWorld.passwordHash).run(on: app.db)
            try await TestWorld.addNeighbour(app.db)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    static func user(_ role: Role, on app: Application) async throws -> User {
        try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: role)).first()!
    }

    /// Turns TOTP on as an earlier version stored it (the secret in plain), and returns the secret.
    static func enableTOTP(_ role: Role, on app: Application) async throws -> String {
        let user = try await user(role, on: app)
        let secret = TwoFactor.newSecret()
        user.totpSecret = secret
        user.totpEnabled = true
        try await user.save(on: app.db)
        return secret
    }

    /// Password, then the TOTP code for `time`: a fully signed-in client.
    static func signInWithCode(_ role: Role, secret: String, at time: Date, on app: Application) async throws -> TestClient {
        let client = TestClient(app)
        assertEqual(try await client.signIn(TestWorld.email(for: role)).location, "/sign-in/two-factor")
        try await client.get("/sign-in/two-factor")
        let code = TwoFactor.currentCode(secret: secret, at: time)!
        assertEqual(try await client.post("/sign-in/two-factor", ["code": code]).location, "/")
        return client
    }

    static func seedFailures(address: String, count: Int, at time: Date, on app: Application) async throws {
        for i in 0..<count {
            try await SignInAttempt(emailKey: "guess-\(i)-\(UUID().uuidString)@example.org", socketAddress: address, succeeded: false, at: time).create(on: app.db)
        }
    }

    /// Both secret columns of the user as stored, non-null ones only.
    static func rawSecretColumns(_ role: Role, on app: Application) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        let rows = try await sql.select().column("totp_secret").column("pending_totp_secret").from(User.schema)
            .where("email", .equal, TestWorld.email(for: role)).all()
        return try rows.flatMap { row in
            [try row.decode(column: "totp_secret", as: String?.self), try row.decode(column: "pending_totp_secret", as: String?.self)].compactMap { $0 }
        }
    }

    /// Everything a two-factor page could write: users, their sessions, recovery codes, audit rows.
    static func snapshot(on app: Application) async throws -> [String] {
        var lines: [String] = []
        for user in try await User.query(on: app.db).sort(\.$email).all() {
            lines.append([user.email, user.totpSecret ?? "-", user.pendingTOTPSecret ?? "-", String(user.totpEnabled), String(user.version)].joined(separator: "|"))
        }
        for session in try await UserSession.query(on: app.db).sort(\.$tokenHash).all() {
            lines.append([session.tokenHash, String(session.twoFactorPassed), session.endedAt.map { "\($0.timeIntervalSince1970)" } ?? "-"].joined(separator: "|"))
        }
        lines.append("recovery \(try await RecoveryCode.query(on: app.db).count())")
        lines.append("audit \(try await AuditEvent.query(on: app.db).count())")
        return lines
    }

    static func parallel<T: Sendable>(_ clients: [TestClient], _ body: @escaping @Sendable (TestClient) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for client in clients { group.addTask { try await body(client) } }
            return try await group.reduce(into: [T]()) { $0.append($1) }
        }
    }
}
