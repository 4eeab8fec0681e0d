import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 15 item 2 (TOPUP-3, TOPUP-4): band frameworks loaded by `continuum finance bands import`, bands in
/// `continuum import placements`, and the top-up awards page with SEN K's default end, review and prompt.
final class TopUpAwardPagesTests: XCTestCase {
    private let header = "framework,version,effective_from,code,descriptor,annual_amount,setting_types"
    private let placementsHeader = "upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date"

    private func write(_ lines: [String], _ dir: String, _ name: String) throws -> String {
        let path = dir + "/" + name
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "topup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private var goodBands: [String] {
        [header,
         "London Banding,1,2024-04-01,B1,Low,2500.00,",
         "London Banding,1,2024-04-01,B2,Medium,5000.00,",
         "London Banding,2,2025-04-01,B1,Low,3000.00,",
         "London Banding,2,2025-04-01,B2,Medium,6000.00,mainstream-maintained;mainstream-academy;special-state"]
    }

    func testBandsImportThenPlacementsWithABand() async throws {
        let app = try await TestWorld.makeApp()
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A bad line refuses the whole file, by line number, and saves nothing.
        let bad = try write([header, "London Banding,2,2025-04-01,B1,Low,3000.00,", "London Banding,2,2025-04-01,B2,Medium,lots,"], dir, "bad.csv")
        let refused = try await FinanceCommand.run(["bands", "import", "--la-code", "885", bad], app: app)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("line 3: annual_amount \"lots\" must be pounds"), refused.stderr)
        assertEqual(try await BandFrameworkRecord.query(on: app.db).count(), 0)
        assertEqual(try await BandRecord.query(on: app.db).count(), 0)

        let path = try write(goodBands, dir, "bands.csv")
        let first = try await FinanceCommand.run(["bands", "import", "--la-code", "885", path], app: app)
        XCTAssertEqual(first.stdout, "\(path): read 2 framework version(s) with 4 band(s): added 2, unchanged 0", first.stderr)
        let again = try await FinanceCommand.run(["bands", "import", "--la-code", "885", path], app: app)
        XCTAssertEqual(again.stdout, "\(path): read 2 framework version(s) with 4 band(s): added 0, unchanged 2", "a second run changes nothing")
        assertEqual(try await BandFrameworkRecord.query(on: app.db).count(), 2)
        assertEqual(try await BandRecord.query(on: app.db).count(), 4)
        let v1 = try await BandFrameworkRecord.query(on: app.db).filter(\.$version == 1).first()!
        XCTAssertEqual(v1.effectiveTo, CalendarDate(year: 2025, month: 3, day: 31), "version 1 runs to the day before version 2")
        // A version is never changed.
        let changed = try write([header, "London Banding,2,2025-04-01,B1,Low,3100.00,"], dir, "changed.csv")
        let edit = try await FinanceCommand.run(["bands", "import", "--la-code", "885", changed], app: app)
        XCTAssertEqual(edit.status, 1)
        XCTAssertTrue(edit.stderr.contains("line 2: London Banding version 2 is already held with different bands or start date; a version is never changed: import the new table as version 3"), edit.stderr)
        assertEqual(try await FinanceCommand.run(["bands", "--la-code", "885"], app: app).status, 2)

        // Placements: a band of the current framework is stored with its version; others are refused by line.
        let upn = UPN.make(laCode: "885", establishment: "2998", year2: 5, serial: 41).value
        let placements = try write([placementsHeader, "\(upn),116401,special-state,1.2.1,b2,16000.00,2025-09-01,"], dir, "placements.csv")
        let imported = try await PlacementImportCommand.run(["--la-code", "885", placements], app: app)
        XCTAssertEqual(imported.stdout, "\(placements): read 1, added 1, updated 0, unchanged 0, unmatched UPNs 1", imported.stderr)
        let stored = try await Placement.query(on: app.db).filter(\.$upn == upn).first()!
        XCTAssertEqual(stored.band, "B2")
        XCTAssertEqual(stored.bandFrameworkVersion, 2)
        assertEqual(try await PlacementImportCommand.run(["--la-code", "885", placements], app: app).stdout,
                    "\(placements): read 1, added 0, updated 0, unchanged 1, unmatched UPNs 1")
        let wrong = try write([placementsHeader, "\(upn),116402,special-state,1.2.1,B9,16000.00,2025-09-01,",
                               "\(upn),116403,nmss,1.2.3,B2,16000.00,2025-09-01,"], dir, "wrong.csv")
        let no = try await PlacementImportCommand.run(["--la-code", "885", wrong], app: app)
        XCTAssertEqual(no.status, 1)
        XCTAssertTrue(no.stderr.contains("line 2: band \"B9\" is not a band of the current framework (London Banding version 2: B1, B2)"), no.stderr)
        XCTAssertTrue(no.stderr.contains("line 3: band \"B2\" of London Banding version 2 is not for nmss settings"), no.stderr)
        assertEqual(try await Placement.query(on: app.db).filter(\.$upn == upn).count(), 1)
        try await app.asyncShutdown()
    }

    func testRecordingAwards() async throws {
        let app = try await TestWorld.makeApp()
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        assertEqual(try await FinanceCommand.run(["bands", "import", "--la-code", "885", try write(goodBands, dir, "bands.csv")], app: app).status, 0)
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        // WX-3's 1 September, in the year whose award has not yet ended today (the review list shows awards still running).
        let today = CalendarDate.today()
        let startYear = today.month >= 9 ? today.year : (today.month <= 2 ? today.year - 1 : today.year)
        let start = CalendarDate(year: startYear, month: 9, day: 1)
        let end = CalendarDate(year: startYear + 1, month: 2, day: CalendarDate.isLeapYear(startYear + 1) ? 29 : 28)
        let review = TopUpAwardRules.reviewDue(end: end)
        let cost = TopUpAwardRules.periodCost(annual: Money(decimal: "3600")!, start: start, end: end)!
        let child = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$upn != nil).all()
            .first { AgeAndStage.age(dateOfBirth: $0.dateOfBirth, on: start) < 19 }!
        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        let page = try await caseworker.get("/finance/top-up-awards")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Bands of London Banding version 2"), page.body)

        // Bad input: 422 with the GOV.UK error summary, nothing saved.
        let empty = try await caseworker.post("/finance/top-up-awards", [:])
        XCTAssertEqual(empty.status, .unprocessableEntity)
        XCTAssertTrue(empty.body.contains("govuk-error-summary"), empty.body)
        XCTAssertTrue(empty.body.contains("href=\"#basis\">Select the basis of the award"), empty.body)
        XCTAssertTrue(empty.body.contains("href=\"#upn\">Enter the child&#39;s UPN") || empty.body.contains("href=\"#upn\">Enter the child's UPN"), empty.body)
        var form = ["upn": child.upn!, "basis": "sen-k-time-limited", "start-day": "1", "start-month": "9", "start-year": String(startYear),
                    "end-day": "", "end-month": "", "end-year": "", "provision-map-cost": "9600"]
        var backwards = form
        backwards["end-day"] = "31"; backwards["end-month"] = "8"; backwards["end-year"] = String(startYear)
        let before = try await caseworker.post("/finance/top-up-awards", backwards)
        XCTAssertEqual(before.status, .unprocessableEntity)
        XCTAssertTrue(before.body.contains("href=\"#end\">The award&#39;s end date must be on or after its start date")
                      || before.body.contains("href=\"#end\">The award's end date must be on or after its start date"), before.body)
        var disputed = form
        disputed["requested-band"] = "B2"; disputed["awarded-band"] = "B1"
        let noReason = try await caseworker.post("/finance/top-up-awards", disputed)
        XCTAssertEqual(noReason.status, .unprocessableEntity)
        XCTAssertTrue(noReason.body.contains("href=\"#reason\">Enter the panel"), noReason.body)
        assertEqual(try await TopUpAward.query(on: app.db).count(), 0)

        // WX-3: an SEN K award with no end date runs six months, is reviewed on 31 January, and prompts (never blocks).
        let made = try await caseworker.post("/finance/top-up-awards", form)
        XCTAssertEqual(made.status, .seeOther, made.body)
        let award = try await TopUpAward.query(on: app.db).first()!
        XCTAssertEqual(award.endsOn, end)
        XCTAssertEqual(award.reviewDueOn, review)
        XCTAssertEqual(cost.days, CalendarDate.isLeapYear(startYear + 1) ? 182 : 181, "WX-3: 181 days, or 182 in a leap year")
        XCTAssertEqual(award.annual, Money(decimal: "3600"))
        XCTAssertNil(award.frameworkVersion, "no band, so no framework version")
        let shown = try await caseworker.get(made.location!)
        for text in ["consider an EHC needs assessment", "advice only", "\(cost.amount.display) (\(cost.days) days)", review.longFormat, "SEN support (K) review tasks", end.longFormat] {
            XCTAssertTrue(shown.body.contains(text), "the page shows \(text)")
        }
        XCTAssertTrue(shown.body.contains("govuk-inset-text"))

        // A panel's lower band with its reason: the award stores the framework version in force on its start date.
        disputed["reason"] = "The provision map is met at band B1"
        disputed["provision-map-cost"] = "5000"
        let banded = try await caseworker.post("/finance/top-up-awards", disputed)
        XCTAssertEqual(banded.status, .seeOther, banded.body)
        let second = try await TopUpAward.query(on: app.db).filter(\.$awardedBand == "B1").first()!
        XCTAssertEqual(second.frameworkVersion, 2)
        XCTAssertEqual(second.requestedBand, "B2")
        XCTAssertEqual(second.annual, Money(decimal: "3000"))
        let quiet = try await caseworker.get(banded.location!)
        XCTAssertFalse(quiet.body.contains("consider an EHC needs assessment. This is advice only"), "£5,000 is below the line: no prompt for this award")

        // The caseworker sees the plan's placement and top-up on the EHC case page.
        let item = EHCCase(authorityID: authorityID, childID: child.id!, upn: child.upn, requestedOn: CalendarDate(year: 2026, month: 10, day: 1),
                           requester: .school, requesterName: "Test", summary: "Test case")
        try await item.create(on: app.db)
        let casePage = try await caseworker.get("/ehc/\(item.id!.uuidString)")
        XCTAssertEqual(casePage.status, .ok)
        for text in ["Placement and top-up", "SEN support (K), time-limited", "£3,600.00", review.longFormat] {
            XCTAssertTrue(casePage.body.contains(text), "the case page shows \(text)")
        }
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.top_up_award.recorded").count(), 2)
        assertTrue(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.top_up_awards.view").count() >= 5, "each page view, including a refused form")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.top_up_award.view").filter(\.$childID == child.id!).count(), 1)

        // Finance records awards too; a school user may not see the page.
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        assertEqual(try await finance.get("/finance/top-up-awards").status, .ok)
        let school = TestClient(app)
        try await school.signIn(as: .schoolUser)
        assertEqual(try await school.get("/finance/top-up-awards").status, .notFound)
        try await app.asyncShutdown()
    }
}
