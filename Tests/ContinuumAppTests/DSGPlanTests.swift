import Fluent
import Vapor
import XCTest
import ZIPFoundation
@testable import ContinuumApp
import ContinuumDomain

/// Issue 15 item 5: the DSG management plan from the council's own records, its workstreams and
/// engagement record, and the workbook with the template's tabs (DSGMP-2) and its CSV tables.
final class DSGPlanTests: XCTestCase {
    /// Two financial years set by finance and two placements whose costs are worked by hand (TOPUP-5, 365-day years).
    private func seedMoney(_ app: Application) async throws -> UUID {
        let authorityID = try await TestWorld.demoAuthorityID(app.db)
        for (year, opening) in [("2025-26", Int64(-2_300_000_000)), ("2026-27", Int64(-1_930_000_000))] {
            let row = HighNeedsAllocation()
            row.$authority.id = authorityID
            row.financialYear = year
            row.highNeedsPence = year == "2025-26" ? 5_400_000_000 : 5_600_000_000
            row.transferInPence = 100_000_000
            row.openingBalancePence = opening
            try await row.create(on: app.db)
        }
        for (upn, annual, end) in [("A885299825001", Int64(3_650_000), nil), ("A885299825002", Int64(730_000), "2025-06-30")] as [(String, Int64, String?)] {
            let placement = Placement()
            placement.$authority.id = authorityID
            placement.upn = upn; placement.setting = "116401"; placement.settingTypeRaw = PlacementType.specialState.rawValue
            placement.residential = false; placement.s251Line = "1.2.1"; placement.annualPence = annual
            placement.startsOn = CalendarDate(year: 2025, month: 4, day: 1); placement.endsOn = end.flatMap(CalendarDate.init(iso:))
            placement.source = "continuum"
            try await placement.create(on: app.db)
        }
        return authorityID
    }

    private func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testTheExportedWorkbookHasTheTemplatesTabsAndTheFiguresWorkedByHand() async throws {
        let app = try await TestWorld.makeApp()
        _ = try await seedMoney(app)
        let dir = NSTemporaryDirectory() + "dsg-plan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/plan.xlsx"
        let result = try await SEN2ExportCommand.run(["dsg-plan", "--as-at", "2026-10-01", "--out", out, "--csv-dir", dir, "--la-code", "885"], app: app)
        XCTAssertEqual(result.status, 0, result.stderr)

        let archive = try Archive(url: URL(fileURLWithPath: out), accessMode: .read)
        func part(_ path: String) throws -> String {
            let entry = try XCTUnwrap(archive[path], "\(path) is in the package: \(archive.map(\.path))")
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let workbook = try part("xl/workbook.xml")
        var at = workbook.startIndex
        for (index, title) in DSGPlan.Tab.allCases.map(\.title).enumerated() {
            let range = try XCTUnwrap(workbook.range(of: "<sheet name=\"\(title)\" sheetId=\"\(index + 1)\"", range: at..<workbook.endIndex), "tab \(title) in order")
            at = range.upperBound
        }
        let finance = try part("xl/worksheets/sheet4.xml")
        // 2025-26: 54m + 1m in; 36,500.00 for the open placement's whole year and 7,300 × 91/365 = 1,820.00; from −23m: +31,961,680.00.
        for value in ["55000000.00", "38320.00", "31961680.00", "57000000.00", "36500.00"] {
            XCTAssertTrue(finance.contains("<v>\(value)</v>"), "the financial summary holds \(value)")
        }

        let csv = rows(try String(contentsOfFile: dir + "/dsg-plan-financial-summary.csv", encoding: .utf8))
        XCTAssertEqual(csv.first?.prefix(4), ["financial_year", "block", "basis", "income"])
        let byYear = Dictionary(uniqueKeysWithValues: csv.dropFirst().map { ($0[0], $0) })
        XCTAssertEqual(byYear.keys.sorted(), ["2025-26", "2026-27", "2027-28", "2028-29", "2029-30"])
        XCTAssertEqual(byYear["2025-26"]?[2], "actual")
        XCTAssertEqual(byYear["2026-27"]?[2], "forecast")
        // 2026-27 starts from its own brought-forward balance, as the High Needs page does: −19.3m + 57m − 36,500.
        XCTAssertEqual(byYear["2026-27"]?[9], "37663500.00")
        XCTAssertEqual(byYear["2027-28"]?[3], "57000000.00", "no allocation for 2027-28: the latest carried forward")
        XCTAssertEqual(byYear["2027-28"]?[12], "yes")

        // The plans in force at the latest census, counted apart from the report, are the CYP table's total.
        let census = SEN2CensusDate.latest(onOrBefore: CalendarDate(year: 2026, month: 10, day: 1))
        let cases = try await EHCCase.query(on: app.db).filter(\.$finalIssuedOn != nil).with(\.$child).all()
        let inForce = Set(cases.filter { $0.finalIssuedOn! <= census && ($0.ceasedOn.map { $0 > census } ?? true) }
            .compactMap { item -> UUID? in
                guard let child = item.child, AgeAndStage.age(dateOfBirth: child.dateOfBirth, on: CalendarDate(year: census.year - 1, month: 8, day: 31)) <= 25 else { return nil }
                return child.id
            })
        let cyp = rows(try String(contentsOfFile: dir + "/dsg-plan-children-and-young-people.csv", encoding: .utf8)).dropFirst()
        let latest = cyp.filter { $0[0] == String(census.year) && $0[1] == "actual" }
        XCTAssertEqual(latest.reduce(0) { $0 + Int($1[4])! }, inForce.count, "every plan in force at the January \(census.year) census, once")
        XCTAssertGreaterThan(inForce.count, 0, "the test county has plans in force")
        try await app.asyncShutdown()
    }

    func testFinanceAddsWorkstreamsAndEngagementAndBadInputSavesNothing() async throws {
        let app = try await TestWorld.makeApp()
        _ = try await seedMoney(app)
        let next = FinancialYear(containing: .today()).next
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        let page = try await finance.get("/finance/dsg-plan")
        XCTAssertEqual(page.status, .ok)
        for text in ["Financial summary: High Needs Block", "Children and young people with EHC plans", "Workstream log", "Stakeholder engagement record",
                     "Download the plan as a workbook (.xlsx)", "<svg"] {
            XCTAssertTrue(page.body.contains(text), "the plan page shows \(text)")
        }

        let bad = try await finance.post("/finance/dsg-plan/workstreams", ["title": "", "lead": "Head of SEND", "starts-day": "1", "starts-month": "4", "starts-year": "2027",
                                                                          "status": "planned", "rag": "amber", "saving-\(next)": "-5"])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("govuk-error-summary"))
        XCTAssertTrue(bad.body.contains("Enter the workstream&#39;s title") || bad.body.contains("Enter the workstream's title"), bad.body)
        XCTAssertTrue(bad.body.contains("The saving in \(next) must be £0 or more"))
        assertEqual(try await DSGWorkstream.query(on: app.db).count(), 0, "nothing saved")

        let added = try await finance.post("/finance/dsg-plan/workstreams", ["title": "More local special school places", "lead": "Head of SEND commissioning",
                                                                            "starts-day": "1", "starts-month": "4", "starts-year": "2027", "status": "in-progress",
                                                                            "rag": "green", "saving-\(next)": "£100,000"])
        XCTAssertEqual(added.status, .seeOther)
        let event = try await finance.post("/finance/dsg-plan/engagement", ["audience": "schools-forum", "held-day": "14", "held-month": "10", "held-year": "2026",
                                                                           "method": "Schools Forum meeting", "summary": "The autumn update", "outcome": "Band review brought forward"])
        XCTAssertEqual(event.status, .seeOther)
        let shown = try await finance.get("/finance/dsg-plan")
        for text in ["More local special school places", "£100,000.00", "Schools Forum meeting", "Band review brought forward"] {
            XCTAssertTrue(shown.body.contains(text), "the plan shows \(text)")
        }

        let csv = try await finance.get("/finance/dsg-plan/financial-summary.csv")
        XCTAssertEqual(csv.status, .ok)
        let row = try XCTUnwrap(rows(csv.body).first { $0[0] == next.description })
        XCTAssertEqual(row[5], "100000.00", "the saving")
        XCTAssertEqual(Money(decimal: row[10])! - Money(decimal: row[9])!, Money(pence: 10_000_000), "mitigated = unmitigated + the saving")
        let engagement = try await finance.get("/finance/dsg-plan/engagement.csv")
        XCTAssertTrue(engagement.body.contains("Schools Forum,2026-10-14,Schools Forum meeting,The autumn update,Band review brought forward"), engagement.body)

        let book = try await finance.getBytes("/finance/dsg-plan/dsg-management-plan.xlsx")
        XCTAssertEqual(book.status, .ok)
        XCTAssertEqual(book.headers.first(name: .contentType), XLSXArchive.mediaType)
        XCTAssertEqual(book.headers.first(name: .cacheControl), "no-store")
        let archive = try Archive(data: Data(book.bytes), accessMode: .read)
        XCTAssertEqual(archive.map(\.path).filter { $0.hasPrefix("xl/worksheets/") }.count, 7)
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.dsg_plan.workbook").count(), 1, "the download is audited")
        assertEqual(try await AuditEvent.query(on: app.db).filter(\.$action == "finance.dsg_plan.workstream").count(), 1)

        let caseworker = TestClient(app)
        try await caseworker.signIn(as: .caseworker)
        assertEqual(try await caseworker.get("/finance/dsg-plan").status, .notFound)
        try await app.asyncShutdown()
    }
}
