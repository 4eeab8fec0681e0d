import XCTest
@testable import ContinuumApp

final class RulesCommandTests: XCTestCase {
    func testUPNValidAndInvalid() {
        XCTAssertEqual(RulesCommand.run(["upn", "H801200001001"]), .ok(#"{"upn":"H801200001001","valid":true}"#))
        let bad = RulesCommand.run(["upn", "Z801200001001"])
        XCTAssertEqual(bad.status, 0, "an invalid UPN is an answer, not an error")
        XCTAssertTrue(bad.stdout.hasPrefix(#"{"upn":"Z801200001001","valid":false,"reason":""#))
        XCTAssertTrue(bad.stdout.contains("check letter"))
    }

    func testStageFromTheIssueExample() {
        XCTAssertEqual(RulesCommand.run(["stage", "--dob", "2011-09-01", "--on", "2024-10-01"]),
                       .ok(#"{"year_group":8,"key_stage":3,"compulsory_school_age":true}"#))
    }

    func testStageOutsideKeyStagesIsNull() {
        // Reception: year group 0, no key stage number; compulsory school age starts after the fifth birthday.
        XCTAssertEqual(RulesCommand.run(["stage", "--dob", "2020-06-15", "--on", "2024-10-01"]),
                       .ok(#"{"year_group":0,"key_stage":null,"compulsory_school_age":false}"#))
    }

    func testSchoolDaysAcrossChristmas() {
        let result = RulesCommand.run(["school-days", "--from", "2024-12-20", "--to", "2025-01-10"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, #"{"school_days":6}"#)
    }

    func testBadArgumentsExitTwoWithOneLine() {
        for args in [["stage", "--dob", "2011-02-30", "--on", "2024-10-01"], ["stage", "--dob", "2011-09-01"], ["school-days", "--from", "x", "--to", "2025-01-01"],
                     ["upn"], ["nonsense"], ["stage", "--dob", "2011-09-01", "--on", "2024-10-01", "--extra", "1"], []] {
            let result = RulesCommand.run(args)
            XCTAssertEqual(result.status, 2, "\(args)")
            XCTAssertFalse(result.stderr.isEmpty)
            XCTAssertFalse(result.stderr.contains("\n"), "one line: \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
        }
    }
}
