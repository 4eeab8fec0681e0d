import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain
import GOVUK

/// Issue 12 item 3: the pages on which an administrator sets what the demo seeder used to.
final class CouncilSettingsTests: XCTestCase {
    /// The message is in the error summary (linked to its field) and beside the field.
    func assertError(_ body: String, _ field: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = Escape.text(message)
        XCTAssertTrue(body.contains("href=\"#\(field)\">\(text)"), "error summary links \(field) to: \(message)", file: file, line: line)
        XCTAssertTrue(body.contains("Error:</span> \(text)"), "inline error for \(field): \(message)", file: file, line: line)
    }

    func admin(_ app: Application) async throws -> TestClient {
        let client = TestClient(app)
        try await client.signIn(as: .administrator)
        return client
    }

    func testEveryPageRendersForAnAdministratorAndOnlyForThem() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let base = try await TeachingBase.query(on: app.db).filter(\.$authority.$id == authorityID).first()!
        let staff = try await StaffMember.query(on: app.db).filter(\.$authority.$id == authorityID).first()!
        let profile = try await CaseworkerProfile.query(on: app.db).filter(\.$authorityID == authorityID).first()!
        for path in ["/admin/authority", "/admin/authority/thresholds", "/admin/term-dates", "/admin/bases", "/admin/met-staff", "/admin/caseworkers",
                     "/admin/bases/\(base.id!)", "/admin/met-staff/\(staff.id!)", "/admin/caseworkers/\(profile.id!)"] {
            let page = try await admin.get(path)
            XCTAssertEqual(page.status, .ok, path)
            XCTAssertTrue(page.body.contains("<h1"), path)
            XCTAssertTrue(page.body.contains("name=\"_csrf\""), "\(path) has a form")
        }
        let settings = try await admin.get("/admin/authority").body
        for link in ["/admin/authority/thresholds", "/admin/term-dates", "/admin/bases", "/admin/met-staff", "/admin/caseworkers"] {
            XCTAssertTrue(settings.contains("href=\"\(link)\""), "council settings links to \(link)")
        }
        assertTrue(try await admin.get("/admin/term-dates").body.contains("<caption class=\"govuk-table__caption govuk-table__caption--m\">Term dates for"))
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        assertEqual(try await coordinator.get("/admin/bases").status, .notFound)
        assertEqual(try await coordinator.get("/admin/term-dates").status, .notFound)
        try await app.asyncShutdown()
    }

    func testAuthoritySettingsRefuseABadColourAndMailboxThenSaveAndAudit() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        try await admin.get("/admin/authority")
        let officer = "Jo Bright, 01905 000000"
        let bad = try await admin.post("/admin/authority", ["name": "Severn Vale Council", "headerColour": "#0b3b60;}body{", "namedOfficer": officer,
                                                            "safeguardingMailbox": "not an email", "evidencePolicy": "any_health_professional"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        assertError(bad.body, "headerColour", "Enter the header colour as # and six hex digits, like #0b3b60")
        assertError(bad.body, "safeguardingMailbox", "Enter the safeguarding mailbox as an email address, like safeguarding@council.gov.uk")
        XCTAssertTrue(bad.body.contains("value=\"not an email\""), "input kept")
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        assertEqual(try await Authority.find(authorityID, on: app.db)!.headerColour, "#0b3b60", "nothing saved")

        let good = try await admin.post("/admin/authority", ["name": "Severn Vale Council", "headerColour": "#112233", "namedOfficer": officer,
                                                             "safeguardingMailbox": "safe@severnvale.example", "evidencePolicy": "any_health_professional"])
        XCTAssertEqual(good.status, .seeOther)
        let saved = try await Authority.find(authorityID, on: app.db)!
        XCTAssertEqual(saved.name, "Severn Vale Council")
        XCTAssertEqual(saved.headerColour, "#112233")
        XCTAssertEqual(saved.safeguardingMailbox, "safe@severnvale.example")
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "authority.settings").all()
        XCTAssertTrue(audit.contains { $0.detail.contains("header_colour #0b3b60 -> #112233") && $0.detail.contains("safeguarding_mailbox safeguarding@severnvale.example -> safe@severnvale.example") })
        assertTrue(try await admin.get("/").body.contains("Severn Vale Council"), "the branding cache forgot the old name")
        try await app.asyncShutdown()
    }

    func testWithoutAMailboxNothingIsQueuedToTheCouncilAndThePageSaysSo() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let authority = try await Authority.find(authorityID, on: app.db)!
        authority.safeguardingMailbox = nil
        try await authority.save(on: app.db)
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let child = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).first()!
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let form = try await caseworker.get("/children/\(child.id!)/concerns/new")
        XCTAssertTrue(form.body.contains("The council has not set a safeguarding mailbox, so no email will go to the council"))
        assertEqual(try await caseworker.post("/children/\(child.id!)/concerns", ["concern": "Said they were frightened to go home."]).status, .seeOther)
        let outbox = try await OutboxMessage.query(on: app.db).all()
        XCTAssertEqual(Set(outbox.map(\.to)), [senco.email], "only the school's lead; nothing to a council mailbox")
        try await app.asyncShutdown()
    }

    func thresholdForm(_ overrides: [String: String]) -> [String: String] {
        var form: [String: String] = ["absenceTriggerDays": "15", "decisionSchoolDays": "5", "firstProvisionSchoolDays": "5", "reviewIntervalSchoolDays": "30", "longPlacementTerms": "4"]
        for stage in KeyStage.allCases { form[ThresholdsController.hoursField(stage)] = ThresholdsController.hoursText(ServiceTargets().fullTimeHours(for: stage)) }
        return form.merging(overrides) { $1 }
    }

    func testThresholdsAreValidatedAndTheRulesReadThem() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await admin.get("/admin/authority/thresholds")
        let bad = try await admin.post("/admin/authority/thresholds", thresholdForm(["decisionSchoolDays": "0", "hours_ks1": "21.3", "longPlacementTerms": "four"]))
        XCTAssertEqual(bad.status, .unprocessableEntity)
        assertError(bad.body, "decisionSchoolDays", "The decision target must be a whole number from 1 to 60")
        assertError(bad.body, "hours_ks1", "Full-time hours for key stage 1 must be from 1 to 32.5, in half hours, like 23.5")
        assertError(bad.body, "longPlacementTerms", "The long placement length must be a whole number from 1 to 12")
        XCTAssertTrue(bad.body.contains("value=\"21.3\""), "input kept")
        XCTAssertTrue(bad.body.contains("LOCAL configuration") && bad.body.contains("Documented default: 5 school days"))

        // A referral received four school days ago: not overdue at the default of 5, overdue at 3.
        let calendar = try await app.calendars.calendar(for: authorityID, on: app.db)
        let today = CalendarDate.today()
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).sort(\.$legalSurname, .descending).first()!
        let referral = DemoReferrals.referral(authorityID: authorityID, child: child, status: .received, reason: .hospitalTreatment,
                                              received: calendar.addingSchoolDays(-4, to: calendar.previousSchoolDay(onOrBefore: today)), decided: nil)
        try await referral.create(on: app.db)
        let before = try await admin.get("/referrals/\(referral.id!)").body
        XCTAssertTrue(before.contains("(target 5)") && !before.contains("Decision overdue"))

        assertEqual(try await admin.post("/admin/authority/thresholds", thresholdForm(["decisionSchoolDays": "3", "reviewIntervalSchoolDays": "10", "hours_ks4": "27.5"])).status, .seeOther)
        let settings = try await Authority.find(authorityID, on: app.db)!.targetSettings
        XCTAssertEqual(settings.decisionSchoolDays, 3)
        XCTAssertNil(settings.absenceTriggerDays, "a value equal to the default stays the default")
        XCTAssertEqual(settings.fullTimeHours, ["ks4": 27.5])
        let after = try await admin.get("/referrals/\(referral.id!)").body
        XCTAssertTrue(after.contains("Decision overdue") && after.contains("(target 3)"), "the decision clock reads the council's target")
        assertTrue(try await admin.get("/medical-education").body.contains("decisions overdue (target 3 school days)"))
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "authority.thresholds").first()!
        XCTAssertTrue(audit.detail.contains("decisionSchoolDays 5 -> 3") && audit.detail.contains("full_time_hours.ks4 25 -> 27.5"), audit.detail)

        // The next review after one is held is due the council's interval later.
        let accepted = try await Referral.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$status == ReferralStatus.accepted.rawValue).first()!
        let held = calendar.previousSchoolDay(onOrBefore: today)
        try await admin.get("/referrals/\(accepted.id!)")
        assertEqual(try await admin.post("/referrals/\(accepted.id!)/reviews", ["heldOn": held.description, "healthInput": "CAMHS: improving", "outcome": "Continue"]).status, .seeOther)
        let next = try await CaseReview.query(on: app.db).filter(\.$referral.$id == accepted.id!).filter(\.$heldOn == nil).sort(\.$dueOn, .descending).first()!
        XCTAssertEqual(next.dueOn, calendar.addingSchoolDays(10, to: calendar.nextSchoolDay(onOrAfter: held)))
        try await app.asyncShutdown()
    }

    func testTheAbsenceTriggerIsTheCouncils() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        try await admin.get("/admin/authority/thresholds")
        assertEqual(try await admin.post("/admin/authority/thresholds", thresholdForm(["absenceTriggerDays": "20"])).status, .seeOther)
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let pupil = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).sort(\.$legalSurname).first()!
        let calendar = try await app.calendars.calendar(for: pupil.$authority.id, on: app.db)
        let start = calendar.previousSchoolDay(onOrBefore: CalendarDate.today())
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        try await school.get("/children/\(pupil.id!)/sickness-notifications")
        func notify(_ days: Int) async throws -> String? {
            try await school.post("/children/\(pupil.id!)/sickness-notifications", ["firstDayAbsent": start.description, "returnKnown": "yes",
                                                                                   "expectedReturn": calendar.addingSchoolDays(days, to: start).description, "reason": "Surgery"]).location
        }
        // 15 school days reaches the default trigger, but not this council's 20.
        assertTrue(try await notify(15)?.hasSuffix("sent=noted") ?? false)
        assertTrue(try await notify(20)?.hasSuffix("sent=queued") ?? false)
        try await app.asyncShutdown()
    }

    func testTermDatesFormChecksAndAddingATermChangesTheSchoolCalendar() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let week = (CalendarDate(year: 2031, month: 9, day: 1), CalendarDate(year: 2031, month: 9, day: 5))
        // Beyond the demo terms, so counted as working days; loaded now so the cache holds it.
        assertEqual(try await app.calendars.calendar(for: authorityID, on: app.db).schoolDays(from: week.0, to: week.1), 5)
        try await admin.get("/admin/term-dates")
        let backwards = try await admin.post("/admin/term-dates", ["name": "Autumn term 2031", "kind": "term", "startsOn": "2031-12-19", "endsOn": "2031-09-08"])
        XCTAssertEqual(backwards.status, .unprocessableEntity)
        assertError(backwards.body, "endsOn", "The end date must be the same as or after the start date")
        XCTAssertTrue(backwards.body.contains("name=\"startsOn-day\" type=\"text\" inputmode=\"numeric\" value=\"19\""), "input kept, in the date boxes")
        let saturday = try await admin.post("/admin/term-dates", ["name": "INSET day", "kind": "inset", "startsOn": "2031-09-06", "endsOn": "2031-09-06"])
        assertError(saturday.body, "startsOn", "An INSET day must be a weekday; Saturday 6 September 2031 is a Saturday")

        assertEqual(try await admin.post("/admin/term-dates", ["name": "Autumn term 2031", "kind": "term", "startsOn": "2031-09-08", "endsOn": "2031-12-19"]).status, .seeOther)
        assertEqual(try await app.calendars.calendar(for: authorityID, on: app.db).schoolDays(from: week.0, to: week.1), 0,
                    "the week before the new term is now holiday, and the cache did not serve the old calendar")
        let overlap = try await admin.post("/admin/term-dates", ["name": "Clash", "kind": "term", "startsOn": "2031-12-01", "endsOn": "2032-01-10"])
        XCTAssertEqual(overlap.status, .unprocessableEntity)
        XCTAssertTrue(overlap.body.contains("These dates overlap Autumn term 2031"))
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "term_dates.added").count(), 1)

        // Deleting the term brings the working-day estimate back.
        let row = try await TermDate.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$name == "Autumn term 2031").first()!
        assertEqual(try await admin.post("/admin/term-dates/\(row.id!)/delete").status, .seeOther)
        assertEqual(try await app.calendars.calendar(for: authorityID, on: app.db).schoolDays(from: week.0, to: week.1), 5)
        // Another council's term dates can't be deleted from here.
        let neighbour = try await Authority.query(on: app.db).filter(\.$laCode == "887").first()!
        let theirs = TermDate(authorityID: neighbour.id!, kind: .inset, name: "INSET day", startsOn: CalendarDate(year: 2027, month: 1, day: 4), endsOn: CalendarDate(year: 2027, month: 1, day: 4))
        try await theirs.create(on: app.db)
        assertEqual(try await admin.post("/admin/term-dates/\(theirs.id!)/delete").status, .notFound)
        assertTrue(try await TermDate.find(theirs.id!, on: app.db) != nil, "still there")
        try await app.asyncShutdown()
    }

    func testATermDatesCSVWithABadLineIsRefusedWholeWithItsLineNumber() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let count = try await TermDate.query(on: app.db).filter(\.$authority.$id == authorityID).count()
        try await admin.get("/admin/term-dates")
        let bad = "kind,name,starts_on,ends_on\nterm,Autumn term 2032,2032-09-06,2032-12-17\nhalf_term,October break 2032,2032-10-25,2032-10-29\ninset,INSET day,2032-13-06,2032-13-06\n"
        let refused = try await admin.postFile("/admin/term-dates/import", fields: [:], fileField: "file", filename: "terms.csv", bytes: Array(bad.utf8))
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("Line 4: The start date date must be a real date") || refused.body.contains("Line 4: The start date must be a real date"), refused.body)
        XCTAssertTrue(refused.body.contains("href=\"#file\">The file has"))
        assertEqual(try await TermDate.query(on: app.db).filter(\.$authority.$id == authorityID).count(), count, "nothing saved")

        try await admin.get("/admin/term-dates")
        let good = bad.replacingOccurrences(of: "2032-13-06", with: "2032-09-06")
        assertEqual(try await admin.postFile("/admin/term-dates/import", fields: [:], fileField: "file", filename: "terms.csv", bytes: Array(good.utf8)).status, .seeOther)
        assertEqual(try await TermDate.query(on: app.db).filter(\.$authority.$id == authorityID).count(), count + 3)
        let calendar = try await app.calendars.calendar(for: authorityID, on: app.db)
        XCTAssertEqual(calendar.schoolDays(from: CalendarDate(year: 2032, month: 10, day: 25), to: CalendarDate(year: 2032, month: 10, day: 29)), 0, "the half term, whatever its name")
        XCTAssertFalse(calendar.isSchoolDay(CalendarDate(year: 2032, month: 9, day: 6)), "the INSET day")
        XCTAssertTrue(calendar.isSchoolDay(CalendarDate(year: 2032, month: 9, day: 7)))
        try await app.asyncShutdown()
    }

    func testBasesAreCheckedScopedAndAClosedBaseIsNotOffered() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await admin.get("/admin/bases")
        let bad = try await admin.post("/admin/bases", ["name": "Malvern", "address": "Medical Education Base, Church Street, Malvern", "postcode": "WR14 1ZZZ",
                                                        "capacity": "0", "opensOn": "2027-01-04", "closesOn": "2026-12-01"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        assertError(bad.body, "closesOn", "The date the base closes must be on or after 4 January 2027, when the base opens")
        assertError(bad.body, "postcode", Postcode.invalidMessage)
        assertError(bad.body, "capacity", "Capacity must be a whole number from 1 to 500")
        XCTAssertTrue(bad.body.contains("name=\"closesOn-day\" type=\"text\" inputmode=\"numeric\" value=\"1\"")
                      && bad.body.contains("name=\"closesOn-month\" type=\"text\" inputmode=\"numeric\" value=\"12\""), "input kept, in the date boxes")
        assertEqual(try await TeachingBase.query(on: app.db).filter(\.$name == "Malvern").count(), 0)

        assertEqual(try await admin.post("/admin/bases", ["name": "Malvern", "address": "Medical Education Base, Church Street, Malvern", "postcode": "wr14 1aa",
                                                          "capacity": "12", "opensOn": "2026-09-01"]).status, .seeOther)
        let malvern = try await TeachingBase.query(on: app.db).filter(\.$name == "Malvern").first()!
        XCTAssertEqual(malvern.postcode, "WR14 1AA")
        XCTAssertEqual(malvern.opensOn, CalendarDate(iso: "2026-09-01")!)
        assertTrue(try await admin.get("/admin/bases").body.contains(">Open</strong>"))

        // Another council's base is not found, to read or to change.
        let neighbour = try await Authority.query(on: app.db).filter(\.$laCode == "887").first()!
        let theirs = TeachingBase(authorityID: neighbour.id!, name: "Chatham", address: "Chatham", postcode: "ME4 4QU", capacity: 10)
        try await theirs.create(on: app.db)
        assertEqual(try await admin.get("/admin/bases/\(theirs.id!)").status, .notFound)
        assertEqual(try await admin.post("/admin/bases/\(theirs.id!)", ["name": "Mine now", "address": "x", "postcode": "ME4 4QU", "capacity": "5", "opensOn": "2026-01-05"]).status, .notFound)
        assertEqual(try await TeachingBase.find(theirs.id!, on: app.db)!.name, "Chatham")

        // A base closed yesterday is no longer offered when provision is arranged.
        let redditch = try await TeachingBase.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$name == "Redditch").first()!
        try await admin.get("/admin/bases/\(redditch.id!)")
        let yesterday = CalendarDate.today().adding(days: -1)
        assertEqual(try await admin.post("/admin/bases/\(redditch.id!)", ["name": "Redditch", "address": redditch.address, "postcode": redditch.postcode,
                                                                          "capacity": String(redditch.capacity), "opensOn": "2020-09-01", "closesOn": yesterday.description]).status, .seeOther)
        assertTrue(try await admin.get("/admin/bases").body.contains(">Closed</strong>"))
        let accepted = try await Referral.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$status == ReferralStatus.accepted.rawValue).first()!
        let page = try await admin.get("/referrals/\(accepted.id!)").body
        XCTAssertTrue(page.contains("value=\"\(malvern.id!.uuidString)\""), "an open base is offered")
        XCTAssertFalse(page.contains("value=\"\(redditch.id!.uuidString)\""), "a closed base is not")
        try await app.asyncShutdown()
    }

    func testStaffAreCheckedAndEndingThemHidesThemFromTheStaffPage() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        try await admin.get("/admin/met-staff")
        let bad = try await admin.post("/admin/met-staff", ["name": "Zed Testteacher", "kind": "supply", "fte": "0.5", "qts": "yes",
                                                            "userEmail": TestWorld.email(for: .caseworker), "startedOn": "2025-01-06"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        assertError(bad.body, "fte", "Supply bank staff have an FTE of 0")
        assertError(bad.body, "userEmail", "There is no active Medical Education teacher account with the email \(TestWorld.email(for: .caseworker)) in this council")
        XCTAssertTrue(bad.body.contains("value=\"Zed Testteacher\""), "input kept")
        assertEqual(try await admin.post("/admin/met-staff", ["name": "Zed Testteacher", "kind": "teacher", "fte": "0.5", "qts": "yes", "startedOn": "2025-01-06"]).status, .seeOther)
        let zed = try await StaffMember.query(on: app.db).filter(\.$name == "Zed Testteacher").first()!
        XCTAssertEqual(zed.fte, 0.5)
        XCTAssertEqual(zed.startedOn, CalendarDate(iso: "2025-01-06")!)
        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        assertTrue(try await coordinator.get("/medical-education/staff").body.contains("Zed Testteacher"))

        try await admin.get("/admin/met-staff/\(zed.id!)")
        let blank = try await admin.post("/admin/met-staff/\(zed.id!)/end", ["lastDay": ""])
        XCTAssertEqual(blank.status, .unprocessableEntity)
        assertError(blank.body, "lastDay", "Enter the date they leave")
        assertEqual(try await admin.post("/admin/met-staff/\(zed.id!)/end", ["lastDay": CalendarDate.today().adding(days: -1).description]).status, .seeOther)
        assertFalse(try await coordinator.get("/medical-education/staff").body.contains("Zed Testteacher"), "ended staff are not counted")
        let list = try await admin.get("/admin/met-staff").body
        XCTAssertTrue(list.contains("Staff who have left") && list.contains("Zed Testteacher"))
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "met_staff.ended").count(), 1)
        try await app.asyncShutdown()
    }

    func testCaseworkerProfilesAreCheckedAndAnEndedOneIsNotOfferedForAllocation() async throws {
        let app = try await TestWorld.makeApp()
        let admin = try await admin(app)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await admin.get("/admin/caseworkers")
        let notCaseworker = try await admin.post("/admin/caseworkers", ["userEmail": TestWorld.email(for: .finance), "name": "Frankie", "agency": "no", "trainee": "no",
                                                                        "fte": "1.0", "startedOn": "2024-04-01"])
        XCTAssertEqual(notCaseworker.status, .unprocessableEntity)
        assertError(notCaseworker.body, "userEmail", "There is no active caseworker account with the email \(TestWorld.email(for: .finance)) in this council")
        let twice = try await admin.post("/admin/caseworkers", ["userEmail": TestWorld.email(for: .caseworker), "name": "Casey", "agency": "no", "trainee": "maybe",
                                                                "fte": "1.5", "startedOn": "2024-04-01"])
        assertError(twice.body, "userEmail", "That account already has a caseworker profile (Casey Caseworker)")
        assertError(twice.body, "trainee", "Select whether they are a trainee")
        assertError(twice.body, "fte", "FTE must be a number from 0.01 to 1.00, in hundredths, like 0.8")
        // The neighbour's caseworker is another council's account.
        let neighbour = try await admin.post("/admin/caseworkers", ["userEmail": TestWorld.neighbourCaseworker, "name": "N", "agency": "no", "trainee": "no", "fte": "1", "startedOn": "2024-04-01"])
        XCTAssertEqual(neighbour.status, .unprocessableEntity)

        let caseworkerID = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .caseworker)).first()!.id!
        let leaving = try await CaseworkerProfile.query(on: app.db).filter(\.$authorityID == authorityID).filter(\.$userID != caseworkerID).sort(\.$name).first()!
        let email = try await User.find(leaving.userID, on: app.db)!.email
        try await admin.get("/admin/caseworkers/\(leaving.id!)")
        assertEqual(try await admin.post("/admin/caseworkers/\(leaving.id!)", ["userEmail": email, "name": leaving.name, "agency": leaving.isAgency ? "yes" : "no",
                                                                              "trainee": leaving.isTrainee ? "yes" : "no", "fte": "0.8", "startedOn": leaving.startedOn.description,
                                                                              "endedOn": CalendarDate.today().adding(days: -1).description]).status, .seeOther)
        let saved = try await CaseworkerProfile.find(leaving.id!, on: app.db)!
        XCTAssertEqual(saved.fte, 0.8)
        XCTAssertTrue(saved.hasEnded(by: CalendarDate.today()))
        assertTrue(try await admin.get("/admin/caseworkers").body.contains("Caseworkers who have left"))

        let item = try await EHCCase.query(on: app.db).filter(\.$authority.$id == authorityID).first()!
        let casePage = try await admin.get("/ehc/\(item.id!)").body
        XCTAssertTrue(casePage.contains("value=\"\(caseworkerID.uuidString)\""), "a caseworker in post is offered")
        XCTAssertFalse(casePage.contains("value=\"\(leaving.userID.uuidString)\""), "an ended profile is not")
        let theirs = CaseworkerProfile()
        theirs.authorityID = try await Authority.query(on: app.db).filter(\.$laCode == "887").first()!.id!
        theirs.userID = try await User.query(on: app.db).filter(\.$email == TestWorld.neighbourCaseworker).first()!.id!
        theirs.name = "Neighbour Caseworker"; theirs.isAgency = false; theirs.isTrainee = false; theirs.startedOn = CalendarDate(iso: "2024-01-01")!
        try await theirs.create(on: app.db)
        assertEqual(try await admin.get("/admin/caseworkers/\(theirs.id!)").status, .notFound)
        try await app.asyncShutdown()
    }
}
