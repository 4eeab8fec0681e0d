import Foundation

/// Travel minutes by the quickest route over an OpenStreetMap road network.
///
/// A journey is: straight-line access leg from the origin to its nearest network node, the
/// shortest-time route (Dijkstra) to the node nearest the destination, and a straight-line leg
/// from there; both legs at `accessSpeedKmh` (16 km/h by default: a car on a drive or estate road,
/// the slowest class in the speed table). If going straight there at that speed is quicker
/// (neighbours, or a point off the mapped network), that is used instead, so every time is finite.
public struct RoadNetworkModel: TravelTimeModel {
    public let network: RoadNetwork
    public let speeds: RoadSpeeds
    /// Speed on the straight-line legs to and from the network, in km/h.
    public let accessSpeedKmh: Double

    public init(network: RoadNetwork, speeds: RoadSpeeds = .standard, accessSpeedKmh: Double = 16) throws(PlanningError) {
        guard accessSpeedKmh.isFinite, accessSpeedKmh > 0 else {
            throw .invalidParameter("The access speed must be a positive number of km/h, got \(accessSpeedKmh)")
        }
        guard network.nodeCount > 0 else { throw .invalidParameter("The road network has no drivable roads") }
        self.network = network
        self.speeds = speeds
        self.accessSpeedKmh = accessSpeedKmh
    }

    /// Builds the network from OSM data with these speeds.
    public init(osm: OSMData, speeds: RoadSpeeds = .standard, accessSpeedKmh: Double = 16) throws(PlanningError) {
        try self.init(network: RoadNetwork(osm: osm, speeds: speeds), speeds: speeds, accessSpeedKmh: accessSpeedKmh)
    }

    /// One reverse Dijkstra per destination (sites are few, children many), then each origin reads
    /// its snapped node's time: M shortest-path trees for an N×M matrix.
    public func travelMinutes(from origins: [PlanningPoint], to destinations: [PlanningPoint]) -> CostMatrix {
        let perMinute = accessSpeedKmh * 1000 / 60
        let originSnaps = origins.map { network.nearestNode(to: $0)! }
        var matrix = CostMatrix(rows: origins.count, columns: destinations.count, values: [Double](repeating: 0, count: origins.count * destinations.count))
        for (c, destination) in destinations.enumerated() {
            let snap = network.nearestNode(to: destination)!
            let toDestination = network.minutes(to: snap.node)
            let egress = snap.metres / perMinute
            for (r, origin) in origins.enumerated() {
                let direct = origin.distance(to: destination) / perMinute
                let routed = originSnaps[r].metres / perMinute + toDestination[originSnaps[r].node] + egress
                matrix[r, c] = min(direct, routed)
            }
        }
        return matrix
    }

    public var description: String {
        let table = speeds.kmh.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \(PlanningFormat.trimmed($0.value))" }.joined(separator: ", ")
        return "Quickest route over OpenStreetMap roads (\(network.nodeCount) nodes) at average speeds in km/h by road class: \(table); "
            + "straight-line legs to and from the nearest road node at \(PlanningFormat.trimmed(accessSpeedKmh)) km/h"
    }
}
