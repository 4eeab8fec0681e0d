import XCTest
@testable import ContinuumDomain

/// Rulebook HN-1: eligibility is tested on the date the education is needed, and a child outside
/// compulsory school age then has the power-not-duty route. HN-5: part time needs a determination.
final class Section19EligibilityTests: XCTestCase {
    private func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day) }

    /// AGE-1's IPSEA example: born 10 February 2019, compulsory school age from 31 March 2024.
    func testTheAgeTestIsOnTheDateNeededAtTheStartOfCompulsorySchoolAge() {
        let dob = d(2019, 2, 10)
        let early = Section19Eligibility.assess(dateOfBirth: dob, neededOn: d(2024, 3, 1))
        XCTAssertEqual(early.route, .power)
        XCTAssertEqual(early.outsideAge, .notYet(startsOn: d(2024, 3, 31)))
        XCTAssertTrue(early.explanation.contains("the council may help (a power, not a duty)"), early.explanation)
        XCTAssertEqual(Section19Eligibility.assess(dateOfBirth: dob, neededOn: d(2024, 3, 31)).route, .duty, "the first day is included")
        XCTAssertEqual(Section19Eligibility.assess(dateOfBirth: dob, neededOn: d(2024, 3, 30)).route, .power)
        // Referred in March (before CSA) for education needed after Easter: the duty, not the day of the referral, decides.
        XCTAssertEqual(Section19Eligibility.assess(dateOfBirth: dob, neededOn: d(2024, 4, 15)).route, .duty)
    }

    /// AGE-2's IPSEA example: born 23 September 2007, compulsory school age ends 28 June 2024.
    func testTheAgeTestAtTheEndOfCompulsorySchoolAge() {
        let dob = d(2007, 9, 23)
        XCTAssertEqual(Section19Eligibility.assess(dateOfBirth: dob, neededOn: d(2024, 6, 28)).route, .duty, "the leaving date is included")
        let after = Section19Eligibility.assess(dateOfBirth: dob, neededOn: d(2024, 7, 1))
        XCTAssertEqual(after.route, .power)
        XCTAssertEqual(after.outsideAge, .ended(endedOn: d(2024, 6, 28)))
        XCTAssertTrue(after.explanation.contains("power, not a duty"))
        // Of compulsory school age on the day of referral (20 June) but not when education is needed (September).
        XCTAssertTrue(AgeAndStage.isCompulsorySchoolAge(dateOfBirth: dob, on: d(2024, 6, 20)))
        XCTAssertEqual(Section19Eligibility.assess(dateOfBirth: dob, neededOn: d(2024, 9, 2)).route, .power)
    }

    func testNoDateOfBirth() {
        let unknown = Section19Eligibility.assess(dateOfBirth: nil, neededOn: d(2024, 9, 2))
        XCTAssertEqual(unknown.route, .ageNotKnown)
        XCTAssertNil(unknown.outsideAge)
        XCTAssertTrue(unknown.explanation.contains("No date of birth"))
    }

    func testPartTimeNeedsAHealthReasonAndAReviewAfterTheStart() {
        let start = d(2024, 10, 7)
        XCTAssertEqual(Section19Eligibility.partTimeProblems(hours: 24, fullTime: 24, reason: "", reviewOn: nil, start: start), [], "full time needs nothing")
        XCTAssertEqual(Section19Eligibility.partTimeProblems(hours: 25, fullTime: 24, reason: "", reviewOn: nil, start: start), [])
        let both = Section19Eligibility.partTimeProblems(hours: 10, fullTime: 24, reason: "  ", reviewOn: nil, start: start)
        XCTAssertEqual(both, [.reasonMissing(hours: 10, fullTime: 24), .reviewMissing])
        XCTAssertEqual(both.map(\.field), ["partTimeReason", "reviewOn"])
        XCTAssertEqual(both.first?.message, "10.0 hours is less than full time (24.0): record why the child's health means part time is in their best interests")
        XCTAssertEqual(Section19Eligibility.partTimeProblems(hours: 10, fullTime: 24, reason: "Fatigue after chemotherapy", reviewOn: start, start: start),
                       [.reviewNotAfterStart], "a review on the start day is not after it")
        XCTAssertEqual(Section19Eligibility.partTimeProblems(hours: 10, fullTime: 24, reason: "Fatigue after chemotherapy", reviewOn: start.adding(days: 1), start: start), [])
        XCTAssertEqual(Section19Eligibility.partTimeProblems(hours: 23.5, fullTime: 24, reason: "", reviewOn: d(2024, 11, 1), start: nil),
                       [.reasonMissing(hours: 23.5, fullTime: 24)], "half an hour short is part time")
    }
}
