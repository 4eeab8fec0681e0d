import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The Section 19 (Medical Education) service budget for finance (issue 15 item 7; MET-FIN-1 to MET-FIN-3): the
/// year's funding lines, its charging scheme and the charges it makes from the provision recorded, and the cost
/// per child served, per average roll and per taught hour with their bases. Pipe: decode → scoped load → domain → save with audit.
struct METBudgetController {
    static let roles: Set<Role> = [.administrator, .finance]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financeMETBudget, roles: Self.roles, use: show)
        routes.secure(.POST, .financeMETBudgetLines, roles: Self.roles, use: addLine)
        routes.secure(.POST, .financeMETChargeScheme, roles: Self.roles, use: setScheme)
    }

    struct Query: Content { var year: String? }
    struct LineForm: Content { var year: String?; var source: String?; var amount: String?; var s251Line: String?; var basisNote: String? }
    struct SchemeForm: Content { var year: String?; var basis: String?; var rate: String? }

    struct Loaded {
        let year: FinancialYear
        let budget: ServiceBudget
        let scheme: ChargeScheme?
        let provision: METProvision
    }

    /// Five queries whatever the number of lines or children.
    static func load(_ authorityID: UUID, year: FinancialYear, today: CalendarDate, on db: any Database) async throws -> Loaded {
        let lines = try await ServiceBudgetLineRecord.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$financialYear == year.description).sort(\.$createdAt).all()
        let scheme = try await ChargeSchemeRecord.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$financialYear == year.description).first()
        let provision = try await METProvisionQuery.load(authorityID: authorityID, year: year, through: today, on: db)
        return Loaded(year: year, budget: ServiceBudget(year: year, lines: lines.map(\.line)), scheme: scheme?.scheme(year), provision: provision)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let today = CalendarDate.today()
        let raw = ((try? req.query.decode(Query.self))?.year ?? "").trimmingCharacters(in: .whitespaces)
        var year = FinancialYear(containing: today)
        var errors: [FormError] = []
        if !raw.isEmpty {
            if let chosen = FinancialYear(raw) { year = chosen }
            else { errors.append(FormError(field: "year", message: "Financial year must be like \(year), the year it starts and the next year's last two digits")) }
        }
        return try await page(req, principal, year: year, rawYear: errors.isEmpty ? year.description : raw, errors: errors,
                              line: LineForm(), scheme: nil, status: .ok)
    }

    private func page(_ req: Request, _ principal: Principal, year: FinancialYear, rawYear: String, errors: [FormError],
                      line: LineForm, scheme: SchemeForm?, status: HTTPStatus) async throws -> Response {
        let loaded = try await Self.load(principal.authorityID, year: year, today: .today(), on: req.db)
        // Every read of a child's data is audited: the page lists children by UPN with their charges.
        try await AuditLog.record(AuditEntry(action: "finance.met_budget.view", entityType: "report",
                                             detail: "year=\(year) children=\(loaded.provision.childrenServed)"), by: principal.auditActor, on: req.db)
        let content = METBudgetPages.page(loaded, rawYear: rawYear, errors: errors, line: line, scheme: scheme, csrf: principal.csrfToken)
        return .html(HTMLPage(title: "Section 19 service budget", chrome: try await req.chrome(for: principal, current: .finance),
                              errors: errors, content: content), status: status)
    }

    private static func year(_ raw: String?) -> FinancialYear {
        FinancialYear((raw ?? "").trimmingCharacters(in: .whitespaces)) ?? FinancialYear(containing: .today())
    }

    @Sendable func addLine(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(LineForm.self)) ?? LineForm()
        let year = Self.year(form.year)
        var checks = FormChecks()
        let source = FundingSource(rawValue: form.source ?? "")
        if source == nil { checks.errors.append(FormError(field: "source", message: "Select where the money comes from")) }
        let amount = checks.money(form.amount, field: "amount", subject: "the amount")
        let note = checks.text(form.basisNote, field: "basisNote", missing: "Enter the basis of the figure, such as the allocation it comes from or \"historical information\"", limit: 500)
        // S251-4: a line from that year's list, or none yet (⚠ finance maps the service to a line).
        let lineCode = (form.s251Line ?? "").trimmingCharacters(in: .whitespaces)
        if !lineCode.isEmpty && S251LineList.forYear(year)?.line(lineCode) == nil {
            checks.errors.append(FormError(field: "s251Line", message: "Select an s251 line of the \(year) list, or not mapped yet"))
        }
        guard checks.errors.isEmpty, let source, let amount else {
            return try await page(req, principal, year: year, rawYear: year.description, errors: checks.errors, line: form, scheme: nil, status: .unprocessableEntity)
        }
        let authorityID = principal.authorityID, addedBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let record = ServiceBudgetLineRecord()
            record.$authority.id = authorityID
            record.financialYear = year.description; record.source = source.rawValue; record.amountPence = amount.pence
            record.s251Line = lineCode.isEmpty ? nil : lineCode; record.basisNote = note; record.addedBy = addedBy
            try await record.create(on: db)
            return ([AuditEntry(action: "finance.met_budget.line_add", entityType: "met_budget_line", entityID: record.id?.uuidString,
                                detail: "\(year) \(source.rawValue) \(amount.decimal)")], ())
        }
        return req.redirect(to: SiteURL.financeMETBudget.path(["year": year.description]))
    }

    @Sendable func setScheme(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(SchemeForm.self)) ?? SchemeForm()
        let year = Self.year(form.year)
        var checks = FormChecks()
        let basis = ChargeBasis(rawValue: form.basis ?? "")
        if basis == nil { checks.errors.append(FormError(field: "basis", message: "Select how schools are charged")) }
        // No rate is needed where nothing is computed.
        let blank = (form.rate ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        let rate: Money? = blank && (basis == .noCharge || basis == .negotiated) ? Money.zero : checks.money(form.rate, field: "rate", subject: "the rate")
        guard checks.errors.isEmpty, let basis, let rate else {
            return try await page(req, principal, year: year, rawYear: year.description, errors: checks.errors, line: LineForm(), scheme: form, status: .unprocessableEntity)
        }
        let authorityID = principal.authorityID, setBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let record = try await ChargeSchemeRecord.query(on: db).filter(\.$authority.$id == authorityID)
                .filter(\.$financialYear == year.description).first() ?? ChargeSchemeRecord()
            let before = record.id == nil ? "none" : "\(record.basis) \(Money(pence: record.ratePence).decimal)"
            record.$authority.id = authorityID
            record.financialYear = year.description; record.basis = basis.rawValue; record.ratePence = rate.pence; record.setBy = setBy
            try await record.save(on: db)
            return ([AuditEntry(action: "finance.met_budget.charge_scheme", entityType: "met_charge_scheme", entityID: record.id?.uuidString,
                                detail: "\(year): \(before) → \(basis.rawValue) \(rate.decimal)")], ())
        }
        return req.redirect(to: SiteURL.financeMETBudget.path(["year": year.description]))
    }
}
