import XCTest
@testable import ContinuumDomain

final class PostcodeDirectoryTests: XCTestCase {
    private static let directory = try! PostcodeDirectory.loadBundled()
    private var directory: PostcodeDirectory { Self.directory }

    func testLoadsBundledFile() {
        // 45,700 rows, of which 135 have no grid reference.
        XCTAssertEqual(directory.count, 45_565)
    }

    func testLooksUpNormalisedPostcodes() throws {
        let bromsgrove = try XCTUnwrap(Postcode.normalise("b601aa"))
        XCTAssertEqual(directory.location(of: bromsgrove), GridPoint(easting: 396_646, northing: 271_367))
        XCTAssertEqual(directory.entry(for: bromsgrove)?.localAuthorityDistrict, "E07000234")
        let kidderminster = try XCTUnwrap(Postcode.normalise("DY10 1AA"))
        XCTAssertNotNil(directory.location(of: kidderminster))
        let noGridReference = try XCTUnwrap(Postcode.normalise("DY11 9AA"))
        XCTAssertNil(directory.location(of: noGridReference))
        XCTAssertNil(directory.location(of: try XCTUnwrap(Postcode.normalise("SW1A 1AA"))))
    }

    func testEveryLocationIsInsideTheBundledAreas() {
        for (_, point) in directory.all() {
            XCTAssertTrue((350_000...620_000).contains(point.easting), "\(point)")
            XCTAssertTrue((140_000...290_000).contains(point.northing), "\(point)")
        }
    }

    func testFiltersByAreaOrDistrict() {
        let b60 = directory.all(outwardPrefixIn: ["B60"])
        XCTAssertFalse(b60.isEmpty)
        XCTAssertTrue(b60.allSatisfy { $0.postcode.outward == "B60" })
        XCTAssertEqual(b60.map(\.postcode), b60.map(\.postcode).sorted())

        let worcester = directory.all(outwardPrefixIn: ["wr"])
        XCTAssertTrue(worcester.allSatisfy { $0.postcode.area == "WR" })
        XCTAssertTrue(worcester.contains { $0.postcode.outward == "WR1" })
        XCTAssertTrue(worcester.contains { $0.postcode.outward == "WR10" })

        let both = directory.all(outwardPrefixIn: ["B60", "ME"])
        XCTAssertEqual(both.count, b60.count + directory.all(outwardPrefixIn: ["ME"]).count)
        XCTAssertEqual(directory.all(outwardPrefixIn: nil).count, directory.count)
        XCTAssertTrue(directory.all(outwardPrefixIn: []).isEmpty)
    }

    func testParseRejectsWrongHeader() {
        XCTAssertThrowsError(try PostcodeDirectory.parse(csv: Data("postcode,x,y\n".utf8)))
        XCTAssertThrowsError(try PostcodeDirectory.parse(csv: Data("pcd7,east1m,north1m,lad25cd\nNOTACODE,1,2,E1\n".utf8)))
        let small = try? PostcodeDirectory.parse(csv: Data("pcd7,east1m,north1m,lad25cd\nWR1 2AB,385000,255000,E07000237\nWR1 2AD,,,nan\n".utf8))
        XCTAssertEqual(small?.count, 1)
    }

    func testSortKeysAreDistinct() {
        let all = directory.all()
        XCTAssertEqual(Set(all.map(\.postcode.sortKey)).count, all.count)
        XCTAssertTrue(zip(all, all.dropFirst()).allSatisfy { $0.postcode < $1.postcode })
    }

    func testGridDistance() {
        let a = GridPoint(easting: 0, northing: 0), b = GridPoint(easting: 3_000, northing: 4_000)
        XCTAssertEqual(a.distance(to: b), 5_000, accuracy: 0.001)
    }
}
