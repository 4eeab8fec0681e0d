import Foundation
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

    // Rulebook EHC-4 and EHC-6 (reg 10(4), 13(3)): an exception lifts the 16-week notice as well as the 20-week plan.
    func testExceptionMakesTheSixteenAndTwentyWeekDatesAsSoonAsPracticable() {
        let result = RulesCommand.run(["ehc-timeline", "--request", "2024-01-31", "--exception", "c"])
        XCTAssertEqual(result.stdout, #"{"decision_due":"2024-03-13","advice_due":null,"not_issuing_notice_due":null,"final_due":null,"as_soon_as_practicable":true,"comments_until":null,"earliest_final":null,"annual_review_due":null,"phase_transfer_deadline":null}"#)
        for letter in ["a", "b", "d"] {
            let other = RulesCommand.run(["ehc-timeline", "--request", "2024-01-31", "--exception", letter])
            XCTAssertEqual(other.status, 0, other.stderr)
            XCTAssertTrue(other.stdout.contains(#""not_issuing_notice_due":null,"final_due":null,"as_soon_as_practicable":true"#), other.stdout)
            XCTAssertTrue(other.stdout.contains(#""decision_due":"2024-03-13""#), "reg 10(4) leaves the 6-week decision: \(other.stdout)")
        }
    }

    // Rulebook EHC-2 (reg 5(4)): the decision-whether-to-assess exception lifts the 6-week date only.
    func testDecisionExceptionMakesTheDecisionAsSoonAsPracticable() {
        for letter in ["a", "b", "c", "d"] {
            let result = RulesCommand.run(["ehc-timeline", "--request", "2024-01-31", "--decision-exception", letter])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout, #"{"decision_due":null,"advice_due":null,"not_issuing_notice_due":"2024-05-22","final_due":"2024-06-19","as_soon_as_practicable":true,"comments_until":null,"earliest_final":null,"annual_review_due":null,"phase_transfer_deadline":null}"#)
        }
        let both = RulesCommand.run(["ehc-timeline", "--request", "2024-01-31", "--decision-exception", "d", "--exception", "d"])
        XCTAssertTrue(both.stdout.hasPrefix(#"{"decision_due":null,"advice_due":null,"not_issuing_notice_due":null,"final_due":null,"as_soon_as_practicable":true,"#), both.stdout)
        let bad = RulesCommand.run(["ehc-timeline", "--request", "2024-01-31", "--decision-exception", "e"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("reg 5(4)"), bad.stderr)
    }

    // Issue 14 item 5: dates past the bank-holiday table (to 2030) carry a warning; earlier lines are unchanged.
    func testDatesBeyondTheBankHolidayTableCarryWarnings() throws {
        let result = RulesCommand.run(["ehc-timeline", "--request", "2030-10-01"])
        XCTAssertEqual(result.status, 0, result.stderr)
        // 1 October 2030: + 42 = 12 November 2030 (inside); + 112 = 21 January 2031, + 140 = 18 February 2031 (outside).
        XCTAssertTrue(result.stdout.hasPrefix(#"{"decision_due":"2030-11-12","advice_due":null,"not_issuing_notice_due":"2031-01-21","final_due":"2031-02-18","#), result.stdout)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let warnings = try XCTUnwrap(object["warnings"] as? [String])
        XCTAssertEqual(warnings.count, 2, "\(warnings)")
        XCTAssertTrue(warnings[0].hasPrefix("not_issuing_notice_due 2031-01-21 is outside the bank-holiday table"), warnings[0])
        XCTAssertTrue(warnings[1].hasPrefix("final_due 2031-02-18"), warnings[1])
        XCTAssertFalse(RulesCommand.run(["ehc-timeline", "--request", "2030-06-01"]).stdout.contains("warnings"), "all inside 2030")
    }

    // Issue 14 item 5: school days over a span with unknown bank holidays are not counted as if there were none.
    func testSchoolDaysBeyondTheBankHolidayTableAreUnknown() throws {
        let known = RulesCommand.run(["school-days", "--from", "2030-12-02", "--to", "2030-12-13"])
        XCTAssertEqual(known.stdout, #"{"school_days":10}"#)
        let unknown = RulesCommand.run(["school-days", "--from", "2030-12-02", "--to", "2031-05-09"])
        XCTAssertEqual(unknown.status, 0, unknown.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(unknown.stdout.utf8)) as? [String: Any])
        XCTAssertTrue(object["school_days"] is NSNull, unknown.stdout)
        XCTAssertEqual((object["warnings"] as? [String])?.count, 1, unknown.stdout)
        // The summer holiday of 2031 is known not to be taught, bank holiday or not, but it is past the demo terms.
        XCTAssertEqual(RulesCommand.run(["school-days", "--from", "2031-07-23", "--to", "2031-07-30"]).status, 2)
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
