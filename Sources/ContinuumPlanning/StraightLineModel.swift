import Foundation

/// Minutes = straight-line metres × detour factor ÷ metres per minute at an average speed.
///
/// The simplest defensible model when no road data is loaded: a circuity (detour) factor of about
/// 1.3 is the usual ratio of road to crow-fly distance in English counties, and 30 km/h is a
/// door-to-door average for mixed rural and town driving including junctions.
public struct StraightLineModel: TravelTimeModel, Hashable {
    /// Road distance ÷ straight-line distance; 1.3 is the typical circuity of British road networks.
    public var detour: Double
    /// Average door-to-door speed in km/h.
    public var speedKmh: Double

    /// Fails for a non-positive or non-finite detour or speed, since minutes would be meaningless.
    public init(detour: Double = 1.3, speedKmh: Double = 30) throws(PlanningError) {
        guard detour.isFinite, detour >= 1 else { throw .invalidParameter("The detour factor must be a number of at least 1, got \(detour)") }
        guard speedKmh.isFinite, speedKmh > 0 else { throw .invalidParameter("The speed must be a positive number of km/h, got \(speedKmh)") }
        self.detour = detour
        self.speedKmh = speedKmh
    }

    /// The defaults (detour 1.3, 30 km/h): minutes = metres × 1.3 ÷ 500.
    public static let standard = try! StraightLineModel()

    /// Metres covered per minute at `speedKmh`.
    public var metresPerMinute: Double { speedKmh * 1000 / 60 }

    public func minutes(metres: Double) -> Double { metres * detour / metresPerMinute }

    public func travelMinutes(from origins: [PlanningPoint], to destinations: [PlanningPoint]) -> CostMatrix {
        let perMetre = detour / metresPerMinute
        return CostMatrix(rows: origins.count, columns: destinations.count) { r, c in
            origins[r].distance(to: destinations[c]) * perMetre
        }
    }

    public var description: String {
        "Straight-line distance × \(PlanningFormat.trimmed(detour)) detour at \(PlanningFormat.trimmed(speedKmh)) km/h average "
            + "(minutes = metres × \(PlanningFormat.trimmed(detour)) ÷ \(PlanningFormat.trimmed(metresPerMinute)))"
    }
}
