import XCTest
@testable import ContinuumDomain

final class PostcodeTests: XCTestCase {
    func testNormalisesCaseAndSpacing() {
        let cases: [(String, String)] = [
            ("wr1 2ab", "WR1 2AB"), ("WR12AB", "WR1 2AB"), ("  dy10  1aa ", "DY10 1AA"), ("B601AA", "B60 1AA"),
            ("me4\t4ae", "ME4 4AE"), ("ec1a1bb", "EC1A 1BB"), ("W1A 0AX", "W1A 0AX"), ("m1 1ae", "M1 1AE"),
            ("CR2 6XH", "CR2 6XH"), ("sw1a 1aa", "SW1A 1AA"), ("DN55 1PT", "DN55 1PT"), ("gir0aa", "GIR 0AA"),
            ("GIR 0AA", "GIR 0AA"), ("B96 6AA", "B96 6AA"),
        ]
        for (raw, canonical) in cases {
            XCTAssertEqual(Postcode.normalise(raw)?.value, canonical, raw)
        }
    }

    func testRejectsMalformedPostcodes() {
        let rejected = [
            "", "   ", "WR1", "WR1 2", "WR1 2A", "WR1 2AB3", "WR10 12AB", "WR1-2AB", "WR1 AAB", "12R 1AB", "WRR 1AB",
            // Inward unit letters never C, I, K, M, O or V.
            "WR1 2AC", "WR1 2IA", "WR1 2AK", "WR1 2MA", "WR1 2AO", "WR1 2VA",
            // Area letters: never Q, V or X first; never I, J or Z second.
            "QR1 2AB", "VR1 2AB", "XR1 2AB", "WI1 2AB", "WJ1 2AB", "WZ1 2AB",
            // Letter after the district digits only from the permitted sets.
            "W1I 1AA", "W1Z 1AA", "EC1I 1AA", "EC1C 1AA",
            "ＷＲ1 2AB", "WR1 2ÅB", "ZZZZ 9ZZ", "GIR 0AB",
        ]
        for raw in rejected {
            XCTAssertNil(Postcode.normalise(raw), raw)
        }
    }

    func testParts() throws {
        let postcode = try XCTUnwrap(Postcode.normalise("dy101aa"))
        XCTAssertEqual(postcode.outward, "DY10")
        XCTAssertEqual(postcode.inward, "1AA")
        XCTAssertEqual(postcode.sector, "DY10 1")
        XCTAssertEqual(postcode.district, "DY10")
        XCTAssertEqual(postcode.area, "DY")
        let short = try XCTUnwrap(Postcode.normalise("WR12AB"))
        XCTAssertEqual(short.sector, "WR1 2")
        XCTAssertEqual(short.area, "WR")
        XCTAssertEqual(Postcode.normalise("B601AA")?.area, "B")
    }

    func testValidationMessages() {
        XCTAssertNil(Postcode.validationMessage("WR1 2AB"))
        XCTAssertNil(Postcode.validationMessage(" wr12ab "))
        XCTAssertEqual(Postcode.validationMessage(""), "Enter a postcode")
        XCTAssertEqual(Postcode.validationMessage("  "), "Enter a postcode")
        XCTAssertEqual(Postcode.validationMessage("WR1"), "Enter a real postcode, like WR1 2AB")
        XCTAssertEqual(Postcode.validationMessage("WR1 2AB3"), "Enter a real postcode, like WR1 2AB")
        XCTAssertEqual(Postcode.validationMessage("not a postcode"), "Enter a real postcode, like WR1 2AB")
    }

    func testOrderingIsNatural() {
        let sorted = ["WR10 1AA", "WR2 1AA", "WR1 2AB", "WR1 1AB", "B60 1AA", "WR1A 1AA"]
            .compactMap(Postcode.normalise).sorted().map(\.value)
        XCTAssertEqual(sorted, ["B60 1AA", "WR1 1AB", "WR1 2AB", "WR1A 1AA", "WR2 1AA", "WR10 1AA"])
    }

    func testCodableAndLosslessString() throws {
        let postcode = try XCTUnwrap(Postcode("wr1 2ab"))
        let data = try JSONEncoder().encode([postcode])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["WR1 2AB"]"#)
        XCTAssertEqual(try JSONDecoder().decode([Postcode].self, from: Data(#"["wr12ab"]"#.utf8)), [postcode])
        XCTAssertThrowsError(try JSONDecoder().decode([Postcode].self, from: Data(#"["nope"]"#.utf8)))
        XCTAssertEqual(postcode.description, "WR1 2AB")
    }
}
