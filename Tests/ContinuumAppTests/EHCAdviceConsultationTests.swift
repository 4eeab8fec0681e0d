import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Advice sent as a document, reminders to advisers, consultation with the named school, and
/// re-assessment (reg 27), through the pages against a real database.
final class EHCAdviceConsultationTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// A case for a child with no other open case, at `stage`, requested `daysAgo` days ago.
    private func makeCase(stage: EHCStage, requestedDaysAgo: Int, configure: (EHCCase) -> Void = { _ in }) async throws -> EHCCase {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let busy = try await EHCCase.query(on: app.db).filter(\.$child.$id != nil).all().compactMap { $0.$child.id }
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$id !~ busy).sort(\.$legalSurname).first()!
        let item = EHCCase(authorityID: authorityID, childID: child.id, upn: child.upn, requestedOn: CalendarDate.today().adding(days: -requestedDaysAgo),
                           requester: .school, requesterName: "SENCO", summary: "Needs more support than the school can give.")
        item.stageRaw = stage.rawValue
        item.decisionOn = CalendarDate.today().adding(days: -requestedDaysAgo + 20)
        configure(item)
        try await item.create(on: app.db)
        return item
    }

    /// A plan in force, issued `issuedDaysAgo` days ago.
    private func makePlan(issuedDaysAgo: Int) async throws -> EHCCase {
        try await makeCase(stage: .finalIssued, requestedDaysAgo: issuedDaysAgo + 160) {
            $0.finalIssuedOn = CalendarDate.today().adding(days: -issuedDaysAgo)
            $0.assessmentClosedOn = $0.finalIssuedOn
        }
    }

    func testAdviserIsRemindedThenSendsADocumentThatOnlyTheCaseReadersCanOpen() async throws {
        let item = try await makeCase(stage: .assessing, requestedDaysAgo: 70)
        let path = "/ehc/\(item.id!)"
        let health = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .healthProfessional)).first()!
        // Asked 40 days ago: due in 2 days, so a reminder is due (from a week before).
        let advice = EHCAdviceRequest()
        advice.$ehcCase.id = item.id!; advice.kindRaw = EHCAdviceKind.medical.rawValue; advice.adviserUserID = health.id
        advice.adviserName = health.displayName; advice.requestedOn = CalendarDate.today().adding(days: -40)
        try await advice.create(on: app.db)
        let outside = EHCAdviceRequest()
        outside.$ehcCase.id = item.id!; outside.kindRaw = EHCAdviceKind.educational.rawValue; outside.adviserName = "Head teacher, Oak Hill First"
        outside.requestedOn = CalendarDate.today().adding(days: -50)
        try await outside.create(on: app.db)

        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        var page = try await caseworker.get(path).body
        XCTAssertTrue(page.contains("Advice not yet asked for (regulation 6): psychological advice (educational psychologist); social care advice."))
        XCTAssertTrue(page.contains("Reminder due"))
        XCTAssertTrue(page.contains("Email a reminder to \(health.displayName)"))
        XCTAssertTrue(page.contains("Record a reminder sent to Head teacher, Oak Hill First"))
        let reminded = try await caseworker.post(path + "/remind", ["version": "1", "reminder": advice.id!.uuidString])
        XCTAssertEqual(reminded.status, .seeOther, reminded.body)
        let mail = try await OutboxMessage.query(on: app.db).filter(\.$to == health.email).all()
        XCTAssertEqual(mail.count, 1)
        XCTAssertTrue(mail[0].subject.contains("Reminder"))
        let childName = try await Child.find(item.$child.id, on: app.db)!.legalSurname
        XCTAssertFalse(mail[0].body.contains(childName), "the email names no child")
        assertEqual(try await EHCAdviceRequest.find(advice.id, on: app.db)?.remindersSent, 1)
        page = try await caseworker.get(path).body
        XCTAssertTrue(page.contains("Reminded once, last on \(CalendarDate.today().longFormat)"))

        // The daily job: today the emailed adviser was just reminded; the outside adviser needs a letter or call.
        let today = try await AdviceReminders.sendDue(today: CalendarDate.today(), on: app.db)
        XCTAssertEqual(today.emailed, 0)
        XCTAssertEqual(today.outside, 1)
        let nextWeek = try await AdviceReminders.sendDue(today: CalendarDate.today().adding(days: 7), on: app.db)
        XCTAssertEqual(nextWeek.emailed, 1, "weekly until the advice arrives")
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == health.email).count(), 2)

        // The adviser sends a document with no text: checked by content, stored privately.
        let adviser = TestClient(app)
        try await adviser.signIn(as: .healthProfessional)
        try await adviser.get(path)
        let answerPath = path + "/advice/\(advice.id!)"
        let fake = try await adviser.postFile(answerPath, fields: ["advice": ""], fileField: "file", filename: "report.pdf", bytes: Array("<html>".utf8))
        XCTAssertEqual(fake.status, .unprocessableEntity)
        XCTAssertTrue(fake.body.contains("href=\"#advice-\(advice.id!)-file\">The file must be a PDF, JPEG or PNG"), fake.body)
        let nothing = try await adviser.postFile(answerPath, fields: ["advice": " "], fileField: "file", filename: "", bytes: [])
        XCTAssertTrue(nothing.body.contains("Enter your advice or attach it as a file"))
        let pdf = Array("%PDF-1.4\n%âãÏÓ\n1 0 obj\n".utf8)
        let sent = try await adviser.postFile(answerPath, fields: ["advice": ""], fileField: "file", filename: "medical-advice.pdf", bytes: pdf)
        XCTAssertEqual(sent.status, .seeOther, sent.body)
        let stored = try await EHCAdviceRequest.find(advice.id, on: app.db)!
        XCTAssertEqual(stored.receivedOn, CalendarDate.today())
        XCTAssertEqual(stored.fileContentType, "application/pdf")
        XCTAssertEqual(stored.fileOriginalName, "medical-advice.pdf")
        XCTAssertEqual(FileManager.default.contents(atPath: app.continuumConfiguration.dataDirectory + "/uploads/" + stored.fileStoredName!).map { Array($0) }, pdf)

        page = try await caseworker.get(path).body
        XCTAssertTrue(page.contains("Download the advice document (medical-advice.pdf, 1 KB)"))
        let download = try await caseworker.get(answerPath + "/file")
        XCTAssertEqual(download.status, .ok)
        XCTAssertEqual(download.headers.first(name: .contentType), "application/pdf")
        XCTAssertTrue(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
        assertEqual(try await adviser.get(answerPath + "/file").status, .ok, "the adviser can open what they sent")
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        assertEqual(try await school.get(answerPath + "/file").status, .notFound)
        let neighbour = TestClient(app)
        _ = try await neighbour.signIn(TestWorld.neighbourCaseworker)
        assertEqual(try await neighbour.get(answerPath + "/file").status, .notFound)
        let actions = try await AuditEvent.query(on: app.db).filter(\.$entityID == item.id!.uuidString).all().map(\.action)
        for action in ["ehc.remind", "ehc.advice_received", "ehc.advice_file.downloaded"] { XCTAssertTrue(actions.contains(action), "audited: \(action)") }
        assertNil(try await AuditLog.verify(on: app.db).firstBad)
    }

    func testTheNamedSchoolIsConsultedWithFifteenDaysToRespondAndAReasonIsNeededToDecline() async throws {
        let item = try await makeCase(stage: .draftIssued, requestedDaysAgo: 100) { $0.draftServedOn = CalendarDate.today().adding(days: -5) }
        let path = "/ehc/\(item.id!)"
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get(path)
        let consulted = CalendarDate.today().adding(days: -4)
        let early = try await caseworker.post(path + "/consult", ["version": "1", "institution": "Oak Hill School", "on": CalendarDate.today().adding(days: -9).description])
        XCTAssertEqual(early.status, .unprocessableEntity)
        XCTAssertTrue(early.body.contains("href=\"#consult-on\""), "not before the draft was sent")
        assertEqual(try await caseworker.post(path + "/consult", ["version": "1", "institution": "Oak Hill School", "on": consulted.description]).status, .seeOther)
        var page = try await caseworker.get(path).body
        XCTAssertTrue(page.contains("Schools and colleges consulted"))
        // Code of Practice 9.78: 15 days beginning with the day consulted.
        XCTAssertTrue(page.contains(consulted.adding(days: 14).longFormat))
        let consultation = try await EHCConsultation.query(on: app.db).filter(\.$ehcCase.$id == item.id!).first()!
        let noReason = try await caseworker.post(path + "/consult-reply", ["version": "2", "consultation": consultation.id!.uuidString, "response": "decline",
                                                                          "on": CalendarDate.today().description])
        XCTAssertEqual(noReason.status, .unprocessableEntity)
        XCTAssertTrue(noReason.body.contains("href=\"#consult-reply-responseNotes\""))
        let replied = try await caseworker.post(path + "/consult-reply", ["version": "2", "consultation": consultation.id!.uuidString, "response": "decline",
                                                                         "responseNotes": "No places in year 7", "on": CalendarDate.today().description])
        XCTAssertEqual(replied.status, .seeOther, replied.body)
        page = try await caseworker.get(path).body
        XCTAssertTrue(page.contains("No places in year 7"))
        XCTAssertTrue(page.contains("Oak Hill School responded to the consultation: it says it cannot meet the child"))
        assertEqual(try await EHCConsultation.find(consultation.id, on: app.db)?.response, .decline)

        // Comments that came by post are recorded with the day they arrived, not the day typed in.
        let tooEarly = try await caseworker.post(path + "/comments", ["comments": "We want Oak Hill.", "on": CalendarDate.today().adding(days: -6).description])
        XCTAssertTrue(tooEarly.body.contains("href=\"#comments-on\""), "not before the draft was sent")
        let arrived = CalendarDate.today().adding(days: -2)
        assertEqual(try await caseworker.post(path + "/comments", ["comments": "We want Oak Hill.", "preferredSchool": "Oak Hill School", "on": arrived.description]).status, .seeOther)
        let event = try await EHCCaseEvent.query(on: app.db).filter(\.$ehcCase.$id == item.id!).filter(\.$summary ~~ "comments on the draft").first()
        XCTAssertEqual(event?.happenedOn, arrived)
        assertEqual(try await EHCCase.find(item.id, on: app.db)?.preferredSchool, "Oak Hill School")
    }

    func testReassessmentRunsAFourteenWeekClockReplacesThePlanAndStaysOutOfTheTwentyWeekMeasure() async throws {
        let item = try await makePlan(issuedDaysAgo: 360)
        let path = "/ehc/\(item.id!)"
        let year = CalendarDate.today().year
        let before = try await EHCTimelinessQuery.summary(authorityID: item.$authority.id, year: year, on: app.db)
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get(path)
        let decided = CalendarDate.today().adding(days: -20)
        let missing = try await caseworker.post(path + "/reassess", ["version": "1", "reasons": "Needs have changed", "on": decided.description])
        XCTAssertTrue(missing.body.contains("href=\"#reassess-requester\""))
        let started = try await caseworker.post(path + "/reassess", ["version": "1", "requester": "parent", "reasons": "Needs have changed", "on": decided.description])
        XCTAssertEqual(started.status, .seeOther, started.body)
        let fresh = try await EHCCase.query(on: app.db).filter(\.$previousCaseID == item.id!).first()!
        XCTAssertEqual(started.location, "/ehc/\(fresh.id!)?done=reassess")
        XCTAssertEqual(fresh.kind, .reassessment)
        XCTAssertEqual(fresh.stage, .assessing)
        var page = try await caseworker.get("/ehc/\(fresh.id!)").body
        XCTAssertTrue(page.contains("EHC re-assessment"))
        // SEND Regulations 2014 reg 27(2): 14 weeks from deciding to re-assess.
        XCTAssertTrue(page.contains("Amended or replacement plan (14 weeks from deciding to re-assess, reg 27(2))"))
        XCTAssertTrue(page.contains(decided.adding(days: 98).longFormat))
        XCTAssertFalse(page.contains("Decision whether to assess (6 weeks"))
        try await caseworker.get(path)
        let twice = try await caseworker.post(path + "/reassess", ["version": "2", "requester": "school", "reasons": "Again", "on": CalendarDate.today().description])
        XCTAssertTrue(twice.body.contains("A re-assessment of this plan is already under way"))
        XCTAssertTrue(twice.body.contains("Open the re-assessment"))

        let freshPath = "/ehc/\(fresh.id!)"
        try await caseworker.get(freshPath)
        assertEqual(try await caseworker.post(freshPath + "/draft", ["version": "1", "sectionB": "Social, emotional and mental health needs.", "need1": "Anxiety",
                                                                   "outcome1": "Attends a full timetable", "provision1": "Key adult daily", "on": CalendarDate.today().description]).status, .seeOther)
        let final = try await caseworker.post(freshPath + "/final", ["version": "2", "placement": "Severn Academy", "on": CalendarDate.today().description, "waived": "yes"])
        XCTAssertEqual(final.status, .seeOther, final.body)
        page = try await caseworker.get(freshPath).body
        XCTAssertTrue(page.contains("within 14 weeks of deciding to re-assess"))
        assertEqual(try await EHCCase.find(item.id, on: app.db)?.stage, .replaced)
        assertTrue(try await caseworker.get(path).body.contains("This plan was replaced by the plan issued on"))
        let after = try await EHCTimelinessQuery.summary(authorityID: item.$authority.id, year: year, on: app.db)
        XCTAssertEqual(after.plansIssued, before.plansIssued, "a re-assessment is not a new plan in the 20-week measure")
    }

    func testAnArrangedReviewShowsTheRegulation20DatesAndAnAmendmentRunsToTheDevonLimit() async throws {
        let item = try await makePlan(issuedDaysAgo: 340)
        let path = "/ehc/\(item.id!)"
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get(path)
        let meeting = CalendarDate.today().adding(days: 20)
        let arranged = try await caseworker.post(path + "/schedule-review", ["version": "1", "meetingOn": meeting.description])
        XCTAssertEqual(arranged.status, .seeOther, arranged.body)
        var page = try await caseworker.get(path).body
        XCTAssertTrue(page.contains("Invitations with two weeks&#39; notice") || page.contains("Invitations with two weeks' notice"))
        XCTAssertTrue(page.contains(meeting.adding(days: -14).longFormat), "notice and advice by the meeting − 14 days")
        XCTAssertTrue(page.contains(meeting.adding(days: 28).longFormat), "decision within 4 weeks of the meeting")
        XCTAssertTrue(page.contains("Hold the review meeting on \(meeting.longFormat)"))
        let future = try await caseworker.post(path + "/review", ["version": "2", "meetingOn": meeting.description, "outcome": "amend", "on": CalendarDate.today().description])
        XCTAssertTrue(future.body.contains("href=\"#review-meetingOn\""), "a review can't be recorded before its meeting")

        // A meeting held 10 days ago, amendments proposed today: final amended plan by the earlier of +8 weeks and meeting +12 weeks.
        let held = CalendarDate.today().adding(days: -10)
        let amended = try await caseworker.post(path + "/review", ["version": "2", "meetingOn": held.description, "outcome": "amend", "on": CalendarDate.today().description])
        XCTAssertEqual(amended.status, .seeOther, amended.body)
        page = try await caseworker.get(path).body
        XCTAssertTrue(page.contains("Final amended plan (8 weeks from the proposed amendments"))
        XCTAssertTrue(page.contains(CalendarDate.today().adding(days: 56).longFormat))
        assertEqual(try await EHCCase.find(item.id, on: app.db)?.stage, .amendmentProposed)
    }

    func testReviewFixes_FarFutureDatesAreRefusedAndAPlanCanBeReassessedAgainAfterANotIssue() async throws {
        let item = try await makePlan(issuedDaysAgo: 340)
        let path = "/ehc/\(item.id!)"
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        try await caseworker.get(path)
        let far = try await caseworker.post(path + "/schedule-review", ["version": "1", "meetingOn": "2150-12-31"])
        XCTAssertEqual(far.status, .unprocessableEntity, "refused, not a crash")
        XCTAssertTrue(far.body.contains("must be within the next two years"))
        assertEqual(try await caseworker.post(path + "/reassess", ["version": "1", "requester": "council", "reasons": "Needs changed", "on": CalendarDate.today().adding(days: -30).description]).status, .seeOther)
        let first = try await EHCCase.query(on: app.db).filter(\.$previousCaseID == item.id!).first()!
        try await caseworker.get("/ehc/\(first.id!)")
        assertFalse(try await caseworker.get("/ehc/\(first.id!)").body.contains("Read the decision letter"), "no assessment letter for a re-assessment")
        assertEqual(try await caseworker.post("/ehc/\(first.id!)/not-issue", ["version": "1", "reasons": "The plan still meets the needs", "on": CalendarDate.today().adding(days: -5).description]).status, .seeOther)
        try await caseworker.get(path)
        let again = try await caseworker.post(path + "/reassess", ["version": "2", "requester": "parent", "reasons": "Needs changed again", "on": CalendarDate.today().description])
        XCTAssertEqual(again.status, .seeOther, again.body)
        assertEqual(try await EHCCase.query(on: app.db).filter(\.$previousCaseID == item.id!).count(), 2)
        let dashboard = try await caseworker.get("/ehc").body
        XCTAssertTrue(dashboard.contains("Re-assessments under way (14-week clock, reg 27)"))
    }

    func testSEN2ReportsAReplacedPlansCessationFromTheLastPlanInTheChain() async throws {
        let census = CalendarDate(year: 2012, month: 1, day: 19)
        let item = try await makeCase(stage: .replaced, requestedDaysAgo: 0) {
            $0.requestedOn = CalendarDate(iso: "2011-01-10")!; $0.decisionOn = CalendarDate(iso: "2011-02-10")!; $0.finalIssuedOn = CalendarDate(iso: "2011-05-20")!; $0.assessmentClosedOn = CalendarDate(iso: "2011-05-20")!; $0.ceasedOn = CalendarDate(iso: "2011-10-01")!
        }
        let fresh = EHCCase(authorityID: item.$authority.id, childID: item.$child.id, upn: item.upn, requestedOn: CalendarDate(year: 2011, month: 7, day: 1),
                            requester: .council, requesterName: nil, summary: "re-assessment")
        fresh.kindRaw = EHCCaseKind.reassessment.rawValue; fresh.previousCaseID = item.id; fresh.stageRaw = EHCStage.ceased.rawValue
        fresh.decisionOn = CalendarDate(iso: "2011-07-01")!; fresh.finalIssuedOn = CalendarDate(iso: "2011-10-01")!; fresh.ceasedOn = CalendarDate(iso: "2011-12-15")!; fresh.ceaseReason = SEN2CeaseReason.allCases.first!.rawValue
        try await fresh.create(on: app.db)
        let (persons, _) = try await SEN2ExportCommand.persons(authorityID: item.$authority.id, census: census, on: app.db)
        let person = try XCTUnwrap(persons.first { $0.requests.contains { $0.received == CalendarDate(year: 2011, month: 1, day: 10) } })
        XCTAssertEqual(person.requests.count, 1, "the re-assessment is not a new request")
        let plan = try XCTUnwrap(person.requests[0].plan)
        XCTAssertEqual(plan.startDate, CalendarDate(year: 2011, month: 5, day: 20))
        XCTAssertEqual(plan.ceaseDate, CalendarDate(year: 2011, month: 12, day: 15), "the chain's last plan ceased, not the day it was replaced")
        XCTAssertEqual(plan.ceaseReason, SEN2CeaseReason.allCases.first)
        XCTAssertNil(person.activePlan, "no plan in force on the census date")
    }

    // SEND Regulations 2014 reg 18(1)(b): a Year 6 child's plan is amended before 15 February of the year they move.
    func testAYearSixChildsPlanShowsThePhaseTransferDate() async throws {
        let today = CalendarDate.today()
        let busy = Set(try await EHCCase.query(on: app.db).filter(\.$child.$id != nil).all().compactMap { $0.$child.id })
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let children = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).all()
        let child = try XCTUnwrap(children.first { !busy.contains($0.id!) && AgeAndStage.yearGroup(dateOfBirth: $0.dateOfBirth, on: today) == 6 })
        let item = EHCCase(authorityID: child.$authority.id, childID: child.id, upn: child.upn, requestedOn: today.adding(days: -500), requester: .school,
                           requesterName: "SENCO", summary: "Year 6")
        item.stageRaw = EHCStage.finalIssued.rawValue; item.finalIssuedOn = today.adding(days: -300)
        try await item.create(on: app.db)
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let page = try await caseworker.get("/ehc/\(item.id!)").body
        let due = PhaseTransfer(kind: .secondary, year: today.academicYearStart + 1)!.lastCompliantDay()
        XCTAssertEqual(due.month, 2)
        XCTAssertEqual(due.day, 14)
        XCTAssertTrue(page.contains("Phase transfer: plan amended to name the secondary school"))
        XCTAssertTrue(page.contains(due.longFormat))
        // This school year's review, ending with the plan in force, marks it done (no red "Overdue" left for the family).
        let reviewed = try await caseworker.post("/ehc/\(item.id!)/review", ["version": "1", "meetingOn": today.adding(days: -10).description, "outcome": "keep",
                                                                           "on": today.description])
        XCTAssertEqual(reviewed.status, .seeOther, reviewed.body)
        let after = try await caseworker.get("/ehc/\(item.id!)").body
        let row = try XCTUnwrap(after.components(separatedBy: "<tr").first { $0.contains("Phase transfer") })
        XCTAssertTrue(row.contains("Done \(today.longFormat)"), row)
    }
}

