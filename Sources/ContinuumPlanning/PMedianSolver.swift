import Foundation

/// The p-median problem: open p sites so that the total (equivalently, mean) travel time of
/// every child to their nearest open site is as small as possible (Hakimi 1964; ReVelle & Swain 1970).
public struct PMedianProblem: Sendable {
    public let costs: CostMatrix
    /// Children per row (1 each unless rows were pre-aggregated); non-negative.
    public let weights: [Double]
    public let choice: SiteChoice

    /// Fails on p < 1, p > candidates, bad fixed/closed sets, negative or non-finite costs or weights.
    public init(costs: CostMatrix, weights: [Double]? = nil, p: Int, fixed: Set<Int> = [], closed: Set<Int> = []) throws(PlanningError) {
        choice = try SiteChoice(p: p, fixed: fixed, closed: closed, candidateCount: costs.columns)
        self.weights = try validatedWeights(weights, rows: costs.rows)
        guard costs.values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .invalidParameter("Travel times must be finite and not negative")
        }
        self.costs = costs
    }
}

/// An optimal (or best found, with its proven bound) set of sites for a p-median problem.
public struct PMedianSolution: Sendable, Equatable {
    /// Chosen candidate column indices, ascending.
    public let sites: [Int]
    /// Σ weight × minutes to the nearest chosen site.
    public let totalCost: Double
    /// A proven lower bound on the total of any feasible choice.
    public let lowerBound: Double
    /// True only when lowerBound ≥ totalCost × (1 − relative tolerance): no choice is better.
    public let isOptimal: Bool
    /// Branch-and-bound nodes examined.
    public let nodesExplored: Int
}

/// Exact p-median solver (Lagrangian bound + branch and bound; see `LocationSearch`).
public struct PMedianSolver: Sendable {
    public var options: ExactSearchOptions

    public init(options: ExactSearchOptions = ExactSearchOptions()) { self.options = options }

    public func solve(_ problem: PMedianProblem) -> PMedianSolution {
        let search = LocationSearch(costs: problem.costs, weights: problem.weights, choice: problem.choice,
                                    integral: false, options: options)
        let outcome = search.solve()
        return PMedianSolution(sites: outcome.sites, totalCost: outcome.cost, lowerBound: min(outcome.lowerBound, outcome.cost),
                               isOptimal: outcome.optimal, nodesExplored: outcome.nodes)
    }
}

/// Weights default to one child per row; they must be finite and not negative.
func validatedWeights(_ weights: [Double]?, rows: Int) throws(PlanningError) -> [Double] {
    guard let weights else { return [Double](repeating: 1, count: rows) }
    guard weights.count == rows else {
        throw .invalidParameter("There are \(weights.count) weights for \(rows) children")
    }
    guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
        throw .invalidParameter("Weights must be finite and not negative")
    }
    return weights
}
