import XCTest
@testable import ContinuumPlanning

final class OSGB36ProjectionTests: XCTestCase {
    func testOrdnanceSurveyWorkedExample() {
        // OS "A Guide to Coordinate Systems in Great Britain", Annex C worked example (Caister water tower):
        // 52°39′27.2531″N 1°43′4.5177″E on Airy 1830 → E 651409.903, N 313177.270.
        let point = OSGB36Projection.project(latitude: 52 + 39.0 / 60 + 27.2531 / 3600, longitude: 1 + 43.0 / 60 + 4.5177 / 3600)
        XCTAssertEqual(point.easting, 651_409.903, accuracy: 0.001)
        XCTAssertEqual(point.northing, 313_177.270, accuracy: 0.001)
    }

    func testWGS84PointsMatchPROJWithTheSameHelmertTransformation() {
        // Reference values from pyproj 3.7 (PROJ) with +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489
        // on the National Grid tmerc, i.e. the OS Helmert parameters; agreement to a few centimetres is expected
        // (OS publishes the reverse set as the negation, PROJ inverts exactly).
        let cases: [(String, Double, Double, Double, Double)] = [
            ("Worcester Guildhall", 52.1925, -2.22, 385058.222, 254940.720),
            ("Leeds", 53.7997, -1.5492, 429789.757, 433804.892),
            ("Kidderminster", 52.3885, -2.249, 383150.888, 276748.487),
            ("Greenwich", 51.4779, 0.0, 538987.013, 177334.270),
            ("Lands End", 50.0657, -5.7132, 134369.608, 25005.051),
        ]
        for (name, lat, lon, e, n) in cases {
            let point = OSGB36Projection.gridPoint(OSMCoordinate(latitude: lat, longitude: lon))
            XCTAssertEqual(point.easting, e, accuracy: 0.1, name)
            XCTAssertEqual(point.northing, n, accuracy: 0.1, name)
        }
    }
}
