import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// A home page per role (issue 12 item 6): what needs that person today, in a fixed number of queries.
struct HomeController {
    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .home, roles: Roles.all, use: home)
    }

    @Sendable func home(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let view: HomeView
        switch principal.role {
        case .administrator: view = try await OversightHome.administrator(req, principal, today: today)
        case .caseworker: view = try await StaffHome.caseworker(req, principal, today: today)
        case .metCoordinator: view = try await StaffHome.coordinator(req, principal, today: today)
        case .metTeacher: view = try await StaffHome.teacher(req, principal, today: today)
        case .schoolUser: view = try await PartnerHome.school(req, principal, today: today)
        case .healthProfessional: view = try await PartnerHome.health(req, principal, today: today)
        case .parentCarer: view = try await PartnerHome.family(req, principal, today: today)
        case .finance, .electedMember: view = try await OversightHome.aggregate(req, principal, today: today)
        case .post16Adviser: view = try await Post16Home.adviser(req, principal, today: today)
        case .provider: view = HomeView(lead: "Bid for outreach commissioning rounds, see your contracts and log your visits to schools.", notes: [p([link("Outreach", href: SiteURL.outreach.path)])])
        }
        // The lists name children: reading them is reading their records, so the page is audited once.
        let shown = view.sections.reduce(0) { $0 + $1.items.count }
        try await AuditLog.record(ListAudit.entry("home.view", entityType: "home", children: view.sections.flatMap { $0.items.map(\.childID) },
                                                  detail: "role=\(principal.role.rawValue) items=\(shown)"), by: principal.auditActor, on: req.db)
        let chrome = try await req.chrome(for: principal, current: .home)
        return .html(HTMLPage(title: "Home", chrome: chrome, content: [h1("Welcome, \(principal.displayName)", caption: principal.role.displayName)] + view.render()))
    }
}

enum SENCounts {
    struct Count: Sendable { let label: String; let count: Int }

    static func byProvision(authorityID: UUID, on db: any Database) async throws -> [Count] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { let sen_provision: String; let n: Int }
        let rows = try await sql.select().column("sen_provision").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Child.schema).where("authority_id", .equal, authorityID).groupBy("sen_provision").all(decoding: Row.self)
        let byCode = Dictionary(uniqueKeysWithValues: rows.map { ($0.sen_provision, $0.n) })
        return SENProvision.allCases.map { Count(label: $0.displayName, count: byCode[$0.rawValue] ?? 0) }
    }
}
