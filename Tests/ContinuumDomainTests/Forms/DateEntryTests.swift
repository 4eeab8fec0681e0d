import XCTest
@testable import ContinuumDomain

/// Issue 14 item 3: one date entry for every form, in the GOV.UK date-input pattern.
final class DateEntryTests: XCTestCase {
    private let today = CalendarDate(year: 2026, month: 12, day: 3)

    func testBoxesJoinedAsTypedReadAsADate() {
        XCTAssertEqual(DateEntry("3/12/2026"), .date(today))
        XCTAssertEqual(DateEntry(day: " 03 ", month: "12", year: "2026"), .date(today))
        // GOV.UK's guidance: accept month names, in full or abbreviated.
        XCTAssertEqual(DateEntry(day: "3", month: "Dec", year: "2026"), .date(today))
        XCTAssertEqual(DateEntry(day: "3", month: "december", year: "2026"), .date(today))
        XCTAssertEqual(DateEntry(day: "30", month: "Sept", year: "2026"), .date(CalendarDate(year: 2026, month: 9, day: 30)))
    }

    func testISOFromAnAPIClientOrOlderFormStillReads() {
        XCTAssertEqual(DateEntry("2026-12-03"), .date(today))
        XCTAssertEqual(DateEntry("  2026-12-03 "), .date(today))
    }

    func testBlankIncompleteAndUnreal() {
        XCTAssertEqual(DateEntry(nil), .blank)
        XCTAssertEqual(DateEntry("   "), .blank)
        XCTAssertEqual(DateEntry("//"), .blank)
        XCTAssertEqual(DateEntry("3//2026"), .incomplete(missing: [.month]))
        XCTAssertEqual(DateEntry("//2026"), .incomplete(missing: [.day, .month]))
        XCTAssertEqual(DateEntry(day: "3", month: "12", year: ""), .incomplete(missing: [.year]))
        XCTAssertEqual(DateEntry("30/2/2026"), .unreadable, "30 February")
        XCTAssertEqual(DateEntry("29/2/2028"), .date(CalendarDate(year: 2028, month: 2, day: 29)), "a leap day")
        XCTAssertEqual(DateEntry("29/2/2027"), .unreadable)
        XCTAssertEqual(DateEntry("3/12/26"), .unreadable, "a two-digit year is not guessed")
        XCTAssertEqual(DateEntry("3/13/2026"), .unreadable)
        XCTAssertEqual(DateEntry("3/12/1899"), .unreadable, "outside the plausible years")
        XCTAssertEqual(DateEntry("three/12/2026"), .unreadable)
        XCTAssertEqual(DateEntry("٣/12/2026"), .unreadable, "only ASCII digits")
        XCTAssertEqual(DateEntry("2026-12-3"), .unreadable)
        XCTAssertEqual(DateEntry("3/12/2026/1"), .unreadable)
    }

    func testMessagesFollowTheGOVUKPattern() {
        var checks = FieldChecks(today: today)
        XCTAssertNil(checks.date(DateEntry(""), field: "on", label: "of the decision"))
        XCTAssertNil(checks.date(DateEntry("3//"), field: "on", label: "of the decision"))
        XCTAssertNil(checks.date(DateEntry("//2026"), field: "on", label: "of the decision"))
        XCTAssertNil(checks.date(DateEntry("31/11/2026"), field: "on", label: "of the decision"))
        XCTAssertNil(checks.date(DateEntry("4/12/2026"), field: "on", label: "of the decision"))
        XCTAssertEqual(checks.date(DateEntry("3/12/2026"), field: "on", label: "of the decision"), today)
        XCTAssertEqual(checks.problems.map(\.message), [
            "Enter the date of the decision",
            "The date of the decision must include a month and year",
            "The date of the decision must include a day and month",
            "The date of the decision must be a real date",
            "The date of the decision must be today or in the past",
        ])
        XCTAssertEqual(FieldChecks.dateProblem(.incomplete(missing: [.day, .month, .year]), subject: "Date of birth", blank: "Enter it"),
                       "Date of birth must include a day, month and year")
    }

    func testHintExample() {
        XCTAssertEqual(CalendarDate(year: 2007, month: 3, day: 27).dateInputExample, "27 3 2007")
    }
}
