import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// A NUL byte in a search (`/children?q=a%00b`) broke the audit chain on SQLite (the row read back cut
/// short, so verify said "edited" and backup refused to run) and was a 500 on PostgreSQL (found by the
/// security campaign). Control characters are now refused at the door, and the audit trail stores
/// text as the database gives it back.
final class ControlCharacterTests: XCTestCase {
    func testTheCheckFindsRawAndPercentEncodedControlsButNotLineBreaks() {
        XCTAssertTrue(InputCheck.containsControl(percentEncoded: "q=a%00b"))
        XCTAssertTrue(InputCheck.containsControl(percentEncoded: "q=a%1bb"))
        XCTAssertTrue(InputCheck.containsControl(percentEncoded: "q=a%7Fb"))
        XCTAssertTrue(InputCheck.containsControl(percentEncoded: "q=a\u{1}b"))
        XCTAssertFalse(InputCheck.containsControl(percentEncoded: "concern=line+one%0D%0Aline+two%09tabbed"))
        XCTAssertFalse(InputCheck.containsControl(percentEncoded: "q=100%25+sure&x=%zz&y=%"), "a literal percent and broken escapes are not controls")
        XCTAssertFalse(InputCheck.containsControl(percentEncoded: "q=Zo%C3%AB"), "UTF-8 names pass")
    }

    func testANulInASearchOrAFormIsRefusedAndTheChainStaysIntact() async throws {
        let app = try await TestWorld.makeApp()
        let client = TestClient(app)
        try await client.signIn(as: .parentCarer)
        let search = try await client.get("/children?q=a%00b")
        XCTAssertEqual(search.status, .badRequest)
        XCTAssertTrue(search.body.contains("control character"), "the page says what was wrong")
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get("/account")
        let form = try await caseworker.post("/account/password", ["current": "x\u{0}y", "new": "a", "confirm": "a"])
        XCTAssertEqual(form.status, .badRequest)
        let plain = try await caseworker.get("/children?q=Zo%C3%AB")
        XCTAssertEqual(plain.status, .ok, "ordinary text still searches")

        // Defence in depth: text reaching the audit trail by another way is stored as it will read back.
        try await AuditLog.record(AuditEntry(action: "test.control", entityType: "test", entityID: "a\u{0}b", detail: "x\u{0}y\u{7}z"),
                                  by: AuditActor(userID: nil, name: "n\u{0}ul", role: "none", socketAddress: "127.0.0.1"), on: app.db)
        let stored = try await AuditEvent.query(on: app.db).filter(\.$action == "test.control").first()!
        XCTAssertEqual(stored.detail, "x\u{FFFD}y\u{FFFD}z")
        let result = try await AuditLog.verify(on: app.db)
        XCTAssertNil(result.firstBad?.reason, "the chain is intact after control characters were offered")
        try await app.asyncShutdown()
    }
}
