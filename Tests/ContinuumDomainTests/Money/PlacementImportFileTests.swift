import XCTest
@testable import ContinuumDomain

/// Issue 15 item 2: `continuum import placements` reads the whole file before anything is saved.
final class PlacementImportFileTests: XCTestCase {
    private let header = "upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date\n"
    private func framework(_ codes: [String]) -> BandFramework {
        BandFramework(name: "Banding", version: 2, effectiveFrom: CalendarDate(year: 2024, month: 4, day: 1),
                      bands: codes.map { .init(code: $0, descriptor: "Band \($0)", annual: Money(pence: 100_000)) })
    }

    func testGoodRows() throws {
        let csv = header + """
        H801200001001,116401,special-state,1.2.1,B3,14500.00,2025-09-01,
        G80120000101A,10012345,fe-spi,1.2.2,,9000,2024-09-01,2025-07-18
        """
        guard case let .rows(rows) = PlacementImportFile.parse(Data(csv.utf8), framework: framework(["B1", "B2", "B3"])) else { return XCTFail("refused") }
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
        guard case let .problems(problems) = PlacementImportFile.parse(Data(csv.utf8), framework: framework(["B1", "B2", "B3"])) else { return XCTFail("accepted") }
        let text = problems.map(\.description)
        XCTAssertTrue(text.contains("line 3: has 9 columns but the header has 8"), "\(text)")
        XCTAssertTrue(text.contains("line 4: start_date \"2025-02-30\" is not a real date in the format YYYY-MM-DD"), "\(text)")
        XCTAssertTrue(text.contains("line 4: annual_amount \"£50000\" must be pounds with at most two decimal places, like 12000.00"), "\(text)")
        XCTAssertTrue(text.contains("line 5: end_date 2025-08-01 is before start_date 2025-09-01"), "\(text)")
        XCTAssertTrue(text.contains("line 5: annual_amount \"50000.001\" must be pounds with at most two decimal places, like 12000.00"), "\(text)")
        XCTAssertTrue(text.contains("line 6: repeats the placement on line 2 (same upn, setting_urn and start_date)"), "\(text)")

        let wrong = header + "Z801200001001,11640,academy,1.2.12,B9,14500,2025-09-01,\n"
        guard case let .problems(more) = PlacementImportFile.parse(Data(wrong.utf8), framework: framework(["B1"])) else { return XCTFail("accepted") }
        let messages = more.map(\.message)
        XCTAssertTrue(messages.contains { $0.hasPrefix("upn \"Z801200001001\" is not valid") }, "\(messages)")
        XCTAssertTrue(messages.contains("setting_urn \"11640\" must be a 6-digit URN or an 8-digit UKPRN"))
        XCTAssertTrue(messages.contains { $0.hasPrefix("setting_type \"academy\" must be one of mainstream-maintained,") })
        XCTAssertTrue(messages.contains { $0.hasPrefix("s251_line \"1.2.12\" is not a high-needs line") })
        XCTAssertTrue(messages.contains("band \"B9\" is not a band of the current framework (Banding version 2: B1)"))
    }

    func testHeaderAndBandsWithoutAFramework() {
        guard case let .problems(p) = PlacementImportFile.parse(Data("upn,urn\n".utf8), framework: nil) else { return XCTFail() }
        XCTAssertEqual(p.first?.line, 1)
        let csv = header + "H801200001001,116401,special-state,1.2.1,B3,14500.00,2025-09-01,\n"
        guard case let .problems(q) = PlacementImportFile.parse(Data(csv.utf8), framework: nil) else { return XCTFail() }
        XCTAssertEqual(q.map(\.message), ["band \"B3\" given, but the authority has no band framework yet: leave it empty, or load one with continuum finance bands import"])
    }

    func testABandMustSuitTheSettingAndIsStoredAsTheFrameworkSpellsIt() {
        let special = BandFramework(name: "Banding", version: 3, effectiveFrom: CalendarDate(year: 2025, month: 4, day: 1), bands: [
            .init(code: "S1", descriptor: "Special", annual: Money(pence: 1_200_000), settingTypes: [.specialState, .nmss]),
        ])
        let csv = header + "H801200001001,116401,special-state,1.2.1,s1,14500.00,2025-09-01,\nH801200001001,116402,mainstream-academy,1.2.1,S1,1,2025-09-01,\n"
        guard case let .problems(p) = PlacementImportFile.parse(Data(csv.utf8), framework: special) else { return XCTFail("accepted") }
        XCTAssertEqual(p.map(\.description), ["line 3: band \"S1\" of Banding version 3 is not for mainstream-academy settings (only nmss, special-state)"])
        guard case let .rows(rows) = PlacementImportFile.parse(Data((header + "H801200001001,116401,special-state,1.2.1,s1,14500.00,2025-09-01,\n").utf8), framework: special)
        else { return XCTFail("refused") }
        XCTAssertEqual(rows[0].band, "S1")
    }

    func testPlaceFundingByType() {
        XCTAssertEqual(PlacementType.specialState.defaultPlaceFunding, Money(decimal: "10000"))
        XCTAssertEqual(PlacementType.unitRP.defaultPlaceFunding, Money(decimal: "6000"))
        XCTAssertNil(PlacementType.independentSpecial.defaultPlaceFunding, "HNB-4: no place funding")
        XCTAssertTrue(PlacementType.independentSpecial.isIndependentOrNonMaintained)
        XCTAssertEqual(PlacementType.allCases.count, 11)
    }
}
