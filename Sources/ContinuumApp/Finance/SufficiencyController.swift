import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Sufficiency for finance and commissioners (issue 15 item 4; HNB-4): specialist placements in force by
/// sector with their cost against a local special place, the assessments under way that may need a place,
/// and WX-1's lever as a scenario, which can be recorded as a DSG management plan workstream.
struct SufficiencyController {
    static let roles: Set<Role> = [.administrator, .finance]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financeSufficiency, roles: Self.roles, use: show)
        routes.secure(.POST, .financeSufficiency, roles: Self.roles, use: record)
    }

    struct Figures {
        let asAt: CalendarDate
        let state: Sufficiency.Sector
        let independent: Sufficiency.Sector
        let underAssessment: Int
    }

    /// Two queries: the placements in force today and the count of assessments under way.
    static func figures(authorityID: UUID, asAt: CalendarDate, on db: any Database) async throws -> Figures {
        let placements = try await Placement.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$startsOn <= asAt).group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= asAt) }
            .filter(\.$settingTypeRaw ~~ [PlacementType.specialState, .nmss, .independentSpecial].map(\.rawValue)).all()
        func sector(_ types: Set<PlacementType>) -> Sufficiency.Sector {
            let chosen = placements.filter { $0.settingType.map(types.contains) ?? false }
            return .init(placements: chosen.count, annualTotal: Money.sum(chosen.map(\.annual)), placeFundingTotal: Money.sum(chosen.compactMap(\.placeFunding)))
        }
        let under = try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$stageRaw ~~ [EHCStage.assessing, .draftIssued].map(\.rawValue)).count()
        return Figures(asAt: asAt, state: sector([.specialState]), independent: sector([.nmss, .independentSpecial]), underAssessment: under)
    }

    struct ScenarioForm: Content { var pupils: String?; var independent: String?; var topup: String? }

    /// The scenario's inputs, defaulting to the council's own means and WX-1's ten pupils.
    static func scenario(_ form: ScenarioForm, figures: Figures, checks: inout FormChecks) -> Sufficiency.Scenario? {
        let pupilsText = (form.pupils ?? "").trimmingCharacters(in: .whitespaces)
        let pupils = pupilsText.isEmpty ? 10 : Int(pupilsText)
        let independent = checks.money(form.independent, field: "independent", subject: "the independent place's annual cost", required: false)
            ?? figures.independent.meanAnnual ?? Money(pence: 5_500_000)
        let topUp = checks.money(form.topup, field: "topup", subject: "the local place's annual top-up", required: false)
            ?? figures.state.meanAnnual ?? Money(pence: 1_500_000)
        guard let pupils, case let .success(scenario) = Sufficiency.scenario(pupils: pupils, independentCost: independent,
                                                                               localPlaceFunding: PlacementType.specialState.defaultPlaceFunding!, localTopUp: topUp) else {
            checks.errors.append(FormError(field: "pupils", message: Sufficiency.Problem.pupilsOutOfRange.description))
            return nil
        }
        return checks.errors.isEmpty ? scenario : nil
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.query.decode(ScenarioForm.self)) ?? ScenarioForm()
        return try await page(req, principal, form: form, status: .ok)
    }

    private func page(_ req: Request, _ principal: Principal, form: ScenarioForm, status: HTTPStatus) async throws -> Response {
        let figures = try await Self.figures(authorityID: principal.authorityID, asAt: .today(), on: req.db)
        var checks = FormChecks()
        let scenario = Self.scenario(form, figures: figures, checks: &checks)
        try await AuditLog.record(AuditEntry(action: "finance.sufficiency.view", entityType: "report"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "Sufficiency of specialist places", chrome: try await req.chrome(for: principal, current: .finance), errors: checks.errors,
                              content: SufficiencyPages.page(figures, form: form, scenario: scenario, errors: checks.errors, csrf: principal.csrfToken)),
                     status: checks.errors.isEmpty ? status : .unprocessableEntity)
    }

    /// Records the scenario as a workstream saving in each of the plan's projected years (WX-1: "recorded as a workstream saving").
    @Sendable func record(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ScenarioForm.self)) ?? ScenarioForm()
        let figures = try await Self.figures(authorityID: principal.authorityID, asAt: .today(), on: req.db)
        var checks = FormChecks()
        guard let scenario = Self.scenario(form, figures: figures, checks: &checks), scenario.savingPerYear > .zero else {
            if checks.errors.isEmpty { checks.errors.append(FormError(field: "pupils", message: "The scenario saves nothing, so there is no saving to record")) }
            return .html(HTMLPage(title: "Sufficiency of specialist places", chrome: try await req.chrome(for: principal, current: .finance), errors: checks.errors,
                                  content: SufficiencyPages.page(figures, form: form, scenario: nil, errors: checks.errors, csrf: principal.csrfToken)),
                         status: .unprocessableEntity)
        }
        let authorityID = principal.authorityID
        let current = FinancialYear(containing: .today())
        let years = DSGPlanPages.savingYears(current: current)
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let item = DSGWorkstream()
            item.$authority.id = authorityID
            item.title = "Placements and commissioning: \(scenario.pupils) independent placements to local special places"
            item.lead = principal.displayName
            item.startsOn = current.next.start
            item.statusRaw = DSGPlan.WorkstreamStatus.planned.rawValue; item.ragRaw = RAG.amber.rawValue
            try await item.create(on: db)
            for year in years {
                let saving = DSGWorkstreamSaving()
                saving.$workstream.id = item.id!; saving.financialYear = year.description; saving.savingPence = scenario.savingPerYear.pence
                try await saving.create(on: db)
            }
            return ([AuditEntry(action: "finance.dsg_plan.workstream", entityType: "dsg_workstream", entityID: item.id?.uuidString,
                                detail: "sufficiency scenario: \(scenario.pupils) pupils, \(scenario.savingPerYear.decimal) a year")], ())
        }
        return req.redirect(to: SiteURL.financeDSGPlan.path(fragment: "workstreams"))
    }
}

enum SufficiencyPages {
    static func page(_ f: SufficiencyController.Figures, form: SufficiencyController.ScenarioForm, scenario: Sufficiency.Scenario?,
                     errors: [FormError], csrf: String) -> [HTMLNode] {
        func mean(_ sector: Sufficiency.Sector, full: Bool) -> String { (full ? sector.meanFullCost : sector.meanAnnual)?.display ?? "No placements" }
        var content: [HTMLNode] = [
            h1("Sufficiency of specialist places", caption: "Finance"),
            p("Specialist placements in force on \(f.asAt.longFormat), from the placements Continuum holds. An independent or non-maintained special school "
              + "has no place funding, so its whole fee is top-up from the High Needs Block (s251 line 1.2.3); a state special school place has £10,000 "
              + "place funding plus top-up (HNB-4). Transport and health contributions are not included."),
            table(caption: "Specialist placements in force by sector", captionSize: "s",
                  headers: ["Sector", "Placements", "Annual cost (fee or top-up)", "Place funding", "Mean cost per placement"], numericColumns: [1, 2, 3, 4],
                  rows: [("State special schools", f.state), ("Independent and non-maintained special schools", f.independent)].map { label, sector in
                      [TableCell(text: label), TableCell(text: String(sector.placements), numeric: true), TableCell(text: sector.annualTotal.display, numeric: true),
                       TableCell(text: sector.placeFundingTotal.display, numeric: true), TableCell(text: mean(sector, full: true), numeric: true)]
                  }),
        ]
        if let independent = f.independent.meanFullCost, let state = f.state.meanFullCost {
            content.append(p("An independent or non-maintained place costs \((independent - state).display) a year more than a state special place, on average."))
        }
        content.append(p("Assessments under way that may need a place: \(f.underAssessment) (needs assessments and draft plans)."))
        content.append(h2("Scenario: move placements to local special places"))
        content.append(getForm(action: SiteURL.financeSufficiency.path, [
            textInput(Field(name: "pupils", label: "Number of pupils", value: form.pupils ?? "10", hint: "Future placements made locally instead of independently",
                            error: errors.message(for: "pupils"), widthClass: "govuk-input--width-4", inputMode: "numeric")),
            textInput(Field(name: "independent", label: "Annual cost of an independent place, in pounds", value: form.independent ?? (f.independent.meanAnnual?.decimal ?? ""),
                            hint: "Defaults to the mean of the independent and non-maintained placements held", error: errors.message(for: "independent"),
                            widthClass: "govuk-input--width-10", inputMode: "decimal")),
            textInput(Field(name: "topup", label: "Annual top-up of a local special place, in pounds", value: form.topup ?? (f.state.meanAnnual?.decimal ?? ""),
                            hint: "Defaults to the mean top-up of the state special placements held", error: errors.message(for: "topup"),
                            widthClass: "govuk-input--width-10", inputMode: "decimal")),
            button("Work out the saving", secondary: true),
        ]))
        guard let scenario else { return content }
        content.append(summaryList([
            SummaryRow("Independent place", text: scenario.independentCost.display + " a year"),
            SummaryRow("Local special place", text: "\(scenario.localCost.display) a year (\(scenario.localPlaceFunding.display) place funding + \(scenario.localTopUp.display) top-up)"),
            SummaryRow("Saving per pupil", text: scenario.savingPerPupil.display + " a year"),
            SummaryRow("Saving for \(scenario.pupils) pupils", text: scenario.savingPerYear.display + " a year"),
        ]))
        content.append(details(summary: "The assumptions", [
            p("Each pupil would otherwise take an independent day place at the cost above, and instead takes a local state special place that exists "
              + "or is created: £10,000 place funding (HNF-2) plus the top-up above. Capital costs, transport and health contributions are left out. "
              + "The saving is a full year's, from the year after next's plan starts (WX-1's lever)."),
        ]))
        if scenario.savingPerYear > .zero {
            content.append(postForm(action: SiteURL.financeSufficiency.path, csrfToken: csrf, [
                hiddenInput(name: "pupils", value: String(scenario.pupils)), hiddenInput(name: "independent", value: scenario.independentCost.decimal),
                hiddenInput(name: "topup", value: scenario.localTopUp.decimal),
                button("Record as a DSG management plan workstream"),
            ]))
        }
        return content
    }
}
