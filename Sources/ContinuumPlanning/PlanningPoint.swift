import Foundation

/// A place on the Ordnance Survey National Grid (OSGB36 / EPSG:27700), in metres.
///
/// Postcode centroids (ONSPD `east1m`/`north1m`) and projected OpenStreetMap nodes both land
/// here, so the straight-line and road models measure children and sites in one coordinate system.
public struct PlanningPoint: Hashable, Sendable, CustomStringConvertible {
    /// Metres east of the National Grid false origin.
    public var easting: Double
    /// Metres north of the National Grid false origin.
    public var northing: Double

    public init(easting: Double, northing: Double) {
        self.easting = easting
        self.northing = northing
    }

    /// Straight-line grid distance in metres; the grid's scale error is under 0.04% across England,
    /// far inside the uncertainty of a postcode centroid.
    public func distance(to other: PlanningPoint) -> Double {
        let dx = other.easting - easting, dy = other.northing - northing
        return (dx * dx + dy * dy).squareRoot()
    }

    /// True when the point lies inside the National Grid's extent (0–700 km E, 0–1,300 km N).
    // OS "A Guide to Coordinate Systems in Great Britain", section 7: the grid covers 700 km × 1,300 km.
    public var isOnNationalGrid: Bool {
        easting.isFinite && northing.isFinite && easting >= 0 && easting <= 700_000 && northing >= 0 && northing <= 1_300_000
    }

    public var description: String { "\(easting),\(northing)" }
}
