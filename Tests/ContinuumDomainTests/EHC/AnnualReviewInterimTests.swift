import XCTest
@testable import ContinuumDomain

/// Issue 14, rulebook AR-2: a plan for a child under 5 gets interim reviews every 3 to 6 months as
/// well as the statutory 12-month review, which they never replace.
final class AnnualReviewInterimTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    private let issued = CalendarDate(year: 2025, month: 3, day: 10)

    func testTheIntervalIsLimitedToThreeToSixMonths() throws {
        XCTAssertNil(InterimReviewInterval(months: 2))
        XCTAssertNil(InterimReviewInterval(months: 7))
        XCTAssertNil(InterimReviewInterval(months: 12))
        for months in 3...6 { XCTAssertEqual(InterimReviewInterval(months: months)?.months, months) }
        XCTAssertEqual(InterimReviewInterval.default.months, 6, "rulebook AR-2 default")
        XCTAssertEqual(InterimReviewInterval(clamping: 1).months, 3)
        XCTAssertEqual(InterimReviewInterval(clamping: 12).months, 6)
        XCTAssertEqual(try JSONDecoder().decode(InterimReviewInterval.self, from: Data("4".utf8)).months, 4)
        XCTAssertThrowsError(try JSONDecoder().decode(InterimReviewInterval.self, from: Data("9".utf8)))
    }

    func testInterimReviewsComeAsWellAsTheAnnualReview() throws {
        let dob = day("2022-06-01") // 2 when the plan is issued, 3 at the annual review
        let six = AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: dob)
        XCTAssertEqual(six.annualDue, day("2026-03-09"), "AR-1: 12 months − 1 day, whatever the age")
        XCTAssertEqual(six.interimDue, [day("2025-09-09")], "the 12-month interim is the annual review itself")
        let three = AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: dob, interimInterval: InterimReviewInterval(months: 3)!)
        XCTAssertEqual(three.interimDue, [day("2025-06-09"), day("2025-09-09"), day("2025-12-09")])
        XCTAssertEqual(three.annualDue, day("2026-03-09"))
        XCTAssertEqual(AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: dob, interimInterval: InterimReviewInterval(months: 4)!).interimDue,
                       [day("2025-07-09"), day("2025-11-09")])
        XCTAssertEqual(AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: dob, interimInterval: InterimReviewInterval(months: 5)!).interimDue,
                       [day("2025-08-09"), day("2026-01-09")])
    }

    func testInterimReviewsStopAtTheFifthBirthday() {
        // Born 1 October 2020: 5 on 1 October 2025, so the December interim review is not due.
        let schedule = AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: day("2020-10-01"), interimInterval: InterimReviewInterval(months: 3)!)
        XCTAssertEqual(schedule.interimDue, [day("2025-06-09"), day("2025-09-09")])
        XCTAssertEqual(AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: day("2020-03-10")).interimDue, [], "5 on the day of issue")
        XCTAssertEqual(AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: nil).interimDue, [], "age unknown: the statutory review only")
    }

    func testTheNextReviewIsTheFirstNotYetPast() {
        let schedule = AnnualReviewTimeline.reviews(lastReviewOrIssue: issued, dateOfBirth: day("2022-06-01"), interimInterval: InterimReviewInterval(months: 3)!)
        XCTAssertEqual(schedule.next().due, day("2025-06-09"))
        XCTAssertTrue(schedule.next().interim)
        XCTAssertEqual(schedule.next(onOrAfter: day("2025-07-01")).due, day("2025-09-09"))
        XCTAssertEqual(schedule.next(onOrAfter: day("2025-12-09")).due, day("2025-12-09"))
        let annual = schedule.next(onOrAfter: day("2026-01-01"))
        XCTAssertEqual(annual.due, day("2026-03-09"))
        XCTAssertFalse(annual.interim)
        XCTAssertEqual(schedule.next(onOrAfter: day("2026-06-01")).due, day("2026-03-09"), "an overdue annual review stays due")
    }

    func testTheCaseKeepsTheAnnualReviewBesideTheInterimOne() throws {
        var dates = EHCCaseDates(request: day("2024-10-01"), finalIssued: issued, birthDate: day("2022-06-01"))
        XCTAssertEqual(dates.reviews(after: issued).annualDue, day("2026-03-09"))
        let step = try XCTUnwrap(EHCNextStep.compute(stage: .finalIssued, dates: dates, adviceOutstanding: false))
        XCTAssertEqual(step.due, day("2025-09-09"))
        XCTAssertTrue(step.what.contains("under 5"))
        XCTAssertTrue(step.what.contains("annual review is still due by 9 March 2026"), step.what)
        XCTAssertEqual(dates.nextReviewDue(after: issued, today: day("2025-10-01")).due, day("2026-03-09"))
        // Outside 3–6 months the nearest bound applies.
        dates.underFiveReviewMonths = 12
        XCTAssertEqual(dates.nextReviewDue(after: issued).due, day("2025-09-09"))
        dates.underFiveReviewMonths = 1
        XCTAssertEqual(dates.nextReviewDue(after: issued).due, day("2025-06-09"))
    }
}
