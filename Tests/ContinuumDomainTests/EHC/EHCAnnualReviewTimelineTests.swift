import XCTest
@testable import ContinuumDomain

final class EHCAnnualReviewTimelineTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testMilestonesAroundAMeeting() {
        let review = AnnualReviewTimeline(meeting: day("2024-11-14"))
        XCTAssertEqual(review.inviteBy, day("2024-10-31"))
        XCTAssertEqual(review.adviceCirculatedBy, day("2024-10-31"))
        XCTAssertEqual(review.reportDue, day("2024-11-28"))
        XCTAssertEqual(review.decisionDue, day("2024-12-12"))
        XCTAssertEqual(review.amendmentsProposedBy, day("2024-12-12"))
        XCTAssertEqual(review.amendmentCommentsUntil(proposedAmendmentsSent: day("2024-12-12")), day("2024-12-26"))
    }

    func testFinalAmendedDueIsTheEarlierLimit() {
        let review = AnnualReviewTimeline(meeting: day("2024-11-14"))
        // Sent on day 28: 8 weeks on = 12 weeks from the meeting, 6 February 2025.
        XCTAssertEqual(review.finalAmendedDue(proposedAmendmentsSent: day("2024-12-12")), day("2025-02-06"))
        // Sent early: 8 weeks from sending governs.
        XCTAssertEqual(review.finalAmendedDue(proposedAmendmentsSent: day("2024-11-21")), day("2025-01-16"))
        // Sent late: Devon's 12 weeks from the meeting still governs.
        XCTAssertEqual(review.finalAmendedDue(proposedAmendmentsSent: day("2025-01-10")), day("2025-02-06"))
    }

    func testTimescalesAreConfigurable() {
        XCTAssertEqual(AnnualReviewTimescales.current, AnnualReviewTimescales())
        XCTAssertEqual(AnnualReviewTimescales.current.decisionDays, 28)
        XCTAssertEqual(AnnualReviewTimescales.current.finalAmendedAfterProposalDays, 56)
        XCTAssertEqual(AnnualReviewTimescales.current.finalAmendedMaxAfterMeetingDays, 84)
        let changed = AnnualReviewTimescales(reportDays: 10, decisionDays: 35, finalAmendedMaxAfterMeetingDays: 91)
        let review = AnnualReviewTimeline(meeting: day("2024-11-14"), timescales: changed)
        XCTAssertEqual(review.inviteBy, day("2024-10-31"))
        XCTAssertEqual(review.reportDue, day("2024-11-24"))
        XCTAssertEqual(review.decisionDue, day("2024-12-19"))
        XCTAssertEqual(review.finalAmendedDue(proposedAmendmentsSent: day("2025-01-10")), day("2025-02-13"))
        XCTAssertEqual(AnnualReviewTimeline.latestMeeting(forReviewDue: day("2025-02-27"), timescales: changed),
                       day("2025-01-23"))
    }

    func testNextReviewDue() {
        XCTAssertEqual(AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: day("2024-02-29")), day("2025-02-27"))
        XCTAssertEqual(AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: day("2024-01-31")), day("2025-01-30"))
        XCTAssertEqual(AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: day("2024-01-01")), day("2024-12-31"))
        XCTAssertEqual(AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: day("2023-03-01")), day("2024-02-29"))
        XCTAssertEqual(AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: day("2027-02-28")), day("2028-02-27"))
    }

    func testLatestMeetingKeepsTheDecisionInsideTwelveMonths() {
        let due = AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: day("2024-02-29"))
        let meeting = AnnualReviewTimeline.latestMeeting(forReviewDue: due)
        XCTAssertEqual(meeting, day("2025-01-30"))
        XCTAssertEqual(AnnualReviewTimeline(meeting: meeting).decisionDue, due)
    }
}
