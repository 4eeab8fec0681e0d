/// Typed ids for the EHC records, so an advice request's id cannot be passed where a consultation's is expected.
extension IDTag {
    public enum EHCCase {}
    public enum EHCAdviceRequest {}
    public enum EHCConsultation {}
}

public typealias EHCCaseID = TypedID<IDTag.EHCCase>
public typealias EHCAdviceRequestID = TypedID<IDTag.EHCAdviceRequest>
public typealias EHCConsultationID = TypedID<IDTag.EHCConsultation>

/// One EHC case as the workflow sees it: the case's own dates and facts, plus the few related
/// records its rules read (advice requests, consultations, the plan a re-assessment replaces and
/// the re-assessments of this plan). The app maps its records to this value in one place
/// (`EHCCaseState+Record.swift`); `EHCWorkflow.apply` turns it into the next state.
public struct EHCCaseState: Hashable, Sendable {
    public var id: EHCCaseID
    public var childID: ChildID?
    public var kind: EHCCaseKind
    public var stage: EHCStage
    /// The day the request was received (EHC-1); for a re-assessment, the day the council decided to re-assess.
    public var request: CalendarDate
    public var requester: EHCRequester
    public var decision: CalendarDate?
    public var decisionReasons: String?
    public var draftServed: CalendarDate?
    public var familyComments: String?
    public var preferredSchool: String?
    public var schoolConsulted: CalendarDate?
    public var finalIssued: CalendarDate?
    /// Section I: the school or institution named in the final plan.
    public var placement: String?
    public var exception: EHCException?
    public var exceptionReason: String?
    public var exceptionEvidence: EHCExceptionEvidence?
    /// The day the assessment ended either way (plan issued, refused, withdrawn, not issued).
    public var assessmentClosed: CalendarDate?
    public var mediation: CalendarDate?
    public var tribunalRegistered: CalendarDate?
    public var lastReview: CalendarDate?
    public var reviewMeeting: CalendarDate?
    public var ceased: CalendarDate?
    public var ceaseReason: SEN2CeaseReason?
    public var caseworker: UserID?
    public var advice: [Advice] = []
    public var consultations: [Consultation] = []
    /// For a re-assessment: the plan it re-assesses, and where that plan is now.
    public var previousID: EHCCaseID?
    public var previousStage: EHCStage?
    /// Re-assessments of this plan already recorded (reg 27).
    public var reassessments: [Reassessment] = []

    public init(id: EHCCaseID, childID: ChildID?, kind: EHCCaseKind = .new, stage: EHCStage, request: CalendarDate,
                requester: EHCRequester = .parent) {
        self.id = id; self.childID = childID; self.kind = kind; self.stage = stage; self.request = request; self.requester = requester
    }

    /// One request for advice (reg 6) and whether it has arrived.
    public struct Advice: Hashable, Sendable {
        public var id: EHCAdviceRequestID
        public var kind: EHCAdviceKind
        public var adviserUserID: UserID?
        public var adviserName: String
        public var requested: CalendarDate
        public var received: CalendarDate?
        /// Rulebook EHC-3: the family missed an appointment for an examination or test, which lifts the 6-week duty.
        public var familyMissedAppointment: Bool
        public var lastReminded: CalendarDate?

        public init(id: EHCAdviceRequestID, kind: EHCAdviceKind, adviserUserID: UserID? = nil, adviserName: String, requested: CalendarDate,
                    received: CalendarDate? = nil, familyMissedAppointment: Bool = false, lastReminded: CalendarDate? = nil) {
            self.id = id; self.kind = kind; self.adviserUserID = adviserUserID; self.adviserName = adviserName; self.requested = requested
            self.received = received; self.familyMissedAppointment = familyMissedAppointment; self.lastReminded = lastReminded
        }

        /// The adviser's reg 8 date; nil when the family's missed appointment lifted the duty (EHC-3).
        // SEND Regulations 2014 reg 8 (rulebook EHC-3): within 6 weeks of being asked, unless the family fails to keep an appointment.
        public var due: CalendarDate? { EHCAdviceDuty.due(requested: requested, familyMissedAppointment: familyMissedAppointment) }
    }

    /// A school or college consulted about being named (Code of Practice 9.78–9.79).
    public struct Consultation: Hashable, Sendable {
        public var id: EHCConsultationID
        public var institution: String
        public var consulted: CalendarDate
        public var responded: CalendarDate?

        public init(id: EHCConsultationID, institution: String, consulted: CalendarDate, responded: CalendarDate? = nil) {
            self.id = id; self.institution = institution; self.consulted = consulted; self.responded = responded
        }
    }

    /// A re-assessment of this plan: when it was decided and where it is.
    public struct Reassessment: Hashable, Sendable {
        public var decided: CalendarDate
        public var stage: EHCStage
        public init(decided: CalendarDate, stage: EHCStage) { self.decided = decided; self.stage = stage }
    }

    /// The earliest advice request whose 6-week duty still runs: the case's advice clock (EHC-3).
    public var earliestRunningAdviceRequest: CalendarDate? {
        advice.filter { !$0.familyMissedAppointment }.map(\.requested).min()
    }

    /// The dates the timeline functions read, so pages and letters use the same arithmetic.
    public var dates: EHCCaseDates {
        var dates = EHCCaseDates(request: request, decision: decision, adviceRequested: earliestRunningAdviceRequest, draftServed: draftServed,
                                 finalIssued: finalIssued, exception: exception, lastReviewDecision: lastReview)
        dates.kind = kind
        dates.reviewMeeting = reviewMeeting
        return dates
    }

    /// Open while the assessment is under way.
    public static let openAssessmentStages: Set<EHCStage> = [.requested, .assessing, .draftIssued]
}

/// The adviser's 6-week duty and the one exception recorded at this step.
public enum EHCAdviceDuty {
    /// Nil when the duty was lifted: the adviser then gives the advice as soon as practicable, and is not chased.
    // SEND Regulations 2014 reg 8 (rulebook EHC-3): "within 6 weeks", unless the family fails to keep an appointment for an examination or test.
    public static func due(requested: CalendarDate, familyMissedAppointment: Bool) -> CalendarDate? {
        familyMissedAppointment ? nil : requested.adding(days: EHCTimeline.adviceDays)
    }
}
