import XCTest
@testable import ContinuumDomain

/// Issue 14 item 5: which limits each exception removes, and the warnings on dates past the bank-holiday table.
final class EHCExceptionDeadlineTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    // Rulebook EHC-4 and EHC-6: "Reg 10(4) exceptions apply" to the 16-week notice and the 20-week plan; an exception
    // "does not produce a new fixed deadline" but "as soon as practicable".
    func testRegulation10_4RemovesTheSixteenAndTwentyWeekLimits() {
        for exception in EHCException.allCases {
            let timeline = EHCTimeline.compute(request: day("2024-01-31"), exception: exception)
            XCTAssertEqual(timeline.decisionDue, day("2024-03-13"), "reg 10(4) does not touch the 6-week decision")
            XCTAssertNil(timeline.notIssuingNoticeDue, exception.rawValue)
            XCTAssertNil(timeline.finalDue, exception.rawValue)
            XCTAssertTrue(timeline.asSoonAsPracticable)
        }
        let none = EHCTimeline.compute(request: day("2024-01-31"))
        XCTAssertEqual(none.notIssuingNoticeDue, day("2024-05-22"))
        XCTAssertEqual(none.finalDue, day("2024-06-19"))
        XCTAssertFalse(none.asSoonAsPracticable)
    }

    // Rulebook EHC-2: the LA "need not comply" with the 6-week deadline in the reg 5(4) circumstances.
    func testRegulation5_4RemovesTheDecisionDateOnly() {
        for exception in EHCException.allCases {
            let timeline = EHCTimeline.compute(request: day("2024-01-31"), decisionException: exception)
            XCTAssertNil(timeline.decisionDue, exception.rawValue)
            XCTAssertEqual(timeline.notIssuingNoticeDue, day("2024-05-22"))
            XCTAssertEqual(timeline.finalDue, day("2024-06-19"))
            XCTAssertTrue(timeline.asSoonAsPracticable)
            XCTAssertTrue(timeline.jsonLine().hasPrefix(#"{"decision_due":null,"#))
        }
    }

    func testNextStepsNeverPromiseARemovedDate() {
        var dates = EHCCaseDates(request: day("2024-01-31"))
        dates.decisionException = .d
        let decide = EHCNextStep.compute(stage: .requested, dates: dates, adviceOutstanding: false)
        XCTAssertNil(decide?.due)
        XCTAssertEqual(decide?.regulation, "reg 5(4)")
        XCTAssertTrue(decide?.what.contains("as soon as practicable") ?? false)
        XCTAssertEqual(EHCNextStep.compute(stage: .requested, dates: EHCCaseDates(request: day("2024-01-31")), adviceOutstanding: false)?.due,
                       day("2024-03-13"))

        let excepted = EHCCaseDates(request: day("2024-01-31"), exception: .c)
        XCTAssertNil(excepted.timeline.notIssuingNoticeDue)
        XCTAssertNil(EHCNextStep.compute(stage: .assessing, dates: excepted, adviceOutstanding: false)?.due)
        XCTAssertNil(EHCNextStep.compute(stage: .draftIssued, dates: excepted, adviceOutstanding: false)?.due)

        // A re-assessment keeps its own 14-week clock and the same exceptions (reg 27(3)).
        var reassessment = EHCCaseDates(request: day("2024-01-31"), exception: .a)
        reassessment.kind = .reassessment
        XCTAssertNil(reassessment.timeline.finalDue)
        XCTAssertNil(reassessment.timeline.notIssuingNoticeDue)
        reassessment.exception = nil
        XCTAssertEqual(reassessment.timeline.finalDue, day("2024-05-08"))
    }

    // Issue 14 item 5: statutory dates past the bank-holiday table's end carry a warning.
    func testDatesPastTheTableCarryWarnings() {
        let inside = EHCTimeline.compute(request: day("2030-06-01"))
        XCTAssertEqual(inside.warnings, [])
        XCTAssertFalse(inside.jsonLine().contains("warnings"))

        let timeline = EHCTimeline.compute(request: day("2030-10-01"), adviceRequested: day("2030-11-25"))
        XCTAssertEqual(timeline.warnings, [
            "advice_due 2031-01-06 is outside the bank-holiday table (2012 to 2030), so whether it is a bank holiday is not known",
            "not_issuing_notice_due 2031-01-21 is outside the bank-holiday table (2012 to 2030), so whether it is a bank holiday is not known",
            "final_due 2031-02-18 is outside the bank-holiday table (2012 to 2030), so whether it is a bank holiday is not known",
        ])
        XCTAssertTrue(timeline.jsonLine().hasSuffix(
            #""phase_transfer_deadline":null,"warnings":["advice_due 2031-01-06 is outside the bank-holiday table (2012 to 2030), so whether it is a bank holiday is not known","#
            + #""not_issuing_notice_due 2031-01-21 is outside the bank-holiday table (2012 to 2030), so whether it is a bank holiday is not known","#
            + #""final_due 2031-02-18 is outside the bank-holiday table (2012 to 2030), so whether it is a bank holiday is not known"]}"#))
        // The dates themselves are calendar days and do not move.
        XCTAssertEqual(timeline.finalDue, day("2031-02-18"))
        // A removed date has nothing to warn about.
        XCTAssertEqual(EHCTimeline.compute(request: day("2030-10-01"), exception: .c).warnings, [])
        // Against a table that reaches 2031, there is nothing unknown.
        XCTAssertEqual(timeline.warnings(against: BankHolidays(dates: [], years: 2012...2031)), [])
    }
}
