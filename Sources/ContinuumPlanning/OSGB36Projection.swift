import Foundation

/// WGS84 (GPS, OpenStreetMap) latitude/longitude → Ordnance Survey National Grid eastings/northings,
/// so road-network points and ONS postcode centroids share one coordinate system.
///
/// Method: OS "A Guide to Coordinate Systems in Great Britain" (v3.6): WGS84 geodetic → cartesian,
/// the published 7-parameter Helmert transformation to OSGB36, back to geodetic on the Airy 1830
/// ellipsoid, then the National Grid transverse Mercator projection (Annex C).
/// Accuracy: the projection itself is exact to the millimetre; the Helmert step is the OS's
/// "accurate to about 5 metres" national approximation (OSTN15 would give ~0.1 m but needs a
/// 15 MB grid). Postcode centroids are only given to the metre and stand for whole streets, so 5 m is ample.
public enum OSGB36Projection {
    /// GRS80/WGS84 ellipsoid semi-axes in metres.
    static let wgs84 = (a: 6_378_137.000, b: 6_356_752.3141)
    /// Airy 1830 ellipsoid semi-axes in metres (OSGB36 datum).
    static let airy1830 = (a: 6_377_563.396, b: 6_356_256.909)
    /// National Grid: central meridian scale, true origin 49°N 2°W, false origin 400 km W, 100 km N of it.
    static let scaleFactor = 0.9996012717
    static let trueOriginLatitude = 49.0 * .pi / 180
    static let trueOriginLongitude = -2.0 * .pi / 180
    static let falseEasting = 400_000.0
    static let falseNorthing = -100_000.0

    /// A WGS84 position on the National Grid (Helmert datum shift, about ±5 m).
    public static func gridPoint(_ coordinate: OSMCoordinate) -> PlanningPoint {
        let (lat, lon) = wgs84ToOSGB36(latitude: coordinate.latitude, longitude: coordinate.longitude)
        return project(latitude: lat, longitude: lon)
    }

    /// WGS84 → OSGB36 latitude/longitude in degrees (height taken as 0 on the WGS84 ellipsoid).
    public static func wgs84ToOSGB36(latitude: Double, longitude: Double) -> (latitude: Double, longitude: Double) {
        let φ = latitude * .pi / 180, λ = longitude * .pi / 180
        // Geodetic → cartesian on WGS84 (OS guide B.1).
        let e2 = 1 - (wgs84.b * wgs84.b) / (wgs84.a * wgs84.a)
        let ν = wgs84.a / (1 - e2 * sin(φ) * sin(φ)).squareRoot()
        let x = ν * cos(φ) * cos(λ), y = ν * cos(φ) * sin(λ), z = (1 - e2) * ν * sin(φ)
        // Helmert WGS84 → OSGB36 (OS guide 6.6): tx, ty, tz metres; s ppm; rx, ry, rz arc-seconds.
        let tx = -446.448, ty = 125.157, tz = -542.060
        let s = 20.4894e-6
        let arcSecond = Double.pi / (180 * 3600)
        let rx = -0.1502 * arcSecond, ry = -0.2470 * arcSecond, rz = -0.8421 * arcSecond
        let x2 = tx + (1 + s) * x - rz * y + ry * z
        let y2 = ty + rz * x + (1 + s) * y - rx * z
        let z2 = tz - ry * x + rx * y + (1 + s) * z
        // Cartesian → geodetic on Airy 1830 (OS guide B.2), iterating latitude to < 1e-12 rad.
        let ea2 = 1 - (airy1830.b * airy1830.b) / (airy1830.a * airy1830.a)
        let p = (x2 * x2 + y2 * y2).squareRoot()
        var φ2 = atan2(z2, p * (1 - ea2))
        for _ in 0..<10 {
            let ν2 = airy1830.a / (1 - ea2 * sin(φ2) * sin(φ2)).squareRoot()
            let next = atan2(z2 + ea2 * ν2 * sin(φ2), p)
            if abs(next - φ2) < 1e-12 {
                φ2 = next
                break
            }
            φ2 = next
        }
        return (φ2 * 180 / .pi, atan2(y2, x2) * 180 / .pi)
    }

    /// OSGB36 latitude/longitude in degrees → National Grid easting/northing (OS guide Annex C, C.1).
    public static func project(latitude: Double, longitude: Double) -> PlanningPoint {
        let a = airy1830.a, b = airy1830.b, f0 = scaleFactor
        let φ = latitude * .pi / 180, λ = longitude * .pi / 180
        let φ0 = trueOriginLatitude, λ0 = trueOriginLongitude
        let e2 = 1 - (b * b) / (a * a)
        let n = (a - b) / (a + b), n2 = n * n, n3 = n2 * n
        let sinφ = sin(φ), cosφ = cos(φ), tanφ = tan(φ)
        let ν = a * f0 / (1 - e2 * sinφ * sinφ).squareRoot()
        let ρ = a * f0 * (1 - e2) / pow(1 - e2 * sinφ * sinφ, 1.5)
        let η2 = ν / ρ - 1
        let dφ = φ - φ0, sφ = φ + φ0
        let ma = (1 + n + 1.25 * n2 + 1.25 * n3) * dφ
        let mb = (3 * n + 3 * n2 + 21.0 / 8 * n3) * sin(dφ) * cos(sφ)
        let mc = (15.0 / 8 * n2 + 15.0 / 8 * n3) * sin(2 * dφ) * cos(2 * sφ)
        let md = 35.0 / 24 * n3 * sin(3 * dφ) * cos(3 * sφ)
        let m = b * f0 * (ma - mb + mc - md)
        let cos3 = cosφ * cosφ * cosφ, cos5 = cos3 * cosφ * cosφ
        let tan2 = tanφ * tanφ, tan4 = tan2 * tan2
        let i = m + falseNorthing
        let ii = ν / 2 * sinφ * cosφ
        let iii = ν / 24 * sinφ * cos3 * (5 - tan2 + 9 * η2)
        let iiiA = ν / 720 * sinφ * cos5 * (61 - 58 * tan2 + tan4)
        let iv = ν * cosφ
        let v = ν / 6 * cos3 * (ν / ρ - tan2)
        let vi = ν / 120 * cos5 * (5 - 18 * tan2 + tan4 + 14 * η2 - 58 * tan2 * η2)
        let dλ = λ - λ0, dλ2 = dλ * dλ
        let northing = i + ii * dλ2 + iii * dλ2 * dλ2 + iiiA * dλ2 * dλ2 * dλ2
        let easting = falseEasting + iv * dλ + v * dλ2 * dλ + vi * dλ2 * dλ2 * dλ
        return PlanningPoint(easting: easting, northing: northing)
    }
}
