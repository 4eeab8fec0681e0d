import XCTest
@testable import ContinuumDomain

/// Rulebook HN-4: the decision clock counts the school days after the day of receipt, up to and
/// including the day of the decision (issue 14's examples, on the demo calendar: autumn 2024 has
/// no INSET day in October, half term is 28 October to 1 November, INSET on 2 and 3 September).
final class DecisionClockTests: XCTestCase {
    private let calendar = SchoolCalendar.demo()
    private func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: day) }
    private func elapsed(_ received: CalendarDate, _ until: CalendarDate) -> Int {
        DecisionClock.schoolDaysElapsed(received: received, until: until, calendar: calendar)
    }

    func testIssueExamples() {
        XCTAssertEqual(d(2024, 10, 5).weekday, .saturday)
        XCTAssertEqual(elapsed(d(2024, 10, 5), d(2024, 10, 14)), 6, "received on a Saturday: Monday 7 to Monday 14 are all after receipt")
        XCTAssertEqual(elapsed(d(2024, 10, 7), d(2024, 10, 14)), 5, "received on a Monday: Tuesday 8 to Monday 14")
    }

    func testEdges() {
        XCTAssertEqual(elapsed(d(2024, 10, 7), d(2024, 10, 7)), 0, "decided on the day of receipt")
        XCTAssertEqual(elapsed(d(2024, 10, 7), d(2024, 10, 8)), 1)
        XCTAssertEqual(elapsed(d(2024, 10, 14), d(2024, 10, 7)), 0, "a decision dated before receipt counts nothing, not a negative")
        XCTAssertEqual(elapsed(d(2024, 10, 5), d(2024, 10, 6)), 0, "Saturday to Sunday: no school day yet")
        // Received on the last Friday before half term, decided on the Monday after it.
        XCTAssertEqual(elapsed(d(2024, 10, 25), d(2024, 11, 4)), 1)
        XCTAssertEqual(elapsed(d(2024, 10, 30), d(2024, 11, 4)), 1, "received in half term")
        // Received on an INSET day (2 September 2024); 3 September is INSET too.
        XCTAssertFalse(calendar.isSchoolDay(d(2024, 9, 2)))
        XCTAssertEqual(elapsed(d(2024, 9, 2), d(2024, 9, 6)), 3)
        // Received on the Friday before a bank holiday Monday (summer term 2025, 5 May).
        XCTAssertEqual(elapsed(d(2025, 5, 2), d(2025, 5, 6)), 1)
    }

    func testTheDueDateIsTheLastDayWithinTarget() {
        let targets = ServiceTargets()
        XCTAssertEqual(targets.decisionSchoolDays, 5)
        for received in [d(2024, 10, 5), d(2024, 10, 7), d(2024, 10, 25), d(2024, 9, 2)] {
            let due = DecisionClock.due(received: received, targets: targets, calendar: calendar)
            XCTAssertEqual(elapsed(received, due), 5, "\(received)")
            XCTAssertFalse(DecisionClock.isOverdue(elapsed: elapsed(received, due), targets: targets))
            let next = calendar.addingSchoolDays(1, to: due)
            XCTAssertTrue(DecisionClock.isOverdue(elapsed: elapsed(received, next), targets: targets), "\(received)")
        }
        XCTAssertEqual(DecisionClock.due(received: d(2024, 10, 5), targets: targets, calendar: calendar), d(2024, 10, 11))
        var council = ServiceTargets()
        council.decisionSchoolDays = 3
        XCTAssertTrue(DecisionClock.isOverdue(elapsed: 4, targets: council))
        XCTAssertFalse(DecisionClock.isOverdue(elapsed: 3, targets: council))
    }
}
