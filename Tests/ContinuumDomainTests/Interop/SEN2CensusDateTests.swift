import XCTest
import ContinuumDomain

final class SEN2CensusDateTests: XCTestCase {
    private func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    // DfE SEN2: 18 January 2024 and 16 January 2025 were the census dates (third Thursday in January).
    func testThirdThursdayInJanuary() {
        XCTAssertEqual(SEN2CensusDate.of(year: 2024), d("2024-01-18"))
        XCTAssertEqual(SEN2CensusDate.of(year: 2025), d("2025-01-16"))
        XCTAssertEqual(SEN2CensusDate.of(year: 2026), d("2026-01-15"), "1 January 2026 is itself a Thursday")
    }

    func testLatestIsLastYearsUntilThisYearsHasCome() {
        XCTAssertEqual(SEN2CensusDate.latest(onOrBefore: d("2025-01-15")), d("2024-01-18"))
        XCTAssertEqual(SEN2CensusDate.latest(onOrBefore: d("2025-01-16")), d("2025-01-16"))
        XCTAssertEqual(SEN2CensusDate.latest(onOrBefore: d("2025-12-02")), d("2025-01-16"))
    }
}
