import Fluent
import Vapor
import XCTest
@testable import ContinuumApp

final class PlanningPageTests: XCTestCase {
    func testCoordinatorComparesScenariosWithoutAnyChildNamed() async throws {
        let app = try await TestWorld.makeApp()
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let page = try await coordinator.get("/planning?children=year&hubs=2")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Scenarios compared with today"))
        XCTAssertTrue(page.body.contains("2 new hubs, best sites (proved optimal)"), String(page.body.prefix(0)))
        XCTAssertTrue(page.body.contains("Travel-time model:"))
        XCTAssertTrue(page.body.contains("By SEN status"))
        XCTAssertTrue(page.body.contains("<svg"))
        let child = try await Referral.query(on: app.db).with(\.$child).first()!.child
        XCTAssertFalse(page.body.contains(child.legalSurname + "<") || page.body.contains(child.fullName), "no child is named on the planning page")
        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        assertEqual(try await teacher.get("/planning").status, .notFound)
        try await app.asyncShutdown()
    }
}
