import ContinuumPlanning
import Foundation

// plan-bench: solves one benchmark instance with ContinuumPlanning and prints one JSON line.
//   plan-bench --postcodes ONSPD.csv --pupils P.csv --candidates C.csv --p 5 --objective median|coverage [--within 15] [--repeat 3]
// Times the travel-time matrix and the exact solve separately (median of --repeat runs);
// CSV reading and the postcode table load are not timed (spopt's side times its model build + solve only).

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let at = args.firstIndex(of: name), at + 1 < args.count else { return nil }
    return args[at + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

// plan-bench --road FILE.osm.pbf --out DIR: builds the road graph and writes nodes.csv, edges.csv and
// matrix.csv (shortest minutes from every main-component node to every node) for the scipy cross-check.
if let roadPath = argument("--road") {
    let out = argument("--out") ?? "."
    do {
        let t0 = Date()
        let osm = try OSMData.read(contentsOf: URL(fileURLWithPath: roadPath))
        let network = RoadNetwork(osm: osm)
        let t1 = Date()
        let sources = (0..<network.nodeCount).filter { network.inMainComponent[$0] }
        var rows: [[Double]] = []
        for s in sources { rows.append(network.minutes(from: s)) }
        let t2 = Date()
        var nodes = "index,osm_id,easting,northing,main_component\n"
        for v in 0..<network.nodeCount {
            nodes += "\(v),\(network.osmNodeIDs[v]),\(network.points[v].easting),\(network.points[v].northing),\(network.inMainComponent[v] ? 1 : 0)\n"
        }
        var edges = "from,to,minutes\n"
        for e in network.edges { edges += "\(e.from),\(e.to),\(e.minutes)\n" }
        var matrix = "source," + (0..<network.nodeCount).map(String.init).joined(separator: ",") + "\n"
        for (k, s) in sources.enumerated() {
            matrix += "\(s)," + rows[k].map { $0.isFinite ? "\($0)" : "inf" }.joined(separator: ",") + "\n"
        }
        try nodes.write(toFile: out + "/nodes.csv", atomically: true, encoding: .utf8)
        try edges.write(toFile: out + "/edges.csv", atomically: true, encoding: .utf8)
        try matrix.write(toFile: out + "/matrix.csv", atomically: true, encoding: .utf8)
        print("{\"osm_nodes\":\(osm.nodes.count),\"osm_ways\":\(osm.ways.count),\"graph_nodes\":\(network.nodeCount),\"edges\":\(network.edgeCount),"
            + "\"main_component\":\(sources.count),\"read_build_seconds\":\(t1.timeIntervalSince(t0)),\"dijkstra_seconds\":\(t2.timeIntervalSince(t1))}")
    } catch {
        fail("plan-bench: \(error)")
    }
    exit(0)
}

guard let postcodesPath = argument("--postcodes"), let pupilsPath = argument("--pupils"),
      let candidatesPath = argument("--candidates"), let p = argument("--p").flatMap(Int.init) else {
    fail("usage: plan-bench --postcodes ONSPD.csv --pupils P.csv --candidates C.csv --p N --objective median|coverage [--within MIN] [--repeat N]")
}
let objective = SiteObjective(rawValue: argument("--objective") ?? "median") ?? .median
let within = argument("--within").flatMap(Double.init)
let repeats = max(1, argument("--repeat").flatMap(Int.init) ?? 3)

do {
    let centroids = try PostcodeCentroids(onspdCSV: String(contentsOfFile: postcodesPath, encoding: .utf8))
    let pupils = try SitePlanCSV.parsePupils(String(contentsOfFile: pupilsPath, encoding: .utf8), postcodeLookup: centroids.lookup)
    let sites = try SitePlanCSV.parseCandidates(String(contentsOfFile: candidatesPath, encoding: .utf8), postcodeLookup: centroids.lookup)
    let model = StraightLineModel.standard

    var matrixTimes: [Double] = [], solveTimes: [Double] = [], cpuTimes: [Double] = []
    func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }  // process CPU time: robust to other load
    var objectiveValue = 0.0, bound = 0.0, optimal = false, nodes = 0, chosen: [Int] = []
    for _ in 0..<repeats {
        let c0 = cpuSeconds()
        let t0 = Date()
        let costs = model.travelMinutes(from: pupils.rows.map(\.location), to: sites.rows.map(\.location))
        let t1 = Date()
        switch objective {
        case .median:
            let solution = PMedianSolver().solve(try PMedianProblem(costs: costs, p: p))
            (objectiveValue, bound, optimal, nodes, chosen) = (solution.totalCost, solution.lowerBound, solution.isOptimal, solution.nodesExplored, solution.sites)
        case .coverage:
            guard let within else { fail("--within is needed for coverage") }
            let solution = MaximalCoverageSolver().solve(try CoverageProblem(costs: costs, thresholdMinutes: within, p: p))
            (objectiveValue, bound, optimal, nodes, chosen) = (solution.coveredWeight, solution.upperBound, solution.isOptimal, solution.nodesExplored, solution.sites)
        }
        let t2 = Date()
        cpuTimes.append(cpuSeconds() - c0)
        matrixTimes.append(t1.timeIntervalSince(t0))
        solveTimes.append(t2.timeIntervalSince(t1))
    }
    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    let ids = chosen.map { "\"\(sites.rows[$0].id)\"" }.joined(separator: ",")
    print("{\"n\":\(pupils.rows.count),\"m\":\(sites.rows.count),\"p\":\(p),\"objective\":\"\(objective.rawValue)\","
        + "\"matrix_seconds\":\(median(matrixTimes)),\"cpu_seconds\":\(median(cpuTimes)),\"solve_seconds\":\(median(solveTimes)),"
        + "\"value\":\(objectiveValue),\"bound\":\(bound),\"optimal\":\(optimal),\"nodes\":\(nodes),\"chosen\":[\(ids)]}")
} catch {
    fail("plan-bench: \(error)")
}
