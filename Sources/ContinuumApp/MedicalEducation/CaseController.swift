import Fluent
import Vapor
import GOVUK
import ContinuumDomain

/// Reviews, the reintegration plan and closing a case.
struct CaseController {
    static let roles: Set<Role> = [.administrator, .metCoordinator]

    struct ReviewForm: Content { var heldOn: String?; var healthInput: String?; var outcome: String? }
    struct PlanForm: Content { var goals: String?; var steps: String?; var schoolContact: String?; var targetOn: String? }
    struct CloseForm: Content { var outcome: String?; var closedOn: String?; var english: String?; var maths: String?; var science: String?; var version: Int? }

    func register(_ routes: any RoutesBuilder) {
        routes.secure(.POST, .referralPart(.key, .reviews), roles: Self.roles, use: review)
        routes.secure(.POST, .referralPart(.key, .reintegration), roles: Self.roles, use: plan)
        routes.secure(.POST, .referralPart(.key, .close), roles: Self.roles, use: close)
    }

    private func load(_ req: Request, _ principal: Principal) async throws -> Referral {
        guard let id = req.parameters.get("referralID", as: UUID.self), let r = try await ReferralRepository(principal: principal, db: req.db).find(id) else { throw Abort(.notFound) }
        return r
    }

    private func again(_ req: Request, _ principal: Principal, _ r: Referral, _ errors: [FormError]) async throws -> Response {
        .html(try await ReferralController().detailPageFor(req, principal, r, errors: errors), status: .unprocessableEntity)
    }

    @Sendable func review(_ req: Request, _ principal: Principal) async throws -> Response {
        let r = try await load(req, principal)
        let form = (try? req.content.decode(ReviewForm.self)) ?? ReviewForm()
        var errors: [FormError] = []
        if r.statusValue != .accepted { errors.append(FormError(field: "heldOn", message: "Only a case receiving provision is reviewed")) }
        let held = DateInput.parse(form.heldOn)
        if held == nil { errors.append(FormError(field: "heldOn", message: "Enter the date the review was held, like 2026-11-20")) }
        else if held! > CalendarDate.today() { errors.append(FormError(field: "heldOn", message: "The review date can't be in the future")) }
        let health = (form.healthInput ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if health.isEmpty { errors.append(FormError(field: "healthInput", message: "Record the health professionals' input, or that none was given and why")) }
        let outcome = (form.outcome ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if outcome.isEmpty { errors.append(FormError(field: "reviewOutcome", message: "Record the outcome of the review")) }
        guard errors.isEmpty, let held else { return try await again(req, principal, r, errors) }
        let calendar = try await req.application.calendars.calendar(for: principal.authorityID, on: req.db)
        let next = calendar.addingSchoolDays(try await req.serviceTargets(for: principal.authorityID).reviewIntervalSchoolDays, to: calendar.nextSchoolDay(onOrAfter: held))
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            // The earliest open review is the one held; the next is scheduled at the authority's interval.
            let open = try await CaseReview.query(on: db).filter(\.$referral.$id == r.id!).filter(\.$heldOn == nil).sort(\.$dueOn).first()
            let record = open ?? CaseReview()
            record.$referral.id = r.id!
            if open == nil { record.dueOn = held.description }
            record.heldOn = held.description
            record.healthInput = health
            record.outcome = outcome
            try await record.save(on: db)
            let nextReview = CaseReview()
            nextReview.$referral.id = r.id!
            nextReview.dueOn = next.description
            try await nextReview.create(on: db)
            return ([AuditEntry(action: "case.reviewed", entityType: "referral", entityID: r.id?.uuidString, childID: r.$child.id, detail: "held \(held), next \(next)")], ())
        }
        return req.redirect(to: SiteURL.referral(.value(r.id!)).path)
    }

    @Sendable func plan(_ req: Request, _ principal: Principal) async throws -> Response {
        let r = try await load(req, principal)
        let form = (try? req.content.decode(PlanForm.self)) ?? PlanForm()
        var errors: [FormError] = []
        func text(_ v: String?, _ field: String, _ message: String) -> String {
            let t = (v ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { errors.append(FormError(field: field, message: message)) }
            return t
        }
        let goals = text(form.goals, "goals", "Enter the goals of the reintegration plan")
        let steps = text(form.steps, "steps", "Enter the steps back to school")
        let contact = text(form.schoolContact, "schoolContact", "Enter the home school's contact for the return")
        let target = DateInput.parse(form.targetOn)
        if target == nil { errors.append(FormError(field: "targetOn", message: "Enter a target date for the return, like 2027-04-20")) }
        guard errors.isEmpty, let target else { return try await again(req, principal, r, errors) }
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            let plan = try await ReintegrationPlan.query(on: db).filter(\.$referral.$id == r.id!).first() ?? ReintegrationPlan()
            plan.$referral.id = r.id!
            plan.goals = goals; plan.steps = steps; plan.schoolContact = contact; plan.targetOn = target.description
            try await plan.save(on: db)
            return ([AuditEntry(action: "case.reintegration_plan", entityType: "referral", entityID: r.id?.uuidString, childID: r.$child.id)], ())
        }
        return req.redirect(to: SiteURL.referral(.value(r.id!)).path)
    }

    @Sendable func close(_ req: Request, _ principal: Principal) async throws -> Response {
        let r = try await load(req, principal)
        let form = (try? req.content.decode(CloseForm.self)) ?? CloseForm()
        let hasPlan = try await ReintegrationPlan.query(on: req.db).filter(\.$referral.$id == r.id!).count() > 0
        let action = ReferralAction.close(outcome: form.outcome.flatMap(ClosureOutcome.init(rawValue:)), on: DateInput.parse(form.closedOn),
                                          results: [(.englishLanguage, "English", form.english), (.maths, "Maths", form.maths), (.combinedScience, "Science", form.science)])
        let rules = ReferralRules(calendar: try await req.application.calendars.calendar(for: principal.authorityID, on: req.db),
                                  reviewIntervalSchoolDays: try await req.serviceTargets(for: principal.authorityID).reviewIntervalSchoolDays)
        let transition: ReferralTransition
        switch ReferralWorkflow.apply(action, on: r.workflowState(hasReintegrationPlan: hasPlan), today: CalendarDate.today(), rules: rules) {
        case let .failure(problems): return try await again(req, principal, r, problems.formErrors)
        case let .success(applied): transition = applied
        }
        guard form.version == r.version else { throw Abort(.conflict, reason: "Someone else changed this referral; nothing was saved. Go back and try again.") }
        let episodes = try await ProvisionEpisode.query(on: req.db).filter(\.$referral.$id == r.id!).filter(\.$endsOn == nil).all()
        try await AuditLog.transaction(on: req.db, actor: principal.auditActor) { db in
            for effect in transition.effects {
                switch effect {
                case let .endOpenEpisodes(on): for e in episodes { e.endsOn = max(e.start, on).description; try await e.save(on: db) }
                // The structured copy is what reports read (Section19Evidence); the outcome's text stays for older readers.
                case let .recordGCSEResults(results):
                    for result in results { try await GCSEResult(referralID: r.id!, subject: result.subject, grade: result.grade).create(on: db) }
                case .scheduleReview, .createEpisode: break
                }
            }
            r.update(from: transition.state)
            try await r.save(on: db)
            return ([AuditEntry(action: transition.audit.action, entityType: "referral", entityID: r.id?.uuidString, childID: r.$child.id, detail: transition.audit.detail)], ())
        }
        return req.redirect(to: SiteURL.referral(.value(r.id!)).path)
    }
}
