import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// A school user's own school's top-up (issue 15 item 8): the placements whose setting is their school's URN, with
/// the band, the annual top-up, the dates and the latest payment run's lines. A child is named only when the school
/// user may see that child under the existing scope (ChildRepository); otherwise by UPN. Other schools' placements
/// are never loaded.
struct SchoolTopUpController {
    static let roles: Set<Role> = [.schoolUser]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .schoolTopUp, roles: Self.roles, use: show)
    }

    struct Row {
        let child: String
        let placement: Placement
        let line: PaymentLine?
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        var school: Establishment?
        if let schoolID = principal.schoolID { school = try await Establishment.find(schoolID, on: req.db) }
        var rows: [Row] = []
        var latestRun: PaymentRun?
        if let school {
            // Scoped load: only this authority's placements whose setting is this school's URN.
            let placements = try await Placement.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
                .filter(\.$setting == String(school.urn)).sort(\.$startsOn, .descending).range(..<500).all()
            let ids = placements.compactMap(\.id)
            let childIDs = placements.compactMap { $0.$child.id }
            // Names only for the children the school user may already see.
            var names: [UUID: String] = [:]
            if !childIDs.isEmpty, let scoped = try await ChildRepository(principal: principal, db: req.db).scoped() {
                for child in try await scoped.filter(\.$id ~~ childIDs).all() { names[child.id!] = child.fullName }
            }
            // The latest payment run that paid any of these placements, and its lines for them.
            var lines: [UUID: PaymentLine] = [:]
            if !ids.isEmpty {
                let paid = try await PaymentLine.query(on: req.db).join(PaymentRun.self, on: \PaymentLine.$run.$id == \PaymentRun.$id)
                    .filter(PaymentRun.self, \.$authority.$id == principal.authorityID).filter(\.$placement.$id ~~ ids)
                    .sort(PaymentRun.self, \.$from, .descending).all()
                if let first = paid.first, let run = try? first.joined(PaymentRun.self) {
                    latestRun = run
                    for line in paid where line.$run.id == first.$run.id { lines[line.$placement.id] = line }
                }
            }
            rows = placements.map { placement in
                Row(child: placement.$child.id.flatMap { names[$0] } ?? "UPN \(placement.upn)", placement: placement, line: placement.id.flatMap { lines[$0] })
            }
            try await AuditLog.record(ListAudit.entry("school.top_up.view", entityType: "placement", children: placements.map { $0.$child.id },
                                                      detail: "urn=\(school.urn)"),
                                      by: principal.auditActor, on: req.db)
        }
        let content = SchoolTopUpPages.page(school: school, rows: rows, latestRun: latestRun)
        return .html(HTMLPage(title: "Your school's top-up", chrome: try await req.chrome(for: principal, current: .schoolTopUp), errors: [], content: content))
    }
}

enum SchoolTopUpPages {
    static func page(school: Establishment?, rows: [SchoolTopUpController.Row], latestRun: PaymentRun?) -> [HTMLNode] {
        guard let school else {
            return [h1("Your school's top-up"), p("Your account is not linked to a school. Ask the council's administrator to link it.")]
        }
        var content: [HTMLNode] = [
            h1("Your school's top-up", caption: "\(school.name) (URN \(school.urn))"),
            p("Top-up funding the council pays for pupils placed at your school, with each placement's band and annual amount. "
              + "Top-up is paid pro rata by the days in the placement within each payment period."),
        ]
        guard !rows.isEmpty else {
            content.append(p("The council has no placements recorded at your school."))
            return content
        }
        content.append(table(caption: "Placements at \(school.name)", headers: ["Child", "Band", "Annual top-up", "Starts", "Ends"], numericColumns: [2],
                             rows: rows.map { row in
                                 [TableCell(text: row.child), TableCell(text: row.placement.band ?? "No band"),
                                  TableCell(text: row.placement.annual.display, numeric: true), TableCell(text: row.placement.startsOn.longFormat),
                                  TableCell(text: row.placement.endsOn?.longFormat ?? "Open")]
                             }))
        guard let latestRun else {
            content.append(p("No payment run has paid these placements yet."))
            return content
        }
        let paid = rows.filter { $0.line != nil }
        content.append(table(caption: "Latest payment run: \(latestRun.label), \(latestRun.from.longFormat) to \(latestRun.to.longFormat)",
                             headers: ["Child", "Days", "Due", "Adjustment", "Total"], numericColumns: [1, 2, 3, 4],
                             rows: paid.map { row in
                                 let line = row.line!
                                 return [TableCell(text: row.child), TableCell(text: String(line.days), numeric: true),
                                         TableCell(text: Money(pence: line.duePence).display, numeric: true),
                                         TableCell(text: Money(pence: line.adjustmentPence).display, numeric: true),
                                         TableCell(text: Money(pence: line.duePence + line.adjustmentPence).display, numeric: true)]
                             }))
        return content
    }
}
