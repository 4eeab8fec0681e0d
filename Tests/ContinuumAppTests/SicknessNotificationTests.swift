import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Schools' sickness notifications (rulebook HN-3): 15 school days or more, or not known, puts the
/// child on the early-identification queue; shorter absences are recorded but not queued.
final class SicknessNotificationTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testSchoolSicknessNotificationCreatesAnIdentification() async throws {
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let pupil = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).sort(\.$legalSurname).first()!
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        let record = try await school.get("/children/\(pupil.id!)")
        XCTAssertTrue(record.body.contains("/children/\(pupil.id!)/sickness-notifications"))
        let form = try await school.get("/children/\(pupil.id!)/sickness-notifications")
        XCTAssertEqual(form.status, .ok)
        for field in ["firstDayAbsent", "returnKnown", "expectedReturn", "reason"] { XCTAssertTrue(form.body.contains("for=\"\(field)\""), "label for \(field)") }

        let empty = try await school.post("/children/\(pupil.id!)/sickness-notifications", [:])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        for field in ["firstDayAbsent", "returnKnown", "reason"] { XCTAssertTrue(empty.body.contains("href=\"#\(field)\""), "error for \(field)") }
        let before = try await Identification.query(on: app.db).filter(\.$childID == pupil.id!)
            .filter(\.$kind == IdentificationKind.sicknessNotification.rawValue).count()
        let notificationsBefore = try await SicknessNotification.query(on: app.db).filter(\.$child.$id == pupil.id!).count()

        let today = CalendarDate.today()
        let calendar = try await app.calendars.calendar(for: pupil.$authority.id, on: app.db)
        let start = calendar.previousSchoolDay(onOrBefore: today)
        // Back after 3 school days: recorded, but not queued.
        let short = try await school.post("/children/\(pupil.id!)/sickness-notifications",
                                          ["firstDayAbsent": start.description, "returnKnown": "yes",
                                           "expectedReturn": calendar.addingSchoolDays(3, to: start).description, "reason": "Tonsillitis"])
        XCTAssertEqual(short.status, .seeOther)
        XCTAssertTrue(short.location?.hasSuffix("sent=noted") ?? false)
        assertEqual(try await Identification.query(on: app.db).filter(\.$childID == pupil.id!)
            .filter(\.$kind == IdentificationKind.sicknessNotification.rawValue).count(), before)

        let notKnown = try await school.post("/children/\(pupil.id!)/sickness-notifications",
                                             ["firstDayAbsent": start.description, "returnKnown": "not_known", "reason": "Glandular fever"])
        XCTAssertEqual(notKnown.status, .seeOther)
        let long = try await school.post("/children/\(pupil.id!)/sickness-notifications",
                                         ["firstDayAbsent": start.description, "returnKnown": "yes",
                                          "expectedReturn": calendar.addingSchoolDays(15, to: start).description, "reason": "Surgery and recovery"])
        XCTAssertTrue(long.location?.hasSuffix("sent=queued") ?? false)
        let entries = try await Identification.query(on: app.db).filter(\.$childID == pupil.id!)
            .filter(\.$kind == IdentificationKind.sicknessNotification.rawValue).all()
        XCTAssertEqual(entries.count, before + 2)
        XCTAssertTrue(entries.contains { $0.detail.contains("with no known return date") && $0.detail.contains("Glandular fever") })
        XCTAssertTrue(entries.contains { $0.detail.contains("15 school days missed") })
        assertEqual(try await SicknessNotification.query(on: app.db).filter(\.$child.$id == pupil.id!).count(), notificationsBefore + 3)
        let audit = try await AuditEvent.query(on: app.db).filter(\.$childID == pupil.id!).filter(\.$action == "sickness_notification.created").count()
        XCTAssertEqual(audit, 3)

        // The school cannot see the queue; the caseworker sees the school's notification on it.
        assertEqual(try await school.get("/identifications").status, .notFound)
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        assertTrue(try await caseworker.get("/identifications").body.contains("Glandular fever"))
    }

    /// Issue 14, rulebook HN-2: a notification adds its projected absence to the illness already
    /// recorded this year. 10 days recorded plus 5 notified reaches 15 now; 5 alone does not.
    func testRecordedIllnessCountsTowardsTheTrigger() async throws {
        let files = try AttendanceFiles()
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let school = try await Establishment.find(senco.$school.id!, on: app.db)!
        let pupils = try await Child.query(on: app.db).filter(\.$homeSchool.$id == school.id!).filter(\.$upn != nil).sort(\.$legalSurname).sort(\.$legalForename).all()
        let (ill, well) = (pupils[0], pupils[1])
        let today = CalendarDate.today()
        let calendar = try await app.calendars.calendar(for: ill.$authority.id, on: app.db)
        let first = calendar.previousSchoolDay(onOrBefore: today)
        let before = (1...10).map { calendar.addingSchoolDays(-$0, to: first) }.reversed()
        guard before.first!.academicYearStart == first.academicYearStart else {
            throw XCTSkip("fewer than 11 school days of this academic year have passed")
        }
        let path = try files.write("ill.csv", AttendanceFiles.rows(ill.upn!, urn: school.urn, days: Array(before), code: "I"))
        let imported = try await importAttendance([path], app: app, today: today)
        XCTAssertEqual(imported.status, 0, imported.stderr)

        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        func notify(_ child: Child, days: Int) async throws -> String? {
            try await client.get("/children/\(child.id!)/sickness-notifications")
            return try await client.post("/children/\(child.id!)/sickness-notifications",
                                         ["firstDayAbsent": first.description, "returnKnown": "yes",
                                          "expectedReturn": calendar.addingSchoolDays(days, to: first).description, "reason": "Chest infection"]).location
        }
        assertTrue(try await notify(ill, days: 5)?.hasSuffix("sent=queued") ?? false, "10 recorded + 5 notified = 15")
        assertTrue(try await notify(well, days: 5)?.hasSuffix("sent=noted") ?? false, "5 alone is short of 15")
        let entry = try await Identification.query(on: app.db).filter(\.$childID == ill.id!)
            .filter(\.$kind == IdentificationKind.sicknessNotification.rawValue).first()
        XCTAssertTrue(entry?.detail.contains("10 days of illness were already recorded this school year, 15 in all") ?? false, entry?.detail ?? "no entry")
        let audit = try await AuditEvent.query(on: app.db).filter(\.$childID == ill.id!).filter(\.$action == "sickness_notification.created").first()
        XCTAssertTrue(audit?.detail.contains("school_days=5 recorded_illness_days=10") ?? false, audit?.detail ?? "no audit")
    }
}
