import XCTest
@testable import ContinuumDomain

/// Issue 14, rulebook AGE-3 and AGE-4: the year a child is actually taught in is kept apart from
/// the chronological one, and full-time hours follow the actual key stage.
final class ActualNCYearTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testNCyearActualCodes() {
        XCTAssertEqual(AgeAndStage.actualYearCode("R"), .year(0))
        XCTAssertEqual(AgeAndStage.actualYearCode("N2"), .year(-1))
        XCTAssertEqual(AgeAndStage.actualYearCode("n1"), .year(-2))
        XCTAssertEqual(AgeAndStage.actualYearCode("E2"), .year(-3))
        XCTAssertEqual(AgeAndStage.actualYearCode("E1"), .year(-4))
        XCTAssertEqual(AgeAndStage.actualYearCode("6"), .year(6))
        XCTAssertEqual(AgeAndStage.actualYearCode("06"), .year(6))
        XCTAssertEqual(AgeAndStage.actualYearCode("14"), .year(14))
        XCTAssertEqual(AgeAndStage.actualYearCode("X"), .notFollowingNationalCurriculum)
        for bad in ["", "0", "15", "-1", "Y6", "6.0", "R1", "999"] { XCTAssertNil(AgeAndStage.actualYearCode(bad), bad) }
    }

    func testTheOffsetIsStoredOnlyWhereTheYearsDiffer() {
        // Rulebook AGE-3 check: born September 2007, academic year 2023 → Year 11.
        let dob = day("2007-09-15"), on = day("2023-10-01")
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: dob, on: on), 11)
        XCTAssertNil(AgeAndStage.yearOffset(actualYearGroup: 11, dateOfBirth: dob, on: on))
        XCTAssertEqual(AgeAndStage.yearOffset(actualYearGroup: 10, dateOfBirth: dob, on: on), -1)
        XCTAssertEqual(AgeAndStage.yearOffset(actualYearGroup: 12, dateOfBirth: dob, on: on), 1)
        // The offset stays true next year: a year behind in Year 10 is a year behind in Year 11.
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: dob, on: day("2024-10-01"), yearOffset: -1), 11)
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: dob, on: on, yearOffset: nil), 11)
        XCTAssertNil(PupilRecord.yearOffset(code: "X", dateOfBirth: dob, on: on), "X: the chronological year applies")
        XCTAssertEqual(PupilRecord.yearOffset(code: "10", dateOfBirth: dob, on: on), -1)
        XCTAssertNil(PupilRecord.yearOffset(code: "11", dateOfBirth: dob, on: on))
    }

    func testFullTimeHoursFollowTheActualKeyStage() {
        // Born 15 August 2019: chronologically Year 3 (KS2) in 2026/27; a summer-born child admitted a year late is in Year 2 (KS1).
        let dob = day("2019-08-15"), today = day("2026-12-02")
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: dob, on: today), .ks2)
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: dob, on: today, yearOffset: -1), .ks1)
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: dob, on: today, yearOffset: nil), .ks2)
        let targets = ServiceTargets()
        XCTAssertEqual(targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: dob, on: today, yearOffset: -1)), 21)
        XCTAssertEqual(targets.fullTimeHours(for: AgeAndStage.keyStage(dateOfBirth: dob, on: today, yearOffset: nil)), 23.5)
        // Edges of AGE-4: Year 9 taught in Year 10 is KS4; Reception taught in Year 1 is KS1.
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: day("2013-03-01"), on: today), .ks3)
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: day("2013-03-01"), on: today, yearOffset: 1), .ks4)
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: day("2022-03-01"), on: today), .earlyYears)
        XCTAssertEqual(AgeAndStage.keyStage(dateOfBirth: day("2022-03-01"), on: today, yearOffset: 1), .ks1)
    }
}
