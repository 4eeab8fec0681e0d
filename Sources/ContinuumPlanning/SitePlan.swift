import Foundation

/// What the planner optimises.
public enum SiteObjective: String, Sendable, CaseIterable {
    /// Least total (so least mean) travel time to the nearest chosen site: p-median.
    case median
    /// Most children within `withinMinutes` of a chosen site: maximal coverage.
    case coverage
}

/// Children and candidate sites located on the grid, with the travel minutes between them;
/// the shared starting point of `planSites` and of the planning page's scenario comparisons.
public struct SitePlanInput: Sendable {
    public let children: [PlanningChild]
    public let candidates: [CandidateSite]
    /// Rows children, columns candidates, in file order.
    public let costs: CostMatrix
    /// In words, for display beside every figure.
    public let travelModelDescription: String

    public init(children: [PlanningChild], candidates: [CandidateSite], travelModel: any TravelTimeModel) {
        self.children = children
        self.candidates = candidates
        costs = travelModel.travelMinutes(from: children.map(\.location), to: candidates.map(\.location))
        travelModelDescription = travelModel.description
    }

    /// Column indices for candidate ids; fails naming the first id not among the candidates.
    public func siteIndices(_ ids: [String]) throws(PlanningError) -> [Int] {
        var index: [String: Int] = [:]
        for (k, site) in candidates.enumerated() { index[site.id] = k }
        var result: [Int] = []
        for id in ids {
            guard let k = index[id] else { throw .unknownSite(id) }
            if !result.contains(k) { result.append(k) }
        }
        return result
    }

    /// Each child's nearest open site and minutes, by id.
    public func assignments(openSiteIDs: [String]) throws(PlanningError) -> [ChildAssignment] {
        let assigned = try Scenarios.assignments(costs: costs, open: siteIndices(openSiteIDs))
        return zip(children, assigned).map { ChildAssignment(childID: $0.id, siteID: candidates[$1.site].id, minutes: $1.minutes) }
    }

    /// Mean, 90th percentile and counts within 15/30/45 minutes with these sites open.
    public func figures(openSiteIDs: [String]) throws(PlanningError) -> ScenarioFigures {
        try Scenarios.figures(costs: costs, open: siteIndices(openSiteIDs))
    }

    /// Two scenarios side by side with each child's longer/shorter journey.
    public func compare(baseline: [String], scenario: [String]) throws(PlanningError) -> ScenarioComparison {
        try Scenarios.compare(costs: costs, baseline: siteIndices(baseline), scenario: siteIndices(scenario))
    }
}

/// A child's nearest chosen site and journey.
public struct ChildAssignment: Hashable, Sendable {
    public let childID: String
    public let siteID: String
    public let minutes: Double
}

/// Everything `continuum plan sites` is given.
public struct SitePlanRequest: Sendable {
    /// Pupils CSV text: `id,postcode` or `id,easting,northing`.
    public var pupilsCSV: String
    /// Candidates CSV text: `id,name,postcode` or `id,name,easting,northing`.
    public var candidatesCSV: String
    public var p: Int
    public var objective: SiteObjective
    /// The coverage threshold (required for coverage); with median it adds a `within` band.
    public var withinMinutes: Double?
    /// Candidate ids that must be among the chosen sites (today's bases being kept).
    public var keep: [String]
    public var travelModel: any TravelTimeModel
    public var pupilsFileName: String
    public var candidatesFileName: String
    public var searchOptions: ExactSearchOptions

    public init(pupilsCSV: String, candidatesCSV: String, p: Int, objective: SiteObjective = .median,
                withinMinutes: Double? = nil, keep: [String] = [], travelModel: any TravelTimeModel = StraightLineModel.standard,
                pupilsFileName: String = "pupils file", candidatesFileName: String = "candidates file",
                searchOptions: ExactSearchOptions = ExactSearchOptions()) {
        self.pupilsCSV = pupilsCSV
        self.candidatesCSV = candidatesCSV
        self.p = p
        self.objective = objective
        self.withinMinutes = withinMinutes
        self.keep = keep
        self.travelModel = travelModel
        self.pupilsFileName = pupilsFileName
        self.candidatesFileName = candidatesFileName
        self.searchOptions = searchOptions
    }
}

/// The chosen sites, the figures for them and the proof of optimality.
public struct SitePlanResult: Sendable {
    public let objective: SiteObjective
    public let p: Int
    /// In candidate-file order.
    public let chosen: [CandidateSite]
    public let figures: ScenarioFigures
    /// Thresholds reported in `within`: 15, 30, 45 and the request's `withinMinutes` if different.
    public let withinBands: [(minutes: Double, children: Int)]
    /// Children within `withinMinutes` of a chosen site (coverage only).
    public let covered: Int?
    public let optimal: Bool
    /// Median: proven lower bound on total minutes. Coverage: nil.
    public let lowerBound: Double?
    /// Coverage: proven upper bound on children covered. Median: nil.
    public let upperBound: Double?
    public let assignments: [ChildAssignment]
    /// Pupils left out because their postcode is not in the directory (the caller lists them).
    public let unknownPupilPostcodes: [UnlocatedRow]
    /// Candidates left out for the same reason.
    public let unknownCandidatePostcodes: [UnlocatedRow]
    public let travelModelDescription: String
    public let nodesExplored: Int

    public var leftOut: Int { unknownPupilPostcodes.count }

    /// The one-line JSON object the CLI prints. Keys in a fixed order; minutes rounded to 2 dp.
    /// Median: `…,"optimal":…,"lower_bound":<minutes>,…`. Coverage has no lower bound to
    /// report (it maximises), so it gives `"covered":<children>` and, in place of `lower_bound`,
    /// `"upper_bound":<children>` — the proven most any choice could cover — rather than
    /// misname an upper bound as a lower one.
    public func json(assignmentsFile: String? = nil) -> String {
        var parts: [String] = []
        parts.append("\"objective\":\(jsonString(objective.rawValue))")
        parts.append("\"p\":\(p)")
        parts.append("\"chosen\":[\(chosen.map { jsonString($0.id) }.joined(separator: ","))]")
        parts.append("\"total_minutes\":\(PlanningFormat.minutes(figures.totalMinutes))")
        parts.append("\"mean_minutes\":\(figures.meanMinutes.map(PlanningFormat.minutes) ?? "null")")
        parts.append("\"max_minutes\":\(figures.maxMinutes.map(PlanningFormat.minutes) ?? "null")")
        let bands = withinBands.map { "\(jsonString(PlanningFormat.trimmed($0.minutes))):\($0.children)" }
        parts.append("\"within\":{\(bands.joined(separator: ","))}")
        if let covered { parts.append("\"covered\":\(covered)") }
        parts.append("\"optimal\":\(optimal)")
        if let lowerBound { parts.append("\"lower_bound\":\(PlanningFormat.minutes(lowerBound))") }
        if let upperBound { parts.append("\"upper_bound\":\(PlanningFormat.trimmed(upperBound))") }
        parts.append("\"assignments_file\":\(assignmentsFile.map(jsonString) ?? "null")")
        parts.append("\"left_out\":\(leftOut)")
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// `child_id,site_id,minutes` lines with a header, for the assignments file.
    public func assignmentsCSV() -> String {
        var out = "child_id,site_id,minutes\n"
        for a in assignments { out += "\(csvField(a.childID)),\(csvField(a.siteID)),\(PlanningFormat.minutes(a.minutes))\n" }
        return out
    }
}

/// Reads the files, locates everyone, solves exactly and reports: `continuum plan sites`.
///
/// Unknown pupil postcodes are left out and listed in the result; every other problem
/// (malformed rows, unknown --keep ids, p < 1, p > candidates, more kept sites than p,
/// coverage without a threshold) is a `PlanningError` whose description is the message to show.
public func planSites(_ request: SitePlanRequest, postcodeLookup: (String) -> PlanningPoint?) throws(PlanningError) -> SitePlanResult {
    if let within = request.withinMinutes, !(within.isFinite && within > 0) {
        throw .invalidParameter("--within must be a positive number of minutes, got \(within)")
    }
    guard request.p >= 1 else { throw .invalidParameter("p must be at least 1 (the number of sites to choose), got \(request.p)") }
    let pupils = try SitePlanCSV.parsePupils(request.pupilsCSV, fileName: request.pupilsFileName, postcodeLookup: postcodeLookup)
    let sites = try SitePlanCSV.parseCandidates(request.candidatesCSV, fileName: request.candidatesFileName, postcodeLookup: postcodeLookup)
    for id in request.keep {
        if let lost = sites.unknownPostcodes.first(where: { $0.id == id }) {
            throw .invalidParameter("Kept site \"\(id)\" has postcode \(lost.postcode), which is not in the postcode directory")
        }
    }
    guard !sites.rows.isEmpty else {
        throw .malformedInput(file: request.candidatesFileName, line: nil, reason: "there are no candidate sites that could be located")
    }
    let input = SitePlanInput(children: pupils.rows, candidates: sites.rows, travelModel: request.travelModel)
    let fixed = try input.siteIndices(request.keep)
    guard request.p <= input.candidates.count else {
        throw .invalidParameter("p is \(request.p) but there are only \(input.candidates.count) candidate sites")
    }
    guard fixed.count <= request.p else {
        throw .invalidParameter("--keep names \(fixed.count) sites but p is only \(request.p)")
    }

    let chosenIndices: [Int]
    var covered: Int? = nil
    var lower: Double? = nil
    var upper: Double? = nil
    let optimal: Bool
    let nodes: Int
    switch request.objective {
    case .median:
        let problem = try PMedianProblem(costs: input.costs, p: request.p, fixed: Set(fixed))
        let solution = PMedianSolver(options: request.searchOptions).solve(problem)
        chosenIndices = solution.sites
        lower = solution.lowerBound
        optimal = solution.isOptimal
        nodes = solution.nodesExplored
    case .coverage:
        guard let within = request.withinMinutes else {
            throw .invalidParameter("The coverage objective needs --within, the travel-time threshold in minutes")
        }
        let problem = try CoverageProblem(costs: input.costs, thresholdMinutes: within, p: request.p, fixed: Set(fixed))
        let solution = MaximalCoverageSolver(options: request.searchOptions).solve(problem)
        chosenIndices = solution.sites
        covered = Int(solution.coveredWeight.rounded())
        upper = solution.upperBound
        optimal = solution.isOptimal
        nodes = solution.nodesExplored
    }

    let assigned = input.children.isEmpty ? [] : try Scenarios.assignments(costs: input.costs, open: chosenIndices)
    let minutes = assigned.map(\.minutes)
    var thresholds: [Double] = [15, 30, 45]
    if let within = request.withinMinutes, !thresholds.contains(within) { thresholds.append(within) }
    return SitePlanResult(
        objective: request.objective, p: request.p,
        chosen: chosenIndices.sorted().map { input.candidates[$0] },
        figures: ScenarioFigures(minutes: minutes),
        withinBands: thresholds.map { t in (t, minutes.count { $0 <= t }) },
        covered: covered, optimal: optimal, lowerBound: lower, upperBound: upper,
        assignments: zip(input.children, assigned).map { ChildAssignment(childID: $0.id, siteID: input.candidates[$1.site].id, minutes: $1.minutes) },
        unknownPupilPostcodes: pupils.unknownPostcodes, unknownCandidatePostcodes: sites.unknownPostcodes,
        travelModelDescription: input.travelModelDescription, nodesExplored: nodes)
}

/// A JSON string literal (RFC 8259 §7).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out + "\""
}

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180), and prefixed with `'`
/// when a spreadsheet would read it as a formula: it begins with = + - @, tab or CR, also after
/// leading spaces or controls (SECURITY.md "Exports"; the same rule as ContinuumDomain's CSVCell, copied
/// because this target depends on nothing). Ids come from the operator's own files, but a CSV opened
/// in a spreadsheet must not run what it holds (found by the security campaign).
func csvField(_ text: String) -> String {
    var value = text
    if let first = value.unicodeScalars.first(where: { $0 != " " && !($0.value < 0x20 && $0 != "\t" && $0 != "\r") }),
       ["=", "+", "-", "@", "\t", "\r"].contains(first) {
        value = "'" + value
    }
    guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
