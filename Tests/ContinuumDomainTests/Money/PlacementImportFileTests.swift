import XCTest
@testable import ContinuumDomain

/// Issue 15 item 2: `continuum import placements` reads the whole file before anything is saved.
final class PlacementImportFileTests: XCTestCase {
    private let header = "upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date\n"

    func testGoodRows() throws {
        let csv = header + """
        H801200001001,116401,special-state,1.2.1,B3,14500.00,2025-09-01,
        G80120000101A,10012345,fe-spi,1.2.2,,9000,2024-09-01,2025-07-18
        """
        guard case let .rows(rows) = PlacementImportFile.parse(Data(csv.utf8), bands: ["B1", "B2", "B3"]) else { return XCTFail("refused") }
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0].type, .specialState)
        XCTAssertEqual(rows[0].annual.decimal, "14500.00")
        XCTAssertNil(rows[0].end, "an open placement")
        XCTAssertEqual(rows[0].band, "B3")
        XCTAssertEqual(rows[1].setting, "10012345", "a UKPRN")
        XCTAssertNil(rows[1].band)
        XCTAssertEqual(rows[1].end, CalendarDate(year: 2025, month: 7, day: 18))
    }

    func testEveryProblemIsNamedByLine() {
        let csv = header + """
        H801200001001,116401,special-state,1.2.1,B3,14500.00,2025-09-01,
        Z801200001001,11640,academy,1.2.12,B9,14,500.00,2025-09-01,
        H801200001001,116401,nmss,1.2.3,,£50000,2025-02-30,
        H801200001001,116401,nmss,1.2.3,,50000.001,2025-09-01,2025-08-01
        H801200001001,116401,special-state,1.2.1,B3,14500.00,2025-09-01,
        """
        guard case let .problems(problems) = PlacementImportFile.parse(Data(csv.utf8), bands: ["B1", "B2", "B3"]) else { return XCTFail("accepted") }
        let text = problems.map(\.description)
        XCTAssertTrue(text.contains("line 3: has 9 columns but the header has 8"), "\(text)")
        XCTAssertTrue(text.contains("line 4: start_date \"2025-02-30\" is not a real date in the format YYYY-MM-DD"), "\(text)")
        XCTAssertTrue(text.contains("line 4: annual_amount \"£50000\" must be pounds with at most two decimal places, like 12000.00"), "\(text)")
        XCTAssertTrue(text.contains("line 5: end_date 2025-08-01 is before start_date 2025-09-01"), "\(text)")
        XCTAssertTrue(text.contains("line 5: annual_amount \"50000.001\" must be pounds with at most two decimal places, like 12000.00"), "\(text)")
        XCTAssertTrue(text.contains("line 6: repeats the placement on line 2 (same upn, setting_urn and start_date)"), "\(text)")

        let wrong = header + "Z801200001001,11640,academy,1.2.12,B9,14500,2025-09-01,\n"
        guard case let .problems(more) = PlacementImportFile.parse(Data(wrong.utf8), bands: ["B1"]) else { return XCTFail("accepted") }
        let messages = more.map(\.message)
        XCTAssertTrue(messages.contains { $0.hasPrefix("upn \"Z801200001001\" is not valid") }, "\(messages)")
        XCTAssertTrue(messages.contains("setting_urn \"11640\" must be a 6-digit URN or an 8-digit UKPRN"))
        XCTAssertTrue(messages.contains { $0.hasPrefix("setting_type \"academy\" must be one of mainstream-maintained,") })
        XCTAssertTrue(messages.contains { $0.hasPrefix("s251_line \"1.2.12\" is not a high-needs line") })
        XCTAssertTrue(messages.contains("band \"B9\" is not a band of the current framework (B1)"))
    }

    func testHeaderAndBandsWithoutAFramework() {
        guard case let .problems(p) = PlacementImportFile.parse(Data("upn,urn\n".utf8), bands: []) else { return XCTFail() }
        XCTAssertEqual(p.first?.line, 1)
        let csv = header + "H801200001001,116401,special-state,1.2.1,B3,14500.00,2025-09-01,\n"
        guard case let .problems(q) = PlacementImportFile.parse(Data(csv.utf8), bands: []) else { return XCTFail() }
        XCTAssertEqual(q.map(\.message), ["band \"B3\" given, but the authority has no band framework yet: leave it empty"])
    }

    func testPlaceFundingByType() {
        XCTAssertEqual(PlacementType.specialState.defaultPlaceFunding, Money(decimal: "10000"))
        XCTAssertEqual(PlacementType.unitRP.defaultPlaceFunding, Money(decimal: "6000"))
        XCTAssertNil(PlacementType.independentSpecial.defaultPlaceFunding, "HNB-4: no place funding")
        XCTAssertTrue(PlacementType.independentSpecial.isIndependentOrNonMaintained)
        XCTAssertEqual(PlacementType.allCases.count, 11)
    }
}
