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
        guard let id = req.parameters.get("referralID", as: ReferralID.self), let r = try await ReferralRepository(principal: principal, db: req.db).find(id) else { throw Abort(.notFound) }
        return r
    }

    /// The pipe for the forms without a version check: apply, then save with the audit row and redirect, or show the page again.
    private func run(_ action: ReferralAction, on referral: Referral, _ req: Request, _ principal: Principal) async throws -> Response {
        let actions = ReferralActions(req: req, principal: principal)
        switch try await actions.apply(action, to: referral) {
        case let .failure(problems): return try await actions.again(referral, problems)
        case let .success(transition): try await actions.save(transition, to: referral)
        }
        return req.redirect(to: SiteURL.referral(.value(referral.referralID)).path)
    }

    /// A review held with the health professionals' input; the next is scheduled at the authority's interval (HN-12).
    @Sendable func review(_ req: Request, _ principal: Principal) async throws -> Response {
        let r = try await load(req, principal)
        let form = (try? req.content.decode(ReviewForm.self)) ?? ReviewForm()
        return try await run(.recordReview(heldOn: DateInput.parse(form.heldOn), healthInput: form.healthInput, outcome: form.outcome), on: r, req, principal)
    }

    /// The reintegration plan (HN-11), made or replaced.
    @Sendable func plan(_ req: Request, _ principal: Principal) async throws -> Response {
        let r = try await load(req, principal)
        let form = (try? req.content.decode(PlanForm.self)) ?? PlanForm()
        return try await run(.savePlan(goals: form.goals, steps: form.steps, schoolContact: form.schoolContact, targetOn: DateInput.parse(form.targetOn)), on: r, req, principal)
    }

    /// Closing: the domain checks the plan (HN-11) and the grades; the version guards against a change made meanwhile.
    @Sendable func close(_ req: Request, _ principal: Principal) async throws -> Response {
        let r = try await load(req, principal)
        let form = (try? req.content.decode(CloseForm.self)) ?? CloseForm()
        let hasPlan = try await ReintegrationPlan.query(on: req.db).filter(\.$referral.$id == r.id!).count() > 0
        let action = ReferralAction.close(outcome: form.outcome.flatMap(ClosureOutcome.init(rawValue:)), on: DateInput.parse(form.closedOn),
                                          results: [(.englishLanguage, "English", form.english), (.maths, "Maths", form.maths), (.combinedScience, "Science", form.science)])
        let actions = ReferralActions(req: req, principal: principal)
        let transition: ReferralTransition
        switch try await actions.apply(action, to: r, hasReintegrationPlan: hasPlan) {
        case let .failure(problems): return try await actions.again(r, problems)
        case let .success(applied): transition = applied
        }
        guard form.version == r.version else { throw Abort(.conflict, reason: "Someone else changed this referral; nothing was saved. Go back and try again.") }
        try await actions.save(transition, to: r)
        return req.redirect(to: SiteURL.referral(.value(r.referralID)).path)
    }
}
