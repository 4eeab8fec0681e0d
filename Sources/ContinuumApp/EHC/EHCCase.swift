import Fluent
import Foundation
import ContinuumDomain

/// One request for an EHC needs assessment and, if a plan follows, the plan's life. Dates are CalendarDate,
/// stored as YYYY-MM-DD text like every other date-only value here.
final class EHCCase: Model, @unchecked Sendable {
    static let schema = "ehc_cases"

    @ID(key: .id) var id: UUID?
    @Parent(key: "authority_id") var authority: Authority
    /// Nil for an imported case whose UPN matches no child yet; matched when the child is added.
    @OptionalParent(key: "child_id") var child: Child?
    @OptionalField(key: "upn") var upn: String?
    @Field(key: "requested_on") var requestedOn: CalendarDate
    @Field(key: "requester") var requesterRaw: String
    @OptionalField(key: "requester_name") var requesterName: String?
    @OptionalField(key: "request_summary") var requestSummary: String?
    @Field(key: "stage") var stageRaw: String
    @OptionalField(key: "decision_on") var decisionOn: CalendarDate?
    @OptionalField(key: "decision_reasons") var decisionReasons: String?
    @OptionalField(key: "draft_served_on") var draftServedOn: CalendarDate?
    @OptionalField(key: "family_comments") var familyComments: String?
    @OptionalField(key: "preferred_school") var preferredSchool: String?
    @OptionalField(key: "school_consulted_on") var schoolConsultedOn: CalendarDate?
    @OptionalField(key: "final_issued_on") var finalIssuedOn: CalendarDate?
    /// Section I: the school or other institution named in the final plan.
    @OptionalField(key: "placement") var placement: String?
    @OptionalField(key: "exception") var exceptionRaw: String?
    @OptionalField(key: "exception_reason") var exceptionReason: String?
    /// The dated evidence for exception (a)/(b) (closure start, re-opening, the advice request) or (d)
    /// (absence start, return), as rulebook EHC-6 asks to store it (migration 036).
    @OptionalField(key: "exception_advice_id") var exceptionAdviceID: UUID?
    @OptionalField(key: "exception_period_start") var exceptionPeriodStart: CalendarDate?
    @OptionalField(key: "exception_period_end") var exceptionPeriodEnd: CalendarDate?
    /// The day the assessment ended either way (plan issued, refused, withdrawn, not issued): the backlog's completions.
    @OptionalField(key: "assessment_closed_on") var assessmentClosedOn: CalendarDate?
    @OptionalField(key: "mediation_on") var mediationOn: CalendarDate?
    @OptionalField(key: "tribunal_registered_on") var tribunalRegisteredOn: CalendarDate?
    @OptionalField(key: "last_review_on") var lastReviewOn: CalendarDate?
    /// The arranged annual review meeting: the reg 20 dates run from it.
    @OptionalField(key: "review_meeting_on") var reviewMeetingOn: CalendarDate?
    @OptionalField(key: "ceased_on") var ceasedOn: CalendarDate?
    @OptionalField(key: "cease_reason") var ceaseReason: Int?
    @OptionalField(key: "caseworker_id") var caseworkerID: UUID?
    @Field(key: "source") var source: String
    /// `new` for a request for assessment; `reassessment` (reg 27) for a re-assessment of the plan in `previous_case_id`.
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "previous_case_id") var previousCaseID: UUID?
    /// SEN2 `RequestSource` code when `requester` does not tell it (migration 039).
    @OptionalField(key: "request_source") var requestSource: String?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(authorityID: UUID, childID: UUID?, upn: String?, requestedOn: CalendarDate, requester: EHCRequester,
         requesterName: String?, summary: String?, source: String = "live") {
        self.$authority.id = authorityID; self.$child.id = childID; self.upn = upn
        self.requestedOn = requestedOn; self.requesterRaw = requester.rawValue
        self.requesterName = requesterName; self.requestSummary = summary
        self.stageRaw = EHCStage.requested.rawValue; self.source = source; self.version = 1
        self.kindRaw = EHCCaseKind.new.rawValue
    }

    var stage: EHCStage { EHCStage(rawValue: stageRaw) ?? .requested }
    var kind: EHCCaseKind { EHCCaseKind(rawValue: kindRaw) ?? .new }
    var requester: EHCRequester { EHCRequester(rawValue: requesterRaw) ?? .imported }
    var exception: EHCException? { exceptionRaw.flatMap(EHCException.init(rawValue:)) }

    func dates(adviceRequested: CalendarDate?) -> EHCCaseDates {
        var dates = EHCCaseDates(request: requestedOn, decision: decisionOn, adviceRequested: adviceRequested,
                     draftServed: draftServedOn, finalIssued: finalIssuedOn,
                     exception: exception, lastReviewDecision: lastReviewOn,
                     birthDate: $child.value??.dateOfBirth)
        dates.kind = kind
        dates.reviewMeeting = reviewMeetingOn
        return dates
    }

    /// Open while the assessment is under way: the backlog the forecast clears.
    static let openAssessmentStages: [EHCStage] = [.requested, .assessing, .draftIssued]
}

/// A request for advice to one adviser (reg 6), answered with the advice itself.
final class EHCAdviceRequest: Model, @unchecked Sendable {
    static let schema = "ehc_advice_requests"
    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var ehcCase: EHCCase
    @Field(key: "kind") var kindRaw: String
    /// The signed-in adviser who may answer; nil when the adviser answers outside the system.
    @OptionalField(key: "adviser_user_id") var adviserUserID: UUID?
    @Field(key: "adviser_name") var adviserName: String
    @Field(key: "requested_on") var requestedOn: CalendarDate
    @OptionalField(key: "received_on") var receivedOn: CalendarDate?
    @OptionalField(key: "advice") var advice: String?
    /// Advice sent as a document, kept in private storage and downloaded through the access check.
    @OptionalField(key: "file_stored_name") var fileStoredName: String?
    @OptionalField(key: "file_content_type") var fileContentType: String?
    @OptionalField(key: "file_original_name") var fileOriginalName: String?
    @OptionalField(key: "file_size") var fileSize: Int?
    @OptionalField(key: "last_reminded_on") var lastRemindedOn: CalendarDate?
    @OptionalField(key: "reminders_sent") var remindersSent: Int?
    /// Rulebook EHC-3 (reg 8): the family missed an appointment for an examination or test, which lifts the 6-week duty (migration 036).
    @Field(key: "family_missed_appointment") var familyMissedAppointment: Bool
    init() { familyMissedAppointment = false }

    var kind: EHCAdviceKind { EHCAdviceKind(rawValue: kindRaw) ?? .other }
    /// Nil when the duty was lifted: there is then no date to chase the adviser to.
    var dueOn: CalendarDate? { EHCAdviceDuty.due(requested: requestedOn, familyMissedAppointment: familyMissedAppointment) }
}

/// Structured plan content: sections A–K as text, and section E outcomes tied to the section B
/// need and the section F provision that serve them.
final class EHCPlanSection: Model, @unchecked Sendable {
    static let schema = "ehc_plan_sections"
    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var ehcCase: EHCCase
    @Field(key: "section") var section: String
    @Field(key: "content") var content: String
    init() {}
}

final class EHCOutcome: Model, @unchecked Sendable {
    static let schema = "ehc_outcomes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var ehcCase: EHCCase
    @Field(key: "position") var position: Int
    @Field(key: "need") var need: String
    @Field(key: "outcome") var outcome: String
    @Field(key: "provision") var provision: String
    /// The preparing-for-adulthood area the outcome serves (issue 17, migration 054); nil until tagged.
    @OptionalField(key: "pfa_area") var pfaAreaRaw: String?
    init() {}
    var pfaArea: PreparingForAdulthoodArea? { pfaAreaRaw.flatMap(PreparingForAdulthoodArea.init(rawValue:)) }
}

/// A step in the case's history with its date: the family's timeline is built from these.
final class EHCCaseEvent: Model, @unchecked Sendable {
    static let schema = "ehc_case_events"
    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var ehcCase: EHCCase
    @Field(key: "happened_on") var happenedOn: CalendarDate
    @Field(key: "summary") var summary: String
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(caseID: UUID, on date: CalendarDate, summary: String, by: String) {
        self.$ehcCase.id = caseID; self.happenedOn = date; self.summary = summary; self.recordedBy = by
    }
}

/// Staffing facts the backlog dashboard needs about a caseworker.
final class CaseworkerProfile: Model, @unchecked Sendable {
    static let schema = "caseworker_profiles"
    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "authority_id") var authorityID: UUID
    @Field(key: "name") var name: String
    @Field(key: "is_agency") var isAgency: Bool
    @Field(key: "is_trainee") var isTrainee: Bool
    @Field(key: "started_on") var startedOn: CalendarDate
    /// Full-time equivalent; nil for profiles recorded before it was kept.
    @OptionalField(key: "fte") var fte: Double?
    /// The last working day; an ended profile is not offered for allocation.
    @OptionalField(key: "ended_on") var endedOn: CalendarDate?
    init() {}
    func hasEnded(by date: CalendarDate) -> Bool { endedOn.map { $0 < date } ?? false }
}
