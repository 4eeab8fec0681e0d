import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

final class CaseTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testReviewPlanAndCloseWithGrades() async throws {
        let referral = try await Referral.query(on: app.db).filter(\.$status == "accepted").all()
            .first { _ in true }!
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let id = referral.id!.uuidString
        try await coordinator.get("/referrals/\(id)")
        let badReview = try await coordinator.post("/referrals/\(id)/reviews", ["heldOn": "2099-01-01"])
        XCTAssertEqual(badReview.status, .unprocessableEntity)
        for field in ["heldOn", "healthInput", "reviewOutcome"] { XCTAssertTrue(badReview.body.contains("href=\"#\(field)\""), field) }
        assertEqual(try await coordinator.post("/referrals/\(id)/reviews", ["heldOn": CalendarDate.today().description, "healthInput": "CAMHS: improving",
                                                                              "outcome": "Continue; add a day at the base"]).status, .seeOther)
        let reviews = try await CaseReview.query(on: app.db).filter(\.$referral.$id == referral.id!).all()
        XCTAssertEqual(reviews.filter { $0.heldOn != nil }.count, 1)
        XCTAssertEqual(reviews.filter { $0.heldOn == nil }.count, 1, "the next review is scheduled")

        let noPlan = try await coordinator.post("/referrals/\(id)/close", ["outcome": "returned_full_time", "closedOn": CalendarDate.today().description, "version": "\(referral.version)"])
        XCTAssertEqual(noPlan.status, .unprocessableEntity)
        XCTAssertTrue(noPlan.body.contains("Record the reintegration plan before closing"))
        assertEqual(try await coordinator.post("/referrals/\(id)/reintegration", ["goals": "Full-time return", "steps": "Phased visits", "schoolContact": "SENCO",
                                                                                    "targetOn": CalendarDate.today().adding(days: 30).description]).status, .seeOther)
        let badGrade = try await coordinator.post("/referrals/\(id)/close", ["outcome": "returned_full_time", "closedOn": CalendarDate.today().description, "english": "10", "version": "\(referral.version)"])
        XCTAssertTrue(badGrade.body.contains("English GCSE grade must be from 1 to 9"))
        assertEqual(try await coordinator.post("/referrals/\(id)/close", ["outcome": "returned_full_time", "closedOn": CalendarDate.today().description,
                                                                            "english": "5", "maths": "4", "version": "\(referral.version)"]).status, .seeOther)
        let closed = try await Referral.find(referral.id, on: app.db)!
        XCTAssertEqual(closed.statusValue, .closed)
        XCTAssertEqual(closed.closureOutcome, "returned_full_time (GCSE English 5, Maths 4)")
        assertEqual(try await ProvisionEpisode.query(on: app.db).filter(\.$referral.$id == referral.id!).filter(\.$endsOn == nil).count(), 0, "open provision ends at closure")
        assertTrue(try await coordinator.get("/referrals/\(id)").body.contains("Case closed"))
    }

    func testAcceptingSchedulesTheFirstReviewAndOverdueReviewsShowOnTheDashboard() async throws {
        let referral = try await Referral.query(on: app.db).filter(\.$status == "accepted").first()!
        let review = CaseReview()
        review.$referral.id = referral.id!
        review.dueOn = CalendarDate.today().adding(days: -10)
        try await review.create(on: app.db)
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let dashboard = try await coordinator.get("/medical-education")
        XCTAssertTrue(dashboard.body.contains("Overdue reviews"))
        XCTAssertTrue(dashboard.body.contains("/referrals/\(referral.id!.uuidString)"))
    }
}

final class StaffTests: XCTestCase {
    func testStaffPageShowsTheTeamFTEAndCaseload() async throws {
        let app = try await TestWorld.makeApp()
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let page = try await coordinator.get("/medical-education/staff")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("9.83 FTE"), "the council paper's 9.83 FTE permanent staff")
        XCTAssertTrue(page.body.contains("Supply bank"))
        // The demo teacher is timetabled with two accepted pupils.
        XCTAssertTrue(page.body.contains("Taylor Teacher</th><td class=\"govuk-table__cell\">Teacher</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">1.00</td>"))
        try await app.asyncShutdown()
    }
}
