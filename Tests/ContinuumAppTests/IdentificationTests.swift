import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// The early-identification queue: created as imports land and from schools' notifications,
/// reviewed by caseworkers, never duplicated, never silently dropped.
final class IdentificationTests: XCTestCase {
    var app: Application!
    var files: AttendanceFiles!

    override func setUp() async throws {
        app = try await TestWorld.makeApp()
        files = try AttendanceFiles()
    }
    override func tearDown() async throws {
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: files.directory)
    }

    let today = CalendarDate(year: 2024, month: 11, day: 20)
    let autumn = AttendanceFiles.weekdays(from: CalendarDate(year: 2024, month: 9, day: 2), count: 40)

    func demoChild(offset: Int = 0) async throws -> Child {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        return try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil)
            .sort(\.$legalSurname).sort(\.$legalForename).range(offset..<(offset + 1)).first()!
    }

    func illnessEntries(upn: String) async throws -> [Identification] {
        try await Identification.query(on: app.db).filter(\.$upn == upn).filter(\.$kind == IdentificationKind.illness15Days.rawValue).all()
    }

    func testIllnessIdentificationIsCreatedOnceWhenFifteenDaysIsReachedAcrossTwoImports() async throws {
        let child = try await demoChild()
        let upn = child.upn!
        // Ten days in September, then six more in October: 15 days is reached on the fifth of those.
        let september = try files.write("september.csv", AttendanceFiles.rows(upn, urn: 116003, days: Array(autumn[0..<10]), code: "I"))
        let october = try files.write("october.csv", AttendanceFiles.rows(upn, urn: 116003, days: Array(autumn[20..<26]), code: "I"))
        _ = try await importAttendance([september], app: app, today: today)
        assertEqual(try await illnessEntries(upn: upn).count, 0, "10 days is not yet 15")

        let progress = ProgressLines()
        let second = try await importAttendance([october], app: app, today: today, progress: progress)
        XCTAssertEqual(second.status, 0, second.stderr)
        let entries = try await illnessEntries(upn: upn)
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(entries.first?.childID, child.id)
        XCTAssertEqual(entries.first?.identifiedOn, today)
        XCTAssertTrue(entries.first?.detail.contains("reached 15 school days on \(autumn[24].longFormat)") ?? false, entries.first?.detail ?? "")
        XCTAssertTrue(progress.lines.contains { $0.contains("1 new early identification") })
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "identification.created").filter(\.$childID == child.id!).count()
        XCTAssertEqual(audit, 1)

        // More illness, a re-import and a correction that dips below and back over: still one entry.
        _ = try await importAttendance([october], app: app, today: today)
        let more = try files.write("more.csv", AttendanceFiles.rows(upn, urn: 116003, days: [autumn[30]], code: "I"))
        _ = try await importAttendance([more], app: app, today: today)
        let dip = try files.write("dip.csv", AttendanceFiles.rows(upn, urn: 116003, days: Array(autumn[20..<26]), code: "/"))
        _ = try await importAttendance([dip, october], app: app, today: today)
        assertEqual(try await illnessEntries(upn: upn).count, 1, "once per child per academic year")
    }

    func testPastYearsDoNotRaiseIdentificationsAndUnmatchedUPNsDo() async throws {
        let stranger = AttendanceFiles.unmatchedUPN(40)
        let path = try files.write("spell.csv", AttendanceFiles.rows(stranger, urn: 116003, days: Array(autumn[0..<16]), code: "I"))
        // Imported a year later: the measures are stored, but last year's spell is history, not a trigger.
        _ = try await importAttendance([path], app: app, today: today.adding(years: 1))
        assertEqual(try await illnessEntries(upn: stranger).count, 0)
        assertEqual(try await StoredIllnessMeasures.query(on: app.db).filter(\.$upn == stranger).first()?.reached15On, CalendarDate(iso: "2024-09-20")!)

        let other = AttendanceFiles.unmatchedUPN(41)
        let current = try files.write("current.csv", AttendanceFiles.rows(other, urn: 116003, days: Array(autumn[0..<16]), code: "I"))
        _ = try await importAttendance([current], app: app, today: today)
        let entries = try await illnessEntries(upn: other)
        XCTAssertEqual(entries.count, 1)
        XCTAssertNil(entries.first?.childID)

        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let page = try await client.get("/identifications")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("No child record for UPN \(other)"))
        XCTAssertTrue(page.body.contains("<caption"))
    }

    func testQueueListsNewestFirstWithLinksAndReviewValidation() async throws {
        let child = try await demoChild(offset: 3)
        let path = try files.write("spell.csv", AttendanceFiles.rows(child.upn!, urn: 116003, days: Array(autumn[0..<16]), code: "I"))
        _ = try await importAttendance([path], app: app, today: today)
        let entry = try await illnessEntries(upn: child.upn!).first { $0.academicYear == 2024 }!
        let demoUnmatched = try await illnessEntries(upn: DemoIdentifications.unmatchedUPN).first!
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let list = try await caseworker.get("/identifications")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("No child record for UPN \(DemoIdentifications.unmatchedUPN)"))
        let newer = list.body.range(of: "/identifications/\(demoUnmatched.id!.uuidString)")!.lowerBound
        let older = list.body.range(of: "/identifications/\(entry.id!.uuidString)")!.lowerBound
        XCTAssertLessThan(newer, older, "newest first: the demo entry is from this year, the import's from 2024")
        XCTAssertTrue(list.body.contains("href=\"/children/\(child.id!.uuidString)\""), "a link to the child")
        XCTAssertTrue(list.body.contains("/children/\(child.id!.uuidString)/referrals/new"), "a link to make a referral")

        let path2 = "/identifications/\(entry.id!.uuidString)"
        let detail = try await caseworker.get(path2)
        XCTAssertTrue(detail.body.contains("Record your review"))
        let empty = try await caseworker.post(path2 + "/review", ["version": "1"])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("govuk-error-summary"))
        XCTAssertTrue(empty.body.contains("href=\"#decision\""))
        let noNote = try await caseworker.post(path2 + "/review", ["decision": "no_action", "note": "  ", "version": "1"])
        XCTAssertEqual(noNote.status, .unprocessableEntity)
        XCTAssertTrue(noNote.body.contains("href=\"#note\""))
        XCTAssertTrue(noNote.body.contains("Enter why no action is needed"))
        XCTAssertTrue(noNote.body.contains("value=\"no_action\" checked"), "the choice is kept")
        let long = try await caseworker.post(path2 + "/review", ["decision": "refer", "note": "Spoke to mum", "version": "0"])
        XCTAssertEqual(long.status, .conflict, "a stale form does not overwrite")
        let keptNote = try await caseworker.post(path2 + "/review", ["decision": "", "note": "Spoke to mum", "version": "1"])
        XCTAssertTrue(keptNote.body.contains(">Spoke to mum</textarea>"), "the note is kept")

        let done = try await caseworker.post(path2 + "/review", ["decision": "refer", "note": "Spoke to mum; referral to follow", "version": "1"])
        XCTAssertEqual(done.status, .seeOther)
        let saved = try await Identification.find(entry.id, on: app.db)!
        XCTAssertEqual(saved.decisionValue, .refer)
        XCTAssertEqual(saved.decisionNote, "Spoke to mum; referral to follow")
        XCTAssertTrue(saved.reviewedBy?.contains(TestWorld.email(for: .caseworker)) ?? false)
        XCTAssertEqual(saved.reviewedOn, CalendarDate.today())
        let shown = try await caseworker.get(done.location!)
        XCTAssertTrue(shown.body.contains("Review recorded"))
        XCTAssertFalse(shown.body.contains("Record your review"))
        let again = try await caseworker.post(path2 + "/review", ["decision": "no_action", "note": "changed my mind", "version": "2"])
        XCTAssertEqual(again.status, .unprocessableEntity, "a recorded review is not overwritten")

        let actions = try await AuditEvent.query(on: app.db).filter(\.$childID == child.id!).all(\.$action)
        XCTAssertTrue(actions.contains("identification.view"))
        XCTAssertTrue(actions.contains("identification.reviewed"))
        assertNil(try await AuditLog.verify(on: app.db).firstBad)
    }

    func testQueuePageRunsAFixedNumberOfQueries() async throws {
        app.middleware.use(QueryCountingMiddleware())
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        try await client.get("/identifications")
        let few = QueryCountingMiddleware.last.withLockedValue { $0 }
        let shownBefore = try await Identification.query(on: app.db).count()

        // Thirty more: half for children with records (matched at read time by UPN), half unmatched.
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let children = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).limit(15).all()
        var items: [Identification] = []
        for (index, child) in children.enumerated() {
            items.append(Identification(authorityID: authorityID, childID: index.isMultiple(of: 2) ? child.id : nil, upn: child.upn, kind: .illness15Days,
                                        detail: "test", academicYear: 2024, identifiedOn: today, dedupeKey: "test/\(index)"))
            items.append(Identification(authorityID: authorityID, childID: nil, upn: AttendanceFiles.unmatchedUPN(200 + index), kind: .illness15Days,
                                        detail: "test", academicYear: 2024, identifiedOn: today, dedupeKey: "test/u\(index)"))
        }
        try await items.create(on: app.db)
        let many = try await client.get("/identifications")
        XCTAssertEqual(many.status, .ok)
        XCTAssertTrue(many.body.contains(children.last!.fullName), "children matched by UPN at read time")
        let manyQueries = QueryCountingMiddleware.last.withLockedValue { $0 }
        XCTAssertGreaterThan(few, 0)
        XCTAssertEqual(few, manyQueries, "\(shownBefore) and \(shownBefore + 30) entries must cost the same number of queries")
        XCTAssertLessThanOrEqual(manyQueries, 12)
    }
}
