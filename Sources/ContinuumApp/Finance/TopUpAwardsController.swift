import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Top-up awards (TOPUP-3, TOPUP-4, TOPUP-6): record a child's award with the panel's band decision, see
/// the SEN K review tasks, and the £6,000 prompt to consider an EHC needs assessment, which never blocks.
/// Pipe: decode → scoped load → TopUpAwardRules → save with its audit row → redirect.
struct TopUpAwardsController {
    static let roles: Set<Role> = [.administrator, .finance, .caseworker]

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.GET, .financeTopUpAwards, roles: Self.roles, use: list)
        routes.secure(.POST, .financeTopUpAwards, roles: Self.roles, use: create)
    }

    struct AwardForm: Content {
        var upn: String?, basis: String?, start: String?, end: String?
        var provisionMapCost: String?, requestedBand: String?, awardedBand: String?, reason: String?
        enum CodingKeys: String, CodingKey {
            case upn, basis, start, end, reason
            case provisionMapCost = "provision-map-cost", requestedBand = "requested-band", awardedBand = "awarded-band"
        }
    }

    @Sendable func list(_ req: Request, _ principal: Principal) async throws -> Response {
        let recorded = req.query[String.self, at: "recorded"].flatMap(UUID.init(uuidString:))
        return try await page(req, principal, form: AwardForm(), errors: [], recorded: recorded, status: .ok)
    }

    /// The page, with every child it names audited in one row (ListAudit).
    private func page(_ req: Request, _ principal: Principal, form: AwardForm, errors: [FormError], recorded: UUID?, status: HTTPStatus) async throws -> Response {
        let today = CalendarDate.today()
        let authority = try await Authority.find(principal.authorityID, on: req.db)
        let awards = try await TopUpAward.query(on: req.db).filter(\.$authority.$id == principal.authorityID)
            .with(\.$child).sort(\.$startsOn, .descending).range(..<200).all()
        let framework = try await BandFrameworkQuery.current(authorityID: principal.authorityID, on: today, db: req.db)
        try await AuditLog.record(ListAudit.entry("finance.top_up_awards.view", entityType: "top_up_award", children: awards.map { $0.$child.id }),
                                  by: principal.auditActor, on: req.db)
        let content = TopUpAwardsPages.page(awards: awards, recorded: awards.first { $0.id == recorded }, framework: framework,
                                            policy: authority?.topUpAwardPolicy ?? TopUpAwardPolicy(), form: form, errors: errors,
                                            csrf: principal.csrfToken, today: today)
        let current: SiteURL? = principal.role == .caseworker ? nil : .finance
        return .html(HTMLPage(title: "Top-up awards", chrome: try await req.chrome(for: principal, current: current), errors: errors, content: content), status: status)
    }

    @Sendable func create(_ req: Request, _ principal: Principal) async throws -> Response {
        let form = (try? req.content.decode(AwardForm.self)) ?? AwardForm()
        let today = CalendarDate.today()
        var checks = FormChecks(today: today)
        // Decode: each field's own checks, all reported at once.
        let upn = UPN.validate(form.upn ?? "")
        if let reason = upn.reason { checks.errors.append(FormError(field: "upn", message: "Enter the child's UPN: \(reason)")) }
        let basis = TopUpBasis(rawValue: form.basis ?? "")
        if basis == nil { checks.errors.append(FormError(field: "basis", message: "Select the basis of the award")) }
        let start = checks.date(form.start, field: "start", label: "the award starts", today: today, allowFuture: true)
        let rawEnd = (form.end ?? "").trimmingCharacters(in: .whitespaces)
        let end = rawEnd.isEmpty ? nil : checks.date(rawEnd, field: "end", label: "the award ends", today: today, allowFuture: true)
        let rawCost = (form.provisionMapCost ?? "").replacingOccurrences(of: "£", with: "").replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        let cost = rawCost.isEmpty ? nil : Money(decimal: rawCost)
        if !rawCost.isEmpty && (cost == nil || cost! < .zero) {
            checks.errors.append(FormError(field: "provision-map-cost", message: "Annual cost of the provision map must be an amount in pounds, like 9600.00"))
        }
        let reason = checks.optionalText(form.reason, field: "reason", limit: 4000)
        // Scoped load: the child (finance's scope is the authority's funded children), its plan, the framework.
        var child: Child?
        if let value = upn.upn {
            child = try await Self.children(principal, on: req.db)?.filter(\.$upn == value.value).first()
            if child == nil { checks.errors.append(FormError(field: "upn", message: "No child with UPN \(value.value) is on the council's records")) }
        }
        guard checks.errors.isEmpty, let child, let basis, let start else {
            return try await page(req, principal, form: form, errors: checks.errors, recorded: nil, status: .unprocessableEntity)
        }
        let childID = try child.requireID()
        let hasPlan = try await EHCCase.query(on: req.db).filter(\.$child.$id == childID)
            .filter(\.$stageRaw ~~ [EHCStage.finalIssued, .underReview, .amendmentProposed].map(\.rawValue)).count() > 0
        let framework = try await BandFrameworkQuery.current(authorityID: principal.authorityID, on: start, db: req.db)
        let policy = try await Authority.find(principal.authorityID, on: req.db)?.topUpAwardPolicy ?? TopUpAwardPolicy()
        // Domain action.
        let decision: BandDecision
        switch BandDecision.make(requested: form.requestedBand, awarded: form.awardedBand, reason: reason, framework: framework) {
        case let .failure(problem):
            return try await page(req, principal, form: form, errors: [FormError(field: problem.field, message: problem.description)], recorded: nil, status: .unprocessableEntity)
        case let .success(made): decision = made
        }
        let input = TopUpAwardRules.Input(basis: basis, start: start, end: end, provisionMapCost: cost, decision: decision, framework: framework,
                                          childDateOfBirth: child.dateOfBirth, hasActivePlan: hasPlan)
        let award: TopUpAwardRules.Award
        switch TopUpAwardRules.check(input, policy: policy) {
        case let .failure(problems):
            return try await page(req, principal, form: form, errors: problems.list.map { FormError(field: $0.field, message: $0.description) }, recorded: nil, status: .unprocessableEntity)
        case let .success(made): award = made
        }
        // Save with its audit row.
        let row = TopUpAward()
        row.$authority.id = principal.authorityID; row.$child.id = childID
        row.basisRaw = award.basis.rawValue
        row.frameworkVersion = award.frameworkVersion; row.frameworkName = award.frameworkVersion == nil ? nil : framework?.name
        row.requestedBand = decision.requested; row.awardedBand = decision.awarded; row.reason = decision.reason
        row.annualPence = award.annual.pence; row.provisionMapPence = award.provisionMapCost?.pence
        row.startsOn = award.start; row.endsOn = award.end; row.reviewDueOn = award.reviewDue
        row.status = "active"; row.recordedBy = principal.displayName
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            try await row.create(on: db)
            return ([AuditEntry(action: "finance.top_up_award.recorded", entityType: "top_up_award", entityID: row.id?.uuidString, childID: childID,
                                detail: "\(award.basis.rawValue) \(award.start) to \(award.end?.description ?? "open"), \(award.annual.decimal) a year"
                                    + (decision.awarded.map { ", band \($0)" } ?? "") + (award.promptsEHCAssessment ? ", EHC needs assessment prompt shown" : ""))], ())
        }
        return req.redirect(to: SiteURL.financeTopUpAwards.path(["recorded": row.id!.uuidString]))
    }

    /// The children a person recording awards may name: the council's, as for placements (finance holds no
    /// ChildRepository scope of its own), otherwise the person's own scope.
    static func children(_ principal: Principal, on db: any Database) async throws -> QueryBuilder<Child>? {
        if principal.role == .finance { return Child.query(on: db).filter(\.$authority.$id == principal.authorityID) }
        return try await ChildRepository(principal: principal, db: db).scoped()
    }
}
