import XCTest
@testable import ContinuumDomain

final class CalendarDateTests: XCTestCase {
    private func date(_ iso: String, file: StaticString = #filePath, line: UInt = #line) -> CalendarDate {
        guard let date = CalendarDate(iso: iso) else {
            XCTFail("bad test date \(iso)", file: file, line: line)
            return CalendarDate(year: 2000, month: 1, day: 1)
        }
        return date
    }

    func testParsesStrictISODates() {
        XCTAssertEqual(CalendarDate(iso: "2024-09-01"), CalendarDate(year: 2024, month: 9, day: 1))
        XCTAssertEqual(CalendarDate(iso: "2024-02-29")?.day, 29)
        XCTAssertEqual(CalendarDate(iso: "2000-02-29")?.month, 2)
        XCTAssertEqual(CalendarDate(iso: "0001-01-01")?.year, 1)
        XCTAssertEqual(CalendarDate(iso: "9999-12-31")?.year, 9999)
    }

    func testRejectsImpossibleOrLooseDates() {
        let rejected = [
            "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-32", "2024-01-00",
            "0000-01-01", "2024-1-01", "2024-01-1", "24-01-01", "20240101", "2024/01/01", "2024-01-01T00:00",
            " 2024-01-01", "2024-01-01 ", "", "2024-0a-01", "+024-01-01", "２０２４-01-01", "2024–01–01",
        ]
        for text in rejected {
            XCTAssertNil(CalendarDate(iso: text), text)
        }
    }

    func testValidityAndLeapYears() {
        XCTAssertTrue(CalendarDate.isValid(year: 2024, month: 2, day: 29))
        XCTAssertFalse(CalendarDate.isValid(year: 2023, month: 2, day: 29))
        XCTAssertFalse(CalendarDate.isValid(year: 2100, month: 2, day: 29))
        XCTAssertTrue(CalendarDate.isValid(year: 2000, month: 2, day: 29))
        XCTAssertFalse(CalendarDate.isValid(year: 2024, month: 6, day: 31))
        XCTAssertFalse(CalendarDate.isValid(year: 0, month: 1, day: 1))
        XCTAssertFalse(CalendarDate.isValid(year: 10_000, month: 1, day: 1))
        XCTAssertEqual(CalendarDate.daysInMonth(year: 2024, month: 2), 29)
        XCTAssertEqual(CalendarDate.daysInMonth(year: 2025, month: 2), 28)
        XCTAssertEqual(CalendarDate.daysInMonth(year: 2025, month: 9), 30)
    }

    func testDayNumberRoundTripsAcrossCenturies() {
        XCTAssertEqual(date("1970-01-01").dayNumber, 0)
        XCTAssertEqual(date("1969-12-31").dayNumber, -1)
        XCTAssertEqual(date("2000-03-01").dayNumber, 11_017)
        var previous = CalendarDate(year: 1899, month: 12, day: 31)
        for number in (previous.dayNumber + 1)...CalendarDate(year: 2101, month: 1, day: 1).dayNumber {
            let current = CalendarDate(dayNumber: number)
            XCTAssertEqual(current.dayNumber, number)
            XCTAssertLessThan(previous, current)
            XCTAssertEqual(previous.adding(days: 1), current)
            previous = current
        }
    }

    func testWeekdays() {
        XCTAssertEqual(date("1970-01-01").weekday, .thursday)
        XCTAssertEqual(date("1969-12-31").weekday, .wednesday)
        XCTAssertEqual(date("2000-01-01").weekday, .saturday)
        XCTAssertEqual(date("2024-12-20").weekday, .friday)
        XCTAssertEqual(date("2025-01-06").weekday, .monday)
        XCTAssertEqual(date("1900-01-01").weekday, .monday)
        XCTAssertTrue(date("2024-12-21").isWeekend)
        XCTAssertTrue(date("2024-12-22").isWeekend)
        XCTAssertFalse(date("2024-12-23").isWeekend)
        XCTAssertEqual(Weekday.friday.name, "Friday")
    }

    func testAddingDaysAndSignedDifference() {
        XCTAssertEqual(date("2024-02-28").adding(days: 1), date("2024-02-29"))
        XCTAssertEqual(date("2023-02-28").adding(days: 1), date("2023-03-01"))
        XCTAssertEqual(date("2024-12-31").adding(days: 1), date("2025-01-01"))
        XCTAssertEqual(date("2025-01-01").adding(days: -1), date("2024-12-31"))
        XCTAssertEqual(date("2024-01-01").days(to: date("2025-01-01")), 366)
        XCTAssertEqual(date("2025-01-01").days(to: date("2024-01-01")), -366)
        XCTAssertEqual(date("2024-05-05").days(to: date("2024-05-05")), 0)
        // "Within 6 weeks" in the rulebook is X + 42 calendar days.
        XCTAssertEqual(date("2024-12-20").adding(days: 42), date("2025-01-31"))
    }

    func testAddingMonthsClampsToMonthEnd() {
        XCTAssertEqual(date("2024-01-31").adding(months: 1), date("2024-02-29"))
        XCTAssertEqual(date("2023-01-31").adding(months: 1), date("2023-02-28"))
        XCTAssertEqual(date("2024-03-31").adding(months: -1), date("2024-02-29"))
        XCTAssertEqual(date("2024-10-31").adding(months: 1), date("2024-11-30"))
        XCTAssertEqual(date("2024-08-31").adding(months: 1), date("2024-09-30"))
        XCTAssertEqual(date("2024-12-15").adding(months: 1), date("2025-01-15"))
        XCTAssertEqual(date("2024-01-15").adding(months: -1), date("2023-12-15"))
        XCTAssertEqual(date("2024-01-31").adding(months: 13), date("2025-02-28"))
        XCTAssertEqual(date("2024-05-31").adding(months: -15), date("2023-02-28"))
        XCTAssertEqual(date("2024-06-30").adding(months: 24), date("2026-06-30"))
        XCTAssertEqual(date("2024-06-30").adding(months: 0), date("2024-06-30"))
    }

    func testAddingYearsMovesLeapDayToTwentyEighth() {
        XCTAssertEqual(date("2024-02-29").adding(years: 1), date("2025-02-28"))
        XCTAssertEqual(date("2024-02-29").adding(years: 4), date("2028-02-29"))
        XCTAssertEqual(date("2024-02-29").adding(years: -1), date("2023-02-28"))
        XCTAssertEqual(date("2007-09-23").adding(years: 16), date("2023-09-23"))
    }

    func testFormatting() {
        XCTAssertEqual(date("2024-09-01").description, "2024-09-01")
        XCTAssertEqual(CalendarDate(year: 5, month: 1, day: 2).description, "0005-01-02")
        XCTAssertEqual(date("2024-09-01").longFormat, "1 September 2024")
        XCTAssertEqual(date("2024-12-20").longFormatWithWeekday, "Friday 20 December 2024")
        XCTAssertEqual(CalendarDate("2024-09-01"), date("2024-09-01"))
        XCTAssertNil(CalendarDate("1 September 2024"))
    }

    func testCodableUsesISOString() throws {
        let encoded = try JSONEncoder().encode([date("2024-09-01")])
        XCTAssertEqual(String(decoding: encoded, as: UTF8.self), #"["2024-09-01"]"#)
        XCTAssertEqual(try JSONDecoder().decode([CalendarDate].self, from: encoded), [date("2024-09-01")])
        XCTAssertThrowsError(try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2023-02-29"]"#.utf8)))
    }

    func testAcademicYearStart() {
        XCTAssertEqual(date("2024-08-31").academicYearStart, 2023)
        XCTAssertEqual(date("2024-09-01").academicYearStart, 2024)
        XCTAssertEqual(date("2025-01-01").academicYearStart, 2024)
        XCTAssertEqual(date("2024-12-31").academicYearStart, 2024)
    }

    func testLastFridayOfJune() {
        XCTAssertEqual(CalendarDate.lastFriday(ofJuneIn: 2024), date("2024-06-28"))
        XCTAssertEqual(CalendarDate.lastFriday(ofJuneIn: 2023), date("2023-06-30"))
        XCTAssertEqual(CalendarDate.lastFriday(ofJuneIn: 2025), date("2025-06-27"))
        XCTAssertEqual(CalendarDate.lastFriday(ofJuneIn: 2026), date("2026-06-26"))
        for year in 2000...2040 {
            let friday = CalendarDate.lastFriday(ofJuneIn: year)
            XCTAssertEqual(friday.weekday, .friday)
            XCTAssertEqual(friday.month, 6)
            XCTAssertGreaterThan(friday.day, 23)
        }
    }

    func testNextAndPreviousWeekday() {
        XCTAssertEqual(date("2025-01-04").next(.monday), date("2025-01-06"))
        XCTAssertEqual(date("2025-01-06").next(.monday), date("2025-01-06"))
        XCTAssertEqual(date("2025-01-06").next(.monday, orSame: false), date("2025-01-13"))
        XCTAssertEqual(date("2024-12-22").previous(.friday), date("2024-12-20"))
        XCTAssertEqual(date("2024-12-20").previous(.friday, orSame: false), date("2024-12-13"))
    }

    func testEasterSunday() {
        XCTAssertEqual(CalendarDate.easterSunday(in: 2024), date("2024-03-31"))
        XCTAssertEqual(CalendarDate.easterSunday(in: 2025), date("2025-04-20"))
        XCTAssertEqual(CalendarDate.easterSunday(in: 2019), date("2019-04-21"))
        XCTAssertEqual(CalendarDate.easterSunday(in: 2008), date("2008-03-23"))
        XCTAssertEqual(CalendarDate.easterSunday(in: 2038), date("2038-04-25"))
        XCTAssertEqual(CalendarDate.easterSunday(in: 2285), date("2285-03-22"))
    }

    func testEasterAgreesWithPublishedBankHolidays() {
        let holidays = BankHolidays.englandAndWales
        for year in 2012...2030 {
            let easter = CalendarDate.easterSunday(in: year)
            XCTAssertEqual(holidays.title(of: easter.adding(days: -2)), "Good Friday", "\(year)")
            XCTAssertEqual(holidays.title(of: easter.adding(days: 1)), "Easter Monday", "\(year)")
        }
    }

    func testConversionFromInstantUsesLondonTime() throws {
        let utc = try XCTUnwrap(TimeZone(identifier: "UTC"))
        // 23:30 UTC on 30 June is 00:30 BST on 1 July.
        let summerNight = Date(timeIntervalSince1970: TimeInterval(date("2024-06-30").dayNumber * 86_400 + 23 * 3600 + 1800))
        XCTAssertEqual(CalendarDate(date: summerNight, timeZone: CalendarDate.londonTimeZone), date("2024-07-01"))
        XCTAssertEqual(CalendarDate(date: summerNight, timeZone: utc), date("2024-06-30"))
        let winterNight = Date(timeIntervalSince1970: TimeInterval(date("2024-12-31").dayNumber * 86_400 + 23 * 3600 + 1800))
        XCTAssertEqual(CalendarDate(date: winterNight, timeZone: CalendarDate.londonTimeZone), date("2024-12-31"))
        let beforeEpoch = Date(timeIntervalSince1970: -1)
        XCTAssertEqual(CalendarDate(date: beforeEpoch, timeZone: utc), date("1969-12-31"))
        XCTAssertGreaterThanOrEqual(CalendarDate.today().year, 2024)
    }

    func testRangesOfDatesAreCountable() {
        let week = date("2024-12-16")...date("2024-12-22")
        XCTAssertEqual(week.count, 7)
        XCTAssertEqual(week.filter { !$0.isWeekend }.count, 5)
        XCTAssertEqual(Array(week).last, date("2024-12-22"))
    }

    func testComparison() {
        XCTAssertLessThan(date("2024-12-31"), date("2025-01-01"))
        XCTAssertLessThan(date("2024-01-31"), date("2024-02-01"))
        XCTAssertEqual([date("2025-01-01"), date("2023-05-05"), date("2024-02-29")].sorted(),
                       [date("2023-05-05"), date("2024-02-29"), date("2025-01-01")])
    }

    func testUserInputDatesStayWithinThePlausibleYears() {
        XCTAssertEqual(CalendarDate(input: "1900-01-01"), CalendarDate(year: 1900, month: 1, day: 1))
        XCTAssertEqual(CalendarDate(input: "2199-12-31"), CalendarDate(year: 2199, month: 12, day: 31))
        XCTAssertNil(CalendarDate(input: "1899-12-31"))
        XCTAssertNil(CalendarDate(input: "2200-01-01"))
        XCTAssertNil(CalendarDate(input: "9999-12-31"))
        XCTAssertNil(CalendarDate(input: "0001-03-01"))
        XCTAssertNil(CalendarDate(input: "2024-02-30"))
    }
}
