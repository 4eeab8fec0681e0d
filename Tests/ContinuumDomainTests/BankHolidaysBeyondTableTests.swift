import XCTest
@testable import ContinuumDomain

/// Issue 14 item 5: past the bundled bank-holiday table (2012–2030) the calendar says it does not
/// know, rather than taking a weekday for a working or school day; the old Bool APIs keep their answers.
final class BankHolidaysBeyondTableTests: XCTestCase {
    private let holidays = BankHolidays.englandAndWales
    private let calendar = SchoolCalendar.demo()
    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testBankHolidaysInsideAndOutsideTheTable() {
        XCTAssertEqual(holidays.isBankHolidayIfKnown(date("2030-12-25")), true)
        XCTAssertEqual(holidays.isBankHolidayIfKnown(date("2030-12-27")), false)
        // Monday 5 May 2031 will almost certainly be the early May bank holiday, but it is not yet in the table.
        XCTAssertNil(holidays.isBankHolidayIfKnown(date("2031-05-05")))
        XCTAssertNil(holidays.isBankHolidayIfKnown(date("2011-12-26")))
        XCTAssertEqual(holidays.firstUnknownDay, date("2031-01-01"))
    }

    func testWorkingDaysSayUnknownOnlyForWeekdaysOutsideTheTable() {
        XCTAssertEqual(holidays.isWorkingDayIfKnown(date("2030-12-27")), true)
        XCTAssertEqual(holidays.isWorkingDayIfKnown(date("2030-12-25")), false)
        XCTAssertNil(holidays.isWorkingDayIfKnown(date("2031-05-05")))
        XCTAssertEqual(holidays.isWorkingDayIfKnown(date("2031-05-03")), false, "a Saturday is never a working day")
        XCTAssertTrue(holidays.isWorkingDay(date("2031-05-05")), "the old API keeps its answer for its callers")
    }

    func testSchoolDaysSayUnknownWhereABankHolidayCouldFall() {
        // Summer term 2031 of the demo calendar starts on Monday 21 April (Easter Sunday is 13 April).
        XCTAssertNil(calendar.isSchoolDayIfKnown(date("2031-05-05")))
        XCTAssertTrue(calendar.isSchoolDay(date("2031-05-05")), "the old API keeps its answer")
        XCTAssertEqual(calendar.isSchoolDayIfKnown(date("2031-04-15")), false, "Easter holiday: known not taught")
        XCTAssertEqual(calendar.isSchoolDayIfKnown(date("2031-05-03")), false, "Saturday")
        XCTAssertEqual(calendar.isSchoolDayIfKnown(date("2031-07-22")), false, "INSET on the last day of term")
        XCTAssertNil(calendar.isSchoolDayIfKnown(date("2031-08-04")), "past the terms, a weekday is a guess either way")
        XCTAssertEqual(calendar.isSchoolDayIfKnown(date("2030-12-25")), false)
        XCTAssertEqual(calendar.isSchoolDayIfKnown(date("2030-12-02")), true)
    }

    func testCountsOverUnknownDaysAreNil() {
        XCTAssertEqual(calendar.schoolDaysIfKnown(from: date("2030-12-02"), to: date("2030-12-13")), 10)
        XCTAssertEqual(calendar.schoolDaysIfKnown(from: date("2030-12-02"), to: date("2030-12-13")),
                       calendar.schoolDays(from: date("2030-12-02"), to: date("2030-12-13")))
        XCTAssertEqual(calendar.schoolDaysIfKnown(from: date("2031-04-14"), to: date("2031-04-18")), 0, "every day known to be holiday")
        XCTAssertNil(calendar.schoolDaysIfKnown(from: date("2031-04-21"), to: date("2031-04-25")))
        XCTAssertEqual(calendar.schoolDays(from: date("2031-04-21"), to: date("2031-04-25")), 5, "the old count assumes no holiday")
        XCTAssertNil(calendar.schoolDaysIfKnown(from: date("2030-12-02"), to: date("2031-01-10")))
        XCTAssertEqual(calendar.schoolDaysIfKnown(from: date("2031-01-10"), to: date("2030-12-02")), 0, "from after to")
    }

    func testWarningsForSpansAndDates() {
        XCTAssertNil(calendar.unknownHolidayWarning(from: date("2024-09-02"), to: date("2024-10-14")))
        let span = calendar.unknownHolidayWarning(from: date("2030-12-02"), to: date("2031-01-10"))
        XCTAssertEqual(span, "school days from 2030-12-02 to 2031-01-10 reach beyond the bank-holiday table (2012 to 2030): "
                       + "a bank holiday not yet announced would be counted as a school day")
        XCTAssertNil(holidays.unknownHolidayWarning("final_due", date("2030-12-31")))
        XCTAssertEqual(holidays.unknownHolidayWarning("final_due", date("2031-01-01")),
                       "final_due 2031-01-01 is outside the bank-holiday table (2012 to 2030), so whether it is a bank holiday is not known")
    }

    /// A calendar with its own table reads that table's end, not the bundled one's.
    func testACustomTableMovesTheEnd() {
        let custom = BankHolidays(dates: [date("2031-05-05")], years: 2031...2031)
        XCTAssertEqual(custom.isBankHolidayIfKnown(date("2031-05-05")), true)
        XCTAssertEqual(custom.isWorkingDayIfKnown(date("2031-05-06")), true)
        XCTAssertNil(custom.isWorkingDayIfKnown(date("2030-05-06")))
        let withCustom = SchoolCalendar.demo(bankHolidays: custom)
        XCTAssertEqual(withCustom.isSchoolDayIfKnown(date("2031-05-05")), false)
        XCTAssertEqual(withCustom.isSchoolDayIfKnown(date("2031-05-06")), true)
    }
}
