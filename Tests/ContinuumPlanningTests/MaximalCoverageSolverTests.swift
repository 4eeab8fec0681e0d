import XCTest
@testable import ContinuumPlanning

final class MaximalCoverageSolverTests: XCTestCase {
    func testMatchesBruteForceOnManyRandomInstances() throws {
        var rng = SeededGenerator(seed: 99)
        for trial in 0..<400 {
            let n = Int.random(in: 0...40, using: &rng)
            let m = Int.random(in: 1...12, using: &rng)
            let children = (0..<n).map { _ in PlanningPoint(easting: .random(in: 0...20_000, using: &rng), northing: .random(in: 0...20_000, using: &rng)) }
            let sites = (0..<m).map { _ in PlanningPoint(easting: .random(in: 0...20_000, using: &rng), northing: .random(in: 0...20_000, using: &rng)) }
            var costs = StraightLineModel.standard.travelMinutes(from: children, to: sites)
            if trial % 4 == 0 {  // whole minutes, so children sit exactly on the threshold
                costs = CostMatrix(rows: n, columns: m, values: costs.values.map { $0.rounded() })
            }
            let weights = (0..<n).map { _ in trial % 2 == 0 ? 1 : Double(Int.random(in: 1...4, using: &rng)) }
            let threshold = [10.0, 15, 20, 30][trial % 4]
            let p = Int.random(in: 1...min(5, m), using: &rng)
            var order = Array(0..<m)
            order.shuffle(using: &rng)
            let fixed = Set(order.prefix(Int.random(in: 0...p, using: &rng) / 2))
            let closed = Set(order.dropFirst(fixed.count).prefix(min(Int.random(in: 0...3, using: &rng), m - p)))
            let problem = try CoverageProblem(costs: costs, thresholdMinutes: threshold, weights: weights, p: p, fixed: fixed, closed: closed)
            let best = allChoices(m: m, p: p, fixed: fixed, closed: closed)
                .map { coverage(costs, weights: weights, sites: $0, threshold: threshold) }.max()!
            for limit in [0.0, 3_000_000] {
                let solution = MaximalCoverageSolver(options: ExactSearchOptions(enumerationLimit: limit)).solve(problem)
                let context = "trial \(trial) limit \(limit) n=\(n) m=\(m) p=\(p) fixed=\(fixed) closed=\(closed)"
                XCTAssertTrue(solution.isOptimal, context)
                XCTAssertEqual(solution.sites.count, p, context)
                XCTAssertTrue(fixed.isSubset(of: solution.sites), context)
                XCTAssertTrue(closed.isDisjoint(with: solution.sites), context)
                XCTAssertEqual(solution.coveredWeight, coverage(costs, weights: weights, sites: solution.sites, threshold: threshold), context)
                XCTAssertEqual(solution.coveredWeight, best, context)
                XCTAssertGreaterThanOrEqual(solution.upperBound, best, context)
                XCTAssertEqual(solution.upperBound, best, context)
            }
            let stopped = MaximalCoverageSolver(options: ExactSearchOptions(nodeLimit: 1, enumerationLimit: 0)).solve(problem)
            XCTAssertGreaterThanOrEqual(stopped.upperBound, best, "trial \(trial) stopped")
            if stopped.isOptimal { XCTAssertEqual(stopped.coveredWeight, best, "trial \(trial) stopped") }
        }
    }

    func testThresholdIsInclusive() throws {
        let costs = CostMatrix(rows: 3, columns: 2, values: [15, 40, 15.01, 40, 40, 15])
        let solution = MaximalCoverageSolver().solve(try CoverageProblem(costs: costs, thresholdMinutes: 15, p: 1))
        XCTAssertEqual(solution.coveredWeight, 1)
        XCTAssertTrue(solution.isOptimal)
    }

    func testRefusesNegativeThresholdAndBadP() {
        let costs = CostMatrix(rows: 1, columns: 2, values: [1, 2])
        XCTAssertThrowsError(try CoverageProblem(costs: costs, thresholdMinutes: -1, p: 1))
        XCTAssertThrowsError(try CoverageProblem(costs: costs, thresholdMinutes: 10, p: 0))
        XCTAssertThrowsError(try CoverageProblem(costs: costs, thresholdMinutes: 10, p: 3))
    }

    func testNoChildren() throws {
        let solution = MaximalCoverageSolver().solve(try CoverageProblem(costs: CostMatrix(rows: 0, columns: 3, values: []), thresholdMinutes: 10, p: 2))
        XCTAssertEqual(solution.coveredWeight, 0)
        XCTAssertEqual(solution.upperBound, 0)
        XCTAssertEqual(solution.sites, [0, 1])
        XCTAssertTrue(solution.isOptimal)
    }
}
