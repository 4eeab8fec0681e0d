import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 4 items 1, 4 and 6: the upload page, the attendance strip on the child's page, and the
/// weekly chart on the queue.
final class AttendanceUploadTests: XCTestCase {
    private func csv(_ rows: [String]) -> [UInt8] { Array((["upn,urn,date,session,code"] + rows).joined(separator: "\n").utf8) }

    func testSchoolUploadsOwnMarksIsRefusedOthersAndSeesTheStrip() async throws {
        let app = try await TestWorld.makeApp()
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let school = try await Establishment.find(senco.$school.id!, on: app.db)!
        let pupil = try await Child.query(on: app.db).filter(\.$homeSchool.$id == school.id!).filter(\.$upn != nil).first()!
        let upn = pupil.upn!
        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        try await client.get("/attendance/upload")

        let none = try await client.postFile("/attendance/upload", fields: [:], fileField: "file", filename: "empty.csv", bytes: [])
        XCTAssertEqual(none.status, .unprocessableEntity)
        XCTAssertTrue(none.body.contains("href=\"#file\">Select a CSV file"))

        let foreign = try await client.postFile("/attendance/upload", fields: [:], fileField: "file", filename: "x.csv",
                                                bytes: csv(["\(upn),\(school.urn),2024-09-09,AM,/", "\(upn),999999,2024-09-09,PM,/"]))
        XCTAssertEqual(foreign.status, .unprocessableEntity)
        XCTAssertTrue(foreign.body.contains("line 3: URN 999999 is not your school"), foreign.body)
        let bad = try await client.postFile("/attendance/upload", fields: [:], fileField: "file", filename: "x.csv",
                                            bytes: csv(["\(upn),\(school.urn),2024-09-31,AM,/"]))
        XCTAssertTrue(bad.body.contains("line 2:"), "a malformed line is listed by number")
        assertEqual(try await heldSchoolYears(app: app).filter { $0.hasPrefix(upn) }.count, 0, "nothing saved from refused files")

        let days = AttendanceFiles.weekdays(from: CalendarDate(year: 2024, month: 9, day: 9), count: 5)
        let rows = days.flatMap { d in ["\(upn),\(school.urn),\(d),AM,/", "\(upn),\(school.urn),\(d),PM,\(d == days[4] ? "I" : "/")"] }
        let ok = try await client.postFile("/attendance/upload", fields: [:], fileField: "file", filename: "week.csv", bytes: csv(rows))
        XCTAssertEqual(ok.status, .ok)
        XCTAssertTrue(ok.body.contains("Attendance uploaded: read 10, added 10"), ok.body)

        let page = try await client.get("/children/\(pupil.id!)").body
        XCTAssertTrue(page.contains("class=\"app-strip\""), "the strip is drawn")
        XCTAssertTrue(page.contains("Attendance summary, 2024/25 (5 school days with marks)"))
        XCTAssertTrue(page.contains("Illness (I)"), "the half day of illness is in the summary")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "child.attendance.view").filter(\.$childID == pupil.id!).count(), 1)

        let teacher = TestClient(app)
        try await teacher.signIn(as: .metTeacher)
        assertEqual(try await teacher.get("/attendance/upload").status, .notFound)

        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        assertTrue(try await caseworker.get("/identifications").body.contains("New identifications per week, last 12 weeks"))
        try await app.asyncShutdown()
    }

    /// Issue 13 item 5: a SENCO's marks for a child at another school of the same council, and for
    /// a UPN nobody has, write nothing; both are held; the school's two pages are byte for byte the
    /// same (no existence oracle); an officer accepts one, its marks appear and the decision is audited.
    func testMarksForPupilsNotOnTheSchoolsRollAreHeldAlikeForAnOfficer() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let senco = try await User.query(on: app.db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let school = try await Establishment.find(senco.$school.id!, on: app.db)!
        let pupilFound = try await Child.query(on: app.db).filter(\.$homeSchool.$id == school.id!).filter(\.$upn != nil).first()?.upn
        let elsewhereFound = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$homeSchool.$id != school.id!)
            .filter(\.$upn != nil).first()?.upn
        let pupil = try XCTUnwrap(pupilFound), elsewhere = try XCTUnwrap(elsewhereFound)
        let nobody = AttendanceFiles.unmatchedUPN(424)
        assertEqual(try await Child.query(on: app.db).filter(\.$upn == nobody).count(), 0, "the made-up UPN is nobody's")
        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        try await client.get("/attendance/upload")

        // Each file: one mark for the school's own pupil (a different day, so each is "added") and one not on the roll.
        let other = try await client.postFile("/attendance/upload", fields: [:], fileField: "file", filename: "a.csv",
                                              bytes: csv(["\(pupil),\(school.urn),2024-09-09,AM,/", "\(elsewhere),\(school.urn),2024-09-09,AM,I"]))
        let unknown = try await client.postFile("/attendance/upload", fields: [:], fileField: "file", filename: "b.csv",
                                                bytes: csv(["\(pupil),\(school.urn),2024-09-10,AM,/", "\(nobody),\(school.urn),2024-09-09,AM,I"]))
        XCTAssertEqual(other.status, .ok)
        XCTAssertEqual(unknown.status, .ok)
        XCTAssertTrue(other.body.contains("Attendance uploaded: read 2, added 1, corrected 0, unchanged 0; 1 row held for the council to check"), other.body)
        XCTAssertFalse(other.body.contains("unmatched"), "a school is never told which UPNs have no record")
        XCTAssertEqual(other.body, unknown.body, "a child at another school and a UPN nobody has look the same to the school")

        let stored = try await heldSchoolYears(app: app)
        XCTAssertTrue(stored.contains("\(pupil)|\(school.urn)|2024"), "the school's own pupil's marks are applied")
        XCTAssertFalse(stored.contains { $0.hasPrefix(elsewhere) }, "no marks written for a child at another school")
        XCTAssertFalse(stored.contains { $0.hasPrefix(nobody) }, "no marks written for an unknown UPN")
        let held = try await HeldAttendance.query(on: app.db).sort(\.$fileName).all()
        guard held.count == 2 else { try await app.asyncShutdown(); return XCTFail("expected 2 held uploads, got \(held.count)") }
        XCTAssertEqual(held.map(\.status), ["pending", "pending"])
        XCTAssertEqual(held.map(\.rowCount), [1, 1])
        XCTAssertEqual(held.map(\.knownUPNCount), [1, 0], "the officer, not the school, sees which UPN is a known child")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "attendance.held").count(), 2)
        assertEqual(try await client.get("/attendance/held").status, .notFound, "school users never see held rows")

        // Another council's officer can't touch them.
        let neighbour = TestClient(app)
        _ = try await neighbour.signIn(TestWorld.neighbourCaseworker)
        try await neighbour.get("/attendance/held")
        assertEqual(try await neighbour.post("/attendance/held/accept", ["held": held[0].id!.uuidString]).status, .notFound)

        let officer = TestClient(app)
        try await officer.signIn(as: .caseworker)
        let list = try await officer.get("/attendance/held")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("2 uploads are waiting for a decision."), list.body)
        XCTAssertTrue(list.body.contains("(URN \(school.urn))"), "the list names the school")
        let accepted = try await officer.post("/attendance/held/accept", ["held": held[0].id!.uuidString])
        XCTAssertEqual(accepted.status, .seeOther)
        let applied = try await storedMarks(elsewhere, app: app)
        XCTAssertEqual(applied.code(on: CalendarDate(year: 2024, month: 9, day: 9), session: .am)?.code, "I", "accepted marks are applied through the importer")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "attendance.held.accepted").filter(\.$entityID == held[0].id!.uuidString).count(), 1)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "attendance.imported").filter(\.$entityID ~~ held[0].id!.uuidString).count(), 1)
        try await officer.get("/attendance/held")
        let again = try await officer.post("/attendance/held/accept", ["held": held[0].id!.uuidString])
        XCTAssertEqual(again.status, .unprocessableEntity, "a decision is made once")
        XCTAssertTrue(again.body.contains("href=\"#held\""))

        let rejected = try await officer.post("/attendance/held/reject", ["held": held[1].id!.uuidString])
        XCTAssertEqual(rejected.status, .seeOther)
        let gone = try await HeldAttendance.find(held[1].id!, on: app.db)!
        XCTAssertEqual(gone.status, "rejected")
        XCTAssertTrue(gone.rows.isEmpty, "rejected rows are discarded")
        let afterReject = try await heldSchoolYears(app: app)
        XCTAssertFalse(afterReject.contains { $0.hasPrefix(nobody) })
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "attendance.held.rejected").count(), 1)
        try await app.asyncShutdown()
    }

    /// Issue 13 item 6: 100,000 junk lines are refused with at most 1,000 problems kept and the rest counted.
    func testAJunkFileIsRefusedWithBoundedProblems() async throws {
        let app = try await TestWorld.makeApp()
        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        try await client.get("/attendance/upload")
        let junk = csv(Array(repeating: "this is not a row", count: 100_000))
        let refused = try await client.postFile("/attendance/upload", fields: [:], fileField: "file", filename: "junk.csv", bytes: junk)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("The file has 100,000 problems to fix; nothing was saved"), String(refused.body.prefix(3000)))
        XCTAssertTrue(refused.body.contains("And 99,950 more problems."), "the page lists 50 and counts the rest")
        XCTAssertLessThanOrEqual(refused.body.components(separatedBy: "expected 5 fields").count - 1, 100, "the page lists a bounded number (inline and summary)")
        try await app.asyncShutdown()
    }
}
