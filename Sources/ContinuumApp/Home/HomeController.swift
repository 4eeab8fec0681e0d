import Fluent
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// A home page per role: what that person needs first. Aggregate-only roles see suppressed counts.
struct HomeController {
    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, "", roles: Roles.all, use: home)
    }

    @Sendable func home(_ req: Request, _ principal: Principal) async throws -> Response {
        let chrome = try await req.chrome(for: principal, current: "/")
        var content: [HTMLNode] = [h1("Welcome, \(principal.displayName)", caption: principal.role.displayName)]
        if principal.role.isAggregateOnly {
            let counts = try await SENCounts.byProvision(authorityID: principal.authorityID, on: req.db)
            let cells = SmallNumbers.suppress(counts.map(\.count))
            content.append(p("Figures for the whole authority. Numbers below 10 are shown as \"<10\", and a second figure is hidden where needed, so no child can be identified."))
            content.append(table(caption: "Children known to the SEND service by SEN provision", headers: ["SEN provision", "Children"], numericColumns: [1],
                                 rows: zip(counts, cells).map { [TableCell(text: $0.0.label), TableCell(text: $0.1, numeric: true)] }))
        } else {
            let visible = try await ChildRepository(principal: principal, db: req.db).count()
            content.append(el("div", [.cls("app-card-grid")], [
                el("div", [.cls("app-card")], [
                    el("span", [.cls("app-card__value")], text: String(visible)),
                    el("span", [.cls("app-card__label")], text: visible == 1 ? "child you can see" : "children you can see"),
                ]),
            ]))
            content.append(list(Navigation.items(for: principal.role).dropFirst().map { link($0.label, href: $0.href) }, bullet: true))
        }
        return .html(HTMLPage(title: "Home", chrome: chrome, content: content))
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
