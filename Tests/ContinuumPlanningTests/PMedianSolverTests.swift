import XCTest
@testable import ContinuumPlanning

final class PMedianSolverTests: XCTestCase {
    /// A random instance: children and sites at random grid points, or small whole-number costs full of ties.
    private func randomInstance(_ rng: inout SeededGenerator, ties: Bool) -> (CostMatrix, [Double]) {
        let n = Int.random(in: 0...40, using: &rng)
        let m = Int.random(in: 1...12, using: &rng)
        let costs: CostMatrix
        if ties {
            costs = CostMatrix(rows: n, columns: m) { _, _ in Double(Int.random(in: 0...4, using: &rng)) }
        } else {
            let children = (0..<n).map { _ in PlanningPoint(easting: .random(in: 0...20_000, using: &rng), northing: .random(in: 0...20_000, using: &rng)) }
            let sites = (0..<m).map { _ in PlanningPoint(easting: .random(in: 0...20_000, using: &rng), northing: .random(in: 0...20_000, using: &rng)) }
            costs = StraightLineModel.standard.travelMinutes(from: children, to: sites)
        }
        let weights = (0..<n).map { _ in Double(Int.random(in: 1...3, using: &rng)) }
        return (costs, weights)
    }

    private func randomChoice(_ rng: inout SeededGenerator, m: Int) -> (p: Int, fixed: Set<Int>, closed: Set<Int>) {
        let p = Int.random(in: 1...min(5, m), using: &rng)
        var sites = Array(0..<m)
        sites.shuffle(using: &rng)
        let fixedCount = Int.random(in: 0...p, using: &rng) / 2
        let fixed = Set(sites.prefix(fixedCount))
        let closedCount = min(Int.random(in: 0...3, using: &rng), m - p)
        let closed = Set(sites.dropFirst(fixedCount).prefix(closedCount))
        return (p, fixed, closed)
    }

    func testMatchesBruteForceOnManyRandomInstances() throws {
        var rng = SeededGenerator(seed: 20_240_601)
        var branched = 0
        for trial in 0..<400 {
            let ties = trial % 3 == 0
            let (costs, weights) = randomInstance(&rng, ties: ties)
            let (p, fixed, closed) = randomChoice(&rng, m: costs.columns)
            let problem = try PMedianProblem(costs: costs, weights: weights, p: p, fixed: fixed, closed: closed)
            let best = allChoices(m: costs.columns, p: p, fixed: fixed, closed: closed)
                .map { totalCost(costs, weights: weights, sites: $0) }.min()!
            // Solve with enumeration off, so the Lagrangian bound and branching are what is tested.
            for limit in [0.0, 3_000_000] {
                let solution = PMedianSolver(options: ExactSearchOptions(enumerationLimit: limit)).solve(problem)
                let context = "trial \(trial) limit \(limit) n=\(costs.rows) m=\(costs.columns) p=\(p) fixed=\(fixed) closed=\(closed)"
                XCTAssertTrue(solution.isOptimal, context)
                XCTAssertEqual(solution.sites.count, p, context)
                XCTAssertTrue(fixed.isSubset(of: solution.sites), context)
                XCTAssertTrue(closed.isDisjoint(with: solution.sites), context)
                XCTAssertEqual(solution.sites, solution.sites.sorted(), context)
                XCTAssertEqual(Set(solution.sites).count, p, context)
                let claimed = totalCost(costs, weights: weights, sites: solution.sites)
                XCTAssertEqual(solution.totalCost, claimed, accuracy: 1e-9 * max(1, claimed), context)
                XCTAssertEqual(solution.totalCost, best, accuracy: 1e-6 * max(1, best), context)
                XCTAssertLessThanOrEqual(solution.lowerBound, best + 1e-9 * max(1, best), context)
                XCTAssertGreaterThanOrEqual(solution.lowerBound, best * (1 - 1e-6) - 1e-9, context)
                if limit == 0 && solution.nodesExplored > 1 { branched += 1 }
            }
            // Stopped after one node: the bound must still be valid, and "optimal" only if proved.
            let stopped = PMedianSolver(options: ExactSearchOptions(nodeLimit: 1, enumerationLimit: 0)).solve(problem)
            XCTAssertLessThanOrEqual(stopped.lowerBound, best + 1e-9 * max(1, best), "trial \(trial) stopped")
            if stopped.isOptimal { XCTAssertEqual(stopped.totalCost, best, accuracy: 1e-6 * max(1, best), "trial \(trial) stopped") }
        }
        XCTAssertGreaterThan(branched, 5, "some random instances should need branching")
    }

    func testNonGeometricCostsThatNeedBranching() throws {
        // Random costs with no geometry have wide relaxation gaps, so the tree really branches.
        var rng = SeededGenerator(seed: 4242)
        var branched = 0
        for trial in 0..<150 {
            let n = Int.random(in: 20...60, using: &rng), m = 12
            let costs = CostMatrix(rows: n, columns: m) { _, _ in Double(Int.random(in: 0...20, using: &rng)) }
            let p = Int.random(in: 2...5, using: &rng)
            let fixed: Set<Int> = trial % 5 == 0 ? [Int.random(in: 0..<m, using: &rng)] : []
            let closed: Set<Int> = trial % 3 == 0 ? Set((0..<m).filter { !fixed.contains($0) }.shuffled(using: &rng).prefix(2)) : []
            let problem = try PMedianProblem(costs: costs, p: p, fixed: fixed, closed: closed)
            let best = allChoices(m: m, p: p, fixed: fixed, closed: closed).map { totalCost(costs, weights: problem.weights, sites: $0) }.min()!
            let solution = PMedianSolver(options: ExactSearchOptions(enumerationLimit: 0)).solve(problem)
            XCTAssertTrue(solution.isOptimal, "trial \(trial)")
            XCTAssertEqual(solution.totalCost, best, accuracy: 1e-9, "trial \(trial)")
            XCTAssertLessThanOrEqual(solution.lowerBound, best + 1e-9, "trial \(trial)")
            XCTAssertTrue(fixed.isSubset(of: solution.sites) && closed.isDisjoint(with: solution.sites), "trial \(trial)")
            if solution.nodesExplored > 1 { branched += 1 }
        }
        XCTAssertGreaterThan(branched, 30)
    }

    func testLargerInstancesAgreeWithEnumerationOff() throws {
        // 300 children and 25 sites: the tree search must agree with plain enumeration.
        var rng = SeededGenerator(seed: 7)
        for trial in 0..<4 {
            let children = (0..<300).map { _ in PlanningPoint(easting: .random(in: 0...40_000, using: &rng), northing: .random(in: 0...40_000, using: &rng)) }
            let sites = (0..<25).map { _ in PlanningPoint(easting: .random(in: 0...40_000, using: &rng), northing: .random(in: 0...40_000, using: &rng)) }
            let costs = StraightLineModel.standard.travelMinutes(from: children, to: sites)
            let p = 2 + trial
            let problem = try PMedianProblem(costs: costs, p: p)
            let bb = PMedianSolver(options: ExactSearchOptions(enumerationLimit: 0)).solve(problem)
            let enumerated = PMedianSolver(options: ExactSearchOptions(enumerationLimit: .infinity)).solve(problem)
            XCTAssertTrue(bb.isOptimal)
            XCTAssertEqual(bb.totalCost, enumerated.totalCost, accuracy: 1e-6 * enumerated.totalCost)
        }
    }

    func testPEqualToCandidatesOpensEverySite() throws {
        let costs = CostMatrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        let solution = PMedianSolver().solve(try PMedianProblem(costs: costs, p: 3))
        XCTAssertEqual(solution.sites, [0, 1, 2])
        XCTAssertEqual(solution.totalCost, 5)
        XCTAssertTrue(solution.isOptimal)
    }

    func testNoChildrenStillChoosesKeptSitesFirst() throws {
        let costs = CostMatrix(rows: 0, columns: 4, values: [])
        let solution = PMedianSolver().solve(try PMedianProblem(costs: costs, p: 2, fixed: [3]))
        XCTAssertEqual(solution.sites, [0, 3])
        XCTAssertEqual(solution.totalCost, 0)
        XCTAssertEqual(solution.lowerBound, 0)
        XCTAssertTrue(solution.isOptimal)
    }

    func testInvalidChoicesAreRefusedWithMessages() {
        let costs = CostMatrix(rows: 1, columns: 3, values: [1, 2, 3])
        XCTAssertThrowsError(try PMedianProblem(costs: costs, p: 0)) { error in
            XCTAssertEqual("\(error)", "p must be at least 1 (the number of sites to choose), got 0")
        }
        XCTAssertThrowsError(try PMedianProblem(costs: costs, p: -2))
        XCTAssertThrowsError(try PMedianProblem(costs: costs, p: 4)) { error in
            XCTAssertEqual("\(error)", "p is 4 but there are only 3 candidate sites")
        }
        XCTAssertThrowsError(try PMedianProblem(costs: costs, p: 1, fixed: [0, 1])) { error in
            XCTAssertEqual("\(error)", "2 sites are kept open but p is only 1")
        }
        XCTAssertThrowsError(try PMedianProblem(costs: costs, p: 3, closed: [1])) { error in
            XCTAssertEqual("\(error)", "p is 3 but only 2 candidate sites may be opened")
        }
        XCTAssertThrowsError(try PMedianProblem(costs: costs, p: 2, fixed: [1], closed: [1]))
        XCTAssertThrowsError(try PMedianProblem(costs: costs, p: 2, fixed: [5]))
        XCTAssertThrowsError(try PMedianProblem(costs: costs, weights: [1, 2], p: 1))
        XCTAssertThrowsError(try PMedianProblem(costs: costs, weights: [-1], p: 1))
        XCTAssertThrowsError(try PMedianProblem(costs: CostMatrix(rows: 1, columns: 1, values: [.nan]), p: 1))
    }

    func testIdenticalChildrenMergeIntoOneWeightedRow() throws {
        let costs = CostMatrix(rows: 4, columns: 3, values: [1, 5, 9, 1, 5, 9, 7, 2, 8, 7, 2, 8])
        let search = LocationSearch(costs: costs, weights: [1, 1, 1, 1], choice: try SiteChoice(p: 2, candidateCount: 3),
                                    integral: false, options: ExactSearchOptions())
        XCTAssertEqual(search.reducedRowCount, 2)
        XCTAssertEqual(search.solve().cost, 6)
    }
}
