import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 14 item 4: one child loader. Every page under a child's record answers a neighbour
/// council's child with the same 404 as a missing one, and each refusal is audited as
/// one `access.denied` row (the copies wrote none, one or two).
final class ChildLoaderTests: XCTestCase {
    func testEveryChildPageAuditsAnOutOfScopeChild() async throws {
        let app = try await TestWorld.makeApp()
        let neighbour = try await Child.query(on: app.db).filter(\.$legalSurname == "Outofscope").first()!.requireID()
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        try await client.get(SiteURL.children.path)
        let gets: [SiteURL.ChildPart] = [.concernsNew, .agencies, .ehcNew, .referralsNew, .sicknessNotifications, .edit]
        for part in gets {
            let page = try await client.get(SiteURL.childPart(.value(ChildID(neighbour)), part).path)
            XCTAssertEqual(page.status, .notFound, part.rawValue)
            XCTAssertFalse(page.body.contains(TestWorld.neighbourChildName), part.rawValue)
        }
        let posts: [SiteURL.ChildPart] = [.concerns, .involvements, .riskAssessments, .ehc, .referrals, .sicknessNotifications]
        for part in posts {
            let post = try await client.post(SiteURL.childPart(.value(ChildID(neighbour)), part).path, [:])
            XCTAssertEqual(post.status, .notFound, part.rawValue)
        }
        let denied = try await AuditEvent.query(on: app.db).filter(\.$action == AccessDenial.action).filter(\.$entityType == "child").filter(\.$entityID == neighbour.uuidString).count()
        XCTAssertEqual(denied, gets.count + posts.count)
        let untouched = try await Child.find(neighbour, on: app.db)
        XCTAssertEqual(untouched?.legalSurname, "Outofscope")
        try await app.asyncShutdown()
    }
}
