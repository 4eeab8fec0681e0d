import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

final class SafeguardingTests: XCTestCase {
    func testConcernIsRecordedTheSchoolLeadAndCouncilAreNotifiedAndOnlyTheRightRolesReadIt() async throws {
        let app = try await TestWorld.makeApp()
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        // A pupil of the SENCO's school whom the demo teacher also teaches is not guaranteed, so link one.
        let child = try await Child.query(on: app.db).filter(\.$homeSchool.$id == senco.$school.id!).first()!
        let teacherUser = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .metTeacher)).first()!
        try await TeacherLink.ensure(teacher: teacherUser, childID: child.id!, authorityID: child.$authority.id, on: app.db)

        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        try await teacher.get("/children/\(child.id!)/concerns/new")
        let empty = try await teacher.post("/children/\(child.id!)/concerns", ["immediateRisk": "yes"])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("href=\"#concern\">Describe what you saw or were told"))
        XCTAssertTrue(empty.body.contains("value=\"yes\" checked"), "the ticked box is kept")
        let done = try await teacher.post("/children/\(child.id!)/concerns", ["concern": "Bruise on the left arm; said a parent's partner grabbed them.", "immediateRisk": "yes"])
        XCTAssertEqual(done.status, .seeOther)

        let outbox = try await OutboxMessage.query(on: app.db).all()
        XCTAssertEqual(Set(outbox.map(\.to)), [senco.email, "safeguarding@severnvale.example"])
        XCTAssertTrue(outbox.allSatisfy { $0.subject.hasPrefix("URGENT") && !$0.body.contains("Bruise") }, "no detail leaves the system by email")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "safeguarding.concern_logged").filter(\.$childID == child.id!).count(), 1)

        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        assertTrue(try await school.get("/children/\(child.id!)").body.contains("Bruise on the left arm"))
        assertFalse(try await teacher.get("/children/\(child.id!)").body.contains("Bruise on the left arm"), "teachers log concerns but don't read the notes")
        try await app.asyncShutdown()
    }
}
