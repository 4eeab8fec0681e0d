import Foundation

/// The maximal covering location problem: open p sites so that as many children as possible
/// are within a travel-time threshold of an open site (Church & ReVelle 1974).
public struct CoverageProblem: Sendable {
    public let costs: CostMatrix
    /// A child is covered when their minutes to an open site are ≤ this (as in PySAL spopt's MCLP).
    public let thresholdMinutes: Double
    public let weights: [Double]
    public let choice: SiteChoice

    public init(costs: CostMatrix, thresholdMinutes: Double, weights: [Double]? = nil, p: Int,
                fixed: Set<Int> = [], closed: Set<Int> = []) throws(PlanningError) {
        guard thresholdMinutes.isFinite, thresholdMinutes >= 0 else {
            throw .invalidParameter("The coverage threshold must be a number of minutes, not negative, got \(thresholdMinutes)")
        }
        choice = try SiteChoice(p: p, fixed: fixed, closed: closed, candidateCount: costs.columns)
        self.weights = try validatedWeights(weights, rows: costs.rows)
        self.costs = costs
        self.thresholdMinutes = thresholdMinutes
    }
}

/// An optimal (or best found, with its proven bound) set of sites for a coverage problem.
public struct CoverageSolution: Sendable, Equatable {
    /// Chosen candidate column indices, ascending.
    public let sites: [Int]
    /// Weight (children) within the threshold of a chosen site.
    public let coveredWeight: Double
    /// A proven upper bound on the coverage of any feasible choice (coverage is maximised,
    /// so the proof is an upper bound, not a lower one).
    public let upperBound: Double
    /// True only when no choice of p sites covers more.
    public let isOptimal: Bool
    public let nodesExplored: Int
}

/// Exact maximal-coverage solver: minimises uncovered weight with the p-median engine on
/// 0/1 costs (Hillsman 1984), so the same Lagrangian bound and branch and bound prove it.
public struct MaximalCoverageSolver: Sendable {
    public var options: ExactSearchOptions

    public init(options: ExactSearchOptions = ExactSearchOptions()) { self.options = options }

    public func solve(_ problem: CoverageProblem) -> CoverageSolution {
        let threshold = problem.thresholdMinutes
        let uncovered = CostMatrix(rows: problem.costs.rows, columns: problem.costs.columns,
                                   values: problem.costs.values.map { $0 <= threshold ? 0 : 1 })
        let integral = problem.weights.allSatisfy { $0 == $0.rounded() }
        let search = LocationSearch(costs: uncovered, weights: problem.weights, choice: problem.choice,
                                    integral: integral, options: options)
        let outcome = search.solve()
        let total = problem.weights.reduce(0, +)
        var upper = max(total - outcome.lowerBound, total - outcome.cost)
        // With whole-child weights coverage is a whole number, so the bound rounds down (less a hair for rounding error).
        if integral { upper = max((upper + 1e-6).rounded(.down), total - outcome.cost) }
        return CoverageSolution(sites: outcome.sites, coveredWeight: total - outcome.cost,
                                upperBound: upper,
                                isOptimal: outcome.optimal, nodesExplored: outcome.nodes)
    }
}
