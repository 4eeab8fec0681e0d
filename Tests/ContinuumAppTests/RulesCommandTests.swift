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

final class EHCTimelineCommandTests: XCTestCase {
    func testFullTimeline() {
        let result = RulesCommand.run(["ehc-timeline", "--request", "2024-01-31", "--advice-requested", "2024-02-14", "--draft-served", "2024-05-31",
                                       "--final-issued", "2024-06-17", "--transfer", "secondary", "--transfer-year", "2027"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, #"{"decision_due":"2024-03-13","advice_due":"2024-03-27","not_issuing_notice_due":"2024-05-22","final_due":"2024-06-19","as_soon_as_practicable":false,"comments_until":"2024-06-14","earliest_final":"2024-06-15","annual_review_due":"2025-06-16","phase_transfer_deadline":"2027-02-15"}"#)
    }

    func testExceptionMakesTheFinalDateAsSoonAsPracticable() {
        let result = RulesCommand.run(["ehc-timeline", "--request", "2024-01-31", "--exception", "c"])
        XCTAssertEqual(result.stdout, #"{"decision_due":"2024-03-13","advice_due":null,"not_issuing_notice_due":"2024-05-22","final_due":null,"as_soon_as_practicable":true,"comments_until":null,"earliest_final":null,"annual_review_due":null,"phase_transfer_deadline":null}"#)
    }

    func testBadArguments() {
        for args in [["ehc-timeline"], ["ehc-timeline", "--request", "2024-01-31", "--exception", "e"],
                     ["ehc-timeline", "--request", "2024-01-31", "--transfer", "secondary"],
                     ["ehc-timeline", "--request", "2024-01-31", "--draft-served", "2023-12-01"]] {
            let result = RulesCommand.run(args)
            XCTAssertEqual(result.status, 2, "\(args)")
            XCTAssertFalse(result.stderr.isEmpty)
        }
    }
}
