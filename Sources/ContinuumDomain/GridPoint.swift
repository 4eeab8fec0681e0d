import Foundation

/// An Ordnance Survey National Grid reference in whole metres, as the ONS
/// Postcode Directory gives postcode centroids.
public struct GridPoint: Hashable, Codable, Sendable, CustomStringConvertible {
    public var easting: Int
    public var northing: Int

    public init(easting: Int, northing: Int) {
        self.easting = easting
        self.northing = northing
    }

    /// Straight-line distance in metres; the grid is flat enough across a county for this.
    public func distance(to other: GridPoint) -> Double {
        let dx = Double(other.easting - easting), dy = Double(other.northing - northing)
        return (dx * dx + dy * dy).squareRoot()
    }

    public var description: String { "\(easting),\(northing)" }
}
