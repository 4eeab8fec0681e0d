import XCTest
@testable import ContinuumDomain

final class SmallNumbersTests: XCTestCase {
    func testCellsUnderTenAreSuppressed() {
        XCTAssertEqual(SmallNumbers.suppress([120, 5, 9, 40]), ["120", "<10", "<10", "40"])
    }

    func testALoneSuppressedCellForcesASecond() {
        // Otherwise total − 120 − 40 would reveal the 5.
        XCTAssertEqual(SmallNumbers.suppress([120, 5, 40]), ["120", "<10", "40"].enumerated().map { $0.offset == 2 ? "<10" : $0.element })
    }

    func testZerosAndLargeCellsAreShown() {
        XCTAssertEqual(SmallNumbers.suppress([0, 10, 11]), ["0", "10", "11"])
    }
}

final class PasswordPolicyTests: XCTestCase {
    func testLengthAndDenyList() {
        XCTAssertEqual(PasswordPolicy.problems("short"), ["Password must be 12 characters or more"])
        XCTAssertEqual(PasswordPolicy.problems("Password1234"), ["Password is too common; choose a different one"])
        XCTAssertEqual(PasswordPolicy.problems("aaaaaaaaaaaaaaa"), ["Password is too common; choose a different one"])
        XCTAssertEqual(PasswordPolicy.problems("jo.bloggs-rules-ok", email: "jo.bloggs@example.org"), ["Password must not contain your email address"])
        XCTAssertEqual(PasswordPolicy.problems("continuum-demo-2026"), [])
        XCTAssertEqual(PasswordPolicy.problems("river kettle lantern orbit"), [])
    }
}

final class RoleTests: XCTestCase {
    func testStaffNeedTwoFactorAndAggregatesSeeNoChildren() {
        XCTAssertTrue(Role.caseworker.requiresTwoFactor)
        XCTAssertFalse(Role.parentCarer.requiresTwoFactor)
        XCTAssertEqual(Set(Role.allCases.filter(\.isAggregateOnly)), [.finance, .electedMember])
        XCTAssertEqual(Role(argument: "senco"), .schoolUser)
        XCTAssertEqual(Role(argument: "met-coordinator"), .metCoordinator)
        XCTAssertNil(Role(argument: "superuser"))
    }
}

final class GIASFileTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gias-edubasealldata-sample.csv")

    func testRealFileWithAShiftedRowIsRejectedWithItsLineNumber() throws {
        let data = try Data(contentsOf: Self.fixture)
        guard case .problems(let problems) = GIASFile.parse(data) else { return XCTFail("the shifted row must be reported") }
        XCTAssertEqual(problems.map(\.line), [6])
        XCTAssertTrue(problems[0].message.contains("Easting \"Camden 007D\""), problems[0].message)
        XCTAssertTrue(problems[0].message.contains("shifted"), problems[0].message)
    }

    func testGoodRowsParse() throws {
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        let good = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).prefix(5).joined(separator: "\n")
        guard case .rows(let rows) = GIASFile.parse(Data(good.utf8)) else { return XCTFail("four good rows") }
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(rows[0].urn, 100000)
        XCTAssertEqual(rows[0].laCode, "201")
        XCTAssertEqual(rows[0].name, "The Aldgate School")
        XCTAssertEqual(rows[0].postcode, "EC3A 5DE")
        XCTAssertEqual(rows[0].easting, 533498)
        XCTAssertEqual(rows[0].statutoryLowAge, 3)
    }

    func testWrongHeaderAndBadValues() {
        guard case .problems(let header) = GIASFile.parse(Data("a,b,c\n1,2,3\n".utf8)) else { return XCTFail() }
        XCTAssertEqual(header.first?.line, 1)
        let cols = GIASFile.required
        let row = ["12x", "88", "2001", "", "Community school", "Open", "Primary", "4", "eleven", "NOT A CODE", "1", "2"]
        let csv = cols.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
        guard case .problems(let problems) = GIASFile.parse(Data(csv.utf8)) else { return XCTFail() }
        XCTAssertEqual(problems.count, 1)
        for fragment in ["URN", "LA code", "name is empty", "StatutoryHighAge", "postcode"] {
            XCTAssertTrue(problems[0].message.contains(fragment), "\(fragment) in \(problems[0].message)")
        }
    }
}
