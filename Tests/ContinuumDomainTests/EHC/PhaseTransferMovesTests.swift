import XCTest
@testable import ContinuumDomain

/// Issue 14, rulebook AR-5 and AGE-3: every transfer regulation 2 defines, dated by regulation 18,
/// found from the year the child is actually taught in.
final class PhaseTransferMovesTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testEveryMoveHasItsRegulation18Day() throws {
        // Rulebook AR-5: 15 February for every transfer but secondary → post-16 (31 March); "before", so the day before.
        for move in [PhaseTransfer.Move.earlyYearsToSchool, .infantToJunior, .firstToMiddle, .primaryToSecondary, .middleToSecondary] {
            let transfer = try XCTUnwrap(PhaseTransfer(move: move, year: 2027), move.rawValue)
            XCTAssertEqual(transfer.kind, .secondary, move.rawValue)
            XCTAssertEqual(transfer.deadline, day("2027-02-15"), move.rawValue)
            XCTAssertEqual(transfer.lastCompliantDay(), day("2027-02-14"), move.rawValue)
            XCTAssertEqual(transfer.lastCompliantDay(reading: .by), day("2027-02-15"), move.rawValue)
        }
        let post16 = try XCTUnwrap(PhaseTransfer(move: .secondaryToPost16, year: 2027))
        XCTAssertEqual(post16.deadline, day("2027-03-31"))
        XCTAssertEqual(post16.lastCompliantDay(), day("2027-03-30"))
        XCTAssertEqual(PhaseTransfer.Move.allCases.count, 7)
    }

    func testPost16ToPost16IsTimedFromTheTransferNotAFixedDay() {
        // Rulebook AR-5 / reg 18(2): transfer_date − 5 months.
        XCTAssertNil(PhaseTransfer(move: .post16ToPost16, year: 2027), "reg 18(1) gives it no fixed day")
        XCTAssertNil(PhaseTransfer.Move.post16ToPost16.kind)
        XCTAssertEqual(PhaseTransfer.lastCompliantDay(move: .post16ToPost16, transferDate: day("2025-01-06")), day("2024-08-06"))
        XCTAssertEqual(PhaseTransfer.lastCompliantDay(move: .post16ToPost16, transferDate: day("2024-07-31")), day("2024-02-29"))
        XCTAssertEqual(PhaseTransfer.lastCompliantDay(move: .middleToSecondary, transferDate: day("2027-09-02")), day("2027-02-14"))
        XCTAssertEqual(PhaseTransfer.lastCompliantDay(move: .secondaryToPost16, transferDate: day("2027-09-02"), reading: .by), day("2027-03-31"))
    }

    func testTheOldInitialiserStillWorksAndNamesThePost16Move() throws {
        XCTAssertEqual(PhaseTransfer(kind: .post16, year: 2026)?.move, .secondaryToPost16)
        XCTAssertNil(PhaseTransfer(kind: .secondary, year: 2026)?.move, "reg 18(1)(b) covers several moves")
        XCTAssertEqual(PhaseTransfer(kind: .secondary, year: 2026)?.deadline, day("2026-02-15"))
    }

    func testWithoutASchoolTheTwoTierTransfersAreFound() throws {
        let today = day("2026-12-02")
        XCTAssertEqual(PhaseTransfer.next(yearGroup: -1, on: today)?.move, .earlyYearsToSchool, "N2 → Reception")
        XCTAssertNil(PhaseTransfer.next(yearGroup: -2, on: today), "N1 stays in nursery")
        XCTAssertNil(PhaseTransfer.next(yearGroup: 0, on: today))
        XCTAssertNil(PhaseTransfer.next(yearGroup: 5, on: today))
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 6, on: today)?.move, .primaryToSecondary)
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 11, on: today)?.move, .secondaryToPost16)
        XCTAssertNil(PhaseTransfer.next(yearGroup: 12, on: today), "a post-16 move needs its planned date")
        // The transfer is next September: its calendar year is the one after the school year starts.
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 6, on: today)?.lastCompliantDay(), day("2027-02-14"))
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 6, on: day("2027-07-20"))?.lastCompliantDay(), day("2027-02-14"))
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 11, on: day("2027-09-01"))?.lastCompliantDay(), day("2028-03-30"))
    }

    func testTheSchoolsStructureGivesInfantFirstAndMiddleTransfers() throws {
        let today = day("2026-12-02")
        let infant = try XCTUnwrap(PhaseTransfer.Setting(giasPhase: "Primary", statutoryLowAge: 4, statutoryHighAge: 7))
        XCTAssertEqual(infant.phase, .infant)
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 2, on: today, setting: infant)?.move, .infantToJunior)
        XCTAssertNil(PhaseTransfer.next(yearGroup: 1, on: today, setting: infant))

        let junior = try XCTUnwrap(PhaseTransfer.Setting(giasPhase: "Primary", statutoryLowAge: 7, statutoryHighAge: 11))
        XCTAssertEqual(junior.phase, .junior)
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 6, on: today, setting: junior)?.move, .primaryToSecondary)

        // Worcestershire's three tiers: first school to Year 4, middle to Year 8, then high school.
        let first = try XCTUnwrap(PhaseTransfer.Setting(giasPhase: "Primary", statutoryLowAge: 4, statutoryHighAge: 9))
        XCTAssertEqual(first.phase, .first)
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 4, on: today, setting: first)?.move, .firstToMiddle)
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 4, on: today, setting: first)?.lastCompliantDay(), day("2027-02-14"))
        let middle = try XCTUnwrap(PhaseTransfer.Setting(giasPhase: "Middle deemed secondary", statutoryLowAge: 9, statutoryHighAge: 13))
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 8, on: today, setting: middle)?.move, .middleToSecondary)
        XCTAssertNil(PhaseTransfer.next(yearGroup: 6, on: today, setting: middle), "a Year 6 child in a middle school stays")
        let nursery = try XCTUnwrap(PhaseTransfer.Setting(giasPhase: "Nursery", statutoryLowAge: 2, statutoryHighAge: 5))
        XCTAssertEqual(PhaseTransfer.next(yearGroup: -1, on: today, setting: nursery)?.move, .earlyYearsToSchool)

        let secondary = try XCTUnwrap(PhaseTransfer.Setting(giasPhase: "Secondary", statutoryLowAge: 11, statutoryHighAge: 18))
        XCTAssertEqual(PhaseTransfer.next(yearGroup: 11, on: today, setting: secondary)?.move, .secondaryToPost16, "a sixth form still counts (⚠ AR-5)")
        XCTAssertNil(PhaseTransfer.next(yearGroup: 13, on: today, setting: secondary))
        XCTAssertNil(PhaseTransfer.next(yearGroup: 12, on: today, setting: PhaseTransfer.Setting(giasPhase: "16 plus", statutoryLowAge: 16, statutoryHighAge: 99)))
        XCTAssertNil(PhaseTransfer.Setting(giasPhase: "Not applicable", statutoryLowAge: 2, statutoryHighAge: 19), "special schools: not read from the phase")
    }

    func testTheActualYearDecidesTheTransfer() throws {
        let today = day("2026-12-02")
        // Born 20 August 2015: chronologically Year 7 in 2026/27 (AGE-3: 2026 − 2015 − 4).
        let summerBorn = day("2015-08-20")
        XCTAssertEqual(AgeAndStage.yearGroup(dateOfBirth: summerBorn, on: today), 7)
        XCTAssertNil(PhaseTransfer.next(dateOfBirth: summerBorn, on: today), "chronologically past the move")
        // Taught a year behind, in Year 6: the move to secondary is next September.
        let kept = try XCTUnwrap(PhaseTransfer.next(dateOfBirth: summerBorn, on: today, yearOffset: -1))
        XCTAssertEqual(kept.move, .primaryToSecondary)
        XCTAssertEqual(kept.lastCompliantDay(), day("2027-02-14"))
        // Chronologically Year 6 but taught in Year 5: no transfer this year.
        XCTAssertNil(PhaseTransfer.next(dateOfBirth: day("2016-03-01"), on: today, yearOffset: -1))
        XCTAssertEqual(PhaseTransfer.next(dateOfBirth: day("2016-03-01"), on: today)?.move, .primaryToSecondary)
        // Year 10 chronologically, taught in Year 11: the post-16 day.
        XCTAssertEqual(PhaseTransfer.next(dateOfBirth: day("2012-05-01"), on: today, yearOffset: 1)?.lastCompliantDay(), day("2027-03-30"))
    }
}
