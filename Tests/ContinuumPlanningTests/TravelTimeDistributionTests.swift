import XCTest
import ContinuumPlanning

final class TravelTimeDistributionTests: XCTestCase {
    func testBandsIncludeTheirLowerBoundAndTheLastBandIsOpen() {
        let d = TravelTimeDistribution(minutes: [0, 4.99, 5, 14.2, 59.99, 60, 185, .infinity, -1], bandMinutes: 5, capMinutes: 60)
        XCTAssertEqual(d.counts.count, 13)
        XCTAssertEqual(d.counts[0], 2, "0 and 4.99")
        XCTAssertEqual(d.counts[1], 1, "5 starts the second band")
        XCTAssertEqual(d.counts[2], 1)
        XCTAssertEqual(d.counts[11], 1, "59.99")
        XCTAssertEqual(d.counts[12], 2, "60 and 185; infinite and negative minutes are not journeys")
        XCTAssertEqual(d.counts.reduce(0, +), 7)
        XCTAssertEqual(d.labels.first, "0–5")
        XCTAssertEqual(d.labels.last, "60 and over")
    }
}
