import XCTest
@testable import ContinuumDomain

final class EHCPhaseTransferTests: XCTestCase {
    private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testDeadlinesByKind() throws {
        let secondary = try XCTUnwrap(PhaseTransfer(kind: .secondary, year: 2025))
        XCTAssertEqual(secondary.deadline, day("2025-02-15"))
        let post16 = try XCTUnwrap(PhaseTransfer(kind: .post16, year: 2024))
        XCTAssertEqual(post16.deadline, day("2024-03-31"))
    }

    func testStatutoryBeforeReadingIsTheDefault() throws {
        let secondary = try XCTUnwrap(PhaseTransfer(kind: .secondary, year: 2025))
        XCTAssertEqual(secondary.lastCompliantDay(), day("2025-02-14"))
        XCTAssertEqual(secondary.lastCompliantDay(reading: .by), day("2025-02-15"))
        let post16 = try XCTUnwrap(PhaseTransfer(kind: .post16, year: 2024))
        XCTAssertEqual(post16.lastCompliantDay(), day("2024-03-30"))
        XCTAssertEqual(post16.lastCompliantDay(reading: .by), day("2024-03-31"))
    }

    func testCLIArgumentsAndYearRange() {
        XCTAssertEqual(PhaseTransfer.Kind(rawValue: "secondary"), .secondary)
        XCTAssertEqual(PhaseTransfer.Kind(rawValue: "post16"), .post16)
        XCTAssertNil(PhaseTransfer.Kind(rawValue: "post-16"))
        XCTAssertNil(PhaseTransfer(kind: .secondary, year: 0))
        XCTAssertNil(PhaseTransfer(kind: .post16, year: 10_000))
        XCTAssertEqual(PhaseTransfer(kind: .post16, year: 9999)?.deadline, day("9999-03-31"))
    }

    func testPost16ToPost16TransferReview() {
        XCTAssertEqual(PhaseTransfer.post16ToPost16ReviewBy(transferDate: day("2025-01-06")), day("2024-08-06"))
        // 31 July − 5 months clamps to the end of February.
        XCTAssertEqual(PhaseTransfer.post16ToPost16ReviewBy(transferDate: day("2024-07-31")), day("2024-02-29"))
    }
}
