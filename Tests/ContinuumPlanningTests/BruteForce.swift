import Foundation
@testable import ContinuumPlanning

/// Every size-p subset containing `fixed` and avoiding `closed`, in lexicographic order.
func allChoices(m: Int, p: Int, fixed: Set<Int>, closed: Set<Int>) -> [[Int]] {
    var result: [[Int]] = []
    var pick: [Int] = []
    func recurse(_ j: Int) {
        if pick.count == p {
            if fixed.isSubset(of: pick) { result.append(pick) }
            return
        }
        guard j < m else { return }
        if !closed.contains(j) {
            pick.append(j)
            recurse(j + 1)
            pick.removeLast()
        }
        if !fixed.contains(j) { recurse(j + 1) }
    }
    recurse(0)
    return result
}

func totalCost(_ costs: CostMatrix, weights: [Double], sites: [Int]) -> Double {
    var total = 0.0
    for i in 0..<costs.rows { total += weights[i] * (sites.map { costs[i, $0] }.min() ?? .infinity) }
    return total
}

func coverage(_ costs: CostMatrix, weights: [Double], sites: [Int], threshold: Double) -> Double {
    var total = 0.0
    for i in 0..<costs.rows where sites.contains(where: { costs[i, $0] <= threshold }) { total += weights[i] }
    return total
}
