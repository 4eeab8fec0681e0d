import Fluent
import SQLKit
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 17: the post-16 import, the NEET report and the NCCIS return through the commands a council runs, on an
/// authority made by `authority create`; and the tracking pages an adviser uses, on the demo county.
final class Post16Tests: XCTestCase {
    private let today = CalendarDate.today()
    private var a: Int { today.academicYearStart }
    private func upn(_ serial: Int) -> String { UPN.make(laCode: "888", establishment: "4001", year2: 11, serial: serial).value }
    private func uln(_ nine: String) -> String { ULN.complete(nine)! }
    /// Born on `month`/`day` of the year that gives academic age `age` at the 31 August starting this academic year.
    private func born(age: Int, month: Int = 10, day: Int = 15) -> String {
        CalendarDate(year: month >= 9 ? a - age - 1 : a - age, month: month, day: day).description
    }
    static let header = "upn,uln,forename,surname,date_of_birth,has_ehc_plan,activity_code,activity_start,confirmed_on,hours"

    private func write(_ lines: [String], to dir: String, name: String = "post16.csv") throws -> String {
        let path = dir + "/" + name
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "post16-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func testImportReportAndReturnOnACouncilMadeByAuthorityCreate() async throws {
        let app = try await TestWorld.makeApp()
        let created = try await AuthorityCommand.run(["create", "--la-code", "888", "--name", "Lancashire County Council", "--admin-email", "admin@lancashire.example.gov.uk"], app: app)
        XCTAssertEqual(created.status, 0, created.stderr)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = today.adding(days: -60).description, confirmed = today.adding(days: -5).description
        let lines = [
            Self.header,
            // Age 16, in further education now, at a sixth form last year.
            "\(upn(1)),,Ava,Tracked,\(born(age: 16)),false,230,\(start),\(confirmed),",
            "\(upn(1)),,Ava,Tracked,\(born(age: 16)),false,210,\(today.adding(days: -400)),\(today.adding(days: -380)),",
            // Age 17 with no UPN, matched by ULN: NEET, seeking work.
            ",\(uln("900000001")),Ben,Seeking,\(born(age: 17, month: 12, day: 1)),false,619,\(start),\(confirmed),",
            // Age 17, no known activity: not known.
            "\(upn(2)),,Cal,Unknown,\(born(age: 17, month: 3, day: 2)),false,,,,",
            // Age 16 in custody: out of the denominator (P16-5).
            "\(upn(3)),,Dee,Custody,\(born(age: 16, month: 1, day: 20)),false,710,\(start),\(confirmed),",
            // Age 20 without a plan: outside the cohort, kept and flagged.
            "\(upn(4)),,Eli,Older,\(born(age: 20)),false,330,\(start),\(confirmed),",
            // A plan holder of 22 on a supported internship: tracked to 25, not in the 16–17 figures.
            "\(upn(5)),,Fay,Intern,\(born(age: 22)),true,460,\(start),\(confirmed),",
            // Age 16, part-time education with its hours.
            "\(upn(6)),\(uln("900000002")),Gus,Parttime,\(born(age: 16, month: 6, day: 30)),false,250,\(start),\(confirmed),12",
        ]
        let path = try write(lines, to: dir)
        let first = try await ImportCommand.run(["post16", "--la-code", "888", path], app: app)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "\(path): read 8 rows: young people added 7, updated 0; spells added 7, updated 0; 0 rows unchanged; "
                       + "1 young people outside the tracking cohort were kept and flagged (lines 7)", first.stderr)
        let again = try await ImportCommand.run(["post16", "--la-code", "888", path], app: app)
        XCTAssertTrue(again.stdout.hasPrefix("\(path): read 8 rows: young people added 0, updated 0; spells added 0, updated 0; 8 rows unchanged"),
                      "re-importing the same file changes nothing: \(again.stdout)")
        let authority = try await Authority.query(on: app.db).filter(\.$laCode == "888").first()!.requireID()
        assertEqual(try await YoungPerson.query(on: app.db).filter(\.$authority.$id == authority).count(), 7)
        assertEqual(try await Post16SpellRecord.query(on: app.db).filter(\.$authority.$id == authority).count(), 7)
        let flagged = try await YoungPerson.query(on: app.db).filter(\.$authority.$id == authority).filter(\.$flag != nil).all()
        XCTAssertEqual(flagged.map(\.surname), ["Older"], "the 20-year-old without a plan is flagged, not dropped")
        let ben = try await YoungPerson.query(on: app.db).filter(\.$uln == uln("900000001")).first()
        XCTAssertNil(ben?.upn, "matched and held by ULN where there is no UPN")

        // The month's figures: Ava and Gus participate, Ben is NEET, Cal is not known, Dee is excluded.
        let month = NCCISMonth(year: today.year, month: today.month)
        let report = try await ReportCommand.run(["neet", "--la-code", "888", "--month", month.description, "--format", "json"], app: app)
        XCTAssertEqual(report.stdout, "{\"month\":\"\(month)\",\"cohort\":5,\"eet\":2,\"neet\":1,\"not_known\":1,\"excluded\":1,"
                       + "\"neet_pct\":25.0,\"not_known_pct\":25.0,\"neet_or_not_known_pct\":50.0}", report.stderr)
        for bad in [["neet", "--la-code", "888", "--month", "2026-13"], ["neet", "--la-code", "888"],
                    ["neet", "--la-code", "888", "--headline", "2027", "--months", "12,12"], ["neet", "--la-code", "888", "--month", "2026-12", "--format", "xml"]] {
            assertEqual(try await ReportCommand.run(bad, app: app).status, 2, "\(bad)")
        }
        let headline = try await ReportCommand.run(["neet", "--la-code", "888", "--headline", String(a + 1), "--format", "json"], app: app)
        XCTAssertTrue(headline.stdout.hasPrefix("{\"headline\":\(a + 1),\"months\":[\"\(a)-12\",\"\(a + 1)-01\",\"\(a + 1)-02\"]"), headline.stdout)

        // The return: every tracked young person (the 16–17s and the plan holder), the flagged one not among them.
        let out = dir + "/nccis.csv"
        let export = try await SEN2ExportCommand.run(["nccis", "--la-code", "888", "--month", month.description, "--out", out], app: app)
        XCTAssertEqual(export.stdout, "\(out): the NCCIS return for \(month), 6 young people", export.stderr)
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(rows.count, 7, csv)
        XCTAssertEqual(rows.first, NCCISReturn.header.joined(separator: ","))
        XCTAssertTrue(rows.contains { $0.contains(uln("900000001")) && $0.contains(",619,") }, csv)
        XCTAssertTrue(rows.contains { $0.contains("Intern") && $0.contains(",460,") }, csv)
        XCTAssertFalse(csv.contains("Older"), "a flagged young person outside the cohort is not returned")

        // A record DfE would reject is never written: an activity code dropped from this year's list (720 is gone from 2026).
        let dee = try await YoungPerson.query(on: app.db).filter(\.$surname == "Custody").first()!
        let stale = Post16SpellRecord()
        stale.$authority.id = authority; stale.$youngPerson.id = dee.id!; stale.code = 720; stale.startOn = today.adding(days: -1)
        stale.confirmedOn = today.adding(days: -1); stale.source = Post16Source.college.rawValue; stale.recordedBy = "test"
        try await stale.create(on: app.db)
        try FileManager.default.removeItem(atPath: out)
        let refused = try await SEN2ExportCommand.run(["nccis", "--la-code", "888", "--month", month.description, "--out", out], app: app)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("activity code 720 is not in the \(NCCISCodeSet.miYear(for: month.lastDay)) to"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "an invalid return is not written")
        try await stale.delete(on: app.db)

        // A bad file changes nothing and names its lines.
        let peopleBefore = try await YoungPerson.query(on: app.db).count(), spellsBefore = try await Post16SpellRecord.query(on: app.db).count()
        let wrongCheck = String(uln("900000003").dropLast()) + String((Int(String(uln("900000003").last!))! + 1) % 10)
        let bad = try write([
            Self.header,
            ",\(wrongCheck),Hal,Badcheck,\(born(age: 16)),false,230,\(start),\(confirmed),",
            "\(upn(7)),,Ivy,Badcode,\(born(age: 16)),false,999,\(start),\(confirmed),",
            "\(upn(8)),,Jo,Twice,\(born(age: 17)),false,230,\(start),\(confirmed),",
            "\(upn(8)),,Jo,Twice,\(born(age: 17)),false,330,\(start),\(confirmed),",
            "\(upn(9)),,Kit,Nohours,\(born(age: 16)),false,250,\(start),\(confirmed),",
            "\(upn(10)),,Lou,Fine,\(born(age: 16)),false,230,\(start),\(confirmed),",
        ], to: dir, name: "bad.csv")
        let refusedImport = try await ImportCommand.run(["post16", "--la-code", "888", bad], app: app)
        XCTAssertEqual(refusedImport.status, 1)
        for text in ["line 2: uln \"\(wrongCheck)\" is not a valid ULN", "line 3: activity_code 999 is not in the",
                     "line 5: overlaps the activity on line 4 (code 230, the same start date \(start))", "line 6: Activity code 250 needs the hours a week"] {
            XCTAssertTrue(refusedImport.stderr.contains(text), "\(text) in \(refusedImport.stderr)")
        }
        XCTAssertFalse(refusedImport.stderr.contains("line 7"), "the good line has no problem")
        assertEqual(try await YoungPerson.query(on: app.db).count(), peopleBefore, "all or nothing: Lou is not added either")
        assertEqual(try await Post16SpellRecord.query(on: app.db).count(), spellsBefore)
        let audits = try await AuditEvent.query(on: app.db).filter(\.$action == "post16.imported").count()
        XCTAssertEqual(audits, 2, "both imports are audited; the refused file changed nothing and is not")
        try await app.asyncShutdown()
    }

    // MARK: the pages

    func testTheAdviserRecordsAnActivityAndTheYoungPersonLeavesTheNEETList() async throws {
        let app = try await TestWorld.makeApp()
        let client = TestClient(app)
        try await client.signIn(as: .post16Adviser)
        let neet = try await client.get(SiteURL.post16.path(["show": "neet", "q": "rivers"]))
        XCTAssertEqual(neet.status, .ok)
        XCTAssertTrue(neet.body.contains("Jamie Rivers"), neet.body)
        let jamie = try await YoungPerson.query(on: app.db).filter(\.$surname == DemoPost16.journeySurname).first()!
        let page = try await client.get(SiteURL.post16Person(.value(jamie.id!)).path)
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("<h1"), page.body)

        let activities = SiteURL.post16PersonPart(.value(jamie.id!), .activities).path
        let empty = try await client.post(activities, ["code": "", "start": "", "confirmed": ""])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("govuk-error-summary"), empty.body)
        XCTAssertTrue(empty.body.contains("href=\"#code\">Select the activity"), empty.body)
        let noHours = try await client.post(activities, ["code": "250", "start": today.description, "confirmed": today.description])
        XCTAssertEqual(noHours.status, .unprocessableEntity)
        XCTAssertTrue(noHours.body.contains("Activity code 250 needs the hours a week"), noHours.body)
        let noEmployer = try await client.post(activities, ["code": "310", "start": today.description, "confirmed": today.description])
        XCTAssertTrue(noEmployer.body.contains("enter the employer"), "an apprenticeship is recorded with its employer")
        let badProvider = try await client.post(activities, ["code": "230", "start": today.description, "confirmed": today.description, "provider": "12ab"])
        XCTAssertTrue(badProvider.body.contains("8-digit UKPRN or 6-digit URN"))
        let huge = try await client.post(activities, ["code": String(repeating: "9", count: 5_000), "start": today.description, "confirmed": today.description])
        XCTAssertEqual(huge.status, .unprocessableEntity, "a nonsense code is a message, not a 500")

        let saved = try await client.post(activities, ["code": "230", "start": today.description, "confirmed": today.description, "provider": "10001234", "source": "youth-worker"])
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        let after = try await client.get(SiteURL.post16.path(["show": "neet", "q": "rivers"]))
        XCTAssertFalse(after.body.contains("Jamie Rivers"), "in further education from today, so off the NEET list")
        let eet = try await client.get(SiteURL.post16.path(["show": "eet", "q": "rivers"]))
        XCTAssertTrue(eet.body.contains("Jamie Rivers"))
        let recorded = try await AuditEvent.query(on: app.db).filter(\.$action == "post16.activity.recorded").filter(\.$entityID == jamie.id!.uuidString).count()
        XCTAssertEqual(recorded, 1)
        let viewed = try await AuditEvent.query(on: app.db).filter(\.$action == "post16.person.view").filter(\.$entityID == jamie.id!.uuidString).count()
        XCTAssertGreaterThan(viewed, 0, "reading the record is audited")

        let month = NCCISMonth(year: today.year, month: today.month)
        let csv = try await client.get(SiteURL.post16Part(.nccisCSV).path(["month": month.description]))
        XCTAssertEqual(csv.status, .ok)
        let line = csv.body.components(separatedBy: "\r\n").first { $0.contains(",Jamie,Rivers,") }
        XCTAssertNotNil(line, "Jamie is in this month's return")
        XCTAssertTrue(line?.contains(",230,") ?? false, String(line ?? ""))
        for bad in ["2026-13", "x", String(repeating: "9", count: 300)] {
            let page = try await client.get(SiteURL.post16Part(.nccis).path(["month": bad]))
            XCTAssertNotEqual(page.status, .internalServerError, bad)
        }
        for path in [SiteURL.post16Part(.figures).path, SiteURL.post16Part(.guarantee).path, SiteURL.post16Part(.nccis).path, SiteURL.post16Part(.upload).path] {
            let page = try await client.get(path)
            XCTAssertEqual(page.status, .ok, path)
            if path.hasSuffix("figures") || path.hasSuffix("guarantee") { XCTAssertTrue(page.body.contains("<caption"), "\(path) has captioned tables") }
        }
        let valid = try await client.get(SiteURL.post16Part(.nccis).path(["month": month.description]))
        XCTAssertTrue(valid.body.contains("Valid"), "the demo's return passes its checks")
        try await app.asyncShutdown()
    }

    func testTheUploadPageImportsAFileAndNamesTheLinesOfABadOne() async throws {
        let app = try await TestWorld.makeApp()
        let client = TestClient(app)
        try await client.signIn(as: .post16Adviser)
        _ = try await client.get(SiteURL.post16Part(.upload).path)
        let la = DemoSeeder.laCode
        let u = UPN.make(laCode: la, establishment: "4002", year2: 11, serial: 77).value
        let good = [Self.header, "\(u),,Mo,Uploaded,\(born(age: 16)),false,230,\(today.adding(days: -30)),\(today),"].joined(separator: "\n")
        let imported = try await client.postFile(SiteURL.post16Part(.upload).path, fields: [:], fileField: "file", filename: "college.csv", bytes: Array(good.utf8))
        XCTAssertEqual(imported.status, .ok)
        XCTAssertTrue(imported.body.contains("young people added 1"), imported.body)
        assertEqual(try await YoungPerson.query(on: app.db).filter(\.$upn == u).count(), 1)
        _ = try await client.get(SiteURL.post16Part(.upload).path)
        let badFile = [Self.header, "\(u),,Mo,Uploaded,31/12/2009,maybe,230,\(today),\(today),"].joined(separator: "\n")
        let refused = try await client.postFile(SiteURL.post16Part(.upload).path, fields: [:], fileField: "file", filename: "bad.csv", bytes: Array(badFile.utf8))
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("govuk-error-summary"))
        XCTAssertTrue(refused.body.contains("Line 2: date_of_birth"), refused.body)
        XCTAssertTrue(refused.body.contains("has_ehc_plan"), refused.body)
        _ = try await client.get(SiteURL.post16Part(.upload).path)
        let none = try await client.postFile(SiteURL.post16Part(.upload).path, fields: [:], fileField: "file", filename: "empty.csv", bytes: [])
        XCTAssertTrue(none.body.contains("Select a post-16 CSV file"))
        let wrongHeader = try await client.postFile(SiteURL.post16Part(.upload).path, fields: [:], fileField: "file", filename: "x.csv", bytes: Array("a,b\n1,2".utf8))
        XCTAssertEqual(wrongHeader.status, .unprocessableEntity)
        try await app.asyncShutdown()
    }

    /// Roles outside the tracking service see none of it (the matrix checks every route; this names the intent).
    func testASchoolUserAndAParentCannotReachTheTrackingPages() async throws {
        let app = try await TestWorld.makeApp()
        for role in [Role.schoolUser, .parentCarer, .healthProfessional, .finance] {
            let client = TestClient(app)
            try await client.signIn(as: role)
            assertEqual(try await client.get(SiteURL.post16.path).status, .notFound, "\(role)")
        }
        try await app.asyncShutdown()
    }

    func testTheTrackingListRunsAFixedNumberOfQueries() async throws {
        let app = try await TestWorld.makeApp()
        app.middleware.use(QueryCountingMiddleware())
        let client = TestClient(app)
        try await client.signIn(as: .post16Adviser)
        _ = try await client.get(SiteURL.post16.path)
        let before = QueryCountingMiddleware.last.withLockedValue { $0 }
        // As many again and more: young people with spells and offers.
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await DemoPost16.insert(DemoPost16.generate(perYear: 40, today: today, seed: 99), authorityID: authorityID, source: "test", sql: app.db as! any SQLDatabase)
        let page = try await client.get(SiteURL.post16.path)
        XCTAssertEqual(page.status, .ok)
        XCTAssertEqual(QueryCountingMiddleware.last.withLockedValue { $0 }, before, "more young people must not mean more queries")
        try await app.asyncShutdown()
    }

    /// The month's load reads only those who may be in that day's cohort: the return and the figures must be what
    /// reading everyone gives, in every month of the year (the Year 11 window opens in January, the ages move in September).
    func testTheCohortWindowLosesNoOneFromAMonthsReturnOrFigures() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let everyone = try await Post16Store.loadAll(authorityID: authorityID, db: app.db)
        XCTAssertGreaterThan(everyone.count, 50)
        var narrowed = 0
        for offset in -14...2 {
            let day = CalendarDate(year: today.year, month: today.month, day: 1).adding(months: offset)
            let month = NCCISMonth(containing: day)
            let windowed = try await Post16Store.loadAll(authorityID: authorityID, db: app.db, cohortOn: month.lastDay)
            if windowed.count < everyone.count { narrowed += 1 }
            let all = Post16Store.nccisReturn(everyone, offers: [:], laCode: "885", month: month)
            let some = Post16Store.nccisReturn(windowed, offers: [:], laCode: "885", month: month)
            XCTAssertEqual(Set(some.records.map(\.reference)), Set(all.records.map(\.reference)), "\(month)")
            XCTAssertEqual(Post16Store.figures(windowed, month: month), Post16Store.figures(everyone, month: month), "\(month)")
        }
        XCTAssertGreaterThan(narrowed, 0, "in earlier years the window leaves out those who cannot be in the cohort")
        try await app.asyncShutdown()
    }

    /// The caseworker's home lists plan holders who are NEET, for an early review of the plan (issue 17 item 4).
    func testTheCaseworkerSeesPlanHoldersWhoAreNEET() async throws {
        let app = try await TestWorld.makeApp()
        let jamie = try await YoungPerson.query(on: app.db).filter(\.$surname == DemoPost16.journeySurname).first()!
        jamie.hasEHCPlan = true
        try await jamie.save(on: app.db)
        let client = TestClient(app)
        try await client.signIn(as: .caseworker)
        let home = try await client.get("/")
        XCTAssertTrue(home.body.contains("Jamie Rivers"), "a NEET plan holder is on the caseworker's home")
        let list = try await client.get(SiteURL.post16.path(["show": "plan-neet"]))
        XCTAssertTrue(list.body.contains("Jamie Rivers"))
        let backlog = try await client.get(SiteURL.ehc.path)
        XCTAssertTrue(backlog.body.contains("Young people with EHC plans who are NEET"), "the EHC backlog shows them too")
        XCTAssertTrue(backlog.body.contains("Jamie Rivers") && backlog.body.contains("Named setting: "), "with the plan's named setting")
        try await app.asyncShutdown()
    }
}
