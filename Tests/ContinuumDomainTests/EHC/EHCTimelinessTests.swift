import XCTest
@testable import ContinuumDomain

final class EHCTimelinessTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testWithin20WeeksBoundary() {
        let request = day("2024-01-31")
        XCTAssertEqual(EHCTimeliness.isWithin20Weeks(request: request, finalIssued: day("2024-06-19"), exception: nil), true)
        XCTAssertEqual(EHCTimeliness.isWithin20Weeks(request: request, finalIssued: day("2024-06-20"), exception: nil), false)
        XCTAssertEqual(EHCTimeliness.isWithin20Weeks(request: request, finalIssued: day("2024-02-01"), exception: nil), true)
        for exception in EHCException.allCases {
            XCTAssertNil(EHCTimeliness.isWithin20Weeks(request: request, finalIssued: day("2024-06-19"), exception: exception))
            XCTAssertNil(EHCTimeliness.isWithin20Weeks(request: request, finalIssued: day("2024-12-19"), exception: exception))
        }
    }

    func testTwoOfThreeIs66Point7() {
        let cases: [EHCTimeliness.Case] = [
            (day("2024-01-31"), day("2024-06-19"), nil),   // on the last day
            (day("2024-01-31"), day("2024-06-20"), nil),   // a day late
            (day("2024-02-29"), day("2024-07-18"), nil),   // leap-day request, on time
            (day("2024-01-02"), day("2024-09-30"), .d),    // exception: counted, not in the percentage
            (day("2023-06-01"), day("2023-10-19"), nil),   // issued in 2023: another year
            (day("2024-09-01"), nil, nil),                 // no plan yet
            (day("2024-08-20"), day("2025-01-06"), nil),   // requested in 2024, issued in 2025
        ]
        let summary = EHCTimeliness.summary(cases: cases, year: 2024)
        XCTAssertEqual(summary.plansIssued, 4)
        XCTAssertEqual(summary.within, 2)
        XCTAssertEqual(summary.exceptions, 1)
        XCTAssertEqual(summary.pctExcludingExceptions, 66.7)
        XCTAssertEqual(EHCTimeliness.jsonLine(year: 2024, summary: summary),
                       #"{"year":2024,"plans_issued":4,"within_20_weeks":2,"exceptions":1,"pct_within_20_weeks_excluding_exceptions":66.7}"#)

        let next = EHCTimeliness.summary(cases: cases, year: 2025)
        XCTAssertEqual(next.plansIssued, 1)
        XCTAssertEqual(next.within, 1)
        XCTAssertEqual(next.pctExcludingExceptions, 100.0)
        XCTAssertEqual(EHCTimeliness.jsonLine(year: 2025, summary: next),
                       #"{"year":2025,"plans_issued":1,"within_20_weeks":1,"exceptions":0,"pct_within_20_weeks_excluding_exceptions":100.0}"#)
    }

    func testOnlyExceptionsOrNothingGivesNull() {
        let onlyExceptions: [EHCTimeliness.Case] = [(day("2024-01-02"), day("2024-09-30"), .a)]
        let summary = EHCTimeliness.summary(cases: onlyExceptions, year: 2024)
        XCTAssertEqual(summary.plansIssued, 1)
        XCTAssertEqual(summary.exceptions, 1)
        XCTAssertNil(summary.pctExcludingExceptions)
        XCTAssertEqual(EHCTimeliness.jsonLine(year: 2024, summary: summary),
                       #"{"year":2024,"plans_issued":1,"within_20_weeks":0,"exceptions":1,"pct_within_20_weeks_excluding_exceptions":null}"#)
        let empty = EHCTimeliness.summary(cases: [], year: 2024)
        XCTAssertEqual(empty.plansIssued, 0)
        XCTAssertNil(empty.pctExcludingExceptions)
    }

    func testNoneWithinIsZeroPointZero() {
        let cases: [EHCTimeliness.Case] = [(day("2024-01-02"), day("2024-12-31"), nil)]
        let summary = EHCTimeliness.summary(cases: cases, year: 2024)
        XCTAssertEqual(summary.pctExcludingExceptions, 0.0)
        XCTAssertTrue(EHCTimeliness.jsonLine(year: 2024, summary: summary).hasSuffix(#""pct_within_20_weeks_excluding_exceptions":0.0}"#))
    }

    func testPercentageRounding() {
        XCTAssertEqual(EHCTimeliness.percentage(2, of: 3), 66.7)
        XCTAssertEqual(EHCTimeliness.percentage(1, of: 3), 33.3)
        XCTAssertEqual(EHCTimeliness.percentage(1, of: 6), 16.7)
        XCTAssertEqual(EHCTimeliness.percentage(1, of: 8), 12.5)
        // Exact halves of a tenth round up: 6.25 → 6.3, 37.45 → 37.5, 0.05 → 0.1.
        XCTAssertEqual(EHCTimeliness.percentage(1, of: 16), 6.3)
        XCTAssertEqual(EHCTimeliness.percentage(749, of: 2000), 37.5)
        XCTAssertEqual(EHCTimeliness.percentage(1, of: 2000), 0.1)
        XCTAssertEqual(EHCTimeliness.percentage(374, of: 1000), 37.4)
        XCTAssertEqual(EHCTimeliness.percentage(464, of: 1000), 46.4)
        XCTAssertEqual(EHCTimeliness.percentage(0, of: 5), 0.0)
        XCTAssertEqual(EHCTimeliness.percentage(5, of: 5), 100.0)
        XCTAssertNil(EHCTimeliness.percentage(0, of: 0))
    }

    func testEnglandScaleCountsStayExact() {
        // 85,000 plans: integer rounding does not overflow or drift.
        XCTAssertEqual(EHCTimeliness.percentage(39_440, of: 85_000), 46.4)
    }
}
