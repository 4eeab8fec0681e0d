import Fluent
import GOVUK
import ContinuumDomain

/// The one mapping between a referral's record and the state its workflow reads and writes.
extension Referral {
    /// `hasReintegrationPlan` is read only where closing needs it (rulebook HN-11).
    func workflowState(hasReintegrationPlan: Bool = false) -> ReferralCaseState {
        ReferralCaseState(id: ReferralID(rawValue: id!), status: statusValue, urgent: urgent, decided: decidedOn, decisionReasons: decisionReasons,
                          decidedBy: decidedBy, closed: closedOn, closureOutcome: closureOutcome,
                          hasReintegrationPlan: hasReintegrationPlan, evidenceRequested: evidenceRequestedOn, evidenceReceived: evidenceReceivedOn)
    }

    /// Writes the workflow's new state back. A change of status, decision or closure moves the version so open
    /// forms see it; the evidence's arrival (HN-4) and casework on other records leave the version, and open forms, alone.
    func update(from state: ReferralCaseState) {
        if state.evidenceReceived != evidenceReceivedOn { evidenceReceivedOn = state.evidenceReceived }
        // The was-pattern, as EHC's mapping: compare what the workflow decides, then write it and move the version.
        let was = (status: statusValue, decided: decidedOn, reasons: decisionReasons, by: decidedBy, closed: closedOn, outcome: closureOutcome)
        guard state.status != was.status || state.decided != was.decided || state.decisionReasons != was.reasons || state.decidedBy != was.by
                || state.closed != was.closed || state.closureOutcome != was.outcome else { return }
        status = state.status.rawValue
        decidedOn = state.decided
        decisionReasons = state.decisionReasons
        decidedBy = state.decidedBy
        closedOn = state.closed
        closureOutcome = state.closureOutcome
        version += 1
    }
}

extension EHCActionProblems {
    /// The problems as the error summary shows them.
    var formErrors: [FormError] { problems.map { FormError(field: $0.field, message: $0.message) } }
}
