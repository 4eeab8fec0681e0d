import Foundation
import XCTest
@testable import ContinuumPlanning

final class SitePlanTests: XCTestCase {
    /// Children along a line at 0, 1, 2, 10, 11 km; candidates at 1 km, 10.5 km and 30 km.
    let pupils = "id,easting,northing\nc1,400000,300000\nc2,401000,300000\nc3,402000,300000\nc4,410000,300000\nc5,411000,300000\n"
    let candidates = "id,name,easting,northing\nfar,Far away,430000,300000\nwest,West base,401000,300000\neast,East base,410500,300000\n"

    func testMedianJSONHasTheKeysInOrder() throws {
        let result = try planSites(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 2), postcodeLookup: { _ in nil })
        XCTAssertEqual(result.chosen.map(\.id), ["west", "east"])
        // metres × 1.3 ÷ 500: 1000 m → 2.6 min; 500 m → 1.3 min.
        XCTAssertEqual(result.json(),
                       #"{"objective":"median","p":2,"chosen":["west","east"],"total_minutes":7.8,"mean_minutes":1.56,"max_minutes":2.6,"within":{"15":5,"30":5,"45":5},"optimal":true,"lower_bound":7.8,"assignments_file":null,"left_out":0}"#)
        XCTAssertEqual(result.assignments.map(\.siteID), ["west", "west", "west", "east", "east"])
        XCTAssertEqual(result.assignments[2].minutes, 2.6, accuracy: 1e-12)
        XCTAssertEqual(result.assignmentsCSV().split(separator: "\n").first, "child_id,site_id,minutes")
        XCTAssertTrue(result.travelModelDescription.contains("1.3"))
        XCTAssertTrue(result.json(assignmentsFile: "out/assign \"1\".csv").contains(#""assignments_file":"out/assign \"1\".csv""#))
    }

    /// Ids in the assignments file are written so no spreadsheet evaluates them (security campaign finding).
    func testAssignmentIdsThatLookLikeFormulasAreNeutralised() {
        XCTAssertEqual(csvField("=1+1"), "'=1+1")
        XCTAssertEqual(csvField("@SUM(1)"), "'@SUM(1)")
        XCTAssertEqual(csvField("  +cmd"), "'  +cmd")
        XCTAssertEqual(csvField("-2+3,x"), "\"'-2+3,x\"")
        XCTAssertEqual(csvField("\tx"), "'\tx")
        XCTAssertEqual(csvField("c1"), "c1")
        XCTAssertEqual(csvField("a \"b\""), "\"a \"\"b\"\"\"")
    }

    func testKeepWithinAndLeftOut() throws {
        let byPostcode = "id,postcode\nc1,WR1 2AB\nc2,ZZ9 9ZZ\nc3,WR1 2AB\n"
        let lookup: (String) -> PlanningPoint? = { $0 == "WR1 2AB" ? PlanningPoint(easting: 400_000, northing: 300_000) : nil }
        let result = try planSites(SitePlanRequest(pupilsCSV: byPostcode, candidatesCSV: candidates, p: 2, withinMinutes: 20, keep: ["far"]),
                                   postcodeLookup: lookup)
        XCTAssertEqual(result.chosen.map(\.id), ["far", "west"])
        XCTAssertEqual(result.leftOut, 1)
        XCTAssertEqual(result.unknownPupilPostcodes.map(\.id), ["c2"])
        XCTAssertTrue(result.json().hasSuffix(#""within":{"15":2,"30":2,"45":2,"20":2},"optimal":true,"lower_bound":5.2,"assignments_file":null,"left_out":1}"#), result.json())
    }

    func testCoverageReportsAnUpperBoundNotALowerOne() throws {
        // 10 minutes reaches 3,846 m: from "west" children at 0–2 km; from "east" the two at 10–11 km.
        let result = try planSites(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 1, objective: .coverage, withinMinutes: 10),
                                   postcodeLookup: { _ in nil })
        XCTAssertEqual(result.chosen.map(\.id), ["west"])
        XCTAssertEqual(result.covered, 3)
        XCTAssertEqual(result.json(),
                       #"{"objective":"coverage","p":1,"chosen":["west"],"total_minutes":54.6,"mean_minutes":10.92,"max_minutes":26,"within":{"15":3,"30":5,"45":5,"10":3},"covered":3,"optimal":true,"upper_bound":3,"assignments_file":null,"left_out":0}"#)
    }

    func testErrorsHaveUserFacingMessages() {
        func message(_ request: SitePlanRequest) -> String {
            do {
                _ = try planSites(request, postcodeLookup: { _ in nil })
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 0)),
                       "p must be at least 1 (the number of sites to choose), got 0")
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 4)),
                       "p is 4 but there are only 3 candidate sites")
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 1, keep: ["west", "east"])),
                       "--keep names 2 sites but p is only 1")
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 2, keep: ["north"])),
                       "--keep names site \"north\", which is not in the candidates file")
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 2, objective: .coverage)),
                       "The coverage objective needs --within, the travel-time threshold in minutes")
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: candidates, p: 2, withinMinutes: -5)),
                       "--within must be a positive number of minutes, got -5.0")
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: "id,name,postcode\n", p: 1)),
                       "candidates file: there are no candidate sites that could be located")
        XCTAssertEqual(message(SitePlanRequest(pupilsCSV: "id,postcode\nA,WR1 2AB,x\n", candidatesCSV: candidates, p: 1)),
                       "pupils file line 2: expected 2 fields (id,postcode), found 3")
    }

    func testNoPupilsStillAnswers() throws {
        let result = try planSites(SitePlanRequest(pupilsCSV: "id,postcode\n", candidatesCSV: candidates, p: 1), postcodeLookup: { _ in nil })
        XCTAssertEqual(result.json(),
                       #"{"objective":"median","p":1,"chosen":["far"],"total_minutes":0,"mean_minutes":null,"max_minutes":null,"within":{"15":0,"30":0,"45":0},"optimal":true,"lower_bound":0,"assignments_file":null,"left_out":0}"#)
    }

    func testScenarioComparison() throws {
        let parsedPupils = try SitePlanCSV.parsePupils(pupils, postcodeLookup: { _ in nil }).rows
        let sites = try SitePlanCSV.parseCandidates(candidates, postcodeLookup: { _ in nil }).rows
        let input = SitePlanInput(children: parsedPupils, candidates: sites, travelModel: StraightLineModel.standard)
        let today = try input.figures(openSiteIDs: ["west", "east"])
        XCTAssertEqual(today.meanMinutes!, 7.8 / 5, accuracy: 1e-12)
        XCTAssertEqual(today.within15, 5)
        // Nearest rank: ⌈0.9 × 5⌉ = 5th shortest.
        XCTAssertEqual(today.percentile90Minutes!, 2.6, accuracy: 1e-12)
        let comparison = try input.compare(baseline: ["west", "east"], scenario: ["west"])
        XCTAssertEqual(comparison.longer, 2)
        XCTAssertEqual(comparison.shorter, 0)
        XCTAssertEqual(comparison.unchanged, 3)
        XCTAssertEqual(comparison.changes[3].after.site, 1)
        XCTAssertEqual(comparison.changes[3].differenceMinutes, 9000 * 1.3 / 500 - 1.3, accuracy: 1e-9)
        XCTAssertEqual(comparison.scenario.maxMinutes!, 10_000 * 1.3 / 500, accuracy: 1e-9)
        XCTAssertThrowsError(try input.figures(openSiteIDs: [])) { XCTAssertEqual("\($0)", "A scenario needs at least one open site") }
        XCTAssertThrowsError(try input.figures(openSiteIDs: ["nowhere"]))
        let assigned = try input.assignments(openSiteIDs: ["east"])
        XCTAssertEqual(assigned.map(\.siteID), Array(repeating: "east", count: 5))
    }

    func testPlanningOnRealPostcodesWhenTheDirectoryIsPresent() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ContinuumDomain/Resources/onspd-postcodes-worcs-medway.csv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw XCTSkip("ONSPD extract not at \(path)") }
        let directory = try PostcodeCentroids(onspdCSV: text)
        XCTAssertGreaterThan(directory.points.count, 40_000)
        XCTAssertEqual(directory.lookup("b601aa"), PlanningPoint(easting: 396_646, northing: 271_367))
        let pupils = "id,postcode\nA,WR1 2AB\nB,B60 1AA\nC,DY10 1AA\nD,WR14 1AA\nE,XX1 1XX\n"
        let sites = "id,name,postcode\nK,Kidderminster,DY11 6AA\nR,Redditch,B97 4AA\nW,Worcester,WR1 1AA\n"
        let result = try planSites(SitePlanRequest(pupilsCSV: pupils, candidatesCSV: sites, p: 2), postcodeLookup: directory.lookup)
        XCTAssertTrue(result.optimal)
        XCTAssertGreaterThanOrEqual(result.leftOut, 1)
        XCTAssertEqual(result.chosen.count, 2)
    }
}
