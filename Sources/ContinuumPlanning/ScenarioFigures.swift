import Foundation

/// A child's nearest open site under a scenario.
public struct SiteAssignment: Hashable, Sendable {
    /// Column index of the nearest open site (the first in candidate order on a tie).
    public let site: Int
    public let minutes: Double
}

/// The figures a planner compares between scenarios (today's bases; close one; k new hubs).
public struct ScenarioFigures: Hashable, Sendable {
    public let children: Int
    public let totalMinutes: Double
    /// nil when there are no children.
    public let meanMinutes: Double?
    /// Nearest-rank 90th percentile: the ⌈0.9·n⌉-th shortest journey (Hyndman & Fan type 1).
    public let percentile90Minutes: Double?
    public let maxMinutes: Double?
    /// Children within 15, 30 and 45 minutes (≤), the bands used on the planning page.
    public let within15: Int
    public let within30: Int
    public let within45: Int

    /// The figures for journeys of these lengths.
    public init(minutes: [Double]) {
        let sorted = minutes.sorted()
        children = sorted.count
        totalMinutes = sorted.reduce(0, +)
        meanMinutes = sorted.isEmpty ? nil : totalMinutes / Double(sorted.count)
        percentile90Minutes = sorted.isEmpty ? nil : sorted[Int((0.9 * Double(sorted.count)).rounded(.up)) - 1]
        maxMinutes = sorted.last
        within15 = sorted.count { $0 <= 15 }
        within30 = sorted.count { $0 <= 30 }
        within45 = sorted.count { $0 <= 45 }
    }
}

/// How one child's journey changes between two scenarios.
public struct JourneyChange: Hashable, Sendable {
    /// Row index of the child.
    public let child: Int
    public let before: SiteAssignment
    public let after: SiteAssignment
    /// Positive when the journey gets longer.
    public var differenceMinutes: Double { after.minutes - before.minutes }
}

/// Two scenarios side by side, with every child's change.
public struct ScenarioComparison: Sendable {
    public let baseline: ScenarioFigures
    public let scenario: ScenarioFigures
    public let changes: [JourneyChange]
    /// Children whose journey is more than half a rounding unit (0.005 minutes) longer or shorter.
    public var longer: Int { changes.count { $0.differenceMinutes > 0.005 } }
    public var shorter: Int { changes.count { $0.differenceMinutes < -0.005 } }
    public var unchanged: Int { changes.count - longer - shorter }
}

/// Scenario arithmetic on a travel-time matrix (rows children, columns candidate sites).
public enum Scenarios {
    /// Each child's nearest open site; fails if no site is open or an index is out of range.
    public static func assignments(costs: CostMatrix, open: [Int]) throws(PlanningError) -> [SiteAssignment] {
        let sites = try validated(open, columns: costs.columns)
        return (0..<costs.rows).map { i in
            var best = SiteAssignment(site: sites[0], minutes: costs[i, sites[0]])
            for j in sites.dropFirst() where costs[i, j] < best.minutes { best = SiteAssignment(site: j, minutes: costs[i, j]) }
            return best
        }
    }

    public static func figures(costs: CostMatrix, open: [Int]) throws(PlanningError) -> ScenarioFigures {
        ScenarioFigures(minutes: try assignments(costs: costs, open: open).map(\.minutes))
    }

    public static func compare(costs: CostMatrix, baseline: [Int], scenario: [Int]) throws(PlanningError) -> ScenarioComparison {
        let before = try assignments(costs: costs, open: baseline)
        let after = try assignments(costs: costs, open: scenario)
        return ScenarioComparison(baseline: ScenarioFigures(minutes: before.map(\.minutes)),
                                  scenario: ScenarioFigures(minutes: after.map(\.minutes)),
                                  changes: (0..<costs.rows).map { JourneyChange(child: $0, before: before[$0], after: after[$0]) })
    }

    /// Ascending, distinct, in range, at least one.
    private static func validated(_ open: [Int], columns: Int) throws(PlanningError) -> [Int] {
        let sites = Array(Set(open)).sorted()
        guard !sites.isEmpty else { throw .invalidParameter("A scenario needs at least one open site") }
        for j in sites where j < 0 || j >= columns { throw .invalidParameter("Site index \(j) is not one of the \(columns) sites") }
        return sites
    }
}
