import XCTest
import ContinuumDomain

final class EHCReassessmentAndConsultationTests: XCTestCase {
    private func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    // SEND Regulations 2014 reg 27(2): 14 weeks (98 days) from deciding to re-assess; reg 27(3): the reg 10(4) exceptions apply.
    func testReassessmentFinalPlanIsDueFourteenWeeksAfterTheDecisionUnlessAnExceptionApplies() {
        var dates = EHCCaseDates(request: d("2024-02-01"), decision: d("2024-02-01"))
        dates.kind = .reassessment
        XCTAssertEqual(dates.timeline.finalDue, d("2024-05-09"), "leap year: 29 days in February 2024")
        dates.exception = .c
        XCTAssertNil(dates.timeline.finalDue)
        dates.exception = nil
        let next = EHCNextStep.compute(stage: .assessing, dates: dates, adviceOutstanding: false)
        XCTAssertEqual(next?.regulation, "reg 27(2)")
        XCTAssertEqual(next?.due, d("2024-04-24"), "the draft by 15 days before the final plan, so the family's 15 days fit")
        dates.draftServed = d("2024-04-20")
        XCTAssertEqual(EHCNextStep.compute(stage: .draftIssued, dates: dates, adviceOutstanding: false)?.due, d("2024-05-09"))
        // A new request still runs to 20 weeks.
        XCTAssertEqual(EHCCaseDates(request: d("2024-02-01")).timeline.finalDue, d("2024-06-20"))
    }

    func testAPlanInForceCanBeReplacedAndAReplacedPlanIsClosed() {
        for stage in [EHCStage.finalIssued, .underReview, .amendmentProposed] { XCTAssertTrue(stage.canMove(to: .replaced), "\(stage)") }
        XCTAssertFalse(EHCStage.assessing.canMove(to: .replaced))
        XCTAssertTrue(EHCStage.replaced.isTerminal)
    }

    // SEND Code of Practice 9.78–9.79: 15 days for the school's response, day 1 the day consulted.
    func testSchoolResponseIsDueOnTheFifteenthDayCountingTheDayConsulted() {
        XCTAssertEqual(EHCConsultationResponse.responseDue(consulted: d("2025-02-20")), d("2025-03-06"))
        XCTAssertEqual(EHCConsultationResponse.responseDue(consulted: d("2024-02-20")), d("2024-03-05"), "leap year")
        XCTAssertEqual(EHCConsultationResponse.responseDue(consulted: d("2025-12-24")), d("2026-01-07"), "calendar days: bank holidays count")
    }

    func testRemindersStartAWeekBeforeTheAdviceIsDueAndRepeatWeekly() {
        let policy = AdviceReminderPolicy()
        let due = d("2025-03-14")
        XCTAssertFalse(policy.shouldRemind(due: due, received: false, lastReminded: nil, today: d("2025-03-06")))
        XCTAssertTrue(policy.shouldRemind(due: due, received: false, lastReminded: nil, today: d("2025-03-07")))
        XCTAssertFalse(policy.shouldRemind(due: due, received: false, lastReminded: d("2025-03-07"), today: d("2025-03-13")))
        XCTAssertTrue(policy.shouldRemind(due: due, received: false, lastReminded: d("2025-03-07"), today: d("2025-03-14")))
        XCTAssertTrue(policy.shouldRemind(due: due, received: false, lastReminded: nil, today: d("2025-06-01")), "long overdue")
        XCTAssertFalse(policy.shouldRemind(due: due, received: true, lastReminded: nil, today: d("2025-03-20")), "advice arrived")
    }

    // SEND Regulations 2014 reg 20 and 22(3); R (L, M and P) v Devon CC [2022]: decision 4 weeks after the meeting, then the amended plan.
    func testAnArrangedReviewRunsTheDecisionAndAmendmentClocksFromTheMeeting() {
        var dates = EHCCaseDates(request: d("2023-01-10"), finalIssued: d("2023-05-01"))
        dates.reviewMeeting = d("2024-04-10")
        let deciding = EHCNextStep.compute(stage: .underReview, dates: dates, adviceOutstanding: false)
        XCTAssertEqual(deciding?.due, d("2024-05-08"))
        XCTAssertEqual(deciding?.regulation, "reg 20")
        dates.lastReviewDecision = d("2024-05-08")
        // 8 weeks from the amendments is 3 July; 12 weeks from the meeting is 3 July too: the earlier wins either way.
        XCTAssertEqual(EHCNextStep.compute(stage: .amendmentProposed, dates: dates, adviceOutstanding: false)?.due, d("2024-07-03"))
        dates.lastReviewDecision = d("2024-06-01")
        XCTAssertEqual(EHCNextStep.compute(stage: .amendmentProposed, dates: dates, adviceOutstanding: false)?.due, d("2024-07-03"), "capped at 12 weeks from the meeting")
    }
}


final class EHCAdviceKindTests: XCTestCase {
    // SEND Regulations 2014 reg 6(1)(b)–(e).
    func testTheFourAlwaysRequiredKindsAreListedUntilAsked() {
        XCTAssertEqual(EHCAdviceKind.notYetAsked([]), [.educational, .medical, .psychological, .socialCare])
        XCTAssertEqual(EHCAdviceKind.notYetAsked([.medical, .other, .medical]), [.educational, .psychological, .socialCare])
        XCTAssertEqual(EHCAdviceKind.notYetAsked(EHCAdviceKind.allCases), [])
    }
}
