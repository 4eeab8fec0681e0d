import Foundation

/// How travel minutes between two places on the National Grid are estimated.
///
/// Every model states itself in words (`description`) because a figure such as "mean 23 minutes"
/// means nothing without the assumption behind it; the app shows it wherever results appear.
public protocol TravelTimeModel: Sendable, CustomStringConvertible {
    /// Minutes from every origin (rows) to every destination (columns); always finite.
    func travelMinutes(from origins: [PlanningPoint], to destinations: [PlanningPoint]) -> CostMatrix
}

extension TravelTimeModel {
    /// Minutes for a single journey.
    public func travelMinutes(from origin: PlanningPoint, to destination: PlanningPoint) -> Double {
        travelMinutes(from: [origin], to: [destination])[0, 0]
    }
}
