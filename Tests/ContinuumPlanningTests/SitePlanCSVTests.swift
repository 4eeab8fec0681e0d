import XCTest
@testable import ContinuumPlanning

final class SitePlanCSVTests: XCTestCase {
    let directory: [String: PlanningPoint] = [
        "WR1 2AB": PlanningPoint(easting: 385_000, northing: 255_000),
        "DY10 1AA": PlanningPoint(easting: 383_000, northing: 276_000),
    ]
    func lookup(_ postcode: String) -> PlanningPoint? { directory[postcode] }

    func testReadsQuotedFieldsCRLFAndBOM() throws {
        let text = "\u{FEFF}id,name,postcode\r\n\"S1\",\"Kidderminster base, \"\"Hoobrook\"\"\",dy101aa\r\n\r\nS2,Worcester,\"WR1  2AB\"\r\n"
        let sites = try SitePlanCSV.parseCandidates(text, postcodeLookup: lookup)
        XCTAssertEqual(sites.rows.map(\.id), ["S1", "S2"])
        XCTAssertEqual(sites.rows[0].name, "Kidderminster base, \"Hoobrook\"")
        XCTAssertEqual(sites.rows[0].postcode, "DY10 1AA")
        XCTAssertEqual(sites.rows[1].line, 4)
        XCTAssertEqual(sites.rows[1].location, directory["WR1 2AB"])
    }

    func testGridReferencesAndUnknownPostcodes() throws {
        let grid = try SitePlanCSV.parsePupils("id,easting,northing\nA,385100,255100.5\n", postcodeLookup: lookup)
        XCTAssertEqual(grid.rows[0].location, PlanningPoint(easting: 385_100, northing: 255_100.5))
        let mixed = try SitePlanCSV.parsePupils("id,postcode\nA,WR1 2AB\nB,WR9 9ZZ\n", postcodeLookup: lookup)
        XCTAssertEqual(mixed.rows.map(\.id), ["A"])
        XCTAssertEqual(mixed.unknownPostcodes, [UnlocatedRow(line: 3, id: "B", postcode: "WR9 9ZZ")])
    }

    func testStrictErrorsNameTheLine() {
        func message(_ text: String, candidates: Bool = false) -> String {
            do {
                if candidates { _ = try SitePlanCSV.parseCandidates(text, postcodeLookup: lookup) } else { _ = try SitePlanCSV.parsePupils(text, postcodeLookup: lookup) }
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(message(""), "pupils file: the file is empty; the first line must be \"id,postcode\" or \"id,easting,northing\"")
        XCTAssertEqual(message("pupil,postcode\n"), "pupils file line 1: the header must be \"id,postcode\" or \"id,easting,northing\", found \"pupil,postcode\"")
        XCTAssertEqual(message("id,postcode\nA,WR1 2AB,extra\n"), "pupils file line 2: expected 2 fields (id,postcode), found 3")
        XCTAssertEqual(message("id,postcode\n,WR1 2AB\n"), "pupils file line 2: the id is empty")
        XCTAssertEqual(message("id,postcode\nA,WR1 2AB\n\nA,DY10 1AA\n"), "pupils file line 4: id \"A\" is repeated (first on line 2)")
        XCTAssertEqual(message("id,postcode\nA,not a postcode\n"), "pupils file line 2: \"not a postcode\" is not a postcode")
        XCTAssertEqual(message("id,easting,northing\nA,east,1\n"), "pupils file line 2: easting \"east\" is not a number of metres")
        XCTAssertEqual(message("id,easting,northing\nA,1,nan\n"), "pupils file line 2: northing \"nan\" is not a number of metres")
        XCTAssertEqual(message("id,easting,northing\nA,900000,1\n"), "pupils file line 2: 900000,1 is outside the National Grid (eastings 0–700000, northings 0–1300000 metres)")
        XCTAssertEqual(message("id,postcode\nA,\"WR1 2AB\n"), "pupils file line 2: a quoted field is never closed")
        XCTAssertEqual(message("id,postcode\nA,WR1 \"2AB\"\n"), "pupils file line 2: a quote mark inside an unquoted field; put the whole field in double quotes and double any quote inside it")
        XCTAssertEqual(message("id,postcode\n\"A\"x,WR1 2AB\n"), "pupils file line 2: text after a closing quote mark; put the whole field in double quotes")
        XCTAssertEqual(message("id,name,postcode\nS1,\"Base\nwith a line break\",WR1 2AB\nS2,B,nope\n", candidates: true),
                       "candidates file line 4: \"nope\" is not a postcode")
    }

    func testPostcodeNormalisation() {
        XCTAssertEqual(SitePlanCSV.normalisePostcode("wr12ab"), "WR1 2AB")
        XCTAssertEqual(SitePlanCSV.normalisePostcode(" DY10  1aa "), "DY10 1AA")
        XCTAssertEqual(SitePlanCSV.normalisePostcode("WR113FQ"), "WR11 3FQ")
        XCTAssertNil(SitePlanCSV.normalisePostcode("12345"))
        XCTAssertNil(SitePlanCSV.normalisePostcode("WR1 2A"))
        XCTAssertNil(SitePlanCSV.normalisePostcode("WR1-2AB"))
    }
}
