import XCTest
@testable import ContinuumPlanning

final class StraightLineModelTests: XCTestCase {
    func testDefaultsAreMetresTimesOnePointThreeOverFiveHundred() throws {
        let model = StraightLineModel.standard
        XCTAssertEqual(model.metresPerMinute, 500, accuracy: 1e-12)
        let a = PlanningPoint(easting: 385_000, northing: 255_000), b = PlanningPoint(easting: 388_000, northing: 259_000)
        XCTAssertEqual(model.travelMinutes(from: a, to: b), 5000 * 1.3 / 500, accuracy: 1e-12)
        XCTAssertEqual(model.description, "Straight-line distance × 1.3 detour at 30 km/h average (minutes = metres × 1.3 ÷ 500)")
        let matrix = model.travelMinutes(from: [a, b], to: [a, b, a])
        XCTAssertEqual(matrix.rows, 2)
        XCTAssertEqual(matrix.columns, 3)
        XCTAssertEqual(matrix[1, 2], 13, accuracy: 1e-12)
        XCTAssertEqual(matrix[0, 0], 0)
    }

    func testConfigurableAndValidated() throws {
        let model = try StraightLineModel(detour: 1.5, speedKmh: 40)
        XCTAssertEqual(model.minutes(metres: 4000), 4000 * 1.5 / (40_000.0 / 60), accuracy: 1e-12)
        XCTAssertTrue(model.description.contains("1.5 detour at 40 km/h"))
        XCTAssertThrowsError(try StraightLineModel(detour: 0.9))
        XCTAssertThrowsError(try StraightLineModel(speedKmh: 0))
        XCTAssertThrowsError(try StraightLineModel(speedKmh: .infinity))
    }
}
