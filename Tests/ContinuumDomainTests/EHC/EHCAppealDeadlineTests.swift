import XCTest
@testable import ContinuumDomain

final class EHCAppealDeadlineTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testTwoMonthsFromTheLetterWithoutACertificate() {
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2024-03-15")), day("2024-05-15"))
        // Month ends clamp: 31 December + 2 months = 28 February.
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2024-12-31")), day("2025-02-28"))
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2023-12-31")), day("2024-02-29"))
    }

    func testTheLaterOfLetterAndCertificate() {
        XCTAssertEqual(AppealDeadline.unadjusted(decisionLetter: day("2024-03-15"), mediationCertificate: day("2024-04-01")),
                       day("2024-05-15"))
        XCTAssertEqual(AppealDeadline.unadjusted(decisionLetter: day("2024-03-15"), mediationCertificate: day("2024-04-20")),
                       day("2024-05-20"))
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2024-03-15"), mediationCertificate: day("2024-04-20")),
                       day("2024-05-20"))
    }

    // IPSEA's worked example (rulebook DR-4): letter 1 October, certificate 29 November.
    func testIPSEAChristmasExample() {
        let unadjusted = AppealDeadline.unadjusted(decisionLetter: day("2024-10-01"), mediationCertificate: day("2024-11-29"))
        XCTAssertEqual(unadjusted, day("2024-12-29"))
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2024-10-01"), mediationCertificate: day("2024-11-29")),
                       day("2025-01-02"))
    }

    func testChristmasWindowEdges() {
        XCTAssertEqual(AppealDeadline.adjusted(day("2024-12-24")), day("2024-12-24"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2024-12-25")), day("2025-01-02"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2025-01-01")), day("2025-01-02"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2025-01-02")), day("2025-01-02"))
        // 2 January 2022 was a Sunday and 3 January the substitute New Year bank holiday.
        XCTAssertEqual(AppealDeadline.adjusted(day("2021-12-31")), day("2022-01-04"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2022-01-01")), day("2022-01-04"))
        // 2 January 2027 is a Saturday.
        XCTAssertEqual(AppealDeadline.adjusted(day("2026-12-28")), day("2027-01-04"))
        // Letter 28 October 2027 + 2 months = 28 December; 2 January 2028 is a Sunday and 3 January a bank holiday.
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2027-10-28")), day("2028-01-04"))
    }

    func testAugustMovesToTheFirstWorkingDayOfSeptember() {
        // 1 September 2024 was a Sunday.
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2024-06-30")), day("2024-09-02"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2024-08-01")), day("2024-09-02"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2025-08-31")), day("2025-09-01"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2024-07-31")), day("2024-07-31"))
        XCTAssertEqual(AppealDeadline.adjusted(day("2024-09-01")), day("2024-09-01"))
        // Certificate 15 July → 15 August → September.
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2024-05-01"), mediationCertificate: day("2024-07-15")),
                       day("2024-09-02"))
    }

    func testNoGeneralWeekendRoll() {
        // 15 March 2025 is a Saturday: DR-4 states no move outside Christmas and August.
        XCTAssertEqual(day("2025-03-15").weekday, .saturday)
        XCTAssertEqual(AppealDeadline.deadline(decisionLetter: day("2025-01-15")), day("2025-03-15"))
    }

    func testCustomHolidayData() {
        let holidays = BankHolidays(dates: [day("2030-01-02")], years: 2030...2030)
        XCTAssertEqual(AppealDeadline.adjusted(day("2029-12-30"), bankHolidays: holidays), day("2030-01-03"))
    }
}
