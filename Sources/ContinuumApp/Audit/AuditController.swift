import Fluent
import FluentSQL
import SQLKit
import Vapor
import GOVUK
import ContinuumDomain

/// The audit trail for administrators, filtered by user, child, action and date range.
struct AuditController {
    static let pageSize = 100

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .adminAudit, roles: Roles.administrators, use: list)
    }

    /// Two councils share one database and one chain. A row belongs to this council when its user does;
    /// a row with no user (failed sign-ins, public requests, commands) only when it can be attributed:
    /// it is about one of this council's children, its accounts, or the council itself. The rest (sign-in
    /// attempts for unknown emails, backups) stay in the chain for the operator and `audit verify`.
    static func scope(_ query: QueryBuilder<AuditEvent>, to authorityID: UUID, on db: any Database) async throws {
        let users = try await User.query(on: db).filter(\.$authority.$id == authorityID).all()
        let userIDs = users.compactMap(\.id)
        let children: SQLQueryString = "child_id IN (SELECT id FROM \(ident: Child.schema) WHERE authority_id = \(bind: authorityID))"
        query.group(.or) { either in
            either.filter(\.$userID ~~ userIDs)
            either.group(.and) { anonymous in
                anonymous.filter(\.$userID == nil).group(.or) { attributed in
                    attributed.filter(.sql(embed: children))
                    attributed.group(.and) { $0.filter(\.$entityType == "user").filter(\.$entityID ~~ userIDs.map(\.uuidString)) }
                    attributed.filter(\.$actor ~~ users.map { "anonymous (\($0.email))" })
                    attributed.group(.and) { $0.filter(\.$entityType == "authority").filter(\.$entityID == authorityID.uuidString) }
                }
            }
        }
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        func param(_ name: String) -> String { ((try? req.query.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespaces) }
        let user = param("user"), child = param("child"), action = param("action"), from = param("from"), to = param("to")
        var errors: [FormError] = []
        let childID = UUID(uuidString: child)
        if !child.isEmpty && childID == nil { errors.append(FormError(field: "child", message: "Child reference must be the record's ID, like 3F2504E0-4F89-11D3-9A0C-0305E82C3301")) }
        let fromDate = DateEntry(from).date, toDate = DateEntry(to).date
        if !from.isEmpty && fromDate == nil { errors.append(FormError(field: "from", message: "From date must be a real date, for example 1 9 2026")) }
        if !to.isEmpty && toDate == nil { errors.append(FormError(field: "to", message: "To date must be a real date, for example 1 9 2026")) }
        if let fromDate, let toDate, toDate < fromDate { errors.append(FormError(field: "to", message: "To date must be the same as or after the from date")) }

        var events: [AuditEvent] = []
        if errors.isEmpty {
            let query = AuditEvent.query(on: req.db)
            try await Self.scope(query, to: principal.authorityID, on: req.db)
            if !user.isEmpty { query.filter(\.$actor ~~ ChildSearch.likeSafe(user.lowercased())) }
            if let childID { query.filter(\.$childID == childID) }
            if !action.isEmpty { query.filter(\.$action ~~ ChildSearch.likeSafe(action.lowercased())) }
            if let fromDate { query.filter(\.$occurredAt >= fromDate.description) }
            if let toDate { query.filter(\.$occurredAt < toDate.adding(days: 1).description) }
            events = try await query.sort(\.$seq, .descending).limit(Self.pageSize).all()
        }
        let chrome = try await req.chrome(for: principal, current: .adminAudit)
        return .html(HTMLPage(title: "Audit trail", chrome: chrome, errors: errors, content: [
            h1("Audit trail"),
            p("Every look at and change to a child's record, every sign-in and every refused request. The trail is chained with a keyed MAC: run continuum audit verify to prove no row was changed or removed. Rows without a signed-in user appear here when they concern this council's children or accounts."),
            getForm(action: SiteURL.adminAudit.path, [
                el("div", [.cls("app-search")], [
                    textInput(Field(name: "user", label: "User email", value: user, spellcheck: false)),
                    textInput(Field(name: "child", label: "Child record ID", value: child, error: errors.message(for: "child"), spellcheck: false)),
                    textInput(Field(name: "action", label: "Action", value: action, hint: "For example child.view or sign_in", spellcheck: false)),
                    dateInput(Field(name: "from", label: "From date", value: from, hint: "For example, 1 9 2026", error: errors.message(for: "from"), widthClass: "govuk-input--width-10")),
                    dateInput(Field(name: "to", label: "To date", value: to, hint: "For example, 1 9 2026", error: errors.message(for: "to"), widthClass: "govuk-input--width-10")),
                    button("Filter", secondary: true),
                ]),
            ]),
            events.isEmpty ? p("No audit rows match.") :
                table(caption: "Latest \(events.count) matching rows", headers: ["Row", "When (UTC)", "Who", "Role", "Action", "Record", "Detail", "Address"],
                      rows: events.map { e in
                          [TableCell(text: String(e.seq)), TableCell(text: String(e.occurredAt.prefix(19)).replacingOccurrences(of: "T", with: " ")),
                           TableCell(text: e.actor), TableCell(text: Role(rawValue: e.role)?.displayName ?? e.role), TableCell(text: e.action),
                           TableCell(e.childID.map { link("Child", href: SiteURL.child(.value(ChildID($0))).path) } ?? txt(e.entityType + (e.entityID.map { " " + $0.prefix(8) } ?? ""))),
                           TableCell(text: e.detail), TableCell(text: e.socketAddress)]
                      }),
        ]))
    }
}
