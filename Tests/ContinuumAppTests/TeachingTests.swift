import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

final class TeachingTests: XCTestCase {
    var app: Application!
    override func setUp() async throws { app = try await TestWorld.makeApp() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testTeacherRecordsASessionAndTheSchoolSeesIt() async throws {
        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        let week = try await teacher.get("/teaching")
        XCTAssertEqual(week.status, .ok)
        let slot = try await TimetableSlot.query(on: app.db).with(\.$referral).sort(\.$weekday).first()!
        let day = TeachingWeek.days(containing: CalendarDate.today())[slot.weekday - 1]
        XCTAssertTrue(week.body.contains("name=\"slotID\" value=\"\(slot.id!.uuidString)\""))

        let missingReason = try await teacher.post("/teaching/sessions", ["slotID": slot.id!.uuidString, "date": day.description, "outcome": "child_absent"])
        XCTAssertEqual(missingReason.status, .unprocessableEntity)
        XCTAssertTrue(missingReason.body.contains("Give the reason the child was absent"))
        let wrongDay = try await teacher.post("/teaching/sessions", ["slotID": slot.id!.uuidString, "date": day.adding(days: 1).description, "outcome": "delivered"])
        XCTAssertEqual(wrongDay.status, .unprocessableEntity)
        assertEqual(try await teacher.post("/teaching/sessions", ["slotID": slot.id!.uuidString, "date": day.description, "outcome": "delivered"]).status, .seeOther)
        // Recording again updates the same session rather than adding a second.
        assertEqual(try await teacher.post("/teaching/sessions", ["slotID": slot.id!.uuidString, "date": day.description, "outcome": "delivered"]).status, .seeOther)
        assertEqual(try await TaughtSession.query(on: app.db).filter(\.$slot.$id == slot.id!).count(), 1)

        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        let page = try await coordinator.get("/referrals/\(slot.$referral.id)")
        XCTAssertTrue(page.body.contains("Sessions this week"))
        XCTAssertTrue(page.body.contains("1.5 hours delivered"))
        XCTAssertTrue(page.body.contains(">Delivered</td>"))
    }

    func testTeacherCannotRecordSomeoneElsesSession() async throws {
        let other = User(authorityID: try await TestWorld.demoAuthorityID(app.db), email: "teacher2@demo.continuum.test", displayName: "Second Teacher",
                         role: .metTeacher, passwordHash: TestWorld.passwordHash, twoFactorExempt: true)
        try await other.create(on: app.db)
        let client = TestClient(app)
        _ = try await client.signIn("teacher2@demo.continuum.test")
        try await client.get("/teaching")
        let slot = try await TimetableSlot.query(on: app.db).first()!
        let day = TeachingWeek.days(containing: CalendarDate.today())[slot.weekday - 1]
        let result = try await client.post("/teaching/sessions", ["slotID": slot.id!.uuidString, "date": day.description, "outcome": "delivered"])
        XCTAssertEqual(result.status, .unprocessableEntity)
        assertEqual(try await TaughtSession.query(on: app.db).count(), 0)
    }

    func testCoordinatorTimetablesATeacherWhoThenSeesThePupil() async throws {
        let referral = try await Referral.query(on: app.db).filter(\.$status == "accepted").with(\.$child).all().first { r in r.$child.id != nil }!
        let other = User(authorityID: try await TestWorld.demoAuthorityID(app.db), email: "teacher3@demo.continuum.test", displayName: "Third Teacher",
                         role: .metTeacher, passwordHash: TestWorld.passwordHash, twoFactorExempt: true)
        try await other.create(on: app.db)
        let teacher = TestClient(app)
        _ = try await teacher.signIn("teacher3@demo.continuum.test")
        assertEqual(try await teacher.get("/children/\(referral.$child.id)").status, .notFound)

        let coordinator = TestClient(app)
        try await coordinator.signIn(as: .metCoordinator)
        try await coordinator.get("/referrals/\(referral.id!)")
        let bad = try await coordinator.post("/referrals/\(referral.id!)/timetable", ["subject": "maths", "teacherID": other.id!.uuidString, "place": "Home", "weekday": "3", "startsAt": "25:00", "minutes": "60"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("href=\"#startsAt\""))
        let ok = try await coordinator.post("/referrals/\(referral.id!)/timetable", ["subject": "maths", "teacherID": other.id!.uuidString, "place": "Home", "weekday": "3", "startsAt": "09:00", "minutes": "60"])
        XCTAssertEqual(ok.status, .seeOther)
        assertEqual(try await teacher.get("/children/\(referral.$child.id)").status, .ok)
    }
}

/// Issue 3 item 10: a parent sees their own child's package and weekly timetable, and no one else's.
final class ParentPackageTests: XCTestCase {
    func testParentSeesTheirChildsPackageAndTimetableOnly() async throws {
        let app = try await TestWorld.makeApp()
        let parentUser = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .parentCarer)).first()!
        let child = try await Child.query(on: app.db).join(ChildRelationship.self, on: \Child.$id == \ChildRelationship.$child.$id)
            .join(Person.self, on: \ChildRelationship.$person.$id == \Person.$id).filter(Person.self, \.$userID == parentUser.id!).first()!
        let mine = try await Referral.query(on: app.db).filter(\.$child.$id == child.id!).first()!
        let other = try await Referral.query(on: app.db).filter(\.$child.$id != child.id!).filter(\.$authority.$id == child.$authority.id).first()!
        let parent = TestClient(app)
        try await parent.signIn(as: .parentCarer)
        let page = try await parent.get("/referrals/\(mine.id!)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Weekly timetable"), "the parent sees the timetable")
        XCTAssertTrue(page.body.contains("Worcester"), "and the base place in the package")
        XCTAssertTrue(page.body.contains("Maths"))
        XCTAssertFalse(page.body.contains("Add a timetabled session"), "but cannot change it")
        assertEqual(try await parent.get("/referrals/\(other.id!)").status, .notFound)
        try await app.asyncShutdown()
    }
}
