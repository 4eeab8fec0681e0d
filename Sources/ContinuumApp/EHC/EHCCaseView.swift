import Foundation
import ContinuumDomain

/// Everything the case page shows, computed before rendering so the page stays dumb.
struct EHCCaseView {
    enum Audience { case council, family, school, adviser }

    struct DateRow { let label: String; let due: String; let state: String; let colour: String }
    struct AdviceRow {
        let id: UUID; let kind: String; let adviser: String; let requested: String; let due: String; let state: String; let colour: String
        let advice: String?; let canAnswer: Bool
        /// The adviser's document ("advice.pdf, 120 KB") when they sent one and this reader may open it.
        var file: String? = nil
        /// "Reminded twice, last on 3 March 2025".
        var reminders: String? = nil
        /// The council may send (or record) a reminder; `byEmail` when the adviser uses Continuum.
        var canRemind = false
        var reminderDue = false
        var byEmail = false
        /// The council may record that the family missed an appointment, lifting the 6-week duty (rulebook EHC-3).
        var canRecordMissedAppointment = false
    }
    struct ConsultationRow { let id: UUID; let institution: String; let consulted: String; let due: String; let state: String; let colour: String; let response: String? }

    /// The read was audited before this view was built: it can't be made otherwise (AuditedRead).
    let audited: AuditedRead
    var caseID: EHCCaseID
    var version: Int
    var audience: Audience
    var childName: String
    var childID: UUID?
    var upn: String?
    var stage: EHCStage
    var requested: CalendarDate
    var requester: String
    var summary: String?
    var caseworker: String?
    var nextStep: EHCNextStep?
    var overdueDays: Int?
    var dateRows: [DateRow] = []
    var events: [(date: String, summary: String)] = []
    var advice: [AdviceRow] = []
    var sections: [(title: String, content: String)] = []
    var outcomes: [(need: String, outcome: String, provision: String)] = []
    /// The family's comments and messages: filled only when FieldPolicy shows `.familyMessages`.
    var familyComments: String?
    var messages: [(date: String, from: String, body: String)] = []
    var canMessage = false
    /// A request made without an account, waiting to be linked to the child's record.
    var unmatchedRequest: (childName: String, birthDate: String, school: String?, parent: String, email: String)?
    var preferredSchool: String?
    var placement: String?
    /// The child's funded placements and top-up awards: the council's readers only (issue 15 item 8).
    var funding: EHCFundingSummary?
    var exception: EHCException?
    var exceptionReason: String?
    var decisionReasons: String?
    var appealDeadline: CalendarDate?
    var hasLetter: Bool
    var ceaseReason: SEN2CeaseReason?
    var consultations: [ConsultationRow] = []
    /// Advice regulation 6 requires that has not been asked for yet (council, during the assessment).
    var adviceNotYetAsked: [EHCAdviceKind] = []
    var kind: EHCCaseKind = .new
    /// The arranged review meeting (YYYY-MM-DD), to prefill the review form.
    var reviewMeeting: String?
    /// The plan a re-assessment re-assesses, and the re-assessments of this plan.
    var previousCaseID: UUID?
    var reassessments: [(id: UUID, decided: String, stage: String)] = []
    // Choices for the council's forms.
    var advisers: [(id: String, name: String)] = []
    var caseworkers: [(id: String, name: String)] = []
    var allowed: Set<String> = []
    /// Educational advice requests, for the closure evidence of exception (a)/(b): id and label.
    var exceptionAdvice: [(id: String, label: String)] = []
}

enum EHCCaseViewBuilder {
    static func stateOf(due: CalendarDate?, done: CalendarDate?, today: CalendarDate) -> (String, String) {
        if let done { return ("Done " + done.longFormat, "green") }
        guard let due else { return ("As soon as practicable", "grey") }
        if due < today { return ("Overdue by \(due.days(to: today)) days", "red") }
        if due.days(to: today) > -14 { return ("Due in \(today.days(to: due)) days", "yellow") }
        return ("Not due yet", "blue")
    }

    /// The statutory dates of the case with whether each was met: the same table for council and family.
    static func dateRows(_ item: EHCCase, dates: EHCCaseDates, adviceAllReceived: CalendarDate?, today: CalendarDate) -> [EHCCaseView.DateRow] {
        let t = dates.timeline
        var rows: [EHCCaseView.DateRow] = []
        func add(_ label: String, _ due: CalendarDate?, done: CalendarDate?, applies: Bool = true) {
            guard applies else { return }
            let (state, colour) = stateOf(due: due, done: done, today: today)
            rows.append(.init(label: label, due: due?.longFormat ?? "No fixed date", state: state, colour: colour))
        }
        let stage = item.stage
        let closedEarly = [.refusedToAssess, .withdrawn].contains(stage)
        let reassessment = dates.kind == .reassessment
        add("Decision whether to assess (6 weeks, reg 5)", t.decisionDue, done: dates.decision, applies: !reassessment)
        if !closedEarly {
            add("Advice from professionals (6 weeks from asking, reg 8)", t.adviceDue, done: adviceAllReceived, applies: t.adviceDue != nil)
            if stage == .decisionNotToIssue && !reassessment {
                add("Notice that no plan will be issued (16 weeks, reg 10)", t.notIssuingNoticeDue, done: item.assessmentClosedOn)
            }
            add("Family's comments on the draft (15 days, reg 13(1))", t.commentsUntil, done: nil, applies: t.commentsUntil != nil && dates.finalIssued == nil)
            if stage != .decisionNotToIssue {
                add((reassessment ? "Amended or replacement plan (14 weeks from deciding to re-assess, reg 27(2))" : "Final EHC plan (20 weeks, reg 13(2))")
                    + (dates.exception != nil ? ": exception applies" : ""), t.finalDue, done: dates.finalIssued)
            }
            if let meeting = dates.reviewMeeting, stage == .underReview || stage == .amendmentProposed {
                // SEND Regulations 2014 regs 20 and 22 (rulebook AR-3, AR-4): the steps around the review meeting.
                let review = AnnualReviewTimeline(meeting: meeting)
                let decided = dates.lastReviewDecision.flatMap { $0 >= meeting ? $0 : nil }
                add("Invitations with two weeks' notice of the meeting (reg 20(3))", review.inviteBy, done: nil, applies: stage == .underReview && today <= meeting)
                add("Advice circulated two weeks before the meeting (reg 20(4))", review.adviceCirculatedBy, done: nil, applies: stage == .underReview && today <= meeting)
                add("Review report, within 2 weeks of the meeting on \(meeting.longFormat) (reg 20)", review.reportDue, done: nil, applies: stage == .underReview)
                add("Decision to keep, amend or cease the plan, within 4 weeks of the meeting (reg 20)", review.decisionDue, done: decided)
                if stage == .amendmentProposed, let sent = decided {
                    add("Final amended plan (8 weeks from the proposed amendments, at most 12 weeks from the meeting: reg 22(3), Devon 2022)",
                        review.finalAmendedDue(proposedAmendmentsSent: sent), done: nil)
                }
            }
            // SEND Regulations 2014 reg 18(1): a phase transfer next September brings the review forward (rulebook AR-5, from the actual NC year).
            if dates.finalIssued != nil, [.finalIssued, .underReview, .amendmentProposed].contains(stage), let dob = dates.birthDate,
               let transfer = PhaseTransfer.next(dateOfBirth: dob, on: today, yearOffset: item.$child.value??.ncYearOffset) {
                // Done when this school year's review has ended with the plan in force again (kept, or amended and reissued).
                let september = CalendarDate(year: today.academicYearStart, month: 9, day: 1)
                let reviewed = stage == .finalIssued ? dates.lastReviewDecision.flatMap { $0 >= september ? $0 : nil } : nil
                add("Phase transfer: plan amended to name \(transfer.move?.destination ?? "the next school") for next September (reg 18, ⚠ before this day)",
                    transfer.lastCompliantDay(), done: reviewed)
            }
            if let final = dates.finalIssued, stage != .ceased, stage != .replaced {
                // Rulebook AR-2: an under-5's interim review is shown as well as the annual review, never instead of it.
                let reviews = dates.reviews(after: dates.lastReviewDecision ?? final)
                let next = reviews.next(onOrAfter: today)
                if next.interim { add("Next interim review (child under 5, SEND Code of Practice 9.178)", next.due, done: nil) }
                add("Next annual review (12 months, CFA 2014 s.44)", reviews.annualDue, done: nil)
            }
        }
        return rows
    }
}
