import Fluent
import Vapor
import GOVUK
import ContinuumDomain
import ContinuumPlanning

/// The site-planning page (issue 6 item 3): today's bases against closing one, against adding
/// sites the officer types in, and against k new hubs chosen optimally (least travel, or most
/// children within T minutes) among the bases, the typed sites and the county's schools, for the
/// children who use the service, with an equality view, each child's change, and a map that shows
/// postcode sectors, never a child's home.
struct PlanningController {
    static let roles: Set<Role> = [.administrator, .metCoordinator, .caseworker]
    /// Schools offered as hub candidates: enough for a county, few enough to prove optimality quickly.
    static let schoolCandidates = 400
    /// Each child's journey by name is for the team that arranges their teaching; caseworkers see the figures.
    static let journeyReaders: Set<Role> = [.administrator, .metCoordinator]
    /// A page request gives the exact search this long; past it the page says the answer is the best found, not proved.
    static let searchOptions = ExactSearchOptions(timeLimitSeconds: 10)

    /// The exact search for the hubs; seconds of CPU, so only ever called through `PlanningCache`.
    static func search(_ input: SitePlanInput, objective: SiteObjective, p: Int, fixed: Set<Int>, within: Int) throws -> PlanningSolution {
        switch objective {
        case .median:
            let solution = PMedianSolver(options: searchOptions).solve(try PMedianProblem(costs: input.costs, p: p, fixed: fixed))
            return PlanningSolution(sites: solution.sites, isOptimal: solution.isOptimal,
                                    summary: String(format: "Least total travel: %.0f minutes; proven lower bound %.0f.", solution.totalCost, solution.lowerBound))
        case .coverage:
            let solution = MaximalCoverageSolver(options: searchOptions).solve(try CoverageProblem(costs: input.costs, thresholdMinutes: Double(within), p: p, fixed: fixed))
            return PlanningSolution(sites: solution.sites, isOptimal: solution.isOptimal,
                                    summary: String(format: "Most children within %d minutes: %.0f; proven upper bound %.0f.", within, solution.coveredWeight, solution.upperBound))
        }
    }

    /// A second comparison while this person's last one is still running (or the server's limit is
    /// reached): 503 with a page that says so, rather than another 10 s of CPU.
    static func busy(chrome: Chrome, again: String) -> Response {
        let response = Response.html(HTMLPage(title: "Still working on a plan", chrome: chrome, content: [
            h1("Still working on a plan", caption: "Site planning"),
            p("Continuum is still working out the best hubs for the last choices you asked for. A comparison can take up to 10 seconds, and each person runs one at a time."),
            p([link("Try again", href: again.hasPrefix(SiteURL.planning.path) ? again : SiteURL.planning.path), txt(" in a few seconds.")]),
        ]), status: .serviceUnavailable)
        response.headers.replaceOrAdd(name: .retryAfter, value: "10")
        return response
    }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .planning, roles: Self.roles, use: show)
    }

    struct Params: Content { var children: String?; var from: String?; var to: String?; var hubs: String?; var objective: String?; var within: String?; var sites: String?; var keep: String? }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let directory = try BundledPostcodes.directory.get()
        let query = Self.planningQuery(req, directory: directory, today: today)
        let chrome = try await req.chrome(for: principal, current: .planning)
        guard query.errors.isEmpty else {
            return .html(PlanningPage.render(chrome: chrome, query: query, view: nil, message: nil), status: .unprocessableEntity)
        }
        let snapshot = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db)
        let users = Self.serviceUsers(snapshot, query: query, today: today)
        var view = PlanningView()
        let located = Self.locateChildren(users, directory: directory)
        let children = located.children
        view.unlocated = located.unlocated
        let sites = try await Self.candidateSites(bases: snapshot.bases, typedSites: query.typedSites, directory: directory, on: req.db)
        let candidates = sites.candidates, typedIDs = sites.typedIDs
        let bases = candidates.filter { $0.id.hasPrefix("base:") }.map(\.id)
        let showJourneys = Self.journeyReaders.contains(principal.role)
        try await Self.auditRun(req, principal, query: query, children: children, typedCount: typedIDs.count, journeysListed: showJourneys && !bases.isEmpty)
        guard !children.isEmpty, !bases.isEmpty else {
            return .html(PlanningPage.render(chrome: chrome, query: query, view: nil, message: "There are no located children or bases to plan for with these choices."))
        }
        view.located = children.count; view.baseCount = bases.count; view.schoolCount = sites.schoolCount; view.typedCount = typedIDs.count

        let input = SitePlanInput(children: children, candidates: candidates, travelModel: StraightLineModel.standard)
        view.travelModel = input.travelModelDescription
        func add(_ name: String, _ sites: [String]) throws -> ScenarioComparison {
            let comparison = try input.compare(baseline: bases, scenario: sites)
            view.scenarios.append(.init(name: name, figures: comparison.scenario, withinChosen: comparison.changes.count { $0.after.minutes <= Double(query.within) },
                                        longer: comparison.longer, shorter: comparison.shorter))
            return comparison
        }
        _ = try add("Today's \(bases.count) bases", bases)
        if bases.count > 1 { for base in bases { _ = try add("Close \(base.dropFirst(5))", bases.filter { $0 != base }) } }
        if !typedIDs.isEmpty { _ = try add("Today's bases and the \(typedIDs.count) site\(typedIDs.count == 1 ? "" : "s") typed in", bases + typedIDs) }
        // With the bases kept, they are fixed sites and the hubs come on top of them.
        let fixed = query.keepBases ? Set(candidates.indices.filter { bases.contains(candidates[$0].id) }) : []
        let p = min(query.hubs + fixed.count, candidates.count)
        // Issue 13 item 6: the search runs on its own thread, once per input, one at a time per person.
        let key = PlanningSolverKey(authorityID: principal.authorityID, objective: query.objective.rawValue, p: p, fixed: fixed,
                                    within: query.within, input: input)
        let answer = try await req.application.planningCache.solve(key, for: principal.userID) { [objective = query.objective, within = query.within] in
            try Self.search(input, objective: objective, p: p, fixed: fixed, within: within)
        }
        guard case .ready(let solution, _) = answer else { return Self.busy(chrome: chrome, again: req.url.string) }
        let hubIndices = solution.sites, proved = solution.isOptimal
        view.hubSummary = solution.summary
        let hubIDs = hubIndices.map { candidates[$0].id }
        let goal = query.objective == .median ? "least travel" : "most children within \(query.within) minutes"
        let added = p - fixed.count
        let hubs = try add((fixed.isEmpty ? "" : "Today's bases kept and ") + "\(added) new hub\(added == 1 ? "" : "s"), \(goal)"
                           + (proved ? " (proved optimal)" : " (best found, not proved)"), hubIDs)
        let siteNames = Dictionary(candidates.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        view.hubNames = hubIDs.filter { !bases.contains($0) || !query.keepBases }.map { siteNames[$0] ?? $0 }

        view.distributionToday = TravelTimeDistribution(minutes: hubs.changes.map(\.before.minutes))
        view.distributionHubs = TravelTimeDistribution(minutes: hubs.changes.map(\.after.minutes))
        view.distributionChart = PlanningDistributionChart.svg(today: view.distributionToday, hubs: view.distributionHubs)
        view.journeys = !showJourneys ? [] : Self.journeys(hubs, children: children, names: located.names, candidates: candidates, siteNames: siteNames)
        // Every viewer: a group this small could name a child from its average journey (the configured threshold).
        let suppression = SmallNumberSuppression(threshold: req.application.continuumConfiguration.smallNumberThreshold)
        let equality = Self.equalityRows(users, hubs: hubs, children: children, suppression: suppression)
        view.byReason = equality.byReason
        view.bySEN = equality.bySEN
        view.map = PlanningMap.svg(children: children, sectorOf: located.sectorOf, sites: candidates.filter { bases.contains($0.id) || hubIDs.contains($0.id) || typedIDs.contains($0.id) },
                                   hubIDs: Set(hubIDs), suppression: suppression)
        return .html(PlanningPage.render(chrome: chrome, query: query, view: view, message: nil))
    }

    /// The officer's choices from the query string, checked against the postcode directory.
    private static func planningQuery(_ req: Request, directory: PostcodeDirectory, today: CalendarDate) -> PlanningQuery {
        let params = (try? req.query.decode(Params.self)) ?? Params()
        let values = ["children": params.children, "from": params.from, "to": params.to, "hubs": params.hubs, "objective": params.objective,
                      "within": params.within, "sites": params.sites, "keep": params.keep].compactMapValues { $0 }
        return PlanningQuery.parse(values, directory: directory, today: today)
    }

    /// The referrals to plan for: those received in the chosen window, or with no window, those
    /// accepted and in provision today.
    private static func serviceUsers(_ snapshot: ServiceSnapshot, query: PlanningQuery, today: CalendarDate) -> [Referral] {
        let window = query.window(today: today)
        return snapshot.referrals.filter { r in
            if let window { return window.contains(r.receivedOn) }
            return r.statusValue == .accepted && (snapshot.episodesByReferral[r.id!] ?? []).contains { $0.covers(today) }
        }
    }

    /// Each child once, at their home postcode's grid point; the sector is kept for the map and the
    /// name for the journey table, and a child with no known postcode is only counted.
    private static func locateChildren(_ users: [Referral], directory: PostcodeDirectory)
        -> (children: [PlanningChild], sectorOf: [String: String], names: [String: String], unlocated: Int) {
        var children: [PlanningChild] = []
        var sectorOf: [String: String] = [:]
        var names: [String: String] = [:]
        var unlocated = 0
        var seen = Set<UUID>()
        for r in users where seen.insert(r.$child.id).inserted {
            guard let postcode = r.child.homePostcode.flatMap(Postcode.normalise), let point = directory.location(of: postcode) else { unlocated += 1; continue }
            let id = r.$child.id.uuidString
            children.append(PlanningChild(id: id, location: PlanningPoint(easting: Double(point.easting), northing: Double(point.northing))))
            sectorOf[id] = postcode.sector
            names[id] = r.child.fullName
        }
        return (children, sectorOf, names, unlocated)
    }

    /// The sites a hub may go at, in a fixed order: today's bases, the sites typed in, then the
    /// county's schools (up to `schoolCandidates`).
    private static func candidateSites(bases: [TeachingBase], typedSites: [PlanningQuery.TypedSite], directory: PostcodeDirectory, on db: any Database) async throws
        -> (candidates: [CandidateSite], typedIDs: [String], schoolCount: Int) {
        func point(_ p: GridPoint) -> PlanningPoint { PlanningPoint(easting: Double(p.easting), northing: Double(p.northing)) }
        var candidates: [CandidateSite] = []
        for base in bases {
            if let postcode = Postcode.normalise(base.postcode), let p = directory.location(of: postcode) {
                candidates.append(CandidateSite(id: "base:\(base.name)", name: "\(base.name) base", location: point(p)))
            }
        }
        let typedIDs = typedSites.map { "typed:\($0.line)" }
        for site in typedSites { candidates.append(CandidateSite(id: "typed:\(site.line)", name: site.name, location: point(site.location))) }
        let schools = try await Establishment.query(on: db).filter(\.$easting != nil).filter(\.$northing != nil).sort(\.$urn).limit(Self.schoolCandidates).all()
        for school in schools {
            candidates.append(CandidateSite(id: "urn:\(school.urn)", name: school.name, location: PlanningPoint(easting: Double(school.easting!), northing: Double(school.northing!))))
        }
        return (candidates, typedIDs, schools.count)
    }

    /// One entry for the run, and one for each child whose journey the page lists by name.
    private static func auditRun(_ req: Request, _ principal: Principal, query: PlanningQuery, children: [PlanningChild], typedCount: Int,
                                 journeysListed: Bool) async throws {
        let runEntry = AuditEntry(action: "planning.view", entityType: "report",
                                  detail: "children=\(children.count) hubs=\(query.hubs) cohort=\(query.cohort.rawValue) objective=\(query.objective.rawValue) typed=\(typedCount) keep_bases=\(query.keepBases)")
        let childEntries = journeysListed ? children.map { AuditEntry(action: "planning.journey.view", entityType: "child", entityID: $0.id, childID: UUID(uuidString: $0.id)) } : []
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { _ in ([runEntry] + childEntries, ()) }
    }

    /// Each child's journey, longest increase first: who loses under the hubs, and by how much.
    private static func journeys(_ hubs: ScenarioComparison, children: [PlanningChild], names: [String: String], candidates: [CandidateSite],
                         siteNames: [String: String]) -> [PlanningView.Journey] {
        hubs.changes.map { change in
            let id = children[change.child].id
            let difference = change.differenceMinutes
            let words = difference > 0.005 ? String(format: "Longer by %.1f minutes", difference)
                : difference < -0.005 ? String(format: "Shorter by %.1f minutes", -difference) : "No change"
            return PlanningView.Journey(childID: UUID(uuidString: id)!, name: names[id] ?? "Child",
                                        today: String(format: "%.1f (%@)", change.before.minutes, siteNames[candidates[change.before.site].id] ?? ""),
                                        withHubs: String(format: "%.1f (%@)", change.after.minutes, siteNames[candidates[change.after.site].id] ?? ""),
                                        change: words, difference: difference)
        }.sorted { $0.difference != $1.difference ? $0.difference > $1.difference : $0.name < $1.name }
    }

    /// Equality view: the same journeys by reason for referral and by SEN status, each group's
    /// count suppressed when small.
    private static func equalityRows(_ users: [Referral], hubs: ScenarioComparison, children: [PlanningChild], suppression: SmallNumberSuppression)
        -> (byReason: [(String, String, Double, Double)], bySEN: [(String, String, Double, Double)]) {
        let before = Dictionary(hubs.changes.map { (children[$0.child].id, $0.before.minutes) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(hubs.changes.map { (children[$0.child].id, $0.after.minutes) }, uniquingKeysWith: { a, _ in a })
        var byReason: [String: [String]] = [:], bySEN: [String: [String]] = [:]
        var grouped = Set<UUID>()
        for r in users where before[r.$child.id.uuidString] != nil && grouped.insert(r.$child.id).inserted {
            byReason[r.reasonValue.label, default: []].append(r.$child.id.uuidString)
            bySEN[SENProvision(rawValue: r.child.senProvision)?.displayName ?? r.child.senProvision, default: []].append(r.$child.id.uuidString)
        }
        func rows(_ groups: [String: [String]]) -> [(String, String, Double, Double)] {
            groups.keys.sorted().map { key in
                let ids = groups[key]!
                return (key, suppression.isSmall(ids.count) ? suppression.primaryLabel : String(ids.count),
                        ids.compactMap { before[$0] }.reduce(0, +) / Double(ids.count), ids.compactMap { after[$0] }.reduce(0, +) / Double(ids.count))
            }
        }
        return (rows(byReason), rows(bySEN))
    }
}
