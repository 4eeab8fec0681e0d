import XCTest
@testable import ContinuumDomain

final class BankHolidaysTests: XCTestCase {
    private let holidays = BankHolidays.englandAndWales

    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testBundledDataLoads() throws {
        XCTAssertEqual(holidays.range, 2012...2030)
        XCTAssertEqual(holidays.dates.count, 156)
        XCTAssertEqual(try BankHolidays.loadBundled(), holidays)
    }

    func testKnownHolidays() {
        XCTAssertTrue(holidays.contains(date("2024-12-25")))
        XCTAssertTrue(holidays.contains(date("2024-12-26")))
        XCTAssertTrue(holidays.contains(date("2025-08-25")))
        XCTAssertTrue(holidays.contains(date("2025-01-01")))
        XCTAssertTrue(holidays.contains(date("2025-04-18")))
        XCTAssertTrue(holidays.contains(date("2025-04-21")))
        XCTAssertEqual(holidays.title(of: date("2024-12-25")), "Christmas Day")
        XCTAssertEqual(holidays.title(of: date("2012-01-02")), "New Year’s Day")
    }

    func testOneOffAndMovedHolidays() {
        XCTAssertTrue(holidays.contains(date("2022-09-19")), "state funeral of Queen Elizabeth II")
        XCTAssertTrue(holidays.contains(date("2023-05-08")), "coronation of King Charles III")
        XCTAssertTrue(holidays.contains(date("2020-05-08")), "VE day moved the early May holiday")
        XCTAssertFalse(holidays.contains(date("2020-05-04")))
        XCTAssertTrue(holidays.contains(date("2022-12-27")), "substitute day for Christmas on a Sunday")
    }

    func testOrdinaryDaysAreNotHolidays() {
        XCTAssertFalse(holidays.contains(date("2024-12-24")))
        XCTAssertFalse(holidays.contains(date("2024-12-27")))
        XCTAssertFalse(holidays.contains(date("2025-08-26")))
        XCTAssertNil(holidays.title(of: date("2025-08-26")))
    }

    func testEveryYearHasEightOrMoreWeekdayHolidays() {
        for year in holidays.range {
            let inYear = holidays.dates.filter { $0.year == year }
            XCTAssertGreaterThanOrEqual(inYear.count, 8, "\(year)")
            XCTAssertTrue(inYear.allSatisfy { !$0.isWeekend }, "\(year)")
        }
    }

    func testWorkingDays() {
        XCTAssertTrue(holidays.isWorkingDay(date("2024-12-24")))
        XCTAssertFalse(holidays.isWorkingDay(date("2024-12-25")))
        XCTAssertFalse(holidays.isWorkingDay(date("2024-12-28")))
        XCTAssertTrue(holidays.covers(year: 2030))
        XCTAssertFalse(holidays.covers(year: 2031))
    }

    func testCustomSets() {
        let custom = BankHolidays(dates: [date("2026-12-25"), date("2027-12-27")])
        XCTAssertEqual(custom.range, 2026...2027)
        XCTAssertTrue(custom.contains(date("2027-12-27")))
        XCTAssertEqual(BankHolidays(dates: []).dates.count, 0)
        XCTAssertEqual(BankHolidays(dates: [], years: 2020...2021).range, 2020...2021)
    }

    func testParseRejectsBadRowsAndHeaders() {
        let badDate = Data("date,weekday,title\n2023-02-29,Wed,\"Nope\"\n".utf8)
        XCTAssertThrowsError(try BankHolidays.parse(csv: badDate))
        XCTAssertThrowsError(try BankHolidays.parse(csv: Data("when,what\n".utf8)))
        let quoted = Data("date,weekday,title,notes,source\r\n2026-12-25,Fri,\"Christmas, \"\"the\"\" day\",\"\",x\r\n".utf8)
        XCTAssertEqual(try BankHolidays.parse(csv: quoted).title(of: date("2026-12-25")), "Christmas, \"the\" day")
    }
}
