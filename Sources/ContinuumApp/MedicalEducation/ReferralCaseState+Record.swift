import Fluent
import GOVUK
import ContinuumDomain

/// The one mapping between a referral's record and the state its workflow reads and writes.
extension Referral {
    /// `hasReintegrationPlan` is read only where closing needs it (rulebook HN-11).
    func workflowState(hasReintegrationPlan: Bool = false) -> ReferralCaseState {
        ReferralCaseState(id: ReferralID(rawValue: id!), status: statusValue, urgent: urgent, decided: decided, decisionReasons: decisionReasons,
                          decidedBy: decidedBy, closed: closedOn.flatMap(CalendarDate.init(iso:)), closureOutcome: closureOutcome,
                          hasReintegrationPlan: hasReintegrationPlan)
    }

    /// Writes the workflow's new state back; the version moves so open forms see the change.
    func update(from state: ReferralCaseState) {
        status = state.status.rawValue
        decidedOn = state.decided?.description
        decisionReasons = state.decisionReasons
        decidedBy = state.decidedBy
        closedOn = state.closed?.description
        closureOutcome = state.closureOutcome
        version += 1
    }
}

extension EHCActionProblems {
    /// The problems as the error summary shows them.
    var formErrors: [FormError] { problems.map { FormError(field: $0.field, message: $0.message) } }
}
