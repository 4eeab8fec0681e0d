import Fluent
import Foundation
import ContinuumDomain

/// The one place the Fluent records of a case become the domain's `EHCCaseState`, and the state
/// goes back onto the record. Both hold dates as CalendarDate (the record stores them as YYYY-MM-DD text).
extension EHCCase {
    /// The case's id as the domain types it; the record must have been saved.
    var caseID: EHCCaseID { EHCCaseID(rawValue: id!) }

    /// The state of this case with the related records its rules read, loaded on `db`.
    func state(on db: any Database) async throws -> EHCCaseState {
        let caseID = try requireID()
        let advice = try await EHCAdviceRequest.query(on: db).filter(\.$ehcCase.$id == caseID).sort(\.$requestedOn).all()
        let consultations = try await EHCConsultation.query(on: db).filter(\.$ehcCase.$id == caseID).sort(\.$consultedOn).all()
        let reassessments = try await EHCCase.query(on: db).filter(\.$previousCaseID == caseID).all()
        var previousStage: EHCStage?
        if let previousCaseID { previousStage = try await EHCCase.find(previousCaseID, on: db)?.stage }
        return state(advice: advice, consultations: consultations, reassessments: reassessments, previousStage: previousStage)
    }

    /// The mapping itself, from records already loaded.
    func state(advice: [EHCAdviceRequest], consultations: [EHCConsultation], reassessments: [EHCCase], previousStage: EHCStage?) -> EHCCaseState {
        var state = EHCCaseState(id: caseID, childID: $child.id.map { ChildID(rawValue: $0) }, kind: kind, stage: stage, request: requestedOn, requester: requester)
        state.decision = decisionOn
        state.decisionReasons = decisionReasons
        state.draftServed = draftServedOn
        state.familyComments = familyComments
        state.preferredSchool = preferredSchool
        state.schoolConsulted = schoolConsultedOn
        state.finalIssued = finalIssuedOn
        state.placement = placement
        state.exception = exception
        state.exceptionReason = exceptionReason
        state.exceptionEvidence = EHCExceptionEvidence.stored(for: exception, adviceRequest: exceptionAdviceID.map { EHCAdviceRequestID(rawValue: $0) },
                                                              start: exceptionPeriodStart, end: exceptionPeriodEnd)
        state.assessmentClosed = assessmentClosedOn
        state.mediation = mediationOn
        state.tribunalRegistered = tribunalRegisteredOn
        state.lastReview = lastReviewOn
        state.reviewMeeting = reviewMeetingOn
        state.ceased = ceasedOn
        state.ceaseReason = ceaseReason.flatMap(SEN2CeaseReason.init(rawValue:))
        state.caseworker = caseworkerID.map { UserID(rawValue: $0) }
        state.advice = advice.compactMap { a in
            guard let id = a.id else { return nil }
            return EHCCaseState.Advice(id: EHCAdviceRequestID(rawValue: id), kind: a.kind, adviserUserID: a.adviserUserID.map { UserID(rawValue: $0) },
                                       adviserName: a.adviserName, requested: a.requestedOn, received: a.receivedOn,
                                       familyMissedAppointment: a.familyMissedAppointment, lastReminded: a.lastRemindedOn)
        }
        state.consultations = consultations.compactMap { c in
            guard let id = c.id else { return nil }
            return EHCCaseState.Consultation(id: EHCConsultationID(rawValue: id), institution: c.institution, consulted: c.consultedOn, responded: c.respondedOn)
        }
        state.previousID = previousCaseID.map { EHCCaseID(rawValue: $0) }
        state.previousStage = previousStage
        state.reassessments = reassessments.map { EHCCaseState.Reassessment(decided: $0.requestedOn, stage: $0.stage) }
        return state
    }

    /// Writes onto the record the case's own fields that the transition changed from `old` (related records
    /// are written from the transition's effects). Unchanged fields are left as stored.
    func update(from state: EHCCaseState, was old: EHCCaseState) {
        if state.stage != old.stage { stageRaw = state.stage.rawValue }
        if state.decision != old.decision { decisionOn = state.decision }
        if state.decisionReasons != old.decisionReasons { decisionReasons = state.decisionReasons }
        if state.draftServed != old.draftServed { draftServedOn = state.draftServed }
        if state.familyComments != old.familyComments { familyComments = state.familyComments }
        if state.preferredSchool != old.preferredSchool { preferredSchool = state.preferredSchool }
        if state.schoolConsulted != old.schoolConsulted { schoolConsultedOn = state.schoolConsulted }
        if state.finalIssued != old.finalIssued { finalIssuedOn = state.finalIssued }
        if state.placement != old.placement { placement = state.placement }
        if state.exception != old.exception { exceptionRaw = state.exception?.rawValue }
        if state.exceptionReason != old.exceptionReason { exceptionReason = state.exceptionReason }
        if state.exceptionEvidence != old.exceptionEvidence {
            exceptionAdviceID = state.exceptionEvidence?.adviceRequest?.rawValue
            exceptionPeriodStart = state.exceptionEvidence?.period.start
            exceptionPeriodEnd = state.exceptionEvidence?.period.end
        }
        if state.assessmentClosed != old.assessmentClosed { assessmentClosedOn = state.assessmentClosed }
        if state.mediation != old.mediation { mediationOn = state.mediation }
        if state.tribunalRegistered != old.tribunalRegistered { tribunalRegisteredOn = state.tribunalRegistered }
        if state.lastReview != old.lastReview { lastReviewOn = state.lastReview }
        if state.reviewMeeting != old.reviewMeeting { reviewMeetingOn = state.reviewMeeting }
        if state.ceased != old.ceased { ceasedOn = state.ceased }
        if state.ceaseReason != old.ceaseReason { ceaseReason = state.ceaseReason?.rawValue }
        if state.caseworker != old.caseworker { caseworkerID = state.caseworker?.rawValue }
    }
}
