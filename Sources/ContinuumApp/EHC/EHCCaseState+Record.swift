import Fluent
import Foundation
import ContinuumDomain

/// The one place the Fluent records of a case become the domain's `EHCCaseState`, and the state
/// goes back onto the record. The record keeps dates as YYYY-MM-DD text; the state has CalendarDates.
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
        func date(_ text: String?) -> CalendarDate? { text.flatMap(CalendarDate.init(iso:)) }
        var state = EHCCaseState(id: caseID, childID: $child.id.map { ChildID(rawValue: $0) }, kind: kind, stage: stage, request: requestDate, requester: requester)
        state.decision = date(decisionOn)
        state.decisionReasons = decisionReasons
        state.draftServed = date(draftServedOn)
        state.familyComments = familyComments
        state.preferredSchool = preferredSchool
        state.schoolConsulted = date(schoolConsultedOn)
        state.finalIssued = date(finalIssuedOn)
        state.placement = placement
        state.exception = exception
        state.exceptionReason = exceptionReason
        state.exceptionEvidence = EHCExceptionEvidence.stored(for: exception, adviceRequest: exceptionAdviceID.map { EHCAdviceRequestID(rawValue: $0) },
                                                              start: date(exceptionPeriodStart), end: date(exceptionPeriodEnd))
        state.assessmentClosed = date(assessmentClosedOn)
        state.mediation = date(mediationOn)
        state.tribunalRegistered = date(tribunalRegisteredOn)
        state.lastReview = date(lastReviewOn)
        state.reviewMeeting = date(reviewMeetingOn)
        state.ceased = date(ceasedOn)
        state.ceaseReason = ceaseReason.flatMap(SEN2CeaseReason.init(rawValue:))
        state.caseworker = caseworkerID.map { UserID(rawValue: $0) }
        state.advice = advice.compactMap { a in
            guard let id = a.id, let requested = date(a.requestedOn) else { return nil }
            return EHCCaseState.Advice(id: EHCAdviceRequestID(rawValue: id), kind: a.kind, adviserUserID: a.adviserUserID.map { UserID(rawValue: $0) },
                                       adviserName: a.adviserName, requested: requested, received: date(a.receivedOn),
                                       familyMissedAppointment: a.familyMissedAppointment, lastReminded: date(a.lastRemindedOn))
        }
        state.consultations = consultations.compactMap { c in
            guard let id = c.id, let consulted = date(c.consultedOn) else { return nil }
            return EHCCaseState.Consultation(id: EHCConsultationID(rawValue: id), institution: c.institution, consulted: consulted, responded: date(c.respondedOn))
        }
        state.previousID = previousCaseID.map { EHCCaseID(rawValue: $0) }
        state.previousStage = previousStage
        state.reassessments = reassessments.map { EHCCaseState.Reassessment(decided: $0.requestDate, stage: $0.stage) }
        return state
    }

    /// Writes onto the record the case's own fields that the transition changed from `old` (related records
    /// are written from the transition's effects). Unchanged fields are left as stored, so a value the
    /// mapping could not read (an imported date in another format) is never blanked by an unrelated action.
    func update(from state: EHCCaseState, was old: EHCCaseState) {
        func text(_ date: CalendarDate?) -> String? { date?.description }
        if state.stage != old.stage { stageRaw = state.stage.rawValue }
        if state.decision != old.decision { decisionOn = text(state.decision) }
        if state.decisionReasons != old.decisionReasons { decisionReasons = state.decisionReasons }
        if state.draftServed != old.draftServed { draftServedOn = text(state.draftServed) }
        if state.familyComments != old.familyComments { familyComments = state.familyComments }
        if state.preferredSchool != old.preferredSchool { preferredSchool = state.preferredSchool }
        if state.schoolConsulted != old.schoolConsulted { schoolConsultedOn = text(state.schoolConsulted) }
        if state.finalIssued != old.finalIssued { finalIssuedOn = text(state.finalIssued) }
        if state.placement != old.placement { placement = state.placement }
        if state.exception != old.exception { exceptionRaw = state.exception?.rawValue }
        if state.exceptionReason != old.exceptionReason { exceptionReason = state.exceptionReason }
        if state.exceptionEvidence != old.exceptionEvidence {
            exceptionAdviceID = state.exceptionEvidence?.adviceRequest?.rawValue
            exceptionPeriodStart = text(state.exceptionEvidence?.period.start)
            exceptionPeriodEnd = text(state.exceptionEvidence?.period.end)
        }
        if state.assessmentClosed != old.assessmentClosed { assessmentClosedOn = text(state.assessmentClosed) }
        if state.mediation != old.mediation { mediationOn = text(state.mediation) }
        if state.tribunalRegistered != old.tribunalRegistered { tribunalRegisteredOn = text(state.tribunalRegistered) }
        if state.lastReview != old.lastReview { lastReviewOn = text(state.lastReview) }
        if state.reviewMeeting != old.reviewMeeting { reviewMeetingOn = text(state.reviewMeeting) }
        if state.ceased != old.ceased { ceasedOn = text(state.ceased) }
        if state.ceaseReason != old.ceaseReason { ceaseReason = state.ceaseReason?.rawValue }
        if state.caseworker != old.caseworker { caseworkerID = state.caseworker?.rawValue }
    }
}
