import Fluent
import GOVUK
import ContinuumDomain

/// The one mapping between a referral's record and the state its workflow reads and writes.
extension Referral {
    /// `hasReintegrationPlan` is read only where closing needs it (rulebook HN-11).
    func workflowState(hasReintegrationPlan: Bool = false) -> ReferralCaseState {
        ReferralCaseState(id: ReferralID(rawValue: id!), status: statusValue, urgent: urgent, decided: decided, decisionReasons: decisionReasons,
                          decidedBy: decidedBy, closed: closedOn.flatMap(CalendarDate.init(iso:)), closureOutcome: closureOutcome,
                          hasReintegrationPlan: hasReintegrationPlan, evidenceRequested: evidenceRequestedOn.flatMap(CalendarDate.init(iso:)),
                          evidenceReceived: evidenceReceivedOn.flatMap(CalendarDate.init(iso:)))
    }

    /// Writes the workflow's new state back. A change of status, decision or closure moves the version so open
    /// forms see it; the evidence's arrival (HN-4) and casework on other records leave the version, and open forms, alone.
    func update(from state: ReferralCaseState) {
        if state.evidenceReceived != evidenceReceivedOn.flatMap(CalendarDate.init(iso:)) { evidenceReceivedOn = state.evidenceReceived?.description }
        let decision = [state.status.rawValue, state.decided?.description, state.decisionReasons, state.decidedBy, state.closed?.description, state.closureOutcome]
        guard decision != [status, decidedOn, decisionReasons, decidedBy, closedOn, closureOutcome] else { return }
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
