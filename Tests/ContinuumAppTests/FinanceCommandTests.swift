import Fluent
import Vapor
import XCTest
@testable import ContinuumApp
import ContinuumDomain

/// Issue 15 items 2 and 3: placements imported from a real file, the year's allocation, and the High
/// Needs position they give, through the commands a finance team runs.
final class FinanceCommandTests: XCTestCase {
    private func upn(_ serial: Int) -> String { UPN.make(laCode: "885", establishment: "2998", year2: 5, serial: serial).value }

    func testImportedPlacementsDriveTheHighNeedsPosition() async throws {
        let app = try await TestWorld.makeApp()
        let dir = NSTemporaryDirectory() + "placements-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let child = try await Child.query(on: app.db).filter(\.$upn != nil).first()!
        let header = "upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date"
        let rows = [
            header,
            "\(child.upn!),116401,independent-special,1.2.3,,55000.00,2024-09-01,",
            "\(upn(1)),116402,special-state,1.2.1,,15000,2025-09-01,",
            "\(upn(2)),116403,mainstream-maintained,1.2.1,,7300.00,2025-04-01,2025-06-30",
        ]
        let path = dir + "/placements.csv"
        try rows.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let first = try await PlacementImportCommand.run(["--la-code", "885", path], app: app)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "\(path): read 3, added 3, updated 0, unchanged 0, unmatched UPNs 2")
        assertEqual(try await PlacementImportCommand.run(["--la-code", "885", path], app: app).stdout,
                    "\(path): read 3, added 0, updated 0, unchanged 3, unmatched UPNs 2", "re-importing the same file changes nothing")
        let linked = try await Placement.query(on: app.db).filter(\.$upn == child.upn!).first()!
        XCTAssertEqual(linked.$child.id, child.id, "a matched UPN links the placement to the child")
        XCTAssertNil(linked.placeFunding, "an independent special school has no place funding (HNB-4)")
        let special = try await Placement.query(on: app.db).filter(\.$upn == upn(1)).first()
        XCTAssertEqual(special?.placeFunding, Money(decimal: "10000"), "HNF-2: £10,000 a special school place")

        // A bad file changes nothing and names its lines.
        let before = try await Placement.query(on: app.db).count()
        try [header, "\(upn(3)),116401,special-state,1.2.1,B2,14500,2025-09-01,", "\(upn(4)),116401,academy,1.2.1,,1,2025-09-01,"]
            .joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try await PlacementImportCommand.run(["--la-code", "885", path], app: app)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("line 2: band \"B2\" given, but the authority has no band framework yet"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("line 3: setting_type \"academy\""), bad.stderr)
        assertEqual(try await Placement.query(on: app.db).count(), before)

        let noYear = try await HighNeedsReportCommand.run(["--la-code", "885", "--financial-year", "2025-26", "--as-at", "2025-09-30", "--format", "json"], app: app)
        XCTAssertEqual(noYear.status, 1)
        XCTAssertTrue(noYear.stderr.contains("no High Needs allocation is set for 2025-26"))
        let set = try await FinanceCommand.run(["allocation", "--la-code", "885", "--financial-year", "2025-26", "--high-needs", "54000000.00",
                                                "--transfer-in", "1000000.00", "--opening-balance", "-23000000.00"], app: app)
        XCTAssertEqual(set.status, 0, set.stderr)
        let report = try await HighNeedsReportCommand.run(["--la-code", "885", "--financial-year", "2025-26", "--as-at", "2025-09-30", "--format", "json"], app: app)
        XCTAssertEqual(report.stdout, #"{"financial_year":"2025-26","as_at":"2025-09-30","allocation":"54000000.00","transfer_in":"1000000.00","# +
                       #""spent_to_date":"30628.22","forecast_outturn":"65532.33","in_year_balance":"54934467.67","opening_cumulative":"-23000000.00","# +
                       #""closing_cumulative_forecast":"31934467.67","by_s251_line":{"1.2.1":{"spent_to_date":"3052.88","forecast_outturn":"10532.33"},"# +
                       #""1.2.3":{"spent_to_date":"27575.34","forecast_outturn":"55000.00"}}}"#)
        let audit = try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["placements.imported", "finance.allocation"]).count()
        XCTAssertEqual(audit, 3, "two imports and the allocation are audited; the refused file is not")

        for args in [["allocation", "--la-code", "885", "--financial-year", "2025/26", "--high-needs", "1"],
                     ["allocation", "--la-code", "885", "--financial-year", "2025-26", "--high-needs", "1.001"],
                     ["allocation", "--la-code", "885", "--financial-year", "2025-26"], ["budget"]] {
            assertEqual(try await FinanceCommand.run(args, app: app).status, 2, "\(args)")
        }
        assertEqual(try await HighNeedsReportCommand.run(["--la-code", "885", "--financial-year", "2025-26", "--as-at", "2025-02-30", "--format", "json"], app: app).status, 2)

        // The finance officer's page shows the same position, by s251 line and by type of setting.
        let finance = TestClient(app)
        try await finance.signIn(as: .finance)
        let page = try await finance.get("/finance?year=2025-26")
        XCTAssertEqual(page.status, .ok)
        for text in ["£54,000,000.00", "£1,000,000.00", "£65,532.33", "−£23,000,000.00", "Deficit", "1.2.3", "Top-up and other funding",
                     "Independent special school", "£55,000.00", "not the statutory s251 return"] {
            XCTAssertTrue(page.body.contains(text), "the finance page shows \(text)")
        }
        let wrongYear = try await finance.get("/finance?year=2025-27")
        XCTAssertTrue(wrongYear.body.contains("href=\"#year\">Financial year must be like"), wrongYear.body)
        let unset = try await finance.get("/finance?year=2031-32")
        XCTAssertTrue(unset.body.contains("No allocation is set for 2031-32"))

        // A termly payment run: made once, downloaded as a CSV; the same period again is refused and saves nothing.
        try await finance.get("/finance/payment-runs")
        let run = try await finance.post("/finance/payment-runs", ["label": "Autumn term 2025", "from-day": "1", "from-month": "9", "from-year": "2025",
                                                                  "to-day": "31", "to-month": "12", "to-year": "2025"])
        XCTAssertEqual(run.status, .seeOther, run.body)
        let made = try await PaymentRun.query(on: app.db).all()
        XCTAssertEqual(made.count, 1)
        // 122 autumn days: £55,000 → 18383.56; £15,000 → 5013.70; the June-ended placement is due nothing.
        XCTAssertEqual(Money(pence: made[0].totalPence).decimal, "23397.26")
        let csv = try await finance.get("/finance/payment-runs/\(made[0].id!.uuidString)/payment-run.csv")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.body.hasPrefix("setting,upn,s251_line,period_from,period_to,days,due,adjustment,total\r\n"), csv.body)
        XCTAssertTrue(csv.body.contains("116401,\(child.upn!),1.2.3,2025-09-01,2025-12-31,122,18383.56,0.00,18383.56"), csv.body)
        let again = try await finance.post("/finance/payment-runs", ["label": "Autumn again", "from-day": "1", "from-month": "12", "from-year": "2025",
                                                                    "to-day": "31", "to-month": "12", "to-year": "2025"])
        XCTAssertEqual(again.status, .unprocessableEntity)
        XCTAssertTrue(again.body.contains("has already been made: a period is never paid twice"), again.body)
        let across = try await finance.post("/finance/payment-runs", ["label": "Spring", "from-day": "1", "from-month": "1", "from-year": "2026",
                                                                     "to-day": "30", "to-month": "4", "to-year": "2026"])
        XCTAssertTrue(across.body.contains("within one financial year"))
        assertEqual(try await PaymentRun.query(on: app.db).count(), 1)
        try await app.asyncShutdown()
    }
}

/// Issue 15's first "Done when": the money commands work on an authority made by `authority create`, not only the demo.
final class FinanceOnANewAuthorityTests: XCTestCase {
    func testTheMoneyCommandsOnACouncilMadeByAuthorityCreate() async throws {
        let app = try await TestWorld.makeApp()
        let created = try await AuthorityCommand.run(["create", "--la-code", "888", "--name", "Lancashire County Council", "--admin-email", "admin@lancashire.example.gov.uk"], app: app)
        XCTAssertEqual(created.status, 0, created.stderr)
        let dir = NSTemporaryDirectory() + "placements-new-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let upn = UPN.make(laCode: "888", establishment: "2001", year2: 14, serial: 1).value
        let path = dir + "/placements.csv"
        try ["upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date", "\(upn),119001,nmss,1.2.3,,36500.00,2026-04-01,"]
            .joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let imported = try await PlacementImportCommand.run(["--la-code", "888", path], app: app)
        XCTAssertEqual(imported.stdout, "\(path): read 1, added 1, updated 0, unchanged 0, unmatched UPNs 1", imported.stderr)
        assertEqual(try await FinanceCommand.run(["allocation", "--la-code", "888", "--financial-year", "2026-27", "--high-needs", "80000000"], app: app).status, 0)
        let report = try await HighNeedsReportCommand.run(["--la-code", "888", "--financial-year", "2026-27", "--as-at", "2026-04-10", "--format", "json"], app: app)
        // Ten days of £36,500 over a 365-day year: £1,000.00; the demo council's placements are not counted.
        XCTAssertEqual(report.stdout, #"{"financial_year":"2026-27","as_at":"2026-04-10","allocation":"80000000.00","transfer_in":"0.00","spent_to_date":"1000.00","# +
                       #""forecast_outturn":"36500.00","in_year_balance":"79963500.00","opening_cumulative":"0.00","closing_cumulative_forecast":"79963500.00","# +
                       #""by_s251_line":{"1.2.3":{"spent_to_date":"1000.00","forecast_outturn":"36500.00"}}}"#, report.stderr)
        assertEqual(RulesCommand.run(["top-up", "--annual", "36500", "--placement-start", "2026-04-01", "--financial-year", "2026-27"]).stdout,
                    #"{"financial_year":"2026-27","days":365,"amount":"36500.00"}"#)

        // A termly payment run from the command line: the summer term, 1 April to 31 August (153 days of £36,500 a year: £15,300.00).
        let csv = dir + "/summer.csv"
        let run = try await PaymentRunCommand.run(["--la-code", "888", "--label", "Summer term 2026", "--from", "2026-04-01", "--to", "2026-08-31", "--out", csv], app: app)
        XCTAssertEqual(run.stdout, "Summer term 2026: 2026-04-01 to 2026-08-31, 1 line(s), total 15300.00", run.stderr)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
        XCTAssertEqual(lines.first, Substring(PaymentRunMaker.csvHeader))
        XCTAssertEqual(lines.dropFirst().first, "119001,\(upn),1.2.3,2026-04-01,2026-08-31,153,15300.00,0.00,15300.00")
        let again = try await PaymentRunCommand.run(["--la-code", "888", "--label", "July", "--from", "2026-07-01", "--to", "2026-07-31"], app: app)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("never paid twice"), again.stderr)
        assertEqual(try await PaymentRunCommand.run(["--la-code", "888", "--label", "Bad", "--from", "2026-02-30", "--to", "2026-07-31"], app: app).status, 2)
        assertEqual(try await PaymentRun.query(on: app.db).count(), 1, "only the one run was made")
        try await app.asyncShutdown()
    }
}
