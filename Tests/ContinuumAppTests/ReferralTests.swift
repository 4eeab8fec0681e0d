import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

final class ReferralTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// A pupil at the SENCO's school of compulsory school age with no referral yet.
    func schoolPupil() async throws -> Child {
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let referred = Set(try await Referral.query(on: app.db).all(\.$child.$id))
        let pupils = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).all()
        return pupils.first { !referred.contains($0.id!) && AgeAndStage.isCompulsorySchoolAge(dateOfBirth: $0.birthDate!, on: CalendarDate.today()) }!
    }

    func testSchoolRefersCoordinatorDecidesAndPlacesAndSchoolSeesIt() async throws {
        let child = try await schoolPupil()
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        try await school.get("/children/\(child.id!)/referrals/new")
        let empty = try await school.post("/children/\(child.id!)/referrals", [:])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        for field in ["reason", "healthSummary", "schoolDaysMissed", "expectedAbsenceDays", "ehcStatus", "parentalConsent"] {
            XCTAssertTrue(empty.body.contains("href=\"#\(field)\""), "error for \(field)")
        }
        let bad = try await school.post("/children/\(child.id!)/referrals", ["reason": "anxiety_mental_health", "healthSummary": "Panic attacks", "schoolDaysMissed": "lots",
                                                                             "expectedAbsenceDays": "20", "ehcStatus": "none", "parentalConsent": "yes"])
        XCTAssertTrue(bad.body.contains("must be a whole number of school days"))
        XCTAssertTrue(bad.body.contains(">Panic attacks</textarea>"), "input is kept")
        let created = try await school.post("/children/\(child.id!)/referrals", ["reason": "anxiety_mental_health", "healthSummary": "Panic attacks", "schoolDaysMissed": "9",
                                                                                 "expectedAbsenceDays": "20", "ehcStatus": "pending", "parentalConsent": "yes", "urgent": "yes"])
        XCTAssertEqual(created.status, .seeOther)
        let referral = try await Referral.query(on: app.db).filter(\.$child.$id == child.id!).first()!
        XCTAssertEqual(referral.statusValue, .received)
        XCTAssertEqual(referral.referrer, "school")

        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let page = try await coordinator.get("/referrals/\(referral.id!)")
        XCTAssertTrue(page.body.contains("Record the decision"), "urgent referrals can be decided by the coordinator")
        assertTrue(try await coordinator.post("/referrals/\(referral.id!)/decision", ["outcome": "accepted", "version": "1"]).body.contains("href=\"#reasons\""))
        let stale = try await coordinator.post("/referrals/\(referral.id!)/decision", ["outcome": "accepted", "reasons": "x", "version": "0"])
        XCTAssertEqual(stale.status, .conflict)
        let decided = try await coordinator.post("/referrals/\(referral.id!)/decision", ["outcome": "accepted", "reasons": "GP letter confirms severe anxiety", "version": "1"])
        XCTAssertEqual(decided.location, "/referrals/\(referral.id!)/letter")
        let letter = try await coordinator.get("/referrals/\(referral.id!)/letter")
        XCTAssertTrue(letter.body.contains("We will arrange education"))
        XCTAssertTrue(letter.body.contains("GP letter confirms severe anxiety"))
        XCTAssertTrue(letter.body.contains("If you disagree"))
        XCTAssertTrue(letter.body.contains("Named officer"))
        XCTAssertTrue(letter.body.contains("/assets/print.css"))

        // Accepted without provision is a breach, said in words.
        assertTrue(try await coordinator.get("/referrals/\(referral.id!)").body.contains("Breach of the Section 19 duty"))

        let base = try await TeachingBase.query(on: app.db).filter(\.$name == "Redditch").first()!
        try await coordinator.get("/referrals/\(referral.id!)")
        let partTime = try await coordinator.post("/referrals/\(referral.id!)/provision", ["type": "base", "baseID": base.id!.uuidString, "hoursPerWeek": "10", "start": CalendarDate.today().description])
        XCTAssertEqual(partTime.status, .unprocessableEntity)
        XCTAssertTrue(partTime.body.contains("href=\"#partTimeReason\""))
        XCTAssertTrue(partTime.body.contains("href=\"#reviewOn\""))
        let placed = try await coordinator.post("/referrals/\(referral.id!)/provision", ["type": "base", "baseID": base.id!.uuidString, "hoursPerWeek": "10",
                                                                                         "start": CalendarDate.today().description, "partTimeReason": "Phased return agreed with CAMHS",
                                                                                         "reviewOn": CalendarDate.today().adding(days: 30).description])
        XCTAssertEqual(placed.status, .seeOther)
        let after = try await coordinator.get("/referrals/\(referral.id!)")
        XCTAssertFalse(after.body.contains("Breach of the Section 19 duty"))
        XCTAssertTrue(after.body.contains("Part time: Phased return agreed with CAMHS"))

        let schoolView = try await school.get("/referrals/\(referral.id!)")
        XCTAssertTrue(schoolView.body.contains("Redditch"))
        XCTAssertTrue(schoolView.body.contains("Accepted"))
        assertNil(try await AuditLog.verify(on: app.db).firstBad)
        let actions = Set(try await AuditEvent.query(on: app.db).filter(\.$childID == child.id!).all(\.$action))
        XCTAssertTrue(actions.isSuperset(of: ["referral.created", "referral.decided", "provision.arranged", "referral.view", "referral.letter.view"]))
    }

    func testNonUrgentReferralMustGoToPanelAndDeclinedChildCannotBePlaced() async throws {
        let child = try await schoolPupil()
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get("/children/\(child.id!)/referrals/new")
        _ = try await caseworker.post("/children/\(child.id!)/referrals", ["referrer": "gp", "reason": "low_immunity", "healthSummary": "Chemotherapy", "schoolDaysMissed": "3",
                                                                        "expectedAbsenceDays": "60", "ehcStatus": "none", "parentalConsent": "yes"])
        let referral = try await Referral.query(on: app.db).filter(\.$child.$id == child.id!).first()!
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        try await coordinator.get("/referrals/\(referral.id!)")
        let early = try await coordinator.post("/referrals/\(referral.id!)/decision", ["outcome": "declined", "reasons": "x", "version": "1"])
        XCTAssertEqual(early.status, .unprocessableEntity)
        XCTAssertTrue(early.body.contains("move it to the panel first"))
        assertEqual(try await coordinator.post("/referrals/\(referral.id!)/status", ["status": "at_panel", "version": "1"]).status, .seeOther)
        assertEqual(try await coordinator.post("/referrals/\(referral.id!)/decision", ["outcome": "declined", "reasons": "The school can meet the need", "version": "2"]).status, .seeOther)
        let place = try await coordinator.post("/referrals/\(referral.id!)/provision", ["type": "home", "hoursPerWeek": "25", "start": CalendarDate.today().description])
        XCTAssertEqual(place.status, .unprocessableEntity)
        XCTAssertTrue(place.body.contains("only be arranged for an accepted referral"))
        assertEqual(try await ProvisionEpisode.query(on: app.db).filter(\.$referral.$id == referral.id!).count(), 0, "nothing half-saved")
    }

    func testChildOutsideCompulsorySchoolAgeIsExplained() async throws {
        let young = try await Child.query(on: app.db).filter(\.$authority.$id == TestWorld.demoAuthorityID(app.db)).all()
            .first { !AgeAndStage.isCompulsorySchoolAge(dateOfBirth: $0.birthDate!, on: CalendarDate.today()) }!
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get("/children/\(young.id!)/referrals/new")
        let result = try await caseworker.post("/children/\(young.id!)/referrals", ["referrer": "parent", "reason": "other", "healthSummary": "x", "schoolDaysMissed": "1",
                                                                                    "expectedAbsenceDays": "20", "ehcStatus": "none", "parentalConsent": "yes"])
        XCTAssertEqual(result.status, .unprocessableEntity)
        XCTAssertTrue(result.body.contains("not of compulsory school age"))
    }
}
