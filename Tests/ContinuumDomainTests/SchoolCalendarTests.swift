import XCTest
@testable import ContinuumDomain

final class SchoolCalendarTests: XCTestCase {
    private static let demo = SchoolCalendar.demo(bankHolidays: .englandAndWales)
    private var demo: SchoolCalendar { Self.demo }

    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testChristmasHolidayCount() {
        // Autumn term ends Friday 20 December 2024; spring term starts Monday 6 January 2025.
        XCTAssertTrue(demo.isSchoolDay(date("2024-12-20")))
        XCTAssertEqual(demo.schoolDays(from: date("2024-12-20"), to: date("2025-01-10")), 6)
        XCTAssertEqual(demo.addingSchoolDays(1, to: date("2024-12-20")), date("2025-01-06"))
        XCTAssertEqual(demo.addingSchoolDays(-1, to: date("2025-01-06")), date("2024-12-20"))
    }

    func testDemoAutumn2024() {
        XCTAssertFalse(demo.isSchoolDay(date("2024-09-02")), "INSET")
        XCTAssertFalse(demo.isSchoolDay(date("2024-09-03")), "INSET")
        XCTAssertTrue(demo.isSchoolDay(date("2024-09-04")), "first day for pupils")
        XCTAssertFalse(demo.isSchoolDay(date("2024-09-07")), "Saturday")
        XCTAssertFalse(demo.isSchoolDay(date("2024-10-28")), "half term")
        XCTAssertFalse(demo.isSchoolDay(date("2024-11-01")), "half term")
        XCTAssertTrue(demo.isSchoolDay(date("2024-11-04")))
        XCTAssertFalse(demo.isSchoolDay(date("2024-12-23")), "Christmas holiday")
        XCTAssertFalse(demo.isSchoolDay(date("2024-12-25")))
        XCTAssertEqual(demo.term(containing: date("2024-10-01"))?.name, "Autumn term 2024")
        XCTAssertNil(demo.term(containing: date("2024-08-15")))
    }

    func testDemoSpringAndSummer2025() {
        XCTAssertTrue(demo.isSchoolDay(date("2025-01-06")))
        XCTAssertFalse(demo.isSchoolDay(date("2025-01-31")), "January INSET")
        XCTAssertFalse(demo.isSchoolDay(date("2025-02-17")), "February half term")
        XCTAssertFalse(demo.isSchoolDay(date("2025-04-18")), "Good Friday")
        XCTAssertFalse(demo.isSchoolDay(date("2025-04-21")), "Easter Monday")
        XCTAssertFalse(demo.isSchoolDay(date("2025-05-05")), "early May bank holiday in term")
        XCTAssertFalse(demo.isSchoolDay(date("2025-05-26")), "spring bank holiday and half term")
        XCTAssertFalse(demo.isSchoolDay(date("2025-06-02")), "June INSET after half term")
        XCTAssertTrue(demo.isSchoolDay(date("2025-06-03")))
        XCTAssertTrue(demo.isSchoolDay(date("2025-07-21")))
        XCTAssertFalse(demo.isSchoolDay(date("2025-07-22")), "last day of term is INSET")
        XCTAssertFalse(demo.isSchoolDay(date("2025-08-12")), "summer holiday")
    }

    func testOneOffBankHolidaysInTermAreNotSchoolDays() {
        XCTAssertFalse(demo.isSchoolDay(date("2022-09-19")))
        XCTAssertFalse(demo.isSchoolDay(date("2023-05-08")))
        XCTAssertTrue(demo.isSchoolDay(date("2023-05-09")))
    }

    func testCountingAcrossHalfTerm() {
        // Mon 21 Oct – Fri 8 Nov 2024: two teaching weeks either side of half term.
        XCTAssertEqual(demo.schoolDays(from: date("2024-10-21"), to: date("2024-11-08")), 10)
        XCTAssertEqual(demo.addingSchoolDays(15, to: date("2024-10-21")), date("2024-11-18"))
        XCTAssertEqual(demo.addingSchoolDays(5, to: date("2024-10-21")), date("2024-11-04"))
    }

    func testCountingEdges() {
        XCTAssertEqual(demo.schoolDays(from: date("2025-01-10"), to: date("2024-12-20")), 0)
        XCTAssertEqual(demo.schoolDays(from: date("2024-12-20"), to: date("2024-12-20")), 1)
        XCTAssertEqual(demo.schoolDays(from: date("2024-12-21"), to: date("2024-12-21")), 0)
        XCTAssertEqual(demo.schoolDays(from: date("2024-12-21"), to: date("2025-01-05")), 0)
    }

    func testAddingZeroSchoolDays() {
        XCTAssertEqual(demo.addingSchoolDays(0, to: date("2024-12-20")), date("2024-12-20"))
        XCTAssertEqual(demo.addingSchoolDays(0, to: date("2024-12-21")), date("2025-01-06"))
        XCTAssertEqual(demo.nextSchoolDay(onOrAfter: date("2024-10-26")), date("2024-11-04"))
        XCTAssertEqual(demo.previousSchoolDay(onOrBefore: date("2024-11-03")), date("2024-10-25"))
    }

    func testAddingAndCountingAgree() {
        var day = date("2023-08-01")
        while day < date("2026-09-30") {
            for n in [1, 2, 5, 15, 40] {
                let target = demo.addingSchoolDays(n, to: day)
                XCTAssertTrue(demo.isSchoolDay(target))
                XCTAssertEqual(demo.schoolDays(from: day.adding(days: 1), to: target), n, "\(day) + \(n)")
                XCTAssertEqual(demo.addingSchoolDays(-n, to: target),
                               demo.isSchoolDay(day) ? day : demo.previousSchoolDay(onOrBefore: day), "\(day) + \(n)")
            }
            day = day.adding(days: 3)
        }
    }

    func testCountMatchesDayByDayWalk() {
        let start = date("2024-07-01"), end = date("2025-09-30")
        XCTAssertEqual(demo.schoolDays(from: start, to: end), (start...end).filter(demo.isSchoolDay).count)
    }

    func testDemoYearsArePlausible() {
        for year in 2012...2030 {
            let autumn = demo.terms.first { $0.name == "Autumn term \(year)" }
            let summer = demo.terms.first { $0.name == "Summer term \(year + 1)" }
            guard let start = autumn?.start, let end = summer?.end else { return XCTFail("missing terms for \(year)") }
            // England expects 190 teaching days; the demo lands within a few days of it.
            let days = demo.schoolDays(from: start, to: end)
            XCTAssertTrue((186...194).contains(days), "\(year)/\(year + 1) has \(days) school days")
            let inset = demo.insetDays.filter { $0 >= start && $0 <= end }
            XCTAssertEqual(inset.count, 5, "\(year)")
            XCTAssertTrue(inset.allSatisfy { !$0.isWeekend && demo.term(containing: $0) != nil }, "\(year)")
            XCTAssertEqual(start.month, 9)
            XCTAssertTrue((19...22).contains(end.day) && end.month == 7, "\(end)")
            XCTAssertEqual(autumn?.end.month, 12)
        }
        XCTAssertEqual(demo.terms.count, 57)
        XCTAssertTrue(demo.terms.allSatisfy(\.problems.isEmpty))
        XCTAssertEqual(demo.coverage?.lowerBound, date("2012-09-03"))
        XCTAssertEqual(demo.coverage?.upperBound, date("2031-07-22"))
    }

    func testEasterHolidaysCoverGoodFridayAndEasterMonday() {
        for year in 2013...2031 {
            let easter = CalendarDate.easterSunday(in: year)
            XCTAssertNil(demo.term(containing: easter.adding(days: -2)), "\(year)")
            XCTAssertNil(demo.term(containing: easter.adding(days: 1)), "\(year)")
            XCTAssertNotNil(demo.term(containing: easter.adding(days: -9)), "\(year) spring term runs to the week before")
        }
    }

    func testTermsDoNotOverlap() {
        for (earlier, later) in zip(demo.terms, demo.terms.dropFirst()) {
            XCTAssertLessThan(earlier.end, later.start, "\(earlier.name) / \(later.name)")
        }
    }

    func testOutsideConfiguredTermsFallsBackToWorkingDays() {
        let autumn = TermDates(name: "Autumn 2024", start: date("2024-09-02"), end: date("2024-12-20"),
                               halfTermStart: date("2024-10-28"), halfTermEnd: date("2024-11-01"))
        let calendar = SchoolCalendar(terms: [autumn], insetDays: [date("2024-09-02")], bankHolidays: .englandAndWales)
        XCTAssertTrue(calendar.covers(date("2024-10-01")))
        XCTAssertFalse(calendar.covers(date("2025-01-06")))
        XCTAssertFalse(calendar.isSchoolDay(date("2024-09-02")), "INSET")
        XCTAssertTrue(calendar.isSchoolDay(date("2024-12-20")))
        // After the last configured term: working days, so Christmas and Boxing Day and weekends are skipped.
        XCTAssertTrue(calendar.isSchoolDay(date("2024-12-24")))
        XCTAssertFalse(calendar.isSchoolDay(date("2024-12-25")))
        XCTAssertEqual(calendar.schoolDays(from: date("2024-12-20"), to: date("2024-12-31")), 6)
        XCTAssertEqual(calendar.addingSchoolDays(3, to: date("2024-12-20")), date("2024-12-27"))
        // Before the first configured term.
        XCTAssertEqual(calendar.schoolDays(from: date("2024-08-26"), to: date("2024-09-03")), 5)
        XCTAssertEqual(calendar.previousSchoolDay(onOrBefore: date("2024-09-02")), date("2024-08-30"))
    }

    func testEmptyCalendarCountsWorkingDays() {
        let calendar = SchoolCalendar(terms: [], insetDays: [], bankHolidays: .englandAndWales)
        XCTAssertNil(calendar.coverage)
        XCTAssertEqual(calendar.schoolDays(from: date("2024-12-23"), to: date("2025-01-03")), 7)
        XCTAssertEqual(calendar.addingSchoolDays(1, to: date("2024-12-24")), date("2024-12-27"))
        XCTAssertEqual(calendar.addingSchoolDays(0, to: date("2025-01-01")), date("2025-01-02"))
        let start = date("2023-01-01"), end = date("2026-12-31")
        XCTAssertEqual(calendar.schoolDays(from: start, to: end), (start...end).filter(calendar.isSchoolDay).count)
    }

    func testTermValidation() {
        let backwards = TermDates(name: "x", start: date("2024-12-20"), end: date("2024-09-01"))
        XCTAssertEqual(backwards.problems, ["The term must end on or after the day it starts"])
        let halfOnly = TermDates(name: "x", start: date("2024-09-01"), end: date("2024-12-20"), halfTermStart: date("2024-10-28"))
        XCTAssertEqual(halfOnly.problems, ["Enter both the first and last day of half term, or neither"])
        XCTAssertFalse(halfOnly.isHalfTerm(date("2024-10-28")))
        let outside = TermDates(name: "x", start: date("2024-09-01"), end: date("2024-12-20"),
                                halfTermStart: date("2024-12-16"), halfTermEnd: date("2025-01-03"))
        XCTAssertEqual(outside.problems, ["Half term must be inside the term"])
    }

    func testTermDatesCodable() throws {
        let term = TermDates(name: "Spring term 2025", start: date("2025-01-06"), end: date("2025-04-04"),
                             halfTermStart: date("2025-02-17"), halfTermEnd: date("2025-02-21"))
        let data = try JSONEncoder().encode(term)
        XCTAssertEqual(try JSONDecoder().decode(TermDates.self, from: data), term)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"2025-01-06\""))
    }
}
