import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 12 item 7, the Section 19 evidence: hours per child per term, overdue part-time reviews,
/// changing and ending provision, outcomes at closure and virtual access.
final class Section19EvidenceTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    struct Made { let child: Child; let referral: Referral; let episode: ProvisionEpisode }

    func currentTerm() async throws -> TermDates {
        let calendar = try await app.calendars.calendar(for: try await TestWorld.demoAuthorityID(app.db), on: app.db)
        return HoursEvidenceController.terms(calendar, today: CalendarDate.today()).first!
    }

    /// A Key Stage 3 child with an accepted referral and one episode from the start of the current term.
    func makeCase(forename: String, surname: String = "Evidencechild", hours: Double, reviewOn: CalendarDate? = nil, status: ReferralStatus = .accepted) async throws -> Made {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let term = try await currentTerm()
        let child = Child(authorityID: authorityID, legalForename: forename, legalSurname: surname,
                          dateOfBirth: CalendarDate(year: term.start.academicYearStart - 13, month: 3, day: 1), upn: nil, sex: "F", homePostcode: "WR1 1AA",
                          homeSchoolID: nil, senProvision: .none, primaryNeed: nil, secondaryNeed: nil)
        try await child.create(on: app.db)
        let referral = DemoReferrals.referral(authorityID: authorityID, child: child, status: status, reason: .anxietyMentalHealth,
                                              received: term.start.adding(days: -20), decided: term.start.adding(days: -10))
        try await referral.create(on: app.db)
        let episode = ProvisionEpisode()
        episode.$referral.id = referral.id!; episode.type = ProvisionType.home.rawValue; episode.hoursPerWeek = hours; episode.startsOn = term.start
        if let reviewOn { episode.partTimeReason = "Health: fatigue"; episode.partTimeReviewOn = reviewOn }
        try await episode.create(on: app.db)
        return Made(child: child, referral: referral, episode: episode)
    }

    /// Records `count` delivered sessions of `minutes` for the case, on the term's school days up to today.
    func deliver(_ made: Made, count: Int, minutes: Int, absent: Int = 0) async throws {
        let teacher = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .metTeacher)).first()!
        let slot = TimetableSlot()
        slot.$referral.id = made.referral.id!; slot.subject = TeachingSubject.maths.rawValue; slot.$teacher.id = teacher.id!
        slot.place = "Home"; slot.weekday = 1; slot.startsAt = "09:30"; slot.minutes = minutes; slot.active = true
        try await slot.create(on: app.db)
        let term = try await currentTerm()
        for n in 0..<(count + absent) {
            let record = TaughtSession()
            record.$slot.id = slot.id!; record.onDate = term.start.adding(days: n)
            record.outcome = n < count ? SessionOutcome.delivered.rawValue : SessionOutcome.childAbsent.rawValue
            record.reason = n < count ? nil : "Unwell"; record.recordedBy = teacher.id!
            try await record.create(on: app.db)
        }
    }

    func audits(_ action: String, child: UUID) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$action == action).filter(\.$childID == child).count()
    }

    // MARK: - Hours per child per term

    func testHoursPageShowsOfferedDeliveredAndFullTimeForTheKeyStage() async throws {
        let made = try await makeCase(forename: "Hoursworth", hours: 12)
        try await deliver(made, count: 2, minutes: 90, absent: 1)
        let term = try await currentTerm()
        let calendar = try await app.calendars.calendar(for: try await TestWorld.demoAuthorityID(app.db), on: app.db)
        let stage = AgeAndStage.keyStage(dateOfBirth: made.child.dateOfBirth, on: term.start)
        let expected = Section19Hours.term(term, calendar: calendar, episodes: [.init(type: .home, hoursPerWeek: 12, start: term.start, end: nil)],
                                           deliveredMinutes: 180, fullTimeHoursPerWeek: ServiceTargets().fullTimeHours(for: stage))
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let page = try await client.get("/medical-education/evidence/hours")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("<caption"), "the table has a caption")
        guard let row = page.body.range(of: "Hoursworth Evidencechild") else { return XCTFail("the child is listed") }
        let rowText = String(page.body[row.lowerBound...].prefix(1200))
        XCTAssertTrue(rowText.contains(">\(Section19Hours.format(expected.offeredHours))<"), "offered hours")
        XCTAssertTrue(rowText.contains(">3.0<"), "two delivered 90-minute sessions; the absence is not counted")
        XCTAssertTrue(rowText.contains(">\(Section19Hours.format(expected.fullTimeHours))<"), "full time over the term's school weeks")
        XCTAssertTrue(rowText.contains(">\(expected.offeredPercent)%<"))
        XCTAssertTrue(rowText.contains("Part time"))
        let views = try await AuditEvent.query(on: app.db).filter(\.$action == "evidence.hours.view").count()
        XCTAssertGreaterThan(views, 0)
    }

    func testUnknownTermIsAnErrorNotAGuess() async throws {
        let client = TestClient(app)
        try await client.signIn(as: .metCoordinator)
        let page = try await client.get("/medical-education/evidence/hours?term=1999-09-01")
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.contains("There is a problem"))
        XCTAssertTrue(page.body.contains("href=\"#term\""))
        XCTAssertTrue(page.body.contains("Select a term from the list"))
    }

    func testCSVDownloadNeutralisesFormulaCells() async throws {
        _ = try await makeCase(forename: "=HYPERLINK(\"http://x\")", surname: "Formula", hours: 25)
        let term = try await currentTerm()
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        let csv = try await client.get("/medical-education/evidence/hours.csv?term=\(term.start)")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.headers.first(name: .contentDisposition)?.hasPrefix("attachment") ?? false)
        XCTAssertTrue(csv.body.hasPrefix("child,upn,key_stage,term,"))
        XCTAssertTrue(csv.body.contains("\"'=HYPERLINK(\"\"http://x\"\") Formula\""), csv.body)
        XCTAssertFalse(csv.body.contains("\n=HYPERLINK"))
        let downloads = try await AuditEvent.query(on: app.db).filter(\.$action == "evidence.hours.download").count()
        XCTAssertGreaterThan(downloads, 0)
    }

    func testHoursPageQueryCountDoesNotGrowWithChildren() async throws {
        app.middleware.use(QueryCountingMiddleware())
        let first = try await makeCase(forename: "Countone", hours: 20)
        try await deliver(first, count: 1, minutes: 60)
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        try await client.get("/medical-education/evidence/hours") // warms the calendar cache
        try await client.get("/medical-education/evidence/hours")
        let before = QueryCountingMiddleware.last.withLockedValue { $0 }
        for n in 0..<8 { try await deliver(try await makeCase(forename: "Countmany\(n)", hours: Double(10 + n)), count: 2, minutes: 45) }
        let page = try await client.get("/medical-education/evidence/hours")
        XCTAssertTrue(page.body.contains("Countmany7 Evidencechild"))
        let after = QueryCountingMiddleware.last.withLockedValue { $0 }
        XCTAssertGreaterThan(before, 0)
        XCTAssertEqual(before, after, "more children must not cost more queries")
    }

    func testPartTimePastItsReviewDateIsFlagged() async throws {
        let today = CalendarDate.today()
        _ = try await makeCase(forename: "Overdueon", hours: 10, reviewOn: today.adding(days: -3))
        _ = try await makeCase(forename: "Notyetdue", hours: 10, reviewOn: today.adding(days: 30))
        let client = TestClient(app)
        try await client.signIn(as: .metCoordinator)
        let page = try await client.get("/medical-education/evidence/hours")
        let section = String(page.body[page.body.range(of: "id=\"part-time-reviews\"")!.lowerBound...])
        guard let row = section.range(of: "Overdueon Evidencechild") else { return XCTFail("the overdue arrangement is listed") }
        XCTAssertTrue(section[row.lowerBound...].prefix(800).contains("govuk-tag--red\">Review overdue since \(today.adding(days: -3).longFormat)"))
        XCTAssertFalse(section.contains("Notyetdue Evidencechild"), "a review not yet due is not flagged")
    }

    // MARK: - Changing and ending provision

    func testChangeAnEpisodeWithValidationLockingAndAudit() async throws {
        let made = try await makeCase(forename: "Changeme", hours: 25)
        let path = "/referrals/\(made.referral.id!.uuidString)/episodes/\(made.episode.id!.uuidString)"
        let client = TestClient(app)
        try await client.signIn(as: .metCoordinator)
        let list = try await client.get("/referrals/\(made.referral.id!.uuidString)/episodes")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("\(path)/edit"))
        let form = try await client.get("\(path)/edit")
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.contains("value=\"25.0\""))
        let bad = try await client.post("\(path)/edit", ["hoursPerWeek": "10", "start": made.episode.startsOn.description, "version": "0"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("There is a problem"))
        XCTAssertTrue(bad.body.contains("href=\"#partTimeReason\""))
        XCTAssertTrue(bad.body.contains("href=\"#reviewOn\""))
        XCTAssertTrue(bad.body.contains("value=\"10\""), "input is kept")
        let review = made.episode.startsOn.adding(days: 40).description
        let saved = try await client.post("\(path)/edit", ["hoursPerWeek": "10", "start": made.episode.startsOn.description, "partTimeReason": "Fatigue after treatment",
                                                             "reviewOn": review, "version": "0"])
        XCTAssertEqual(saved.status, .seeOther)
        let episode = try await ProvisionEpisode.find(made.episode.id, on: app.db)!
        XCTAssertEqual(episode.hoursPerWeek, 10)
        XCTAssertEqual(episode.partTimeReviewOn, CalendarDate(iso: review))
        XCTAssertEqual(episode.version, 1)
        assertEqual(try await audits("provision.changed", child: made.child.id!), 1)
        assertTrue(try await client.get("/referrals/\(made.referral.id!.uuidString)/episodes").body.contains("Part time, review"))
        let stale = try await client.post("\(path)/edit", ["hoursPerWeek": "25", "start": made.episode.startsOn.description, "version": "0"])
        XCTAssertEqual(stale.status, .conflict)
        assertEqual(try await ProvisionEpisode.find(made.episode.id, on: app.db)!.hoursPerWeek, 10, "a stale form changes nothing")
    }

    func testEndAnEpisodeNotBeforeItsStart() async throws {
        let made = try await makeCase(forename: "Endme", hours: 25)
        let path = "/referrals/\(made.referral.id!.uuidString)/episodes/\(made.episode.id!.uuidString)/end"
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        assertEqual(try await client.get(path).status, .ok)
        let early = try await client.post(path, ["endsOn": made.episode.startsOn.adding(days: -1).description, "version": "0"])
        XCTAssertEqual(early.status, .unprocessableEntity)
        XCTAssertTrue(early.body.contains("href=\"#endsOn\""))
        XCTAssertTrue(early.body.contains("can&#39;t be before the provision started") || early.body.contains("can't be before the provision started"))
        let ends = made.episode.startsOn.adding(days: 14).description
        assertEqual(try await client.post(path, ["endsOn": ends, "version": "0"]).status, .seeOther)
        assertEqual(try await ProvisionEpisode.find(made.episode.id, on: app.db)!.endsOn, CalendarDate(iso: ends))
        assertEqual(try await audits("provision.ended", child: made.child.id!), 1)
    }

    func testOutOfScopeReferralsAndEpisodesAre404() async throws {
        let neighbour = try await Referral.query(on: app.db).join(Child.self, on: \Referral.$child.$id == \Child.$id)
            .filter(Child.self, \.$legalSurname == "Outofscope").first()!
        let episode = ProvisionEpisode()
        episode.$referral.id = neighbour.id!; episode.type = "home"; episode.hoursPerWeek = 5; episode.startsOn = CalendarDate(iso: "2026-11-02")!
        try await episode.create(on: app.db)
        let mine = try await makeCase(forename: "Minetoo", hours: 25)
        let client = TestClient(app)
        try await client.signIn(as: .metCoordinator)
        let n = neighbour.id!.uuidString
        for path in ["/referrals/\(n)/episodes", "/referrals/\(n)/episodes/\(episode.id!.uuidString)/edit", "/referrals/\(n)/episodes/\(episode.id!.uuidString)/end",
                     "/referrals/\(n)/outcomes", "/referrals/\(n)/virtual",
                     // Another council's episode under one of this council's referrals.
                     "/referrals/\(mine.referral.id!.uuidString)/episodes/\(episode.id!.uuidString)/edit"] {
            assertEqual(try await client.get(path).status, .notFound, path)
        }
        try await client.get("/account")
        assertEqual(try await client.post("/referrals/\(n)/episodes/\(episode.id!.uuidString)/end", ["endsOn": "2026-11-20", "version": "0"]).status, .notFound)
        assertNil(try await ProvisionEpisode.find(episode.id, on: app.db)!.endsOn)
    }

    // MARK: - Outcomes at closure

    func testOutcomesAtClosureAreStructuredAndValidated() async throws {
        let made = try await makeCase(forename: "Closedcase", hours: 25, status: .closed)
        made.referral.closedOn = CalendarDate.today(); made.referral.closureOutcome = "post16"
        try await made.referral.save(on: app.db)
        let path = "/referrals/\(made.referral.id!.uuidString)/outcomes"
        let client = TestClient(app)
        try await client.signIn(as: .metCoordinator)
        assertEqual(try await client.get(path).status, .ok)
        let bad = try await client.post(path, ["subject1": "maths", "grade1": "10", "subject2": "history", "grade2": "B", "subject3": "history", "grade3": "C", "version": "1"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("There is a problem"))
        for field in ["destination", "grade1", "subject3"] { XCTAssertTrue(bad.body.contains("href=\"#\(field)\""), field) }
        XCTAssertTrue(bad.body.contains("Result 1: select a grade from 9 to 1, U, or A* to G"))
        XCTAssertTrue(bad.body.contains("Result 3: History is already listed"))
        assertEqual(try await GCSEResult.query(on: app.db).filter(\.$referral.$id == made.referral.id!).count(), 0, "nothing is half-saved")
        let saved = try await client.post(path, ["destination": "post16", "subject1": "maths", "grade1": "7", "subject2": "english_language", "grade2": "u",
                                                 "subject3": "history", "grade3": "A*", "version": "1"])
        XCTAssertEqual(saved.status, .seeOther)
        let results = try await GCSEResult.query(on: app.db).filter(\.$referral.$id == made.referral.id!).all()
        XCTAssertEqual(Set(results.map { "\($0.subject)=\($0.grade)" }), ["maths=7", "english_language=U", "history=A*"])
        let referral = try await Referral.find(made.referral.id, on: app.db)!
        XCTAssertEqual(referral.closureDestination, "post16")
        XCTAssertEqual(referral.closureOutcome, "post16", "the free-text record is kept")
        assertEqual(try await audits("closure.outcomes", child: made.child.id!), 1)
        let shown = try await client.get(path)
        XCTAssertTrue(shown.body.contains("value=\"post16\" checked"))
        XCTAssertTrue(shown.body.contains("<option value=\"A*\" selected>"))
    }

    func testClosingWithGradesAlsoWritesStructuredResults() async throws {
        let made = try await makeCase(forename: "Closingnow", hours: 25)
        let id = made.referral.id!.uuidString
        let client = TestClient(app)
        try await client.signIn(as: .metCoordinator)
        try await client.get("/referrals/\(id)")
        assertEqual(try await client.post("/referrals/\(id)/close", ["outcome": "post16", "closedOn": CalendarDate.today().description,
                                                                       "english": "6", "maths": "5", "version": "\(made.referral.version)"]).status, .seeOther)
        let results = try await GCSEResult.query(on: app.db).filter(\.$referral.$id == made.referral.id!).all()
        XCTAssertEqual(Set(results.map { "\($0.subject)=\($0.grade)" }), ["english_language=6", "maths=5"])
    }

    func testOutcomesWaitForTheCaseToClose() async throws {
        let made = try await makeCase(forename: "Stillopen", hours: 25)
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        let path = "/referrals/\(made.referral.id!.uuidString)/outcomes"
        assertTrue(try await client.get(path).body.contains("Outcomes are recorded once the case is closed"))
        let refused = try await client.post(path, ["destination": "home_school", "version": "1"])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Close the case before recording its outcomes"))
    }

    // MARK: - Virtual and e-learning access

    func testVirtualAccessIsRecordedWithDates() async throws {
        let made = try await makeCase(forename: "Onlineuser", hours: 25)
        let path = "/referrals/\(made.referral.id!.uuidString)/virtual"
        let client = TestClient(app)
        try await client.signIn(as: .metCoordinator)
        assertTrue(try await client.get(path).body.contains("No virtual or e-learning access has been recorded"))
        let bad = try await client.post(path, ["platformName": "Academy Online", "startsOn": "2026-11-10", "endsOn": "2026-11-01"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        for field in ["platform", "endsOn"] { XCTAssertTrue(bad.body.contains("href=\"#\(field)\""), field) }
        XCTAssertTrue(bad.body.contains("value=\"Academy Online\""), "input is kept")
        assertEqual(try await client.post(path, ["platform": "live_online", "platformName": "Academy Online", "startsOn": "2026-11-10"]).status, .seeOther)
        let page = try await client.get(path)
        XCTAssertTrue(page.body.contains("Academy Online"))
        XCTAssertTrue(page.body.contains("10 November 2026"))
        XCTAssertTrue(page.body.contains("Still in use"))
        assertEqual(try await audits("virtual_access.added", child: made.child.id!), 1)
        // A caseworker reads the record but the form is for the service.
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let read = try await caseworker.get(path)
        XCTAssertEqual(read.status, .ok)
        XCTAssertFalse(read.body.contains("Record access to a platform"))
    }
}

/// Migration 029 reverts cleanly on a database that holds outcomes, and prepares again.
final class Section19EvidenceMigrationTests: XCTestCase {
    func testMigration029RevertsAndPreparesAgain() async throws {
        let app = try await TestWorld.makeApp()
        do {
            let migration = AddSection19Evidence()
            let referral = try await Referral.query(on: app.db).first()!
            try await GCSEResult(referralID: referral.id!, subject: .maths, grade: .numeric(6)).create(on: app.db)
            try await migration.revert(on: app.db)
            if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                struct Column: Decodable { let name: String }
                let columns = try await sql.raw("SELECT name FROM pragma_table_info('provision_episodes')").all(decoding: Column.self).map(\.name)
                XCTAssertFalse(columns.contains("version"), "\(columns)")
            }
            try await migration.prepare(on: app.db)
            assertEqual(try await GCSEResult.query(on: app.db).count(), 0)
            assertEqual(try await ProvisionEpisode.query(on: app.db).count() > 0, true, "episodes survive the round trip")
        } catch { XCTFail("\(error)") }
        try await app.asyncShutdown()
    }
}
