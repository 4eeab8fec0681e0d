import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 15 item 4: the sufficiency page's figures from the placements held, WX-1's scenario, and the
/// scenario recorded as a DSG management plan workstream.
final class SufficiencyPagesTests: XCTestCase {
    private func place(_ app: Application, _ authorityID: UUID, _ upn: String, _ type: PlacementType, annual: Int64) async throws {
        let placement = Placement()
        placement.$authority.id = authorityID
        placement.upn = upn; placement.setting = "116401"; placement.settingTypeRaw = type.rawValue; placement.residential = false
        placement.s251Line = type.isIndependentOrNonMaintained ? "1.2.3" : "1.2.1"; placement.annualPence = annual
        placement.placeFundingPence = type.defaultPlaceFunding?.pence
        placement.startsOn = CalendarDate.today().adding(days: -100); placement.source = "continuum"
        try await placement.create(on: app.db)
    }

    func testTheCostGapTheScenarioAndItsWorkstream() async throws {
        let app = try await TestWorld.makeApp()
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        try await place(app, authorityID, "A885299825011", .independentSpecial, annual: 6_000_000)
        try await place(app, authorityID, "A885299825012", .nmss, annual: 5_000_000)
        try await place(app, authorityID, "A885299825013", .specialState, annual: 1_500_000)
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)

        let page = try await finance.get("/finance/sufficiency")
        XCTAssertEqual(page.status, .ok)
        // Independent mean £55,000; state special £15,000 top-up + £10,000 place = £25,000: £30,000 more. Ten pupils save £300,000.
        for text in ["£55,000.00", "£25,000.00", "costs £30,000.00 a year more", "£300,000.00 a year", "Record as a DSG management plan workstream"] {
            XCTAssertTrue(page.body.contains(text), "the page shows \(text)")
        }
        let bad = try await finance.get("/finance/sufficiency?pupils=0&independent=abc")
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("govuk-error-summary") && bad.body.contains("Number of pupils must be a whole number from 1 to 1,000"))
        XCTAssertTrue(bad.body.contains("must be an amount in pounds"))

        let recorded = try await finance.post("/finance/sufficiency", ["pupils": "4", "independent": "55000.00", "topup": "15000.00"])
        XCTAssertEqual(recorded.status, .seeOther)
        let item = try await DSGWorkstream.query(on: app.db).first()
        XCTAssertEqual(item?.title, "Placements and commissioning: 4 independent placements to local special places")
        let savings = try await DSGWorkstreamSaving.query(on: app.db).all()
        XCTAssertEqual(savings.count, DSGPlanQuery.yearsAhead, "a saving in each projected year")
        XCTAssertTrue(savings.allSatisfy { $0.savingPence == 12_000_000 }, "4 × £30,000")
        let refused = try await finance.post("/finance/sufficiency", ["pupils": "4", "independent": "20000.00", "topup": "15000.00"])
        XCTAssertEqual(refused.status, .unprocessableEntity, "a scenario that saves nothing is not recorded")
        assertEqual(try await DSGWorkstream.query(on: app.db).count(), 1)
        try await app.asyncShutdown()
    }
}
