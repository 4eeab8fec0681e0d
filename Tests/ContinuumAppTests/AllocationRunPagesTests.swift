import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// TOPUP-2: census-based allocation runs (finance), and issue 15 item 8: a school user's own school's top-up.
final class AllocationRunPagesTests: XCTestCase {
    private func csvTotal(_ csv: String) -> Int64 {
        csv.split(separator: "\r\n").dropFirst().compactMap { line -> Int64? in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return cells.count >= 9 ? Money(decimal: String(cells[cells.count - 2]))?.pence : nil
        }.reduce(0, +)
    }

    func testARunIsMadeSumsToThePotAndRepeatsExactlyAfterTheChildrenChange() async throws {
        let app = try await TestWorld.makeApp()
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        let list = try await finance.get(SiteURL.financeAllocationRuns.path)
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("s251 line 1.2.4"), "the flagged mapping is said on the page")

        // Bad input: the GOV.UK error summary, input kept, nothing saved.
        let bad = try await finance.post(SiteURL.financeAllocationRuns.path, ["title": "", "pot": "-5", "census": "2026-01-15", "eligibility": "sen-support",
                                                                                "formula": "per-pupil", "rate": "", "cap": "lots"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("There is a problem"))
        XCTAssertTrue(bad.body.contains("The pot must be £0 or more"), bad.body)
        XCTAssertTrue(bad.body.contains("Enter the rate per eligible pupil"))
        XCTAssertTrue(bad.body.contains("The cap per school must be an amount in pounds"))
        XCTAssertTrue(bad.body.contains("href=\"#title\""))
        assertEqual(try await AllocationRun.query(on: app.db).count(), 0)
        let floors = try await finance.post(SiteURL.financeAllocationRuns.path, ["title": "Too high", "pot": "1000.00", "census": "2026-01-15",
                                                                                   "eligibility": "either", "formula": "share-of-pot", "floor": "900.00"])
        XCTAssertEqual(floors.status, .unprocessableEntity)
        XCTAssertTrue(floors.body.contains("The floor for every school comes to"), floors.body)
        assertEqual(try await AllocationRun.query(on: app.db).count(), 0)

        // A Medway-like run: £490,000 shared pro rata to K counts, capped.
        let made = try await finance.post(SiteURL.financeAllocationRuns.path, ["title": "Notional SEN top-up", "pot": "£490,000.00", "census": "2026-01-15",
                                                                                 "eligibility": "sen-support", "formula": "share-of-pot", "forum": "2026-02-10"])
        XCTAssertEqual(made.status, .seeOther, made.body)
        let run = try await AllocationRun.query(on: app.db).first()!
        XCTAssertEqual(run.totalPence, 49_000_000)
        XCTAssertEqual(run.s251Line, "1.2.4")
        XCTAssertEqual(run.schoolsForumOn, CalendarDate(year: 2026, month: 2, day: 10))
        let audited = try await AuditEvent.query(on: app.db).filter(\.$action == "finance.allocation_run").count()
        XCTAssertEqual(audited, 1)
        let csvPath = SiteURL.financeAllocationRun(.value(run.id!)).path
        let first = try await finance.get(csvPath)
        XCTAssertEqual(first.status, .ok)
        XCTAssertTrue(first.body.hasPrefix("school_urn,school_name,census_date,eligibility,sen_support,ehc_plans,eligible,amount,s251_line\r\n"))
        XCTAssertEqual(csvTotal(first.body), 49_000_000, "the shares sum exactly to the pot")
        let listed = try await finance.get(SiteURL.financeAllocationRuns.path)
        XCTAssertTrue(listed.body.contains("Notional SEN top-up"))

        // The children change: every pupil moves to SEN support and a new one joins a school.
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        let children = try await Child.query(on: app.db).filter(\.$authority.$id == authorityID).filter(\.$homeSchool.$id != nil).all()
        for child in children.prefix(40) { child.senProvision = SENProvision.senSupport.rawValue; try await child.save(on: app.db) }
        let extra = Child(authorityID: authorityID, legalForename: "New", legalSurname: "Pupil", dateOfBirth: CalendarDate(year: 2016, month: 3, day: 1), upn: nil,
                          sex: "F", homePostcode: nil, homeSchoolID: children[0].$homeSchool.id, senProvision: .senSupport, primaryNeed: .slcn, secondaryNeed: nil)
        try await extra.create(on: app.db)
        let again = try await finance.get(csvPath)
        XCTAssertEqual(again.body, first.body, "a stored run repeats exactly")
        // A new run does see the change.
        _ = try await finance.post(SiteURL.financeAllocationRuns.path, ["title": "Second", "pot": "490000.00", "census": "2026-01-15",
                                                                          "eligibility": "sen-support", "formula": "share-of-pot"])
        let second = try await AllocationRun.query(on: app.db).filter(\.$title == "Second").first()!
        let newCSV = try await finance.get(SiteURL.financeAllocationRun(.value(second.id!)).path)
        XCTAssertNotEqual(newCSV.body, first.body)
        XCTAssertEqual(csvTotal(newCSV.body), 49_000_000)
        try await app.asyncShutdown()
    }

    func testAPerPupilRunRecordsItsRate() async throws {
        let app = try await TestWorld.makeApp()
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        let made = try await finance.post(SiteURL.financeAllocationRuns.path, ["title": "Per pupil", "pot": "490000.00", "census": "2026-01-15",
                                                                                 "eligibility": "ehc-plan", "formula": "per-pupil", "rate": "10.00", "cap": "100.00"])
        XCTAssertEqual(made.status, .seeOther, made.body)
        let run = try await AllocationRun.query(on: app.db).first()!
        XCTAssertEqual(run.ratePence, 1000)
        let rows = try await AllocationRunSchool.query(on: app.db).filter(\.$run.$id == run.id!).all()
        XCTAssertFalse(rows.isEmpty)
        for row in rows { XCTAssertEqual(row.amountPence, min(Int64(row.ehcPlanCount) * 1000, 10_000)) }
        XCTAssertEqual(rows.map(\.amountPence).reduce(0, +), run.totalPence)
        try await app.asyncShutdown()
    }

    func testASchoolUserSeesOnlyTheirOwnSchoolsPlacements() async throws {
        let app = try await TestWorld.makeApp()
        let db = app.db
        let authorityID = try await TestWorld.demoAuthorityID(db)
        let senco = try await User.query(on: db).filter(\.$email == TestWorld.email(for: .schoolUser)).first()!
        let school = try await Establishment.find(senco.$school.id!, on: db)!
        let other = try await Establishment.query(on: db).filter(\.$id != school.id!).first()!
        let pupil = try await Child.query(on: db).filter(\.$homeSchool.$id == school.id!).first()!
        let elsewhere = try await Child.query(on: db).filter(\.$authority.$id == authorityID).filter(\.$homeSchool.$id != school.id!).first()!
        pupil.legalForename = "Topup"; pupil.legalSurname = "Ownpupil"; try await pupil.save(on: db)
        elsewhere.legalForename = "Hidden"; elsewhere.legalSurname = "Otherpupil"; try await elsewhere.save(on: db)
        func place(_ child: Child?, upn: String, at setting: Int, band: String, annual: Int64) async throws -> Placement {
            let placement = Placement()
            placement.$authority.id = authorityID; placement.$child.id = child?.id; placement.upn = upn
            placement.setting = String(setting); placement.settingTypeRaw = PlacementType.mainstreamMaintained.rawValue; placement.residential = false
            placement.s251Line = "1.2.1"; placement.band = band; placement.annualPence = annual
            placement.startsOn = CalendarDate(year: 2026, month: 4, day: 1); placement.source = "continuum"
            try await placement.create(on: db)
            return placement
        }
        // A pupil of the school (named), a child the school may not see placed there (UPN only), and another school's placement.
        let own = try await place(pupil, upn: "A885299800001", at: school.urn, band: "B2", annual: 1_200_000)
        _ = try await place(elsewhere, upn: "B885299800002", at: school.urn, band: "B3", annual: 2_400_000)
        _ = try await place(pupil, upn: "C885299800003", at: other.urn, band: "B9", annual: 9_876_500)
        let run = PaymentRun()
        run.$authority.id = authorityID; run.label = "Summer term 2026"; run.from = CalendarDate(year: 2026, month: 4, day: 1)
        run.to = CalendarDate(year: 2026, month: 7, day: 31); run.financialYear = "2026-27"; run.totalPence = 0; run.madeBy = "test"
        try await run.create(on: db)
        let line = PaymentLine()
        line.$run.id = run.id!; line.$placement.id = own.id!; line.setting = own.setting; line.upn = own.upn; line.s251Line = "1.2.1"
        line.days = 122; line.duePence = 401_096; line.adjustmentPence = 1_500
        try await line.create(on: db)

        let client = TestClient(app)
        try await client.signIn(as: .schoolUser)
        let page = try await client.get(SiteURL.schoolTopUp.path)
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("Topup Ownpupil"), "the school's own pupil is named")
        XCTAssertFalse(page.body.contains("Otherpupil"), "a child the school may not see is not named")
        XCTAssertTrue(page.body.contains("UPN B885299800002"))
        XCTAssertTrue(page.body.contains("£12,000.00"))
        XCTAssertTrue(page.body.contains("£24,000.00"))
        XCTAssertTrue(page.body.contains("Summer term 2026"))
        XCTAssertTrue(page.body.contains("£4,025.96"), "the latest payment run's line total")
        XCTAssertFalse(page.body.contains("£98,765.00"), "another school's placement never shows")
        XCTAssertFalse(page.body.contains("C885299800003"))
        let audit = try await AuditEvent.query(on: db).filter(\.$action == "school.top_up.view").first()
        XCTAssertNotNil(audit)
        XCTAssertEqual(Set(ListAudit.children(in: audit?.detail ?? "")), Set([pupil.id!, elsewhere.id!]))

        // Only school users.
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        assertEqual(try await finance.get(SiteURL.schoolTopUp.path).status, .notFound)
        try await app.asyncShutdown()
    }
}
