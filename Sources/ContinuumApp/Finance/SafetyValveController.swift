import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// The Safety Valve agreement for finance (issue 15 items 6 and 8): the payment schedule with what DfE has
/// released, the conditions and the risk register, the monitoring returns with their RAG and their frozen
/// copies of both, and the members' briefing note, a printable page.
/// Pipe: decode → scoped load → domain rule → save with its audit row in AuditLog.transaction → redirect or render.
struct SafetyValveController {
    static let roles: Set<Role> = [.administrator, .finance]
    /// Members read the briefing note (issue 15 item 8); it holds no child's data.
    static let briefingRoles: Set<Role> = [.administrator, .finance, .electedMember]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financeSafetyValve, roles: Self.roles, use: show)
        routes.secure(.GET, .financeSafetyValveBriefing, roles: Self.briefingRoles, use: briefing)
        routes.secure(.POST, .financeSafetyValveReturns, roles: Self.roles, use: addReturn)
        routes.secure(.POST, .financeSafetyValveDecisions, roles: Self.roles, use: recordDecision)
        routes.secure(.POST, .financeSafetyValveConditions, roles: Self.roles, use: addCondition)
        routes.secure(.POST, .financeSafetyValveRisks, roles: Self.roles, use: addRisk)
        routes.secure(.POST, .financeSafetyValveSchedules, roles: Self.roles, use: addSchedule)
    }

    struct ReturnForm: Content {
        var label: String?; var financialYear: String?; var dueOn: String?; var target: String?; var forecast: String?
        var narrative: String?; var nextStep: String?
    }
    struct DecisionForm: Content { var returnID: String?; var decision: String?; var decidedOn: String?; var instalment: String?; var note: String? }
    struct ConditionForm: Content { var title: String?; var details: String?; var status: String? }
    struct RiskForm: Content {
        var title: String?; var owner: String?; var controls: String?
        var likelihood: String?; var impact: String?; var residualLikelihood: String?; var residualImpact: String?
        var conditionID: String?; var workstream: String?
    }
    struct ScheduleForm: Content { var lines: String? }

    /// What was typed into the form that failed, to show again beside its errors.
    struct Forms {
        var returnForm = ReturnForm()
        /// The return form's per-condition fields: `status-ID`, `narrative-ID`, `evidence-ID`.
        var conditionFields: [String: String] = [:]
        var decision = DecisionForm()
        var condition = ConditionForm()
        var risk = RiskForm()
        var schedule = ScheduleForm()
    }

    struct Loaded {
        let agreement: SafetyValveAgreement
        let schedule: [SafetyValveInstalment]
        let scheduleVersion: Int
        let returns: [SafetyValveReturn]
        let conditions: [SafetyValveCondition]
        let risks: [SafetyValveRiskRecord]
        /// Each return's frozen copies, by return id.
        let frozenRisks: [UUID: [SafetyValveReturnRisk]]
        let frozenConditions: [UUID: [SafetyValveReturnCondition]]

        var conditionsByID: [UUID: SafetyValveCondition] { Dictionary(uniqueKeysWithValues: conditions.map { ($0.id!, $0) }) }
        /// The register now, as the domain's values.
        var register: [SafetyValveRisk] { let byID = conditionsByID; return risks.map { $0.risk(conditions: byID) } }
    }

    /// Seven queries whatever the number of instalments, returns, conditions or risks.
    static func load(_ authorityID: UUID, on db: any Database) async throws -> Loaded? {
        guard let agreement = try await SafetyValveAgreement.query(on: db).filter(\.$authority.$id == authorityID).first() else { return nil }
        let agreementID = try agreement.requireID()
        let all = try await SafetyValveInstalment.query(on: db).filter(\.$agreement.$id == agreementID).all()
        // The newest schedule version is the one in force; older versions are kept, never edited (SV-4).
        let latest = all.map(\.version).max() ?? 1
        let schedule = all.filter { $0.version == latest }.sorted { ($0.financialYear, $0.number) < ($1.financialYear, $1.number) }
        let returns = try await SafetyValveReturn.query(on: db).filter(\.$agreement.$id == agreementID).sort(\.$dueOn).all()
        let conditions = try await SafetyValveCondition.query(on: db).filter(\.$agreement.$id == agreementID).sort(\.$number).all()
        let risks = try await SafetyValveRiskRecord.query(on: db).filter(\.$agreement.$id == agreementID).sort(\.$createdAt).all()
        let returnIDs = returns.compactMap(\.id)
        let frozenRisks = returnIDs.isEmpty ? [] : try await SafetyValveReturnRisk.query(on: db).filter(\.$monitoringReturn.$id ~~ returnIDs).all()
        let frozenConditions = returnIDs.isEmpty ? [] : try await SafetyValveReturnCondition.query(on: db).filter(\.$monitoringReturn.$id ~~ returnIDs).all()
        return Loaded(agreement: agreement, schedule: schedule, scheduleVersion: latest, returns: returns, conditions: conditions, risks: risks,
                      frozenRisks: Dictionary(grouping: frozenRisks) { $0.$monitoringReturn.id },
                      frozenConditions: Dictionary(grouping: frozenConditions) { $0.$monitoringReturn.id })
    }

    @Sendable func show(_ req: Request, _ principal: Principal) async throws -> Response {
        try await page(req, principal, errors: [], forms: Forms(), status: .ok)
    }

    private func page(_ req: Request, _ principal: Principal, errors: [FormError], forms: Forms, status: HTTPStatus) async throws -> Response {
        let loaded = try await Self.load(principal.authorityID, on: req.db)
        try await AuditLog.record(AuditEntry(action: "finance.safety_valve.view", entityType: "report"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "Safety Valve agreement", chrome: try await req.chrome(for: principal, current: .finance), errors: errors,
                              content: SafetyValvePages.agreement(loaded, errors: errors, forms: forms, csrf: principal.csrfToken)), status: status)
    }

    @Sendable func briefing(_ req: Request, _ principal: Principal) async throws -> Response {
        let loaded = try await Self.load(principal.authorityID, on: req.db)
        try await AuditLog.record(AuditEntry(action: "finance.safety_valve.briefing", entityType: "report"), by: principal.auditActor, on: req.db)
        return .html(HTMLPage(title: "Safety Valve briefing note", chrome: try await req.chrome(for: principal, current: nil),
                              printable: true, content: SafetyValvePages.briefing(loaded)))
    }

    private static let noAgreement = FormError(field: "agreement", message: "No Safety Valve agreement is recorded for this council, so there is nothing to add to")

    private static func trimmed(_ raw: String?) -> String { (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// SV-5: a new monitoring return, rated by SV-8 under the agreement's tolerance (stored with it), freezing the
    /// risk register and each condition's status, RAG, narrative and evidence as they stand.
    @Sendable func addReturn(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ReturnForm.self)) ?? ReturnForm()
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let conditionFields = fields.filter { $0.key.hasPrefix("status-") || $0.key.hasPrefix("narrative-") || $0.key.hasPrefix("evidence-") }
        let forms = Forms(returnForm: form, conditionFields: conditionFields)
        guard let loaded = try await Self.load(principal.authorityID, on: req.db) else {
            return try await page(req, principal, errors: [Self.noAgreement], forms: forms, status: .unprocessableEntity)
        }
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        let label = checks.text(form.label, field: "label", missing: "Enter the return's name, like 2025-26 return 2", limit: 200)
        let year = FinancialYear(Self.trimmed(form.financialYear))
        if year == nil { checks.errors.append(FormError(field: "financialYear", message: "Financial year must be like 2025-26, the year it starts and the next year's last two digits")) }
        let due = checks.date(form.dueOn, field: "dueOn", label: "the return is due", today: today, allowFuture: true)
        // The in-year balance may be negative: a deficit year.
        let target = checks.money(form.target, field: "target", subject: "the in-year balance target", allowNegative: true)
        let forecast = checks.money(form.forecast, field: "forecast", subject: "the in-year balance forecast", allowNegative: true)
        let narrative = checks.text(form.narrative, field: "narrative", missing: "Enter what the figures mean, for members and DfE", limit: 4000)
        let nextStep = checks.text(form.nextStep, field: "nextStep", missing: "Enter the next step", limit: 1000)
        var reported: [(condition: SafetyValveCondition, status: SafetyValveConditionStatus, narrative: String, evidence: String)] = []
        for condition in loaded.conditions {
            let key = condition.id!.uuidString
            let raw = Self.trimmed(fields["status-\(key)"])
            guard let status = raw.isEmpty ? condition.statusValue : SafetyValveConditionStatus(rawValue: raw) else {
                checks.errors.append(FormError(field: "status-\(key)", message: "Select the status of condition \(condition.number)"))
                continue
            }
            let said = checks.optionalText(fields["narrative-\(key)"], field: "narrative-\(key)", limit: 2000) ?? ""
            let evidence = checks.optionalText(fields["evidence-\(key)"], field: "evidence-\(key)", limit: 2000) ?? ""
            reported.append((condition, status, said, evidence))
        }
        guard checks.errors.isEmpty, let year, let due, let target, let forecast else {
            return try await page(req, principal, errors: checks.errors, forms: forms, status: .unprocessableEntity)
        }
        let agreementID = loaded.agreement.id!, tolerance = loaded.agreement.tolerance
        let riskIDs = loaded.risks.map { $0.id! }
        // SV-5: the copy is made from values now; a later edit to a risk changes the register, never this return.
        let frozen = FrozenRiskRegister.freeze(loaded.register)
        let rows = reported
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let item = SafetyValveReturn()
            item.$agreement.id = agreementID
            item.label = label; item.financialYear = year.description; item.dueOn = due
            item.targetPence = target.pence; item.forecastPence = forecast.pence; item.narrative = narrative; item.nextStep = nextStep
            item.rate(tolerance: tolerance, conditionMissed: rows.contains { $0.status == .missed })
            try await item.create(on: db)
            let returnID = try item.requireID()
            for (riskID, risk) in zip(riskIDs, frozen.risks) {
                try await SafetyValveReturnRisk(returnID: returnID, riskID: riskID, risk).create(on: db)
            }
            var entries = [AuditEntry(action: "finance.safety_valve.return_add", entityType: "sv_return", entityID: returnID.uuidString,
                                      detail: "\(label) \(year): target \(target.decimal) forecast \(forecast.decimal) → \(item.rag) (variance \(Money(pence: item.variancePence).decimal)); risks frozen=\(frozen.count) conditions=\(rows.count)")]
            for row in rows {
                let record = SafetyValveReturnCondition()
                record.$monitoringReturn.id = returnID; record.conditionID = row.condition.id!; record.title = row.condition.reference
                record.status = row.status.rawValue; record.rag = row.status.rag.rawValue; record.narrative = row.narrative; record.evidence = row.evidence
                try await record.create(on: db)
                if row.condition.status != row.status.rawValue {
                    entries.append(AuditEntry(action: "finance.safety_valve.condition_status", entityType: "sv_condition", entityID: row.condition.id!.uuidString,
                                              detail: "\(row.condition.status) → \(row.status.rawValue) in \(label)"))
                    row.condition.status = row.status.rawValue
                    try await row.condition.save(on: db)
                }
            }
            return (entries, ())
        }
        return req.redirect(to: SiteURL.financeSafetyValve.path)
    }

    /// DfE's decision on a return (SV-4): released, withheld, suspended or back-dated, with its date and note;
    /// it sets the status of the instalment it is about in the schedule in force.
    @Sendable func recordDecision(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(DecisionForm.self)) ?? DecisionForm()
        let forms = Forms(decision: form)
        guard let loaded = try await Self.load(principal.authorityID, on: req.db) else {
            return try await page(req, principal, errors: [Self.noAgreement], forms: forms, status: .unprocessableEntity)
        }
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        // Scoped: only this council's agreement's returns and instalments can be chosen.
        let item = loaded.returns.first { $0.id?.uuidString == Self.trimmed(form.returnID) }
        if item == nil { checks.errors.append(FormError(field: "returnID", message: "Select the return DfE decided on")) }
        let decision = SafetyValveDecision(rawValue: Self.trimmed(form.decision))
        if decision == nil { checks.errors.append(FormError(field: "decision", message: "Select DfE's decision")) }
        let decidedOn = checks.date(form.decidedOn, field: "decidedOn", label: "of DfE's decision", today: today)
        let instalment = loaded.schedule.first { $0.id?.uuidString == Self.trimmed(form.instalment) }
        if instalment == nil { checks.errors.append(FormError(field: "instalment", message: "Select the instalment the decision is about")) }
        let note = checks.optionalText(form.note, field: "note", limit: 2000) ?? ""
        guard checks.errors.isEmpty, let item, let decision, let decidedOn, let instalment else {
            return try await page(req, principal, errors: checks.errors, forms: forms, status: .unprocessableEntity)
        }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let before = instalment.status
            item.dfeDecision = decision.rawValue; item.decisionOn = decidedOn; item.decisionNote = note
            item.decisionInstalment = "\(instalment.financialYear) instalment \(instalment.number)"
            try await item.save(on: db)
            instalment.status = decision.instalmentStatus.rawValue
            try await instalment.save(on: db)
            return ([AuditEntry(action: "finance.safety_valve.decision", entityType: "sv_return", entityID: item.id!.uuidString,
                                detail: "\(item.label): \(decision.rawValue) on \(decidedOn)"),
                     AuditEntry(action: "finance.safety_valve.instalment_status", entityType: "sv_instalment", entityID: instalment.id!.uuidString,
                                detail: "\(instalment.financialYear) #\(instalment.number) v\(instalment.version): \(before) → \(instalment.status)")], ())
        }
        return req.redirect(to: SiteURL.financeSafetyValve.path)
    }

    /// SV-3, SV-9: a reform condition of the agreement, numbered in order.
    @Sendable func addCondition(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ConditionForm.self)) ?? ConditionForm()
        let forms = Forms(condition: form)
        guard let loaded = try await Self.load(principal.authorityID, on: req.db) else {
            return try await page(req, principal, errors: [Self.noAgreement], forms: forms, status: .unprocessableEntity)
        }
        var checks = FormChecks()
        let title = checks.text(form.title, field: "conditionTitle", missing: "Enter the condition's title", limit: 200)
        let details = checks.text(form.details, field: "conditionDetails", missing: "Enter what the condition asks of the council", limit: 4000)
        let status = SafetyValveConditionStatus(rawValue: Self.trimmed(form.status))
        if status == nil { checks.errors.append(FormError(field: "conditionStatus", message: "Select the condition's status")) }
        guard checks.errors.isEmpty, let status else {
            return try await page(req, principal, errors: checks.errors, forms: forms, status: .unprocessableEntity)
        }
        let agreementID = loaded.agreement.id!, number = (loaded.conditions.map(\.number).max() ?? 0) + 1
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let record = SafetyValveCondition()
            record.$agreement.id = agreementID
            record.number = number; record.title = title; record.details = details; record.status = status.rawValue
            try await record.create(on: db)
            return ([AuditEntry(action: "finance.safety_valve.condition_add", entityType: "sv_condition", entityID: record.id?.uuidString,
                                detail: "condition \(number): \(status.rawValue)")], ())
        }
        return req.redirect(to: SiteURL.financeSafetyValve.path)
    }

    /// SV-7: a risk with its inherent and residual likelihood × impact, owner and controls, linked to a
    /// condition of this agreement and a workstream.
    @Sendable func addRisk(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(RiskForm.self)) ?? RiskForm()
        let forms = Forms(risk: form)
        guard let loaded = try await Self.load(principal.authorityID, on: req.db) else {
            return try await page(req, principal, errors: [Self.noAgreement], forms: forms, status: .unprocessableEntity)
        }
        var checks = FormChecks()
        let title = checks.text(form.title, field: "riskTitle", missing: "Enter the risk", limit: 300)
        let owner = checks.text(form.owner, field: "riskOwner", missing: "Enter who owns the risk", limit: 200)
        let controls = checks.text(form.controls, field: "riskControls", missing: "Enter the controls in place", limit: 4000)
        func scale(_ raw: String?, _ field: String, _ name: String) -> Int? {
            guard let value = Int(Self.trimmed(raw)), RiskScore.range.contains(value) else {
                checks.errors.append(FormError(field: field, message: "Select the \(name), from 1 to 5")); return nil
            }
            return value
        }
        let l = scale(form.likelihood, "likelihood", "likelihood before controls"), i = scale(form.impact, "impact", "impact before controls")
        let rl = scale(form.residualLikelihood, "residualLikelihood", "likelihood after controls"), ri = scale(form.residualImpact, "residualImpact", "impact after controls")
        let conditionRaw = Self.trimmed(form.conditionID)
        let condition = loaded.conditions.first { $0.id?.uuidString == conditionRaw }
        if !conditionRaw.isEmpty && condition == nil { checks.errors.append(FormError(field: "conditionID", message: "Select a condition of this agreement, or none")) }
        let workstream = checks.optionalText(form.workstream, field: "workstream", limit: 200)
        guard checks.errors.isEmpty, let l, let i, let rl, let ri, let inherent = RiskScore(likelihood: l, impact: i), let residual = RiskScore(likelihood: rl, impact: ri) else {
            return try await page(req, principal, errors: checks.errors, forms: forms, status: .unprocessableEntity)
        }
        let agreementID = loaded.agreement.id!, conditionID = condition?.id
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let record = SafetyValveRiskRecord()
            record.$agreement.id = agreementID
            record.title = title; record.owner = owner; record.controls = controls
            record.likelihood = inherent.likelihood; record.impact = inherent.impact
            record.residualLikelihood = residual.likelihood; record.residualImpact = residual.impact
            record.$condition.id = conditionID; record.workstream = workstream
            try await record.create(on: db)
            return ([AuditEntry(action: "finance.safety_valve.risk_add", entityType: "sv_risk", entityID: record.id?.uuidString,
                                detail: "inherent \(inherent.score) residual \(residual.score)")], ())
        }
        return req.redirect(to: SiteURL.financeSafetyValve.path)
    }

    /// SV-4: a new payment schedule version, typed as lines "2025-26,1,737500.00"; refused, saving nothing,
    /// unless it totals the agreement's amount. Instalments already decided keep their status.
    @Sendable func addSchedule(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(ScheduleForm.self)) ?? ScheduleForm()
        let forms = Forms(schedule: form)
        guard let loaded = try await Self.load(principal.authorityID, on: req.db) else {
            return try await page(req, principal, errors: [Self.noAgreement], forms: forms, status: .unprocessableEntity)
        }
        let parsed = Self.scheduleLines(form.lines ?? "")
        var errors = parsed.errors
        let previous = Dictionary(loaded.schedule.map { ("\($0.financialYear)#\($0.number)", $0.status) }, uniquingKeysWith: { first, _ in first })
        let instalments = parsed.instalments.map { item in
            SafetyValveSchedule.Instalment(year: item.year, number: item.number, planned: item.planned,
                                           status: previous["\(item.year)#\(item.number)"].flatMap(SafetyValveSchedule.Status.init(rawValue:)) ?? .planned)
        }
        var schedule: SafetyValveSchedule?
        if errors.isEmpty {
            switch SafetyValveSchedule.make(version: loaded.scheduleVersion + 1, instalments: instalments, agreementTotal: loaded.agreement.total) {
            case let .success(made): schedule = made
            case let .failure(problem): errors.append(FormError(field: "lines", message: problem.description))
            }
        }
        guard errors.isEmpty, let schedule else {
            return try await page(req, principal, errors: errors, forms: forms, status: .unprocessableEntity)
        }
        let agreementID = loaded.agreement.id!
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let rows = schedule.instalments.map { item -> SafetyValveInstalment in
                let row = SafetyValveInstalment()
                row.$agreement.id = agreementID
                row.version = schedule.version; row.financialYear = item.year.description; row.number = item.number
                row.plannedPence = item.planned.pence; row.status = item.status.rawValue
                return row
            }
            try await rows.create(on: db)
            return ([AuditEntry(action: "finance.safety_valve.schedule_version", entityType: "sv_agreement", entityID: agreementID.uuidString,
                                detail: "version \(schedule.version): \(rows.count) instalments totalling \(schedule.total.decimal)")], ())
        }
        return req.redirect(to: SiteURL.financeSafetyValve.path)
    }

    /// Reads "2025-26,1,737500.00" lines; blank lines are skipped; each problem names its line.
    static func scheduleLines(_ text: String) -> (instalments: [SafetyValveSchedule.Instalment], errors: [FormError]) {
        var instalments: [SafetyValveSchedule.Instalment] = []
        var errors: [FormError] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let n = index + 1
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3 else {
                errors.append(FormError(field: "lines", message: "Line \(n) must be the financial year, the instalment number and the amount, separated by commas, like 2025-26,1,737500.00"))
                continue
            }
            guard let year = FinancialYear(parts[0]) else {
                errors.append(FormError(field: "lines", message: "Line \(n): the financial year must be like 2025-26")); continue
            }
            guard let number = Int(parts[1]), number >= 1 else {
                errors.append(FormError(field: "lines", message: "Line \(n): the instalment number must be a whole number, 1 or more")); continue
            }
            var checks = FormChecks()
            guard let amount = checks.money(parts[2], field: "lines", subject: "the amount on line \(n)") else {
                errors += checks.errors; continue
            }
            instalments.append(.init(year: year, number: number, planned: amount))
        }
        if instalments.isEmpty && errors.isEmpty {
            errors.append(FormError(field: "lines", message: "Enter the instalments, one a line, like 2025-26,1,737500.00"))
        }
        return (instalments, errors)
    }
}
