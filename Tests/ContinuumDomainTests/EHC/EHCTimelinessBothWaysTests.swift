import XCTest
@testable import ContinuumDomain

/// Rulebook EHC-6: "Report 20-week compliance both including and excluding exception cases" (issue 14 item 5).
final class EHCTimelinessBothWaysTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    // Requests on 2 January 2024: request + 140 days is 21 May 2024, the last day within 20 weeks.
    private var cases: [EHCTimeliness.Case] {
        [
            (day("2024-01-02"), day("2024-05-21"), nil),   // day 140, no exception: within both ways
            (day("2024-01-02"), day("2024-04-01"), nil),   // early, no exception: within both ways
            (day("2024-01-02"), day("2024-05-22"), nil),   // day 141: late both ways
            (day("2024-01-02"), day("2024-05-21"), .c),    // exception, yet issued by day 140: counts when included
            (day("2024-01-02"), day("2024-09-30"), .d),    // exception and after day 140: late when included
            (day("2024-01-02"), nil, nil),                 // no plan yet: not counted
            (day("2023-01-02"), day("2023-05-01"), nil),   // issued in another year: not counted
        ]
    }

    func testIncludingExceptionsCountsEveryPlanIssuedByRequestPlus140Days() {
        XCTAssertEqual(EHCTimeliness.withinIncludingExceptions(cases: cases, year: 2024), 3)
        let report = EHCTimeliness.report(cases: cases, year: 2024)
        XCTAssertEqual(report.plansIssued, 5)
        // Excluding exceptions, unchanged: 2 of the 3 plans without one.
        XCTAssertEqual(report.within, 2)
        XCTAssertEqual(report.exceptions, 2)
        XCTAssertEqual(report.pctExcludingExceptions, 66.7)
        // Including them: 3 of all 5 plans issued.
        XCTAssertEqual(report.withinIncludingExceptions, 3)
        XCTAssertEqual(report.pctIncludingExceptions, 60.0)
        XCTAssertEqual(EHCTimeliness.jsonLine(year: 2024, report: report),
                       #"{"year":2024,"plans_issued":5,"within_20_weeks":2,"exceptions":2,"pct_within_20_weeks_excluding_exceptions":66.7,"#
                       + #""within_20_weeks_including_exceptions":3,"pct_within_20_weeks_including_exceptions":60.0}"#)
    }

    func testExistingKeysKeepTheirMeaning() {
        let report = EHCTimeliness.report(cases: cases, year: 2024)
        let old = EHCTimeliness.summary(cases: cases, year: 2024)
        XCTAssertEqual([report.summary.plansIssued, report.summary.within, report.summary.exceptions], [old.plansIssued, old.within, old.exceptions])
        XCTAssertTrue(EHCTimeliness.jsonLine(year: 2024, report: report).hasPrefix(
            String(EHCTimeliness.jsonLine(year: 2024, summary: old).dropLast()) + ","))
    }

    func testOnlyExceptionsAndNoPlans() {
        // Only exception cases: the excluding measure has no denominator; the including one does.
        let onlyExceptions = EHCTimeliness.report(cases: [(day("2024-01-02"), day("2024-03-01"), .a)], year: 2024)
        XCTAssertNil(onlyExceptions.pctExcludingExceptions)
        XCTAssertEqual(onlyExceptions.pctIncludingExceptions, 100.0)
        XCTAssertTrue(EHCTimeliness.jsonLine(year: 2024, report: onlyExceptions).hasSuffix(
            #""pct_within_20_weeks_excluding_exceptions":null,"within_20_weeks_including_exceptions":1,"pct_within_20_weeks_including_exceptions":100.0}"#))
        let none = EHCTimeliness.report(cases: [], year: 2024)
        XCTAssertEqual(none.withinIncludingExceptions, 0)
        XCTAssertNil(none.pctIncludingExceptions)
        XCTAssertTrue(EHCTimeliness.jsonLine(year: 2024, report: none).hasSuffix(
            #""within_20_weeks_including_exceptions":0,"pct_within_20_weeks_including_exceptions":null}"#))
    }

    func testOneDecimalPlace() {
        // 1 of 3 → 33.3; 2 of 3 → 66.7.
        let three: [EHCTimeliness.Case] = [(day("2024-01-02"), day("2024-02-01"), .b), (day("2024-01-02"), day("2024-12-01"), nil),
                                           (day("2024-01-02"), day("2024-12-02"), nil)]
        XCTAssertEqual(EHCTimeliness.report(cases: three, year: 2024).pctIncludingExceptions, 33.3)
        let twoOfThree: [EHCTimeliness.Case] = [(day("2024-01-02"), day("2024-02-01"), .b), (day("2024-01-02"), day("2024-02-02"), nil),
                                                (day("2024-01-02"), day("2024-12-02"), nil)]
        XCTAssertEqual(EHCTimeliness.report(cases: twoOfThree, year: 2024).pctIncludingExceptions, 66.7)
    }
}
