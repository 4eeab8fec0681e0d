import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Top-up payment runs for finance (issue 15 item 2): make a run for a term or a month, see its total, and
/// download it as a CSV for the finance system. Pipe: decode → load → PaymentRunRules → save with audit → redirect.
struct PaymentRunsController {
    static let roles: Set<Role> = [.administrator, .finance]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financePaymentRuns, roles: Self.roles, use: list)
        routes.secure(.POST, .financePaymentRuns, roles: Self.roles, use: create)
        routes.secure(.GET, .financePaymentRun(.key), roles: Self.roles, use: download)
    }

    struct RunForm: Content { var label: String?; var from: String?; var to: String? }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        try await page(req, principal, form: RunForm(), errors: [], status: .ok)
    }

    private func page(_ req: Request, _ principal: Principal, form: RunForm, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let runs = try await PaymentRun.query(on: req.db).filter(\.$authority.$id == principal.authorityID).sort(\.$from, .descending).all()
        let content = FinancePages.paymentRuns(runs, form: form, errors: errors, csrf: principal.csrfToken)
        return .html(HTMLPage(title: "Top-up payment runs", chrome: try await req.chrome(for: principal, current: .finance), errors: errors, content: content), status: status)
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(RunForm.self)) ?? RunForm()
        var checks = FormChecks()
        let today = CalendarDate.today()
        let label = checks.text(form.label, field: "label", missing: "Enter a name for the run, like Autumn term 2026", limit: 100)
        let from = checks.date(form.from, field: "from", label: "the period starts", today: today, allowFuture: true)
        let to = checks.date(form.to, field: "to", label: "the period ends", today: today, allowFuture: true)
        guard checks.errors.isEmpty, let from, let to else { return try await page(req, principal, form: form, errors: checks.errors, status: .unprocessableEntity) }
        let made = try await PaymentRunMaker.make(authorityID: principal.authorityID, label: label, from: from, to: to, madeBy: principal.displayName,
                                                  actor: principal.auditActor, on: req.db)
        let run: PaymentRun
        switch made {
        case let .failure(problem):
            let field = problem == .endsBeforeStart ? "to" : "from"
            return try await page(req, principal, form: form, errors: [FormError(field: field, message: problem.description)], status: .unprocessableEntity)
        case let .success(made): run = made
        }
        return req.redirect(to: SiteURL.financePaymentRuns.path(fragment: "run-\(run.id!.uuidString)"))
    }

    /// The run as a CSV for the finance system (`PaymentRunMaker.csv`).
    @Sendable func download(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("runID", as: UUID.self),
              let run = try await PaymentRun.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first()
        else { throw Abort(.notFound) }
        let csv = try await PaymentRunMaker.csv(run, on: req.db)
        try await AuditLog.record(AuditEntry(action: "finance.payment_run.download", entityType: "payment_run", entityID: id.uuidString, detail: run.label),
                                  by: principal.auditActor, on: req.db)
        return ReportsController.attachment(csv, contentType: "text/csv; charset=utf-8", filename: "top-up-\(run.from)-to-\(run.to).csv")
    }
}

extension FinancePages {
    static func paymentRuns(_ runs: [PaymentRun], form: PaymentRunsController.RunForm, errors: [FormError], csrf: String) -> [HTMLNode] {
        var content: [HTMLNode] = [
            h1("Top-up payment runs", caption: "Finance"),
            p("A run pays each placement's top-up for a term or a month, pro rata by days in the placement, with any backdated "
              + "adjustment where an amount or a date changed after an earlier run. A period is paid once: a run that overlaps one already made is refused."),
        ]
        if runs.isEmpty { content.append(p("No payment runs yet.")) } else {
            content.append(table(caption: "Payment runs", headers: ["Run", "Period", "Total", "Made by", "Download"], numericColumns: [2],
                                 rows: runs.map { run in
                                     [TableCell(el("span", [.id("run-\(run.id!.uuidString)")], text: run.label)),
                                      TableCell(text: "\(run.from.longFormat) to \(run.to.longFormat)"),
                                      TableCell(text: Money(pence: run.totalPence).display, numeric: true), TableCell(text: run.madeBy),
                                      TableCell(link("CSV", href: SiteURL.financePaymentRun(.value(run.id!)).path, visuallyHiddenSuffix: " for \(run.label)"))]
                                 }))
        }
        content.append(h2("Make a payment run"))
        content.append(postForm(action: SiteURL.financePaymentRuns.path, csrfToken: csrf, [
            textInput(Field(name: "label", label: "Name of the run", value: form.label ?? "", hint: "For example, Autumn term 2026", error: errors.message(for: "label"))),
            dateInput(Field(name: "from", label: "First day of the period", value: form.from ?? "", hint: "For example, 1 9 2026", error: errors.message(for: "from"))),
            dateInput(Field(name: "to", label: "Last day of the period", value: form.to ?? "", hint: "Within the same financial year, for example 31 12 2026", error: errors.message(for: "to"))),
            button("Make the payment run"),
        ]))
        return content
    }
}
