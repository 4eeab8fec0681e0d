import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The DSG management plan for finance (issue 15 item 5; DSGMP): the template's tables computed from
/// Continuum's records, the workstream log and the engagement record that finance adds to, and the whole
/// plan as an .xlsx workbook with the template's tabs or as CSV tables. Aggregates only: no child is named.
struct DSGPlanController {
    static let roles: Set<Role> = [.administrator, .finance]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financeDSGPlan, roles: Self.roles, use: show)
        routes.secure(.GET, .financeDSGPlanWorkbook, roles: Self.roles, use: workbook)
        for table in DSGPlanWorkbook.Table.allCases {
            routes.secure(.GET, .financeDSGPlanCSV(table), roles: Self.roles) { req, principal in try await csv(req, principal, table) }
        }
        routes.secure(.POST, .financeDSGPlanWorkstreams, roles: Self.roles, use: addWorkstream)
        routes.secure(.POST, .financeDSGPlanEngagement, roles: Self.roles, use: addEngagement)
    }

    private func report(_ req: Request, _ principal: Principal) async throws -> DSGPlanReport {
        guard let authority = try await Authority.find(principal.authorityID, on: req.db) else { throw Abort(.notFound) }
        return try await DSGPlanQuery.report(authority: authority, asAt: .today(), on: req.db)
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        try await page(req, principal, forms: .init(), errors: [], status: .ok)
    }

    struct Forms {
        var workstream: [String: String] = [:]
        var engagement: [String: String] = [:]
    }

    private func page(_ req: Request, _ principal: Principal, forms: Forms, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let report = try await report(req, principal)
        try await AuditLog.record(AuditEntry(action: "finance.dsg_plan.view", entityType: "report", detail: "as at \(report.asAt)"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "DSG management plan", chrome: try await req.chrome(for: principal, current: .finance), errors: errors,
                              content: DSGPlanPages.plan(report, forms: forms, errors: errors, csrf: principal.csrfToken)), status: status)
    }

    @Sendable func workbook(_ req: Request, _ principal: Principal) async throws -> Response {
        let report = try await report(req, principal)
        let data = try XLSXArchive.data(try DSGPlanWorkbook.workbook(report))
        try await AuditLog.record(AuditEntry(action: "finance.dsg_plan.workbook", entityType: "report", detail: "as at \(report.asAt)"), by: principal.auditActor, on: req.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: XLSXArchive.mediaType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"dsg-management-plan-\(report.laCode)-\(report.asAt).xlsx\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    @Sendable func csv(_ req: Request, _ principal: Principal, _ table: DSGPlanWorkbook.Table) async throws -> Response {
        let report = try await report(req, principal)
        try await AuditLog.record(AuditEntry(action: "finance.dsg_plan.csv", entityType: "report", detail: "\(table.rawValue) as at \(report.asAt)"), by: principal.auditActor, on: req.db)
        return ReportsController.attachment(DSGPlanWorkbook.csv(DSGPlanWorkbook.table(table, report)), contentType: "text/csv; charset=utf-8",
                                            filename: "dsg-plan-\(table.rawValue)-\(report.asAt).csv")
    }

    /// Decode → check → save with its audit row → back to the plan.
    @Sendable func addWorkstream(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let today = CalendarDate.today()
        let current = FinancialYear(containing: today)
        var checks = FormChecks(today: today)
        let title = checks.text(form["title"], field: "title", missing: "Enter the workstream's title", limit: 200)
        let lead = checks.text(form["lead"], field: "lead", missing: "Enter who leads the workstream", limit: 200)
        let starts = checks.date(form["starts"], field: "starts", label: "the workstream starts", today: today, allowFuture: true)
        let endsRaw = (form["ends"] ?? "").trimmingCharacters(in: .whitespaces)
        let ends = DateEntry(endsRaw).isBlank ? nil : checks.date(endsRaw, field: "ends", label: "the workstream ends", notBefore: starts,
                                                                   notBeforeLabel: "the workstream starts", today: today, allowFuture: true)
        let status = DSGPlan.WorkstreamStatus(rawValue: form["status"] ?? "")
        if status == nil { checks.errors.append(FormError(field: "status", message: "Select the workstream's status")) }
        let rag = RAG(rawValue: form["rag"] ?? "")
        if rag == nil { checks.errors.append(FormError(field: "rag", message: "Select the workstream's RAG rating")) }
        let condition = checks.optionalText(form["sv_condition"], field: "sv_condition", limit: 500)
        var savings: [(FinancialYear, Money)] = []
        for year in DSGPlanPages.savingYears(current: current) {
            if let amount = checks.money(form[DSGPlanPages.savingField(year)], field: DSGPlanPages.savingField(year), subject: "the saving in \(year)", required: false),
               amount > .zero { savings.append((year, amount)) }
        }
        guard checks.errors.isEmpty, let starts, let status, let rag else {
            return try await page(req, principal, forms: .init(workstream: form), errors: checks.errors, status: .unprocessableEntity)
        }
        let authorityID = principal.authorityID
        let savingsToSave = savings
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let item = DSGWorkstream()
            item.$authority.id = authorityID
            item.title = title; item.lead = lead; item.startsOn = starts; item.endsOn = ends
            item.statusRaw = status.rawValue; item.ragRaw = rag.rawValue; item.svCondition = condition
            try await item.create(on: db)
            for (year, amount) in savingsToSave {
                let saving = DSGWorkstreamSaving()
                saving.$workstream.id = item.id!; saving.financialYear = year.description; saving.savingPence = amount.pence
                try await saving.create(on: db)
            }
            return ([AuditEntry(action: "finance.dsg_plan.workstream", entityType: "dsg_workstream", entityID: item.id?.uuidString,
                                detail: "\(title): \(savingsToSave.map { "\($0.0) \($0.1.decimal)" }.joined(separator: ", "))")], ())
        }
        return req.redirect(to: SiteURL.financeDSGPlan.path(fragment: "workstreams"))
    }

    @Sendable func addEngagement(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        let audience = DSGPlan.Audience(rawValue: form["audience"] ?? "")
        if audience == nil { checks.errors.append(FormError(field: "audience", message: "Select who was engaged")) }
        let held = checks.date(form["held"], field: "held", label: "the engagement took place", today: today)
        let method = checks.text(form["method"], field: "method", missing: "Enter how they were engaged, like a Schools Forum meeting or a survey", limit: 200)
        let summary = checks.text(form["summary"], field: "summary", missing: "Enter what was asked or said", limit: 4000)
        let outcome = checks.text(form["outcome"], field: "outcome", missing: "Enter what changed as a result, or that nothing did yet", limit: 4000)
        guard checks.errors.isEmpty, let audience, let held else {
            return try await page(req, principal, forms: .init(engagement: form), errors: checks.errors, status: .unprocessableEntity)
        }
        let authorityID = principal.authorityID
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let event = DSGEngagementEvent()
            event.$authority.id = authorityID
            event.audienceRaw = audience.rawValue; event.heldOn = held; event.method = method; event.summary = summary; event.outcome = outcome
            try await event.create(on: db)
            return ([AuditEntry(action: "finance.dsg_plan.engagement", entityType: "dsg_engagement_event", entityID: event.id?.uuidString,
                                detail: "\(audience.label) on \(held)")], ())
        }
        return req.redirect(to: SiteURL.financeDSGPlan.path(fragment: "engagement"))
    }
}
