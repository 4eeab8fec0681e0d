import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 16 part 1: a survey built by staff, sent after the final plan, answered once through its link
/// without an account, and counted in the results and the JSON report with small-number suppression.
final class SurveyTests: XCTestCase {
    private func surveyID(from location: String?) throws -> UUID {
        let id = try XCTUnwrap(location?.split(separator: "/").last.flatMap { UUID(uuidString: String($0)) }, "redirected to the new survey: \(location ?? "")")
        return id
    }

    func testAParentAnswersOnceAfterTheFinalPlanAndTheAnswerIsCountedSuppressed() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let laCode = try await Authority.find(authorityID, on: app.db)!.laCode
        let staff = TestClient(app)
        try await staff.signIn(as: .caseworker)
        assertEqual(try await staff.get("/surveys").status, .ok)

        // Bad input: the error summary, nothing saved.
        let empty = try await staff.post("/surveys", [:])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("govuk-error-summary"), empty.body)
        XCTAssertTrue(empty.body.contains("href=\"#title\">Enter the survey"), empty.body)
        let created = try await staff.post("/surveys", ["title": "After the final plan", "audience": "parent_carer", "trigger": "after_final_plan", "delay": "14"])
        XCTAssertEqual(created.status, .seeOther, created.body)
        let id = try surveyID(from: created.location)
        assertEqual(try await staff.get("/surveys/\(id)").status, .ok)
        let refused = try await staff.post("/surveys/\(id)/publish", [:])
        XCTAssertEqual(refused.status, .unprocessableEntity, "no questions yet")
        XCTAssertTrue(refused.body.contains("Add at least one question before publishing"), refused.body)
        let badQuestion = try await staff.post("/surveys/\(id)/questions", ["code": "kept-informed", "text": "Which?", "type": "choice", "options": "Only one"])
        XCTAssertEqual(badQuestion.status, .unprocessableEntity)
        XCTAssertTrue(badQuestion.body.contains("Enter at least two options, one on each line"), badQuestion.body)
        assertEqual(try await staff.post("/surveys/\(id)/questions", ["code": "kept-informed", "text": "I was kept informed", "type": "scale"]).status, .seeOther)
        assertEqual(try await staff.post("/surveys/\(id)/questions", ["code": "say", "text": "Anything else?", "type": "text"]).status, .seeOther)
        assertEqual(try await staff.post("/surveys/\(id)/publish", [:]).status, .seeOther)
        let survey = try await Survey.find(id, on: app.db)!
        XCTAssertEqual(survey.status, .open)
        XCTAssertEqual(survey.publishedVersion, 1)
        let frozen = try await staff.post("/surveys/\(id)/questions", ["code": "late", "text": "Late", "type": "text"])
        XCTAssertEqual(frozen.status, .unprocessableEntity, "a published version's questions never change")

        // A plan made final 14 days ago, for a child whose parent has an email address.
        let ehcCase = try await EHCCase.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$child.$id != nil).first()!
        ehcCase.finalIssuedOn = CalendarDate.today().adding(days: -14)
        try await ehcCase.save(on: app.db)
        let parent = Person(authorityID: authorityID, name: "Sam Surveyparent", kind: .parentCarer, email: "sam.surveyparent@example.org")
        try await parent.create(on: app.db)
        try await ChildRelationship(childID: ehcCase.$child.id!, personID: parent.id!, kind: .parentCarer, description: "Parent", consentToShare: true).create(on: app.db)

        let run = try await SurveysCommand.run(["send", "--la-code", laCode], app: app)
        XCTAssertEqual(run.status, 0, run.stderr)
        let emails = try await OutboxMessage.query(on: app.db).filter(\.$to == "sam.surveyparent@example.org").filter(\.$subject == "Tell the council how it went: After the final plan").all()
        XCTAssertEqual(emails.count, 1, run.stdout)
        XCTAssertFalse(emails[0].body.contains(ehcCase.$child.id!.uuidString), "the email says nothing of the case")
        _ = try await SurveysCommand.run(["send", "--la-code", laCode], app: app)
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == "sam.surveyparent@example.org").filter(\.$subject == "Tell the council how it went: After the final plan").count(), 1, "once per stage reached")
        let invitation = try await SurveyInvitation.query(on: app.db).filter(\.$survey.$id == id).filter(\.$caseID == ehcCase.id!).first()!
        XCTAssertTrue(emails[0].body.contains(EHCRequestLinks.surveyPlaceholder(for: invitation.id!)), "the link is written in only as the email leaves")
        XCTAssertTrue(app.ehcRequestLinks.expand(emails[0].body).contains(app.ehcRequestLinks.surveyURL(for: invitation.id!)))
        XCTAssertNotEqual(invitation.tokenHash, app.ehcRequestLinks.surveyToken(for: invitation.id!), "only the token's hash is stored")
        let token = app.ehcRequestLinks.surveyToken(for: invitation.id!)

        // The parent answers without an account.
        let family = PeerClient(app, peer: "192.0.2.61")
        let form = try await family.send(.GET, "/survey/\(token)")
        XCTAssertEqual(form.status, .ok, form.body)
        XCTAssertTrue(form.body.contains("I was kept informed"))
        XCTAssertFalse(form.body.contains("Surveyparent"), "the page names no one")
        let nothing = try await family.send(.POST, "/survey/\(token)", form: ["_csrf": TestClient.csrfToken(in: form.body)!])
        XCTAssertEqual(nothing.status, .unprocessableEntity)
        XCTAssertTrue(nothing.body.contains("Answer at least one question before sending your answers"), nothing.body)
        let badScale = try await family.send(.POST, "/survey/\(token)", form: ["_csrf": TestClient.csrfToken(in: form.body)!, "q-kept-informed": "9"])
        XCTAssertEqual(badScale.status, .unprocessableEntity)
        let answered = try await family.send(.POST, "/survey/\(token)", form: ["_csrf": TestClient.csrfToken(in: form.body)!, "q-kept-informed": "4", "q-say": "The letters came late"])
        XCTAssertEqual(answered.status, .seeOther, answered.body)
        let again = try await family.send(.POST, "/survey/\(token)", form: ["_csrf": TestClient.csrfToken(in: form.body)!, "q-kept-informed": "1"])
        XCTAssertEqual(again.status, .gone, "a link is used once")
        XCTAssertTrue(again.body.contains("This survey link has already been used"))
        assertEqual(try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == id).count(), 1)
        let response = try await SurveyResponse.query(on: app.db).filter(\.$survey.$id == id).first()!
        XCTAssertNil(response.caseID, "without agreement to be contacted the answer is not joined to the case")
        XCTAssertEqual(response.stage, "after_final_plan")
        XCTAssertEqual(response.service, "ehc")
        assertEqual(try await family.send(.GET, "/survey/\(String(repeating: "a", count: 43))").status, .notFound)

        // The results: one response is "<10" everywhere; the words are never shown.
        let results = try await staff.get("/surveys/\(id)/results")
        XCTAssertEqual(results.status, .ok)
        XCTAssertFalse(results.body.contains("The letters came late"))
        XCTAssertTrue(results.body.contains("&lt;10"), results.body)
        let member = TestClient(app)
        try await member.signIn(as: .electedMember)
        assertEqual(try await member.get("/surveys/\(id)/results").status, .ok)
        assertEqual(try await member.get("/surveys/\(id)").status, .notFound, "members see aggregates, not the survey's workings")

        // The report: numbers or "<10" as strings, free text by theme only.
        let report = try await SurveyResultsReportCommand.run(["--survey", survey.slug, "--format", "json", "--la-code", laCode], app: app)
        XCTAssertEqual(report.status, 0, report.stderr)
        let parsed = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(parsed.count, 1)
        XCTAssertEqual(parsed[0]["survey"] as? String, survey.slug)
        let sentCount = try await SurveyInvitation.query(on: app.db).filter(\.$survey.$id == id).count()
        XCTAssertEqual(parsed[0]["sent"] as? Int, sentCount)
        XCTAssertEqual(parsed[0]["responses"] as? Int, 1)
        let questions = parsed[0]["questions"] as! [[String: Any]]
        XCTAssertEqual(questions.map { $0["id"] as? String }, ["kept-informed", "say"])
        XCTAssertEqual(questions[0]["total"] as? String, "<10")
        XCTAssertEqual(questions[0]["counts"] as? [String: String], ["1": "0", "2": "0", "3": "0", "4": "<10", "5": "0"])
        XCTAssertEqual(questions[1]["type"] as? String, "text")
        XCTAssertFalse(report.stdout.contains("letters"))
        let usage = try await SurveyResultsReportCommand.run(["--format", "json"], app: app)
        XCTAssertEqual(usage.status, 2)
        try await app.asyncShutdown()
    }

    /// Ten or more answers show their counts; one small cell takes a second with it.
    func testResultsShowCountsFromTenWithTheSecondCellHidden() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let survey = Survey()
        survey.$authority.id = authorityID; survey.slug = "counted"; survey.title = "Counted"; survey.audienceRaw = "parent_carer"
        survey.triggerRaw = "manual"; survey.delayDays = 0; survey.statusRaw = "open"; survey.publishedVersion = 1; survey.createdBy = "test"
        try await survey.create(on: app.db)
        let version = SurveyVersion()
        version.$survey.id = survey.id!; version.version = 1; version.publishedOn = CalendarDate.today()
        version.questionsJSON = SurveyVersion.encode([SurveyQuestion(code: "helped", text: "It helped", type: .scale)])
        try await version.create(on: app.db)
        // 12 "5", 11 "4", 3 "2": 26 answered.
        for (value, n) in [("5", 12), ("4", 11), ("2", 3)] {
            for _ in 0..<n {
                let response = SurveyResponse()
                response.$authority.id = authorityID; response.$survey.id = survey.id!; response.version = 1; response.stage = "manual:parent_carer_forum"
                response.service = "general"; response.submittedOn = CalendarDate(year: 2026, month: 5, day: 1); response.consentToContact = false
                try await response.create(on: app.db)
                let answer = SurveyAnswerRecord()
                answer.belongs(to: response); answer.question = "helped"; answer.value = value
                try await answer.create(on: app.db)
            }
        }
        let data = try await SurveyResultsQuery.load(survey, db: app.db)
        XCTAssertEqual(data.responses, 26)
        XCTAssertEqual(data.quarters.map(\.quarter), ["2026 Q2"])
        XCTAssertEqual(data.quarters.first?.agree, 23)
        let json = SurveyResultsReportCommand.json(data, policy: SmallNumberSuppression())
        XCTAssertTrue(json.contains("\"total\":\"26\",\"counts\":{\"1\":\"0\",\"2\":\"<10\",\"3\":\"0\",\"4\":\"<10\",\"5\":\"12\"}"), json)
        let staff = TestClient(app)
        try await staff.signIn(as: .caseworker)
        let page = try await staff.get("/surveys/\(survey.id!)/results")
        XCTAssertTrue(page.body.contains("2026 Q2"), page.body)
        XCTAssertTrue(page.body.contains("88%"), "23 of 26 agree")
        try await app.asyncShutdown()
    }

    /// Themes turn free text into counts; "you said, we did" is published on a page anyone can read.
    func testCodingAndYouSaidWeDid() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let laCode = try await Authority.find(authorityID, on: app.db)!.laCode
        let staff = TestClient(app)
        try await staff.signIn(as: .caseworker)
        assertEqual(try await staff.post("/surveys/themes", ["label": "Letters"]).status, .seeOther)
        let duplicate = try await staff.post("/surveys/themes", ["label": "letters"])
        XCTAssertEqual(duplicate.status, .unprocessableEntity)
        let noAnswer = try await staff.post("/surveys/coding", [:])
        XCTAssertEqual(noAnswer.status, .unprocessableEntity)
        XCTAssertTrue(noAnswer.body.contains("govuk-error-summary"))
        let missing = try await staff.post("/surveys/you-said-we-did", ["you-said": "Letters came late", "we-did": "", "status": "done"])
        XCTAssertEqual(missing.status, .unprocessableEntity)
        XCTAssertTrue(missing.body.contains("Enter what the council did or will do"), missing.body)
        let theme = try await FeedbackThemeRecord.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$label == "Letters").first()!
        let added = try await staff.post("/surveys/you-said-we-did", ["theme": theme.id!.uuidString, "you-said": "Letters came late", "we-did": "Letters now go by email the same day",
                                                                       "status": "done", "no-personal-data": "yes"])
        XCTAssertEqual(added.status, .seeOther, added.body)
        let anyone = TestClient(app)
        let page = try await anyone.get("/you-said-we-did/\(laCode)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Letters now go by email the same day"), page.body)
        assertEqual(try await anyone.get("/you-said-we-did/999").status, .notFound)
        try await app.asyncShutdown()
    }
    /// TRAIN-5: the evaluation goes to each delegate marked attended, the day after the session, once.
    func testTheTrainingEvaluationGoesToDelegatesWhoAttended() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let laCode = try await Authority.find(authorityID, on: app.db)!.laCode
        // The demo's evaluation survey: sent the day after a session attended.
        let survey = try await Survey.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$slug == "training-evaluation").first()!
        XCTAssertEqual(survey.trigger, .afterTraining)
        XCTAssertEqual(survey.delayDays, 1)
        let course = TrainingCourse()
        course.$authority.id = authorityID; course.academicYear = CalendarDate.today().academicYearStart; course.code = "AUT-1"
        course.title = "Autism in the classroom"; course.kindRaw = "course"; course.areaRaw = TrainingArea.autism.rawValue; course.audienceRaw = "senco"
        course.lengthMinutes = 120; course.pricePence = 0; course.provider = "la"
        try await course.create(on: app.db)
        let session = TrainingSession()
        session.$authority.id = authorityID; session.$course.id = course.id!; session.date = CalendarDate.today().adding(days: -1)
        session.bookingDeadline = CalendarDate.today().adding(days: -5); session.startsAt = 570; session.endsAt = 690; session.capacity = 20; session.status = "scheduled"
        try await session.create(on: app.db)
        let school = try await Establishment.query(on: app.db).sort(\.$urn).first()!
        for (name, email, status) in [("Ada Attended", "ada@school.example.org", TrainingBookingStatus.attended), ("Nora Noshow", "nora@school.example.org", .noShow)] {
            let booking = TrainingBooking()
            booking.$authority.id = authorityID; booking.$session.id = session.id!; booking.$school.id = school.id!; booking.schoolURN = school.urn
            booking.delegateName = name; booking.delegateKey = email; booking.delegateRole = "senco"; booking.delegateEmail = email
            booking.bookedByUserID = UUID(); booking.bookedByEmail = "senco@example.org"; booking.bookedOn = CalendarDate.today().adding(days: -10)
            booking.statusRaw = status.rawValue; booking.buyerRaw = "maintained"; booking.chargePence = 0; booking.version = 1
            try await booking.create(on: app.db)
        }
        let run = try await SurveysCommand.run(["send", "--la-code", laCode], app: app)
        XCTAssertEqual(run.status, 0, run.stderr)
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == "ada@school.example.org").count(), 1)
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == "nora@school.example.org").count(), 0, "a no-show is not asked")
        let invitation = try await SurveyInvitation.query(on: app.db).filter(\.$survey.$id == survey.id!).filter(\.$sentOn == CalendarDate.today()).first()!
        XCTAssertNil(invitation.caseID, "a training booking is not a child's case")
        XCTAssertEqual(invitation.stage, "after_training")
        _ = try await SurveysCommand.run(["send", "--la-code", laCode], app: app)
        assertEqual(try await OutboxMessage.query(on: app.db).filter(\.$to == "ada@school.example.org").count(), 1, "sent once")
        try await app.asyncShutdown()
    }
}
