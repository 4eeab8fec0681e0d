import Foundation

/// The URL segment of each EHC action (`POST /ehc/:id/<name>`): the pages, the routes and the
/// audit action names (`ehc.<name>`) all use these.
public enum EHCActionName: String, CaseIterable, Codable, Sendable {
    case decision, withdraw, exception, advice, remind, draft
    case notIssue = "not-issue"
    case final, comments, consult
    case consultReply = "consult-reply"
    case appeal
    case scheduleReview = "schedule-review"
    case review, cease, reassess, amended, allocate, answer
    /// Rulebook EHC-3: the family missed an appointment, lifting one adviser's 6-week duty.
    case missedAppointment = "missed-appointment"
}

/// The decision whether to assess (reg 5).
public enum EHCAssessmentDecision: String, CaseIterable, Sendable { case assess, refuse }

/// A review's decision; ceasing is its own action (`cease`).
public enum EHCReviewOutcome: String, CaseIterable, Sendable { case keep, amend }

/// Who the advice is asked from, as resolved by the app against its users.
public enum EHCAdviserChoice: Hashable, Sendable {
    /// An adviser who uses Continuum (a health professional of the council).
    case user(UserID, name: String)
    /// An id was chosen that is not one of the council's advisers.
    case unknownUser
    /// An adviser outside Continuum, named by the caseworker (may be blank: a problem).
    case outside(name: String)
}

/// The adviser's document, as the app found it (the bytes stay in the app).
public enum EHCAdviceFile: Hashable, Sendable {
    case none
    case tooLarge
    case unrecognised
    case document(contentType: String, bytes: Int)
}

/// One section of the draft plan as typed: `key` is the letter ("B"), `field` the form field ("sectionB").
public struct EHCDraftSection: Hashable, Sendable {
    public var key: String, field: String, text: String?
    public init(key: String, field: String, text: String?) { self.key = key; self.field = field; self.text = text }
}

/// One row of the draft's outcomes table as typed (section B need → E outcome → F provision).
public struct EHCDraftOutcomeRow: Hashable, Sendable {
    public var need: String?, outcome: String?, provision: String?
    public init(need: String?, outcome: String?, provision: String?) { self.need = need; self.outcome = outcome; self.provision = provision }
}

/// The exception form: which exception, the circumstances, and the dated evidence the rulebook checks.
public struct EHCExceptionInput: Hashable, Sendable {
    public var exception: EHCException?
    public var reasons: String?
    /// (a)/(b): the advice request made to the setting; nil when none (or an unknown one) was chosen.
    public var adviceRequest: EHCAdviceRequestID?
    public var closedFrom: EHCDateEntry
    public var reopenedOn: EHCDateEntry
    public var absentFrom: EHCDateEntry
    public var returnedOn: EHCDateEntry

    public init(exception: EHCException?, reasons: String?, adviceRequest: EHCAdviceRequestID? = nil, closedFrom: EHCDateEntry = .blank,
                reopenedOn: EHCDateEntry = .blank, absentFrom: EHCDateEntry = .blank, returnedOn: EHCDateEntry = .blank) {
        self.exception = exception; self.reasons = reasons; self.adviceRequest = adviceRequest
        self.closedFrom = closedFrom; self.reopenedOn = reopenedOn; self.absentFrom = absentFrom; self.returnedOn = returnedOn
    }
}

/// Everything the council (or the family, or an adviser) can do to an EHC case, with what they typed.
/// `EHCWorkflow.apply` validates it against the case and the law and gives the transition or the problems.
public enum EHCAction: Sendable {
    case decision(outcome: EHCAssessmentDecision?, on: EHCDateEntry, reasons: String?)
    case withdraw(on: EHCDateEntry)
    case exception(EHCExceptionInput)
    case advice(kind: EHCAdviceKind?, adviser: EHCAdviserChoice, on: EHCDateEntry, familyMissedAppointment: Bool)
    /// `byEmail`: the adviser uses Continuum and has an active account, so the reminder is emailed.
    case remind(advice: EHCAdviceRequestID?, byEmail: Bool)
    case draft(sections: [EHCDraftSection], outcomes: [EHCDraftOutcomeRow], on: EHCDateEntry)
    case notIssue(on: EHCDateEntry, reasons: String?)
    case final(placement: String?, consultedOn: EHCDateEntry, on: EHCDateEntry, waived: Bool)
    /// `byCouncil`: recorded by a caseworker with the day the comments arrived; a family's own comments arrive today.
    case comments(comments: String?, preferredSchool: String?, received: EHCDateEntry, byCouncil: Bool)
    case consult(institution: String?, on: EHCDateEntry)
    case consultReply(consultation: EHCConsultationID?, response: EHCConsultationResponse?, notes: String?, on: EHCDateEntry)
    case appeal(mediation: EHCDateEntry, tribunal: EHCDateEntry)
    case scheduleReview(meeting: EHCDateEntry)
    case review(meeting: EHCDateEntry, outcome: EHCReviewOutcome?, on: EHCDateEntry)
    case cease(on: EHCDateEntry, reason: SEN2CeaseReason?)
    /// `newCase`: the id the re-assessment's own case will have (made by the caller, so `apply` stays pure).
    case reassess(on: EHCDateEntry, requester: EHCRequester?, reasons: String?, newCase: EHCCaseID)
    case amended(on: EHCDateEntry)
    /// Nil when the choice is not a caseworker who can take cases now.
    case allocate(caseworker: (id: UserID, name: String)?)
    case answer(advice: EHCAdviceRequestID, text: String?, file: EHCAdviceFile)
    case missedAppointment(advice: EHCAdviceRequestID?)

    public var name: EHCActionName {
        switch self {
        case .decision: .decision
        case .withdraw: .withdraw
        case .exception: .exception
        case .advice: .advice
        case .remind: .remind
        case .draft: .draft
        case .notIssue: .notIssue
        case .final: .final
        case .comments: .comments
        case .consult: .consult
        case .consultReply: .consultReply
        case .appeal: .appeal
        case .scheduleReview: .scheduleReview
        case .review: .review
        case .cease: .cease
        case .reassess: .reassess
        case .amended: .amended
        case .allocate: .allocate
        case .answer: .answer
        case .missedAppointment: .missedAppointment
        }
    }
}

