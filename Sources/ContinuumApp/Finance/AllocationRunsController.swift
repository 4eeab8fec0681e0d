import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Census-based allocation runs for finance (TOPUP-2): make a run from the census snapshot of the children Continuum
/// holds, list the runs, and download one as a CSV. Pipe: decode → load the snapshot → AllocationRunRules → save the
/// run with its frozen per-school counts and its audit row → redirect.
struct AllocationRunsController {
    static let roles: Set<Role> = [.administrator, .finance]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financeAllocationRuns, roles: Self.roles, use: list)
        routes.secure(.POST, .financeAllocationRuns, roles: Self.roles, use: create)
        routes.secure(.GET, .financeAllocationRun(.key), roles: Self.roles, use: download)
    }

    struct RunForm: Content {
        var title: String?, pot: String?, census: String?, eligibility: String?, formula: String?
        var rate: String?, cap: String?, floor: String?, forum: String?
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        var form = RunForm()
        form.census = SEN2CensusDate.latest(onOrBefore: .today()).description
        return try await page(req, principal, form: form, errors: [], status: .ok)
    }

    private func page(_ req: Request, _ principal: Principal, form: RunForm, errors: [FormError], status: HTTPStatus) async throws -> Response {
        let runs = try await AllocationRun.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .sort(\.$createdAt, .descending).range(..<100).all()
        let content = AllocationRunPages.page(runs, form: form, errors: errors, csrf: principal.csrfToken)
        return .html(HTMLPage(title: "Census-based allocation runs", chrome: try await req.chrome(for: principal, current: .finance), errors: errors, content: content),
                     status: status)
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(RunForm.self)) ?? RunForm()
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        // Decode: every field's own checks, all reported at once.
        let title = checks.text(form.title, field: "title", missing: "Enter a name for the run, like Notional SEN top-up 2026-27", limit: 120)
        let pot = checks.money(form.pot, field: "pot", subject: "the pot")
        // SEN-3: the spring census is the third Thursday in January; the snapshot is of the records held, so not a future day.
        let census = checks.date(form.census, field: "census", label: "the census day", today: today)
        let eligibility = AllocationRunRules.Eligibility(rawValue: form.eligibility ?? "")
        if eligibility == nil { checks.errors.append(FormError(field: "eligibility", message: "Select which pupils count")) }
        let formula = AllocationRunRules.Formula(rawValue: form.formula ?? "")
        if formula == nil { checks.errors.append(FormError(field: "formula", message: "Select how the pot is shared")) }
        let rate = checks.money(form.rate, field: "rate", subject: "the rate per eligible pupil", required: formula == .perPupil)
        let cap = checks.money(form.cap, field: "cap", subject: "the cap per school", required: false)
        let floor = checks.money(form.floor, field: "floor", subject: "the floor per school", required: false)
        // The Schools Forum date is optional: three empty boxes are no date, anything else must be a real one.
        let forumBlank: Bool = if case .blank = DateEntry(form.forum) { true } else { false }
        let forum = forumBlank ? nil : checks.date(form.forum, field: "forum", label: "the Schools Forum met", today: today, allowFuture: true)
        guard checks.errors.isEmpty, let pot, let census, let eligibility, let formula else {
            return try await page(req, principal, form: form, errors: checks.errors, status: .unprocessableEntity)
        }
        // Load: the census snapshot, frozen into the run.
        let authorityID = principal.authorityID
        let schools = try await AllocationCensusQuery.snapshot(authorityID: authorityID, on: req.db)
        // Domain action.
        let spec = AllocationRunRules.Spec(pot: pot, eligibility: eligibility, formula: formula, rate: formula == .perPupil ? rate : nil, cap: cap, floor: floor)
        let outcome: AllocationRunRules.Outcome
        switch AllocationRunRules.run(spec, schools: schools) {
        case let .failure(problem):
            return try await page(req, principal, form: form, errors: [FormError(field: problem.field, message: problem.description)], status: .unprocessableEntity)
        case let .success(made): outcome = made
        }
        let counts = Dictionary(uniqueKeysWithValues: schools.map { ($0.urn, $0) })
        // Save with its audit row.
        let run = try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let run = AllocationRun()
            run.$authority.id = authorityID
            run.title = title; run.potPence = pot.pence; run.censusDate = census
            run.eligibilityRaw = eligibility.rawValue; run.formulaRaw = formula.rawValue
            run.ratePence = spec.rate?.pence; run.capPence = cap?.pence; run.floorPence = floor?.pence
            run.s251Line = AllocationRunRules.s251Line; run.totalPence = outcome.total.pence
            run.schoolsForumOn = forum; run.madeBy = principal.displayName
            try await run.create(on: db)
            let rows: [AllocationRunSchool] = outcome.lines.map { line in
                let row = AllocationRunSchool()
                row.$run.id = run.id!; row.schoolURN = line.urn; row.schoolName = line.name
                row.senSupportCount = counts[line.urn]?.senSupport ?? 0; row.ehcPlanCount = counts[line.urn]?.ehcPlans ?? 0
                row.eligibleCount = line.eligible; row.amountPence = line.amount.pence
                return row
            }
            for chunk in rows.chunked(into: 400) { try await chunk.create(on: db) }
            return ([AuditEntry(action: "finance.allocation_run", entityType: "allocation_run", entityID: run.id?.uuidString,
                                detail: "\(title): census \(census), \(eligibility.rawValue), \(formula.rawValue), pot \(pot.decimal), "
                                    + "\(rows.count) schools, allocated \(outcome.total.decimal), unallocated \(outcome.unallocated.decimal)")], run)
        }
        return req.redirect(to: SiteURL.financeAllocationRuns.path(fragment: "run-\(run.id!.uuidString)"))
    }

    /// The run as a CSV: one row per school, from the frozen snapshot, never recomputed.
    @Sendable func download(_ req: Request, _ principal: Principal) async throws -> Response {
        guard let id = req.parameters.get("allocationRunID", as: UUID.self),
              let run = try await AllocationRun.query(on: req.db).filter(\.$id == id).filter(\.$authority.$id == principal.authorityID).first()
        else { throw Abort(.notFound) }
        let rows = try await AllocationRunSchool.query(on: req.db).filter(\.$run.$id == id).sort(\.$schoolURN).all()
        try await AuditLog.record(AuditEntry(action: "finance.allocation_run.download", entityType: "allocation_run", entityID: id.uuidString, detail: run.title),
                                  by: principal.auditActor, on: req.db)
        return ReportsController.attachment(Self.csv(run, rows), contentType: "text/csv; charset=utf-8", filename: "allocation-\(run.censusDate).csv")
    }

    static func csv(_ run: AllocationRun, _ rows: [AllocationRunSchool]) -> String {
        var csv = "school_urn,school_name,census_date,eligibility,sen_support,ehc_plans,eligible,amount,s251_line\r\n"
        for row in rows {
            let cells = [row.schoolURN, row.schoolName, run.censusDate.description, run.eligibilityRaw, String(row.senSupportCount), String(row.ehcPlanCount),
                         String(row.eligibleCount), Money(pence: row.amountPence).decimal, run.s251Line]
            csv += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        }
        return csv
    }
}

enum AllocationRunPages {
    static func page(_ runs: [AllocationRun], form: AllocationRunsController.RunForm, errors: [FormError], csrf: String) -> [HTMLNode] {
        var content: [HTMLNode] = [
            h1("Census-based allocation runs", caption: "Finance"),
            p("A run shares a pot among mainstream schools by their pupils on SEN support (K) or with an EHC plan (E) on a census day, "
              + "for example an addition to schools' notional SEN budgets. Each run keeps the counts it was made from, so it reads back exactly "
              + "however the records change later."),
            // TOPUP-2 is LOCAL and its s251 mapping is flagged: say so on the page.
            insetText("How this council's runs work (TOPUP-2, a local rule): counts are the children Continuum holds, by home school, when the run is made; "
                      + "the census day defaults to the spring census, the third Thursday in January. Shares of the pot are pro rata to each school's "
                      + "eligible pupils, rounded to the penny by the largest remainder method so they add up to the pot exactly, unless caps bind. "
                      + "A floor applies to every school in the run, including one with no eligible pupils. "
                      + "Costs are recorded against s251 line \(AllocationRunRules.s251Line), additional high needs targeted funding for mainstream schools "
                      + "and academies: that mapping is the rulebook's reading, to confirm with your finance team."),
        ]
        if runs.isEmpty { content.append(p("No allocation runs yet.")) } else {
            content.append(table(caption: "Allocation runs", headers: ["Run", "Census day", "Who counts", "Pot", "Allocated", "Schools Forum", "Made by", "Download"],
                                 numericColumns: [3, 4], rows: runs.map(row)))
        }
        content.append(h2("Make an allocation run"))
        content.append(postForm(action: SiteURL.financeAllocationRuns.path, csrfToken: csrf, [
            textInput(Field(name: "title", label: "Name of the run", value: form.title ?? "", hint: "For example, Notional SEN top-up 2026-27", error: errors.message(for: "title"))),
            textInput(Field(name: "pot", label: "Pot, in pounds", value: form.pot ?? "", hint: "For example, 490000.00", error: errors.message(for: "pot"), widthClass: "govuk-input--width-10")),
            dateInput(Field(name: "census", label: "Census day", value: form.census ?? "", hint: "The spring census is the third Thursday in January", error: errors.message(for: "census"))),
            radios(Field(name: "eligibility", label: "Which pupils count", value: form.eligibility ?? "", error: errors.message(for: "eligibility")),
                   options: AllocationRunRules.Eligibility.allCases.map { Option($0.rawValue, $0.label) }),
            radios(Field(name: "formula", label: "How the pot is shared", value: form.formula ?? "", error: errors.message(for: "formula")),
                   options: AllocationRunRules.Formula.allCases.map { Option($0.rawValue, $0.label) }),
            textInput(Field(name: "rate", label: "Rate per eligible pupil, in pounds (for a rate per pupil)", value: form.rate ?? "",
                            hint: "Leave blank for shares of the pot", error: errors.message(for: "rate"), widthClass: "govuk-input--width-10")),
            textInput(Field(name: "cap", label: "Cap per school, in pounds (optional)", value: form.cap ?? "", error: errors.message(for: "cap"), widthClass: "govuk-input--width-10")),
            textInput(Field(name: "floor", label: "Floor per school, in pounds (optional)", value: form.floor ?? "", error: errors.message(for: "floor"), widthClass: "govuk-input--width-10")),
            dateInput(Field(name: "forum", label: "Schools Forum date (optional)", value: form.forum ?? "", hint: "When the Schools Forum agreed or was consulted on the run",
                            error: errors.message(for: "forum"))),
            button("Make the allocation run"),
        ]))
        return content
    }

    private static func row(_ run: AllocationRun) -> [TableCell] {
        [TableCell(el("span", [.id("run-\(run.id!.uuidString)")], text: run.title)),
         TableCell(text: run.censusDate.longFormat),
         TableCell(text: run.eligibility?.label ?? run.eligibilityRaw),
         TableCell(text: run.pot.display, numeric: true),
         TableCell(text: run.total.display, numeric: true),
         TableCell(text: run.schoolsForumOn?.longFormat ?? "Not recorded"),
         TableCell(text: run.madeBy),
         TableCell(link("CSV", href: SiteURL.financeAllocationRun(.value(run.id!)).path, visuallyHiddenSuffix: " for \(run.title)"))]
    }
}
