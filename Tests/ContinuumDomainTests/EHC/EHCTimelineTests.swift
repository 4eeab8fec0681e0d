import Foundation
import XCTest
@testable import ContinuumDomain

final class EHCTimelineTests: XCTestCase {
    private func day(_ iso: String, file: StaticString = #filePath, line: UInt = #line) -> CalendarDate {
        guard let date = CalendarDate(iso: iso) else {
            XCTFail("bad test date \(iso)", file: file, line: line)
            return CalendarDate(year: 2000, month: 1, day: 1)
        }
        return date
    }

    // 31 January 2024: + 42 = 13 March (29 days to 29 February, 13 more); + 112 = 22 May; + 140 = 19 June.
    func testRequestOn31January2024() {
        let timeline = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: nil, draftServed: nil,
                                           finalIssued: nil, exception: nil, transfer: nil)
        XCTAssertEqual(timeline.decisionDue, day("2024-03-13"))
        XCTAssertEqual(timeline.notIssuingNoticeDue, day("2024-05-22"))
        XCTAssertEqual(timeline.finalDue, day("2024-06-19"))
        XCTAssertFalse(timeline.asSoonAsPracticable)
        XCTAssertNil(timeline.adviceDue)
        XCTAssertNil(timeline.commentsUntil)
        XCTAssertNil(timeline.earliestFinal)
        XCTAssertNil(timeline.annualReviewDue)
        XCTAssertNil(timeline.phaseTransferDeadline)
        XCTAssertEqual(timeline.jsonLine(),
                       #"{"decision_due":"2024-03-13","advice_due":null,"not_issuing_notice_due":"2024-05-22","#
                       + #""final_due":"2024-06-19","as_soon_as_practicable":false,"comments_until":null,"#
                       + #""earliest_final":null,"annual_review_due":null,"phase_transfer_deadline":null}"#)
    }

    func testPeriodsAreWholeWeeksOfCalendarDays() {
        let request = day("2024-01-31")
        let timeline = EHCTimeline.compute(request: request, adviceRequested: request, draftServed: nil,
                                           finalIssued: nil, exception: nil, transfer: nil)
        XCTAssertEqual(request.days(to: timeline.decisionDue!), 6 * 7)
        XCTAssertEqual(request.days(to: timeline.adviceDue!), 6 * 7)
        XCTAssertEqual(request.days(to: timeline.notIssuingNoticeDue!), 16 * 7)
        XCTAssertEqual(request.days(to: timeline.finalDue!), 20 * 7)
        // Same weekday as the request, because every period is whole weeks.
        XCTAssertEqual(timeline.finalDue!.weekday, request.weekday)
    }

    func testLeapDayRequest() {
        let timeline = EHCTimeline.compute(request: day("2024-02-29"), adviceRequested: day("2024-04-11"),
                                           draftServed: nil, finalIssued: nil, exception: nil, transfer: nil)
        XCTAssertEqual(timeline.decisionDue, day("2024-04-11"))
        XCTAssertEqual(timeline.adviceDue, day("2024-05-23"))
        XCTAssertEqual(timeline.notIssuingNoticeDue, day("2024-06-20"))
        XCTAssertEqual(timeline.finalDue, day("2024-07-18"))
    }

    func testAcrossYearBoundaries() {
        let december = EHCTimeline.compute(request: day("2024-12-02"), adviceRequested: nil, draftServed: nil,
                                           finalIssued: nil, exception: nil, transfer: nil)
        XCTAssertEqual(december.decisionDue, day("2025-01-13"))
        XCTAssertEqual(december.notIssuingNoticeDue, day("2025-03-24"))
        // Easter Monday 2025: calendar days, so a bank holiday is not skipped.
        XCTAssertEqual(december.finalDue, day("2025-04-21"))
        XCTAssertTrue(BankHolidays.englandAndWales.contains(december.finalDue!))

        // A decision due on New Year's Day stays there.
        let november = EHCTimeline.compute(request: day("2023-11-20"), adviceRequested: nil, draftServed: nil,
                                           finalIssued: nil, exception: nil, transfer: nil)
        XCTAssertEqual(november.decisionDue, day("2024-01-01"))
        XCTAssertEqual(november.finalDue, day("2024-04-08"))
    }

    func testDraftServedOnAFriday() {
        let served = day("2024-05-10")
        XCTAssertEqual(served.weekday, .friday)
        let timeline = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: nil, draftServed: served,
                                           finalIssued: nil, exception: nil, transfer: nil)
        // Day 1 is the Friday served; day 15 is the Friday two weeks on.
        XCTAssertEqual(timeline.commentsUntil, day("2024-05-24"))
        XCTAssertEqual(timeline.commentsUntil?.weekday, .friday)
        // The earliest final is the Saturday after: no roll to a working day.
        XCTAssertEqual(timeline.earliestFinal, day("2024-05-25"))
        XCTAssertEqual(timeline.earliestFinal?.weekday, .saturday)
        XCTAssertEqual((served...timeline.commentsUntil!).count, 15)
    }

    func testDraftWindowOverNewYear() {
        let timeline = EHCTimeline.compute(request: day("2024-09-02"), adviceRequested: nil,
                                           draftServed: day("2024-12-20"), finalIssued: nil, exception: nil,
                                           transfer: nil)
        XCTAssertEqual(timeline.commentsUntil, day("2025-01-03"))
        XCTAssertEqual(timeline.earliestFinal, day("2025-01-04"))
    }

    // Issue 14 item 5 (EHC-4, EHC-6): a reg 10(4) exception removes the 16-week limit as well as the 20-week one;
    // the 6-week decision has its own reg 5(4) exception and stays.
    func testEveryExceptionNullsTheSixteenAndTwentyWeekDates() {
        for exception in EHCException.allCases {
            let timeline = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: nil, draftServed: nil,
                                               finalIssued: nil, exception: exception, transfer: nil)
            XCTAssertNil(timeline.finalDue, exception.rawValue)
            XCTAssertTrue(timeline.asSoonAsPracticable, exception.rawValue)
            XCTAssertEqual(timeline.decisionDue, day("2024-03-13"))
            XCTAssertNil(timeline.notIssuingNoticeDue, exception.rawValue)
        }
    }

    func testAnnualReviewFromLeapDayIssue() {
        // 29 February 2024 + 12 months clamps to 28 February 2025; less a day is 27 February 2025.
        let timeline = EHCTimeline.compute(request: day("2023-10-12"), adviceRequested: nil, draftServed: nil,
                                           finalIssued: day("2024-02-29"), exception: nil, transfer: nil)
        XCTAssertEqual(timeline.annualReviewDue, day("2025-02-27"))
    }

    func testAnnualReviewMonthEndsAndYearBoundaries() {
        let cases: [(String, String)] = [
            ("2024-01-31", "2025-01-30"),
            ("2024-01-01", "2024-12-31"),
            ("2024-12-31", "2025-12-30"),
            ("2024-03-01", "2025-02-28"),
            ("2023-03-01", "2024-02-29"),
            ("2023-02-28", "2024-02-27"),
            ("2024-02-28", "2025-02-27"),
            ("2024-04-30", "2025-04-29"),
            ("2024-06-19", "2025-06-18"),
        ]
        for (issued, due) in cases {
            let timeline = EHCTimeline.compute(request: day("2023-01-03"), adviceRequested: nil, draftServed: nil,
                                               finalIssued: day(issued), exception: nil, transfer: nil)
            XCTAssertEqual(timeline.annualReviewDue, day(due), issued)
        }
    }

    func testPhaseTransferDeadlines() {
        let secondary = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: nil, draftServed: nil,
                                            finalIssued: nil, exception: nil,
                                            transfer: PhaseTransfer(kind: .secondary, year: 2025))
        XCTAssertEqual(secondary.phaseTransferDeadline, day("2025-02-15"))
        let post16 = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: nil, draftServed: nil,
                                         finalIssued: nil, exception: nil,
                                         transfer: PhaseTransfer(kind: .post16, year: 2026))
        XCTAssertEqual(post16.phaseTransferDeadline, day("2026-03-31"))
    }

    func testFullJSONLineWithEveryDateAndAnException() {
        let timeline = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: day("2024-03-14"),
                                           draftServed: day("2024-05-10"), finalIssued: day("2024-06-03"),
                                           exception: .c, transfer: PhaseTransfer(kind: .post16, year: 2025))
        XCTAssertEqual(timeline.jsonLine(),
                       #"{"decision_due":"2024-03-13","advice_due":"2024-04-25","not_issuing_notice_due":null,"#
                       + #""final_due":null,"as_soon_as_practicable":true,"comments_until":"2024-05-24","#
                       + #""earliest_final":"2024-05-25","annual_review_due":"2025-06-02","#
                       + #""phase_transfer_deadline":"2025-03-31"}"#)
        XCTAssertFalse(timeline.jsonLine().contains("\n"))
        XCTAssertFalse(timeline.jsonLine().contains(" "))
    }

    func testJSONKeyOrder() {
        let line = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: nil, draftServed: nil,
                                       finalIssued: nil, exception: nil, transfer: nil).jsonLine()
        let keys = ["decision_due", "advice_due", "not_issuing_notice_due", "final_due", "as_soon_as_practicable",
                    "comments_until", "earliest_final", "annual_review_due", "phase_transfer_deadline"]
        let positions = keys.map { line.range(of: "\"\($0)\":")?.lowerBound }
        XCTAssertFalse(positions.contains(nil))
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
    }

    func testJSONLineParsesAsJSON() throws {
        let line = EHCTimeline.compute(request: day("2024-01-31"), adviceRequested: nil, draftServed: day("2024-05-10"),
                                       finalIssued: nil, exception: .a, transfer: nil).jsonLine()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object.count, 9)
        XCTAssertEqual(object["as_soon_as_practicable"] as? Bool, true)
        XCTAssertTrue(object["final_due"] is NSNull)
        XCTAssertEqual(object["comments_until"] as? String, "2024-05-24")
    }

    func testReassessmentFinalDue() {
        XCTAssertEqual(EHCTimeline.reassessmentFinalDue(decidedToReassess: day("2024-01-31"), exception: nil),
                       day("2024-05-08"))
        XCTAssertNil(EHCTimeline.reassessmentFinalDue(decidedToReassess: day("2024-01-31"), exception: .d))
    }

    func testProblemsForConsistentDatesIsEmpty() {
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: day("2024-01-31"),
                                            draftServed: day("2024-05-10"), finalIssued: day("2024-05-25")), [])
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: nil,
                                            draftServed: nil, finalIssued: nil), [])
        // Dates in the future are allowed.
        XCTAssertEqual(EHCTimeline.problems(request: day("2099-01-31"), adviceRequested: day("2099-02-01"),
                                            draftServed: nil, finalIssued: day("2099-06-01")), [])
    }

    func testProblemsReportsEachContradiction() {
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: day("2024-01-30"),
                                            draftServed: nil, finalIssued: nil),
                       ["advice requested on 2024-01-30 is before the request was received on 2024-01-31"])
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: nil,
                                            draftServed: day("2024-01-01"), finalIssued: nil),
                       ["draft plan served on 2024-01-01 is before the request was received on 2024-01-31"])
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: nil,
                                            draftServed: day("2024-05-10"), finalIssued: day("2024-05-24")),
                       ["final plan issued on 2024-05-24 is before 2024-05-25, 15 days after the draft was served on 2024-05-10 (reg 13(1))"])
        // Without a draft date only the request bounds the final date.
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: nil,
                                            draftServed: nil, finalIssued: day("2024-02-01")), [])
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: nil,
                                            draftServed: nil, finalIssued: day("2024-01-30")),
                       ["final plan issued on 2024-01-30 is before the request was received on 2024-01-31"])
        XCTAssertEqual(EHCTimeline.problems(request: day("2024-01-31"), adviceRequested: day("2023-12-01"),
                                            draftServed: day("2024-01-02"), finalIssued: day("2024-01-03")).count, 4)
    }
}
