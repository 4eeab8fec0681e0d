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
}
