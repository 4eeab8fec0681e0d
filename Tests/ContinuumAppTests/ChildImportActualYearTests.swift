import Fluent
import Foundation
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 14, rulebook AGE-3 and AR-5: a CTF's `NCyearActual` is stored where it differs from the
/// chronological year (migration 037), and the EHC plan's phase transfer follows it.
final class ChildImportActualYearTests: XCTestCase {
    let today = CalendarDate.today()
    /// Born in March, so chronologically Year 7 this school year (AGE-3: Y − birth year − 4).
    var year7Birth: CalendarDate { CalendarDate(year: today.academicYearStart - 11, month: 3, day: 1) }

    private func ctf(upn: String, dob: CalendarDate, year: String?) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
          <Header>
            <DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion><DateTime>\(today)T09:00:00</DateTime>
            <SourceSchool><LEA>201</LEA><Estab>3614</Estab><SchoolName>The Aldgate School</SchoolName><AcademicYear>\(today.academicYearStart)</AcademicYear></SourceSchool>
          </Header>
          <CTFpupilData>
            <Pupil>
              <UPN>\(upn)</UPN><Surname>Okafor</Surname><Forename>Amara</Forename><DOB>\(dob)</DOB><Sex>F</Sex>
              <BasicDetails>\(year.map { "<NCyearActual>\($0)</NCyearActual>" } ?? "")</BasicDetails>
            </Pupil>
          </CTFpupilData>
        </CTfile>
        """
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("child-ncy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return dir + "/" + name
    }

    func testTheActualYearIsStoredWhereItDiffersAndClearedWhenItNoLongerDoes() async throws {
        let app = try await TestWorld.makeApp()
        _ = try await ChildImportTests.addSchool(app.db)
        let upn = ChildImportTests.upn(41)
        let behind = try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, try write(ctf(upn: upn, dob: year7Birth, year: "6"), "behind.xml")], app: app)
        XCTAssertEqual(behind.status, 0, behind.stderr)
        let found = try await Child.query(on: app.db).filter(\.$upn == upn).first()
        var child = try XCTUnwrap(found)
        XCTAssertEqual(child.ncYearOffset, -1, "taught in Year 6, chronologically Year 7")
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: child.dateOfBirth, on: today, yearOffset: child.ncYearOffset), 6)

        // A file without the year leaves it; one with the chronological year clears it.
        let silent = try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, try write(ctf(upn: upn, dob: year7Birth, year: nil), "silent.xml")], app: app)
        XCTAssertEqual(silent.stdout, #"{"added":0,"updated":0,"unchanged":1}"#, silent.stderr)
        child = try await Child.query(on: app.db).filter(\.$upn == upn).first() ?? child
        XCTAssertEqual(child.ncYearOffset, -1)
        let back = try await ChildImportCommand.run(.ctf, ["--la-code", DemoSeeder.laCode, try write(ctf(upn: upn, dob: year7Birth, year: "7"), "back.xml")], app: app)
        XCTAssertEqual(back.stdout, #"{"added":0,"updated":1,"unchanged":0}"#, back.stderr)
        child = try await Child.query(on: app.db).filter(\.$upn == upn).first() ?? child
        XCTAssertNil(child.ncYearOffset, "back in their own year: nothing stored")
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "child.updated").filter(\.$childID == child.id).all()
        XCTAssertTrue(audit.contains { $0.detail.contains("nc_year_offset") }, "the change is audited by field name")
        try await app.asyncShutdown()
    }

    private func planPage(for child: Child, app: Application) async throws -> String {
        let item = EHCCase(authorityID: child.$authority.id, childID: child.id, upn: child.upn, requestedOn: today.adding(days: -500), requester: .school,
                           requesterName: "SENCO", summary: "Needs support with communication")
        item.stageRaw = EHCStage.finalIssued.rawValue; item.finalIssuedOn = today.adding(days: -60)
        try await item.create(on: app.db)
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let page = try await caseworker.get("/ehc/\(item.id!)")
        XCTAssertEqual(page.status, .ok)
        return page.body
    }

    private func addChild(_ app: Application, dob: CalendarDate, offset: Int?, serial: Int) async throws -> Child {
        let child = Child(authorityID: try await TestWorld.demoAuthorityID(app.db), legalForename: "Sam", legalSurname: "Ncy\(serial)", dateOfBirth: dob,
                          upn: ChildImportTests.upn(serial), sex: "M", homePostcode: nil, homeSchoolID: nil, senProvision: .ehcPlan,
                          primaryNeed: .asd, secondaryNeed: nil)
        child.ncYearOffset = offset
        try await child.create(on: app.db)
        return child
    }

    func testThePlansPhaseTransferFollowsTheActualYear() async throws {
        let app = try await TestWorld.makeApp()
        let due = try XCTUnwrap(PhaseTransfer(move: .primaryToSecondary, year: today.academicYearStart + 1)).lastCompliantDay()
        // Chronologically Year 7, taught in Year 6: moves to secondary next September.
        let kept = try await planPage(for: try await addChild(app, dob: year7Birth, offset: -1, serial: 51), app: app)
        XCTAssertTrue(kept.contains("Phase transfer: plan amended to name the secondary school"), "the actual year, not the chronological one")
        XCTAssertTrue(kept.contains(due.longFormat))
        // Chronologically Year 6, taught in Year 7: already moved, so no transfer row.
        let ahead = try await planPage(for: try await addChild(app, dob: year7Birth.adding(years: 1), offset: 1, serial: 52), app: app)
        XCTAssertFalse(ahead.contains("Phase transfer"))
        // Nursery 2 (AGE-3: Y − birth year − 4 = −1): early years to school is a transfer too (reg 2).
        let nursery = try await planPage(for: try await addChild(app, dob: CalendarDate(year: today.academicYearStart - 3, month: 3, day: 1), offset: nil, serial: 53), app: app)
        XCTAssertTrue(nursery.contains("Phase transfer: plan amended to name the school for next September"))
        try await app.asyncShutdown()
    }

    func testAnUnderFivesPlanShowsTheInterimAndTheAnnualReview() async throws {
        let app = try await TestWorld.makeApp()
        let child = try await addChild(app, dob: today.adding(years: -3), offset: nil, serial: 61)
        let page = try await planPage(for: child, app: app)
        // Rulebook AR-2: the interim review is extra; the annual review is still shown, 12 months − 1 day from the plan.
        XCTAssertTrue(page.contains("Next interim review (child under 5"), page)
        XCTAssertTrue(page.contains("Next annual review (12 months, CFA 2014 s.44)"))
        XCTAssertTrue(page.contains(AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: today.adding(days: -60)).longFormat))
        try await app.asyncShutdown()
    }
}
