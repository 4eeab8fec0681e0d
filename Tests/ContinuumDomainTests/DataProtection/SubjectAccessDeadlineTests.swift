import XCTest
import ContinuumDomain

final class SubjectAccessDeadlineTests: XCTestCase {
    private func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    // ICO: received 3 September, due 3 October (a Friday in 2025).
    func testTheCorrespondingDateNextMonth() {
        XCTAssertEqual(SubjectAccessDeadline(received: d("2025-09-03")).due, d("2025-10-03"))
    }

    // ICO: no corresponding date, so the last day of the next month; leap year and not.
    func testAShorterNextMonthGivesItsLastDay() {
        XCTAssertEqual(SubjectAccessDeadline(received: d("2024-01-31")).due, d("2024-02-29"), "leap year: Thursday 29 February")
        XCTAssertEqual(SubjectAccessDeadline(received: d("2025-01-31")).due, d("2025-02-28"), "Friday 28 February")
    }

    // ICO: a deadline on a weekend or bank holiday moves to the next working day.
    func testWeekendsAndBankHolidaysMoveToTheNextWorkingDay() {
        XCTAssertEqual(SubjectAccessDeadline(received: d("2025-10-04")).due, d("2025-11-04"), "a Tuesday: no move")
        XCTAssertEqual(SubjectAccessDeadline(received: d("2025-10-08")).due, d("2025-11-10"), "Saturday 8 November → Monday 10 November")
        XCTAssertEqual(SubjectAccessDeadline(received: d("2025-11-25")).due, d("2025-12-29"), "Thursday 25 December, Boxing Day, weekend → Monday 29 December")
        XCTAssertEqual(SubjectAccessDeadline(received: d("2026-04-06")).due, d("2026-05-06"), "a Wednesday")
        XCTAssertEqual(SubjectAccessDeadline(received: d("2026-04-04")).due, d("2026-05-05"), "Monday 4 May 2026 is the early May bank holiday")
    }

    // UK GDPR Art 12(3): two further months when the request is complex.
    func testTheExtendedDeadlineIsThreeMonthsOn() {
        XCTAssertEqual(SubjectAccessDeadline(received: d("2025-11-30")).extendedDue, d("2026-03-02"), "28 February 2026 is a Saturday")
        XCTAssertEqual(SubjectAccessDeadline(received: d("2024-11-30")).extendedDue, d("2025-02-28"))
        XCTAssertEqual(SubjectAccessDeadline(received: d("2025-01-31")).extendedDue, d("2025-04-28"), "two months after 28 February, not three from 31 January")
    }
}
