import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 15 item 6: the Safety Valve agreement's page and the members' briefing note, from WX-1's agreement.
final class SafetyValvePagesTests: XCTestCase {
    func testTheAgreementItsReturnsAndTheBriefingNote() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await DemoFinance.seedSafetyValve(authorityID: authorityID, on: app.db)

        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        let page = try await finance.get("/finance/safety-valve")
        XCTAssertEqual(page.status, .ok)
        for text in ["£17,500,000.00", "£5,700,000.00", "£737,500.00", "2024-25 return 2", "Red: outside tolerance", "Amber: within tolerance", "−£600,000.00",
                     "within £500,000.00 or 10% of the target"] {
            XCTAssertTrue(page.body.contains(text), "the agreement page shows \(text)")
        }
        // Released: 5.7m + 4 × 737,500 + 2 × 737,500 = £10,125,000.
        XCTAssertTrue(page.body.contains("£10,125,000.00"), "released so far")

        let member = TestClient(app)
        try await member.signIn(as: .electedMember)
        let note = try await member.get("/finance/safety-valve/briefing")
        XCTAssertEqual(note.status, .ok)
        for text in ["2025-26 return 1", "Amber: within tolerance", "Improving since 2024-25 return 2", "Report the spring review of top-up bands"] {
            XCTAssertTrue(note.body.contains(text), "the briefing note shows \(text)")
        }
        assertEqual(try await member.get("/finance/safety-valve").status, .notFound, "members read the briefing note, not the finance pages")
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        assertEqual(try await school.get("/finance/safety-valve/briefing").status, .notFound)
        try await app.asyncShutdown()
    }
}
