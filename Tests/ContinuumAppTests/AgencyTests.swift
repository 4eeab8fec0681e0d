import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 3 items 2, 5 and 7: panel meetings, long-placement exceptions, involvements and risk
/// assessments, and the authority's evidence policy.
final class AgencyTests: XCTestCase {
    func testInvolvementsAndRiskAssessmentsWithReviewDates() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).sort(\.$legalSurname).first()!
        let path = "/children/\(child.id!)"
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        assertTrue(try await coordinator.get(path).body.contains("Other agencies and risk assessments"))
        try await coordinator.get(path + "/agencies")
        let bad = try await coordinator.post(path + "/involvements", ["contactName": "", "since": "2026-02-30"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("href=\"#agency\">Select the agency"))
        XCTAssertTrue(bad.body.contains("href=\"#since\">The date the agency became involved must be a real date"))
        assertEqual(try await coordinator.post(path + "/involvements", ["agency": "camhs", "contactName": "Dr Lee", "contactDetails": "01905 111111", "since": "2026-09-01"]).status, .seeOther)
        let past = try await coordinator.post(path + "/risk-assessments", ["title": "Travel to base", "summary": "Escorted taxi.", "assessedOn": "2026-01-05", "reviewOn": "2026-04-05"])
        XCTAssertEqual(past.status, .seeOther)
        let page = try await coordinator.get(path + "/agencies").body
        XCTAssertTrue(page.contains("CAMHS") && page.contains("Dr Lee"))
        XCTAssertTrue(page.contains("Review overdue"), "a review date in the past is flagged in words")
        let backwards = try await coordinator.post(path + "/risk-assessments", ["title": "X", "summary": "Y", "assessedOn": "2026-05-01", "reviewOn": "2026-04-01"])
        XCTAssertTrue(backwards.body.contains("must be on or after 1 May 2026"))

        let base = try await TeachingBase.query(on: app.db).filter(\.$authority.$id == authorityID).first()!
        try await coordinator.get("/medical-education/risk-assessments")
        assertEqual(try await coordinator.post("/medical-education/risk-assessments", ["baseID": base.id!.uuidString, "title": "Fire", "summary": "Drill termly.",
                                                                                      "assessedOn": "2026-09-01", "reviewOn": "2027-09-01"]).status, .seeOther)
        let list = try await coordinator.get("/medical-education/risk-assessments").body
        XCTAssertTrue(list.contains("\(base.name) base") && list.contains("2 risk assessments; 1 past their review date"))

        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        assertEqual(try await school.get(path + "/agencies").status, .notFound)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "child.involvement_added").count(), 1)
        try await app.asyncShutdown()
    }

    func testPanelNeedsTwoAgenciesAndLinksTheReferralsItConsidered() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let waiting = try await Referral.query(on: app.db).filter(\.$authority.$id == authorityID)
            .filter(\.$status ~~ [ReferralStatus.received, .awaitingInformation, .atPanel].map(\.rawValue)).first()!
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        try await coordinator.get("/medical-education/panels")
        let one = try await coordinator.post("/medical-education/panels", ["heldOn": "2026-11-02", "education": "Jo Bright, coordinator", "minutes": "Discussed."])
        XCTAssertTrue(one.body.contains("Name the members from at least two agencies"))
        let ok = try await coordinator.post("/medical-education/panels", ["heldOn": "2026-11-02", "education": "Jo Bright, coordinator", "health": "Dr Patel, paediatrician\nNurse Ali",
                                                                          "minutes": "Agreed to accept.", "referrals[]": waiting.id!.uuidString])
        XCTAssertEqual(ok.status, .seeOther, ok.body)
        let page = try await coordinator.get("/medical-education/panels").body
        XCTAssertTrue(page.contains("Health: Dr Patel, paediatrician") && page.contains("Health: Nurse Ali"))
        assertEqual(try await PanelReferral.query(on: app.db).filter(\.$referral.$id == waiting.id!).count(), 1)
        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        assertEqual(try await teacher.get("/medical-education/panels").status, .notFound)
        try await app.asyncShutdown()
    }

    func testEvidencePolicyIsConfigurationShownOnTheReferralForm() async throws {
        let app = try await TestWorld.makeApp()
        let admin = TestClient(app)
        try await admin.signIn(as: .administrator)
        assertTrue(try await admin.get("/admin/authority").body.contains("value=\"any_health_professional\" checked"), "documented default")
        let bad = try await admin.post("/admin/authority", ["evidencePolicy": "none", "namedOfficer": "Jo"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        assertEqual(try await admin.post("/admin/authority", ["evidencePolicy": "consultant_letter", "namedOfficer": "Jo Bright, 01905 000000"]).status, .seeOther)
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == (try await TestWorld.demoAuthorityID(app.db))).first()!
        let form = try await admin.get("/children/\(child.id!)/referrals/new")
        XCTAssertTrue(form.body.contains("The council asks for a consultant's letter. A decision is not delayed while it is awaited."))
        try await app.asyncShutdown()
    }

    func testLongPlacementsReportRecordsExceptions() async throws {
        let app = try await TestWorld.makeApp()
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let report = try await coordinator.get("/medical-education/long-placements")
        XCTAssertEqual(report.status, .ok)
        XCTAssertTrue(report.body.contains("Long placements by primary need"))
        let referral = try await Referral.query(on: app.db).filter(\.$authority.$id == (try await TestWorld.demoAuthorityID(app.db))).first()!
        let empty = try await coordinator.post("/referrals/\(referral.id!)/long-placement-exception", ["reason": " "])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        assertEqual(try await coordinator.post("/referrals/\(referral.id!)/long-placement-exception", ["reason": "Waiting for the specialist place named in the EHC plan"]).status, .seeOther)
        assertEqual(try await LongPlacementException.query(on: app.db).count(), 1)
        try await app.asyncShutdown()
    }
}
