import Foundation

/// The exact engine behind both solvers: choose p columns S minimising Σᵢ wᵢ · min_{j∈S} cᵢⱼ.
///
/// Method (Beasley 1993, "Lagrangean heuristics for location problems", EJOR 65):
/// 1. reduce — drop closed columns, merge children with identical cost rows into weights, and move
///    rows whose cost is the same whichever sites open (e.g. nearest allowed site is a kept one) into a constant;
/// 2. upper bound — greedy addition then best-improvement interchange (Teitz & Bart 1968) using
///    Whitaker's fast swap evaluation (1983);
/// 3. lower bound — Lagrangian relaxation of "each child is assigned exactly once", maximised by
///    subgradient optimisation; the relaxed problem opens the p sites with the most negative
///    ρⱼ = Σᵢ wᵢ·min(0, cᵢⱼ − μᵢ). Any μ gives a valid bound, so the bound is a proof, not an estimate;
/// 4. branch and bound on site open/closed, with reduced-cost fixing from the Lagrangian solution,
///    exact enumeration once a node's remaining choices are few, and pruning when
///    bound ≥ incumbent − tolerance. Optimal is reported only when every node has been closed this way.
///
/// Maximal coverage uses the same engine with 0/1 costs (1 = not covered), since maximising
/// covered weight is minimising uncovered weight (Church & ReVelle 1976; Hillsman 1984).
struct LocationSearch {
    struct Outcome {
        /// Original column indices, ascending.
        var sites: [Int]
        var cost: Double
        var lowerBound: Double
        var optimal: Bool
        var nodes: Int
    }

    private let n: Int
    private let m: Int
    private let columnMap: [Int]
    private let weights: [Double]
    private let cost: [Double]
    private let order: [Int32]
    private let sortedCost: [Double]
    private let offset: Double
    private let p: Int
    private let fixed: [Int]
    private let integral: Bool
    private let options: ExactSearchOptions

    /// `integral` says every feasible objective is a whole number (coverage with whole-child
    /// weights), which lets a node be pruned once its bound exceeds incumbent − 1.
    init(costs: CostMatrix, weights rawWeights: [Double], choice: SiteChoice, integral: Bool, options: ExactSearchOptions) {
        let allowed = (0..<costs.columns).filter { !choice.closed.contains($0) }
        let position = Dictionary(uniqueKeysWithValues: allowed.enumerated().map { ($1, $0) })
        let fixedWorking = choice.fixed.map { position[$0]! }.sorted()
        let m = allowed.count

        // Merge identical rows (same postcode ⇒ same costs) into one weighted row.
        var index: [[Double]: Int] = [:]
        var rows: [[Double]] = []
        var rowWeights: [Double] = []
        var offset = 0.0
        for r in 0..<costs.rows where rawWeights[r] > 0 {
            let base = r * costs.columns
            var row = [Double](repeating: 0, count: m)
            for (k, c) in allowed.enumerated() { row[k] = costs.values[base + c] }
            // A row whose cost can't depend on the choice becomes a constant.
            let lowest = row.min() ?? 0
            let lowestFixed = fixedWorking.map { row[$0] }.min() ?? .infinity
            if lowestFixed <= lowest || row.max() == lowest {
                offset += rawWeights[r] * min(lowest, lowestFixed)
                continue
            }
            if let at = index[row] {
                rowWeights[at] += rawWeights[r]
            } else {
                index[row] = rows.count
                rows.append(row)
                rowWeights.append(rawWeights[r])
            }
        }
        let n = rows.count
        var flat = [Double](repeating: 0, count: n * m)
        var order = [Int32](repeating: 0, count: n * m)
        var sorted = [Double](repeating: 0, count: n * m)
        var columns = Array(0..<m)
        for i in 0..<n {
            let row = rows[i]
            columns.sort { row[$0] < row[$1] || (row[$0] == row[$1] && $0 < $1) }
            for k in 0..<m {
                flat[i * m + k] = row[k]
                order[i * m + k] = Int32(columns[k])
                sorted[i * m + k] = row[columns[k]]
            }
        }
        self.n = n
        self.m = m
        self.columnMap = allowed
        self.weights = rowWeights
        self.cost = flat
        self.order = order
        self.sortedCost = sorted
        self.offset = offset
        self.p = choice.p
        self.fixed = fixedWorking
        self.integral = integral
        self.options = options
    }

    /// Distinct weighted rows left after reduction (for reporting and tests).
    var reducedRowCount: Int { n }

    // MARK: - Search

    func solve() -> Outcome {
        guard n > 0 else {
            // Every choice costs the same constant: keep the fixed sites and fill in column order.
            var chosen = fixed
            for j in 0..<m where chosen.count < p && !fixed.contains(j) { chosen.append(j) }
            return Outcome(sites: chosen.map { columnMap[$0] }.sorted(), cost: offset, lowerBound: offset, optimal: true, nodes: 0)
        }
        var state = SearchState(incumbent: localSearch(from: greedy()))
        state.incumbentCost = cost(of: state.incumbent)

        var rootStatus = [Int8](repeating: 0, count: m)
        for j in fixed { rootStatus[j] = 1 }
        var rootMu = [Double](repeating: 0, count: n)
        nearestAndSecond(of: state.incumbent) { i, d1, _, _ in rootMu[i] = d1 }
        var stack = [Node(status: rootStatus, mu: rootMu, bound: -.infinity, isRoot: true)]
        var closedBound = Double.infinity
        var nodes = 0
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(min(options.timeLimitSeconds, 1e9) * 1000))

        while let node = stack.popLast() {
            if node.bound >= state.incumbentCost - tolerance(state.incumbentCost) {
                closedBound = min(closedBound, node.bound)
                continue
            }
            if nodes >= options.nodeLimit || (nodes > 0 && clock.now > deadline) {
                stack.append(node)
                break
            }
            nodes += 1
            process(node, state: &state, stack: &stack, closedBound: &closedBound)
        }
        let openBound = stack.map(\.bound).min() ?? .infinity
        let lower = min(state.incumbentCost, closedBound, openBound)
        let optimal = stack.isEmpty && lower >= state.incumbentCost - tolerance(state.incumbentCost)
        return Outcome(sites: state.incumbent.map { columnMap[$0] }.sorted(),
                       cost: state.incumbentCost + offset, lowerBound: lower + offset, optimal: optimal, nodes: nodes)
    }

    private struct SearchState {
        var incumbent: [Int]
        var incumbentCost: Double = .infinity
        var lastEvaluated: [Int] = []
        /// Starting points already polished by interchange, so none is polished twice.
        var polished: Set<[Int]> = []
    }

    private struct Node {
        /// Per working column: 1 open, −1 closed, 0 undecided.
        var status: [Int8]
        /// Lagrange multipliers to start from (the parent's best).
        var mu: [Double]
        /// A valid lower bound on every solution in this subtree (without the constant offset).
        var bound: Double
        var isRoot: Bool
        /// Subgradient step factor to start from. Children restart at 1: their fixings move the
        /// optimum, and inheriting the parent's small final step proved slower on the benchmark.
        var theta: Double = 2
    }

    /// How far below the incumbent a bound may sit and still prove it optimal.
    private func tolerance(_ incumbent: Double) -> Double {
        let total = incumbent + offset
        let relative = options.relativeTolerance * max(abs(total), 1e-9)
        // With whole-number objectives, no solution lies strictly between incumbent − 1 and incumbent.
        return integral ? max(relative, 1 - 1e-7) : relative
    }

    private func process(_ node: Node, state: inout SearchState, stack: inout [Node], closedBound: inout Double) {
        var status = node.status
        let open = (0..<m).filter { status[$0] == 1 }
        let free = (0..<m).filter { status[$0] == 0 }
        let k = p - open.count
        if free.count < k { return }  // cannot open p sites here: no solutions in this subtree
        if k <= 0 || free.count == k {
            let sites = k <= 0 ? open : open + free
            let value = cost(of: sites)
            offer(sites, value: value, state: &state)
            closedBound = min(closedBound, value)
            return
        }
        if Double(n) * combinations(free.count, k) <= options.enumerationLimit {
            let (sites, value) = enumerate(open: open, free: free, k: k)
            offer(sites, value: value, state: &state)
            closedBound = min(closedBound, value)
            return
        }

        let relaxed = subgradient(node: node, status: status, k: k, state: &state)
        let gapTolerance = tolerance(state.incumbentCost)
        if relaxed.solvedExactly || relaxed.bound >= state.incumbentCost - gapTolerance {
            closedBound = min(closedBound, relaxed.bound)
            return
        }

        // Reduced-cost fixing: a swap into or out of the relaxed solution whose bound already
        // reaches the incumbent cannot lead to a better solution, so fix that site.
        let chosenFree = relaxed.chosen.filter { status[$0] == 0 }.sorted { relaxed.rho[$0] < relaxed.rho[$1] }
        let chosenSet = Set(relaxed.chosen)
        let outFree = free.filter { !chosenSet.contains($0) }.sorted { relaxed.rho[$0] < relaxed.rho[$1] }
        guard let worstIn = chosenFree.last.map({ relaxed.rho[$0] }), let bestOut = outFree.first.map({ relaxed.rho[$0] }) else {
            // Not expected (k ≥ 1 and more free sites than k); if it ever happens, give up on this subtree
            // honestly: its bound joins the reported one, which then stops "optimal" being claimed.
            closedBound = min(closedBound, max(node.bound, relaxed.bound))
            return
        }
        let limit = state.incumbentCost - gapTolerance
        var changed = false
        for j in outFree {
            let forcedOpen = relaxed.bound + relaxed.rho[j] - worstIn
            if forcedOpen >= limit {
                status[j] = -1
                closedBound = min(closedBound, forcedOpen)
                changed = true
            }
        }
        // Branch on the relaxed solution's open site whose closing would raise the bound most:
        // its "closed" child is then the likeliest to be pruned at once, and the "open" child,
        // which keeps the bound, is explored first (tried against least-certain rules on the benchmark).
        var branch: (site: Int, flippedBound: Double)? = nil
        for j in chosenFree {
            let forcedClosed = relaxed.bound - relaxed.rho[j] + bestOut
            if forcedClosed >= limit {
                status[j] = 1
                closedBound = min(closedBound, forcedClosed)
                changed = true
            } else if branch == nil || forcedClosed > branch!.flippedBound {
                branch = (j, forcedClosed)
            }
        }
        let childTheta = 1.0
        guard let branch else {
            // Everything in the relaxed solution got fixed: revisit the node with its new status.
            if changed { stack.append(Node(status: status, mu: relaxed.mu, bound: relaxed.bound, isRoot: false, theta: childTheta)) }
            return
        }
        var closedChild = status
        closedChild[branch.site] = -1
        var openChild = status
        openChild[branch.site] = 1
        stack.append(Node(status: closedChild, mu: relaxed.mu, bound: branch.flippedBound, isRoot: false, theta: childTheta))
        stack.append(Node(status: openChild, mu: relaxed.mu, bound: relaxed.bound, isRoot: false, theta: childTheta))
    }

    /// Interchange from `start`, keeping the result if it beats the incumbent.
    private func polish(_ start: [Int], state: inout SearchState) {
        guard state.polished.insert(start).inserted else { return }
        let improved = localSearch(from: start)
        let value = cost(of: improved)
        if value < state.incumbentCost {
            state.incumbent = improved
            state.incumbentCost = value
        }
    }

    private func offer(_ sites: [Int], value: Double, state: inout SearchState) {
        if value < state.incumbentCost {
            let improved = localSearch(from: sites)
            let improvedValue = cost(of: improved)
            if improvedValue < value {
                state.incumbent = improved
                state.incumbentCost = improvedValue
            } else {
                state.incumbent = sites
                state.incumbentCost = value
            }
        }
    }

    // MARK: - Lagrangian bound

    private struct Relaxation {
        var bound: Double
        var mu: [Double]
        var rho: [Double]
        var chosen: [Int]
        var solvedExactly: Bool
    }

    /// Maximises the Lagrangian dual by subgradient steps (Polyak step towards the incumbent,
    /// step factor halved when the bound stalls), returning the best bound and its multipliers.
    private func subgradient(node: Node, status: [Int8], k: Int, state: inout SearchState) -> Relaxation {
        var mu = node.mu
        var rho = [Double](repeating: 0, count: m)
        var inY = [Bool](repeating: false, count: m)
        var g = [Double](repeating: 0, count: n)
        var best = Relaxation(bound: -.infinity, mu: mu, rho: rho, chosen: [], solvedExactly: false)
        // The root earns most of the bound, so it gets many more steps; tuned on the Worcestershire benchmark.
        let maxIterations = node.isRoot ? 3000 : 200
        let patience = node.isRoot ? 50 : 12
        var theta = node.theta
        var sinceImprovement = 0

        var iterations = 0
        var bestRelaxed: [Int]? = nil
        var bestRelaxedValue = Double.infinity
        defer { if let start = bestRelaxed { polish(start, state: &state) } }
        for _ in 0..<maxIterations {
            iterations += 1
            let (bound, norm, chosen) = evaluate(mu: mu, status: status, k: k, rho: &rho, inY: &inY, g: &g)
            if chosen != state.lastEvaluated {
                state.lastEvaluated = chosen
                let value = cost(of: chosen)
                offer(chosen, value: value, state: &state)
                if value < bestRelaxedValue {
                    bestRelaxedValue = value
                    bestRelaxed = chosen
                }
            }
            // Lagrangian heuristic: the relaxed choice is often a swap or two from the optimum,
            // so polish the best one seen every so often (Beasley 1993).
            if iterations % 40 == 0, let start = bestRelaxed {
                bestRelaxed = nil
                polish(start, state: &state)
            }
            if bound > best.bound + 1e-12 * max(1, abs(bound)) {
                best = Relaxation(bound: bound, mu: mu, rho: rho, chosen: chosen, solvedExactly: false)
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
                if sinceImprovement >= patience {
                    theta /= 2
                    sinceImprovement = 0
                }
            }
            if norm == 0 {
                // Every child assigned exactly once: the relaxed solution is feasible and its bound is its cost.
                best.solvedExactly = true
                return best
            }
            if best.bound >= state.incumbentCost - tolerance(state.incumbentCost) || theta < 1e-4 { break }
            let step = theta * max(state.incumbentCost - bound, 1e-9 * max(1, abs(bound))) / norm
            // Project onto [cheapest, dearest site] per row: outside it the bound can only be lower.
            for i in 0..<n {
                mu[i] = min(max(mu[i] + step * g[i], sortedCost[i * m]), sortedCost[i * m + m - 1])
            }
        }
        return best
    }

    /// One Lagrangian evaluation: ρ per site, the relaxed choice Y (open sites plus the k free
    /// sites with most negative ρ), the bound, and the subgradient gᵢ = 1 − |{j ∈ Y : cᵢⱼ < μᵢ}|.
    private func evaluate(mu: [Double], status: [Int8], k: Int, rho: inout [Double], inY: inout [Bool], g: inout [Double])
        -> (bound: Double, norm: Double, chosen: [Int]) {
        let m = self.m, n = self.n
        var base = 0.0
        for j in 0..<m { rho[j] = 0 }
        order.withUnsafeBufferPointer { orderBuffer in
        sortedCost.withUnsafeBufferPointer { sortedBuffer in
        weights.withUnsafeBufferPointer { wBuffer in
        mu.withUnsafeBufferPointer { muBuffer in
        status.withUnsafeBufferPointer { statusBuffer in
        rho.withUnsafeMutableBufferPointer { rhoBuffer in
            let order = orderBuffer.baseAddress!, sorted = sortedBuffer.baseAddress!, w = wBuffer.baseAddress!
            let muP = muBuffer.baseAddress!, st = statusBuffer.baseAddress!, r = rhoBuffer.baseAddress!
            for i in 0..<n {
                let mui = muP[i], wi = w[i]
                base += wi * mui
                var t = i * m
                let end = t + m
                while t < end {
                    let c = sorted[t]
                    if c >= mui { break }
                    let j = Int(order[t])
                    if st[j] >= 0 { r[j] += wi * (c - mui) }
                    t += 1
                }
            }
        }
        }
        }
        }
        }
        }
        var chosen = [Int]()
        chosen.reserveCapacity(p)
        var free = [Int]()
        for j in 0..<m {
            if status[j] == 1 { chosen.append(j) } else if status[j] == 0 { free.append(j) }
        }
        free.sort { rho[$0] < rho[$1] || (rho[$0] == rho[$1] && $0 < $1) }
        chosen.append(contentsOf: free.prefix(k))
        chosen.sort()
        var bound = base
        for j in 0..<m { inY[j] = false }
        for j in chosen {
            bound += rho[j]
            inY[j] = true
        }
        var norm = 0.0
        cost.withUnsafeBufferPointer { c in
            for i in 0..<n {
                let mui = mu[i]
                let base = i * m
                var count = 0
                for j in chosen where c[base + j] < mui { count += 1 }
                let gi = Double(1 - count)
                g[i] = gi
                norm += weights[i] * gi * gi
            }
        }
        return (bound, norm, chosen)
    }

    // MARK: - Exact pieces

    /// Σᵢ wᵢ · min_{j∈sites} cᵢⱼ over the reduced rows (without the constant offset).
    private func cost(of sites: [Int]) -> Double {
        var total = 0.0
        cost.withUnsafeBufferPointer { c in
            for i in 0..<n {
                var best = Double.infinity
                let base = i * m
                for j in sites where c[base + j] < best { best = c[base + j] }
                total += weights[i] * best
            }
        }
        return total
    }

    /// Best k of `free` added to `open`, by trying every combination.
    private func enumerate(open: [Int], free: [Int], k: Int) -> ([Int], Double) {
        var levels = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: k + 1)
        for i in 0..<n {
            var best = Double.infinity
            for j in open { best = min(best, cost[i * m + j]) }
            levels[0][i] = best
        }
        var bestValue = Double.infinity
        var bestPick: [Int] = []
        var pick: [Int] = []
        func recurse(_ depth: Int, _ start: Int) {
            if depth == k - 1 {
                for a in start..<free.count {
                    let j = free[a]
                    var total = 0.0
                    for i in 0..<n { total += weights[i] * min(levels[depth][i], cost[i * m + j]) }
                    if total < bestValue {
                        bestValue = total
                        bestPick = pick + [j]
                    }
                }
                return
            }
            guard start <= free.count - (k - depth) else { return }
            for a in start...(free.count - (k - depth)) {
                let j = free[a]
                for i in 0..<n { levels[depth + 1][i] = min(levels[depth][i], cost[i * m + j]) }
                pick.append(j)
                recurse(depth + 1, a + 1)
                pick.removeLast()
            }
        }
        recurse(0, 0)
        return ((open + bestPick).sorted(), bestValue)
    }

    private func combinations(_ total: Int, _ choose: Int) -> Double {
        var result = 1.0
        for i in 0..<choose { result = result * Double(total - i) / Double(i + 1) }
        return result
    }

    // MARK: - Heuristic

    /// Fixed sites, then repeatedly the site that cuts the total most.
    private func greedy() -> [Int] {
        var chosen = fixed
        var nearest = [Double](repeating: .infinity, count: n)
        for i in 0..<n { for j in chosen { nearest[i] = min(nearest[i], cost[i * m + j]) } }
        var isChosen = [Bool](repeating: false, count: m)
        for j in chosen { isChosen[j] = true }
        while chosen.count < p {
            var bestSite = -1
            var bestTotal = Double.infinity
            for j in 0..<m where !isChosen[j] {
                var total = 0.0
                for i in 0..<n { total += weights[i] * min(nearest[i], cost[i * m + j]) }
                if total < bestTotal {
                    bestTotal = total
                    bestSite = j
                }
            }
            chosen.append(bestSite)
            isChosen[bestSite] = true
            for i in 0..<n { nearest[i] = min(nearest[i], cost[i * m + bestSite]) }
        }
        return chosen.sorted()
    }

    /// Calls `body(i, nearest, second nearest, index of nearest)` for each reduced row.
    private func nearestAndSecond(of sites: [Int], _ body: (Int, Double, Double, Int) -> Void) {
        for i in 0..<n {
            var d1 = Double.infinity, d2 = Double.infinity, f1 = -1
            for j in sites {
                let c = cost[i * m + j]
                if c < d1 || (c == d1 && f1 > j) {
                    d2 = d1
                    d1 = c
                    f1 = j
                } else if c < d2 {
                    d2 = c
                }
            }
            body(i, d1, d2, f1)
        }
    }

    /// Best-improvement interchange with Whitaker's fast swap: for each site brought in, one pass
    /// over the children prices removing every open site at once.
    private func localSearch(from start: [Int]) -> [Int] {
        var sites = start
        let fixedSet = Set(fixed)
        var d1 = [Double](repeating: 0, count: n), d2 = d1
        var f1 = [Int](repeating: 0, count: n)
        var loss = [Double](repeating: 0, count: m)
        while true {
            nearestAndSecond(of: sites) { i, a, b, f in
                d1[i] = a
                d2[i] = b
                f1[i] = f
            }
            var current = 0.0
            for i in 0..<n { current += weights[i] * d1[i] }
            let isOpen = Set(sites)
            var bestDelta = -1e-10 * max(1, current)
            var bestSwap: (into: Int, out: Int)? = nil
            cost.withUnsafeBufferPointer { c in
                for into in 0..<m where !isOpen.contains(into) {
                    var gain = 0.0
                    for j in sites { loss[j] = 0 }
                    for i in 0..<n {
                        let cin = c[i * m + into]
                        if cin < d1[i] {
                            gain += weights[i] * (d1[i] - cin)
                        } else {
                            loss[f1[i]] += weights[i] * (min(cin, d2[i]) - d1[i])
                        }
                    }
                    for out in sites where !fixedSet.contains(out) {
                        let delta = loss[out] - gain
                        if delta < bestDelta {
                            bestDelta = delta
                            bestSwap = (into, out)
                        }
                    }
                }
            }
            guard let swap = bestSwap else { return sites.sorted() }
            sites = (sites.filter { $0 != swap.out } + [swap.into]).sorted()
        }
    }
}
