import Fluent
import Vapor
import GOVUK
import ContinuumDomain
import ContinuumPlanning

/// The site-planning page (issue 6 item 3): today's bases against closing one and against k new
/// hubs chosen optimally among the bases and the county's schools, for the children who use the
/// service, with an equality view and a map that shows postcode sectors, never a child's home.
struct PlanningController {
    static let roles: Set<Role> = [.administrator, .metCoordinator, .caseworker]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "planning", roles: Self.roles, use: show)
    }

    struct Scenario { let name: String; let sites: [String]; let figures: ScenarioFigures; let longer: Int; let shorter: Int }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let hubs = min(8, max(1, req.query[Int.self, at: "hubs"] ?? 3))
        let cohort = req.query[String.self, at: "children"] == "year" ? "year" : "current"
        let snapshot = try await ServiceSnapshot.load(authorityID: principal.authorityID, on: req.db)
        let users = snapshot.referrals.filter { r in
            cohort == "year" ? r.received >= today.adding(days: -365)
                : r.statusValue == .accepted && (snapshot.episodesByReferral[r.id!] ?? []).contains { $0.covers(today) }
        }
        let directory = try DemoSeeder.directory.get()
        var children: [PlanningChild] = []
        var sectorOf: [String: String] = [:]
        var unlocated = 0
        var seen = Set<UUID>()
        for r in users where seen.insert(r.$child.id).inserted {
            guard let postcode = r.child.homePostcode.flatMap(Postcode.normalise), let point = directory.location(of: postcode) else { unlocated += 1; continue }
            let id = r.$child.id.uuidString
            children.append(PlanningChild(id: id, location: PlanningPoint(easting: Double(point.easting), northing: Double(point.northing))))
            sectorOf[id] = postcode.sector
        }
        var candidates: [CandidateSite] = []
        for base in snapshot.bases {
            if let postcode = Postcode.normalise(base.postcode), let point = directory.location(of: postcode) {
                candidates.append(CandidateSite(id: "base:\(base.name)", name: "\(base.name) base", location: PlanningPoint(easting: Double(point.easting), northing: Double(point.northing))))
            }
        }
        let schools = try await Establishment.query(on: req.db).filter(\.$easting != nil).filter(\.$northing != nil).sort(\.$urn).limit(400).all()
        for school in schools {
            candidates.append(CandidateSite(id: "urn:\(school.urn)", name: school.name, location: PlanningPoint(easting: Double(school.easting!), northing: Double(school.northing!))))
        }
        try await AuditLog.record(AuditEntry(action: "planning.view", entityType: "report", detail: "children=\(children.count) hubs=\(hubs) cohort=\(cohort)"), by: principal.auditActor, on: req.db)
        let chrome = try await req.chrome(for: principal, current: "/planning")
        let bases = candidates.filter { $0.id.hasPrefix("base:") }.map(\.id)
        guard !children.isEmpty, !bases.isEmpty else {
            return .html(HTMLPage(title: "Site planning", chrome: chrome, content: [h1("Site planning"), p("There are no located children or bases to plan for.")]))
        }
        let input = SitePlanInput(children: children, candidates: candidates, travelModel: StraightLineModel.standard)
        var scenarios: [Scenario] = []
        func add(_ name: String, _ sites: [String]) throws {
            let comparison = try input.compare(baseline: bases, scenario: sites)
            scenarios.append(Scenario(name: name, sites: sites, figures: comparison.scenario, longer: comparison.longer, shorter: comparison.shorter))
        }
        try add("Today's \(bases.count) bases", bases)
        if bases.count > 1 { for base in bases { try add("Close \(base.dropFirst(5))", bases.filter { $0 != base }) } }
        let solution = PMedianSolver().solve(try PMedianProblem(costs: input.costs, p: min(hubs, candidates.count)))
        let hubIDs = solution.sites.map { candidates[$0].id }
        try add("\(hubs) new hub\(hubs == 1 ? "" : "s"), best sites" + (solution.isOptimal ? " (proved optimal)" : " (best found, not proved)"), hubIDs)
        let names = Dictionary(candidates.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        // Equality view: the same journeys by reason for referral and by SEN status.
        let todayAssign = Dictionary(try input.assignments(openSiteIDs: bases).map { ($0.childID, $0.minutes) }, uniquingKeysWith: { a, _ in a })
        let hubAssign = Dictionary(try input.assignments(openSiteIDs: hubIDs).map { ($0.childID, $0.minutes) }, uniquingKeysWith: { a, _ in a })
        var byReason: [String: [String]] = [:], bySEN: [String: [String]] = [:]
        var seenChild = Set<UUID>()
        for r in users where todayAssign[r.$child.id.uuidString] != nil && seenChild.insert(r.$child.id).inserted {
            byReason[r.reasonValue.label, default: []].append(r.$child.id.uuidString)
            bySEN[SENProvision(rawValue: r.child.senProvision)?.displayName ?? r.child.senProvision, default: []].append(r.$child.id.uuidString)
        }
        func equalityRows(_ groups: [String: [String]]) -> [[TableCell]] {
            groups.keys.sorted().map { key in
                let ids = groups[key]!
                let before = ids.compactMap { todayAssign[$0] }.reduce(0, +) / Double(ids.count)
                let after = ids.compactMap { hubAssign[$0] }.reduce(0, +) / Double(ids.count)
                return [TableCell(text: key), TableCell(text: ids.count < SmallNumbers.threshold ? SmallNumbers.suppressedLabel : String(ids.count), numeric: true),
                        TableCell(text: String(format: "%.1f", before), numeric: true), TableCell(text: String(format: "%.1f", after), numeric: true)]
            }
        }
        let map = PlanningMap.svg(children: children, sectorOf: sectorOf, sites: candidates.filter { bases.contains($0.id) || hubIDs.contains($0.id) },
                                  hubIDs: Set(hubIDs), directory: directory)
        let content: [HTMLNode] = [
            h1("Site planning", caption: "Where to put teaching bases and hubs"),
            getForm(action: "/planning", [
                el("div", [.cls("app-search")], [
                    select(Field(name: "children", label: "Children", value: cohort), options: [Option("current", "Receiving provision today"), Option("year", "All referrals in the last 12 months")]),
                    textInput(Field(name: "hubs", label: "Number of new hubs", value: String(hubs), widthClass: "govuk-input--width-2", inputMode: "numeric")),
                    button("Compare", secondary: true),
                ]),
            ]),
            p("\(children.count) children located by their home postcode" + (unlocated > 0 ? "; \(unlocated) without a known postcode are left out" : "") + ". Candidate sites: the \(bases.count) bases and \(schools.count) schools."),
            insetText("Travel-time model: \(input.travelModelDescription)"),
            table(caption: "Scenarios compared with today", headers: ["Scenario", "Mean minutes", "90th percentile", "Within 15", "Within 30", "Within 45", "Longer journeys", "Shorter journeys"],
                  numericColumns: Set(1...7), rows: scenarios.map { s in
                      [TableCell(text: s.name), TableCell(text: s.figures.meanMinutes.map { String(format: "%.1f", $0) } ?? "—"),
                       TableCell(text: s.figures.percentile90Minutes.map { String(format: "%.1f", $0) } ?? "—"),
                       TableCell(text: String(s.figures.within15)), TableCell(text: String(s.figures.within30)), TableCell(text: String(s.figures.within45)),
                       TableCell(text: String(s.longer)), TableCell(text: String(s.shorter))]
                  }),
            p("The \(hubs) hub site\(hubs == 1 ? "" : "s") with the least total travel: " + hubIDs.map { names[$0] ?? $0 }.joined(separator: ", ")
              + String(format: ". Total %.0f minutes; lower bound %.0f.", solution.totalCost, solution.lowerBound)),
            el("div", [.cls("app-chart")], [.raw(map)]),
            h2("Equality: journeys by group"),
            p("The council must consider the impact on disabled children. Mean minutes to the nearest site today and with the new hubs; groups under 10 children are shown as \"<10\"."),
            table(caption: "By reason for referral", captionSize: "s", headers: ["Reason", "Children", "Today (mean minutes)", "With hubs (mean minutes)"], numericColumns: [1, 2, 3], rows: equalityRows(byReason)),
            table(caption: "By SEN status", captionSize: "s", headers: ["SEN status", "Children", "Today (mean minutes)", "With hubs (mean minutes)"], numericColumns: [1, 2, 3], rows: equalityRows(bySEN)),
            p([txt("Operators can run the same analysis on any file with "), el("code", [.cls("app-code")], text: "continuum plan sites"), txt(".")]),
        ]
        return .html(HTMLPage(title: "Site planning", chrome: chrome, content: content))
    }
}

/// The county as SVG: children aggregated to postcode sectors (a circle per sector sized by count,
/// so no home is shown), sites as labelled squares; the extent comes from the points themselves.
enum PlanningMap {
    static func svg(children: [PlanningChild], sectorOf: [String: String], sites: [CandidateSite], hubIDs: Set<String>, directory: PostcodeDirectory) -> String {
        var sectors: [String: (x: Double, y: Double, n: Int)] = [:]
        for child in children {
            let key = sectorOf[child.id] ?? "?"
            var s = sectors[key] ?? (0, 0, 0)
            s.x += child.location.easting; s.y += child.location.northing; s.n += 1
            sectors[key] = s
        }
        let points = sectors.values.map { ($0.x / Double($0.n), $0.y / Double($0.n)) } + sites.map { ($0.location.easting, $0.location.northing) }
        let minX = (points.map(\.0).min() ?? 0) - 3000, maxX = (points.map(\.0).max() ?? 1) + 3000
        let minY = (points.map(\.1).min() ?? 0) - 3000, maxY = (points.map(\.1).max() ?? 1) + 3000
        let width = 640.0, height = max(200, width * (maxY - minY) / max(1, maxX - minX))
        func sx(_ x: Double) -> Int { Int((x - minX) / (maxX - minX) * width) }
        func sy(_ y: Double) -> Int { Int(height - (y - minY) / (maxY - minY) * height) }
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"map-title\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" class=\"app-bar-chart\">",
                   "<title id=\"map-title\">Map: children by postcode sector (circles sized by number) and sites (squares; hubs in orange)</title>",
                   "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#f3f2f1\"></rect>"]
        for (key, s) in sectors.sorted(by: { $0.key < $1.key }) {
            let r = 3 + Int(Double(s.n).squareRoot() * 3)
            out.append("<circle cx=\"\(sx(s.x / Double(s.n)))\" cy=\"\(sy(s.y / Double(s.n)))\" r=\"\(r)\" fill=\"#1d70b8\" fill-opacity=\"0.6\"><title>\(Escape.text(key)): \(s.n < SmallNumbers.threshold ? SmallNumbers.suppressedLabel : String(s.n)) children</title></circle>")
        }
        for site in sites {
            let x = sx(site.location.easting), y = sy(site.location.northing)
            let colour = hubIDs.contains(site.id) ? "#f47738" : "#0b0c0c"
            out.append("<rect x=\"\(x - 5)\" y=\"\(y - 5)\" width=\"10\" height=\"10\" fill=\"\(colour)\"></rect>")
            out.append("<text x=\"\(x + 8)\" y=\"\(y + 4)\" font-size=\"12\" fill=\"#0b0c0c\">\(Escape.text(site.name))</text>")
        }
        out.append("</svg>")
        return out.joined()
    }
}
