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
        return pupils.first { !referred.contains($0.id!) && AgeAndStage.isCompulsorySchoolAge(dateOfBirth: $0.dateOfBirth, on: CalendarDate.today()) }!
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

    /// Issue 14, rulebook HN-1: a child outside compulsory school age is not refused. The referral is
    /// recorded, and the form, the page and the letter say the council may help (a power, not a duty).
    /// (Before issue 14 this posted a 422 "not of compulsory school age" refusal.)
    func testChildOutsideCompulsorySchoolAgeIsExplained() async throws {
        let young = try await Child.query(on: app.db).filter(\.$authority.$id == TestWorld.demoAuthorityID(app.db)).all()
            .first { !AgeAndStage.isCompulsorySchoolAge(dateOfBirth: $0.dateOfBirth, on: CalendarDate.today()) }!
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let form = try await caseworker.get("/children/\(young.id!)/referrals/new")
        XCTAssertTrue(form.body.contains("govuk-warning-text") && form.body.contains("The council may help (a power, not a duty)"), "the route is clear before sending")
        let result = try await caseworker.post("/children/\(young.id!)/referrals", ["referrer": "parent", "reason": "other", "healthSummary": "x", "schoolDaysMissed": "1",
                                                                                    "expectedAbsenceDays": "20", "ehcStatus": "none", "parentalConsent": "yes"])
        XCTAssertEqual(result.status, .seeOther, "a power-not-duty referral can still be recorded")
        let referral = try await Referral.query(on: app.db).filter(\.$child.$id == young.id!).first()!
        XCTAssertEqual(referral.educationNeededOn, CalendarDate.today(), "blank means needed now")
        let page = try await caseworker.get("/referrals/\(referral.id!)")
        XCTAssertTrue(page.body.contains("govuk-warning-text"))
        XCTAssertTrue(page.body.contains("The council may help (a power, not a duty)"))
        XCTAssertTrue(page.body.contains("the Section 19 duty does not apply then"))
        let created = try await AuditEvent.query(on: app.db).filter(\.$action == "referral.created").filter(\.$childID == young.id!).first()!
        XCTAssertTrue(created.detail.contains("route=power"), created.detail)

        // Accepted on the power route: no "breach of the duty", and the letter does not promise one.
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        try await coordinator.get("/referrals/\(referral.id!)")
        assertEqual(try await coordinator.post("/referrals/\(referral.id!)/status", ["status": "at_panel", "version": "1"]).status, .seeOther)
        assertEqual(try await coordinator.post("/referrals/\(referral.id!)/decision", ["outcome": "accepted", "reasons": "The council will help", "version": "2"]).status, .seeOther)
        assertFalse(try await coordinator.get("/referrals/\(referral.id!)").body.contains("Breach of the Section 19 duty"))
        assertTrue(try await coordinator.get("/referrals/\(referral.id!)/letter").body.contains("the council may help (a power, not a duty)"))
    }

    /// HN-1: the age test is made on the date the education is needed, not on the day of the referral.
    func testEligibilityIsTestedOnTheDateEducationIsNeeded() async throws {
        let today = CalendarDate.today()
        let later = today.adding(days: 365)
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        func refer(_ child: Child, neededFrom: String) async throws -> TestClient.Result {
            try await coordinator.get("/children/\(child.id!)/referrals/new")
            return try await coordinator.post("/children/\(child.id!)/referrals", ["referrer": "gp", "reason": "hospital_treatment", "healthSummary": "Surgery",
                                                                                   "schoolDaysMissed": "2", "expectedAbsenceDays": "30", "ehcStatus": "none",
                                                                                   "parentalConsent": "yes", "neededFrom": neededFrom])
        }
        // A pupil of compulsory school age today whose compulsory school age ends before `later`.
        let leaver = try await schoolPupil()
        let leaverDOB = ((today.year - 18)...(today.year - 14)).map { CalendarDate(year: $0, month: 1, day: 15) }
            .first { AgeAndStage.isCompulsorySchoolAge(dateOfBirth: $0, on: today) && !AgeAndStage.isCompulsorySchoolAge(dateOfBirth: $0, on: later) }!
        leaver.dateOfBirth = leaverDOB
        try await leaver.save(on: app.db)
        let bad = try await refer(leaver, neededFrom: "31/02/2027")
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("href=\"#neededFrom\""))
        assertEqual(try await refer(leaver, neededFrom: later.description).status, .seeOther)
        let leaverReferral = try await Referral.query(on: app.db).filter(\.$child.$id == leaver.id!).first()!
        XCTAssertEqual(leaverReferral.neededOn, later)
        let leaverPage = try await coordinator.get("/referrals/\(leaverReferral.id!)").body
        XCTAssertTrue(leaverPage.contains("The council may help (a power, not a duty)"), "of compulsory school age today, but not when education is needed")
        XCTAssertTrue(leaverPage.contains(later.longFormat))

        // A child not yet of compulsory school age today who will be when education is needed: the duty.
        let starter = try await Child.query(on: app.db).filter(\.$authority.$id == TestWorld.demoAuthorityID(app.db)).filter(\.$id != leaver.id!).first()!
        let starterDOB = today.adding(years: -5).adding(days: 30)
        XCTAssertFalse(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: starterDOB, on: today))
        starter.dateOfBirth = starterDOB
        try await starter.save(on: app.db)
        let needed = today.adding(days: 200)
        assertEqual(try await refer(starter, neededFrom: needed.description).status, .seeOther)
        let starterReferral = try await Referral.query(on: app.db).filter(\.$child.$id == starter.id!).sort(\.$createdAt, .descending).first()!
        let starterPage = try await coordinator.get("/referrals/\(starterReferral.id!)").body
        XCTAssertFalse(starterPage.contains("a power, not a duty"))
        XCTAssertTrue(starterPage.contains("Section 19 duty: the council must arrange suitable education"))
    }

    /// Rulebook HN-4 on the pages: a referral received on a Saturday counts every school day after it.
    func testDecisionClockCountsFromTheDayAfterReceipt() async throws {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let calendar = try await app.calendars.calendar(for: authorityID, on: app.db)
        let today = CalendarDate.today()
        let child = try await schoolPupil()
        // The Saturday before the last school day before today, so at least one school day has passed.
        let lastSchoolDay = calendar.previousSchoolDay(onOrBefore: today.adding(days: -1))
        let saturday = lastSchoolDay.adding(days: -1).previous(.saturday)
        let referral = DemoReferrals.referral(authorityID: authorityID, child: child, status: .received, reason: .hospitalTreatment, received: saturday, decided: nil)
        try await referral.create(on: app.db)
        let expected = calendar.schoolDays(from: saturday.adding(days: 1), to: today)
        XCTAssertEqual(DecisionClock.schoolDaysElapsed(received: saturday, until: today, calendar: calendar), expected)
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let page = try await coordinator.get("/referrals/\(referral.id!)").body
        XCTAssertTrue(page.contains("\(expected) school day\(expected == 1 ? "" : "s") from referral to today"), "the page uses the domain clock")
        let list = try await coordinator.get("/referrals").body
        XCTAssertTrue(list.contains("\(expected) school days so far") || list.contains("Overdue: \(expected) school days"))
    }
}
