/// The dates an EHC case has reached, as a caseworker records them. Everything a page shows
/// about deadlines is computed from this, so the council's view and the family's agree.
public struct EHCCaseDates: Hashable, Sendable {
    public var request: CalendarDate
    public var decision: CalendarDate?
    /// The earliest advice request: the reg 8 clock for each adviser runs from its own request.
    public var adviceRequested: CalendarDate?
    public var draftServed: CalendarDate?
    public var finalIssued: CalendarDate?
    public var exception: EHCException?
    /// A reg 5(4) exception to the 6-week decision whether to assess, separate from the reg 10(4)
    /// `exception` to the assessment's 16- and 20-week limits; nil removes no date.
    public var decisionException: EHCException? = nil
    /// The last annual review decision, if any; the next review runs from it (AR-1).
    public var lastReviewDecision: CalendarDate?
    /// The child's date of birth, when known: plans for the under-fives are reviewed more often.
    public var birthDate: CalendarDate?
    /// A re-assessment runs from the decision to re-assess (`request`) on a 14-week clock.
    public var kind: EHCCaseKind = .new
    /// The arranged review meeting while a review is under way (reg 20).
    public var reviewMeeting: CalendarDate?

    public init(request: CalendarDate, decision: CalendarDate? = nil, adviceRequested: CalendarDate? = nil,
                draftServed: CalendarDate? = nil, finalIssued: CalendarDate? = nil, exception: EHCException? = nil,
                lastReviewDecision: CalendarDate? = nil, birthDate: CalendarDate? = nil) {
        self.request = request; self.decision = decision; self.adviceRequested = adviceRequested
        self.draftServed = draftServed; self.finalIssued = finalIssued; self.exception = exception
        self.lastReviewDecision = lastReviewDecision
        self.birthDate = birthDate
    }

    /// Months between interim reviews for the under-fives. ⚠ SEND Code of Practice 9.178 says councils
    /// "should consider" reviewing every 3 to 6 months; the default is the outer bound, configurable,
    /// and a value outside 3 to 6 is taken as the nearest bound (rulebook AR-2).
    public var underFiveReviewMonths = 6

    /// The annual review and, for a child under 5, the interim reviews before it, from `from`.
    // Rulebook AR-2: under-5 interim reviews come in addition to the 12-month review (CFA 2014 s.44(1)), not instead of it.
    public func reviews(after from: CalendarDate) -> ReviewSchedule {
        AnnualReviewTimeline.reviews(lastReviewOrIssue: from, dateOfBirth: birthDate,
                                     interimInterval: InterimReviewInterval(clamping: underFiveReviewMonths))
    }

    /// The next review due after `from`, interim or annual: the first not yet past on `today`
    /// (with no `today`, the first of all). The annual date stays in `reviews(after:)`.
    // Children and Families Act 2014 s.44(1) (12 months); SEND Code of Practice 9.178 (under 5: every 3–6 months).
    public func nextReviewDue(after from: CalendarDate, today: CalendarDate? = nil) -> (due: CalendarDate, interim: Bool) {
        reviews(after: from).next(onOrAfter: today)
    }

    public var timeline: EHCTimeline {
        let t = EHCTimeline.compute(request: request, adviceRequested: adviceRequested, draftServed: draftServed,
                                    finalIssued: finalIssued, exception: exception, decisionException: decisionException)
        guard kind == .reassessment else { return t }
        // SEND Regulations 2014 reg 27(2)–(3): 14 weeks from deciding to re-assess, with the reg 10(4) exceptions.
        return EHCTimeline(decisionDue: t.decisionDue, adviceDue: t.adviceDue, notIssuingNoticeDue: t.notIssuingNoticeDue,
                           finalDue: EHCTimeline.reassessmentFinalDue(decidedToReassess: request, exception: exception),
                           asSoonAsPracticable: t.asSoonAsPracticable, commentsUntil: t.commentsUntil, earliestFinal: t.earliestFinal,
                           annualReviewDue: t.annualReviewDue, phaseTransferDeadline: t.phaseTransferDeadline)
    }
}

/// Who must act next on a case, in words a family understands.
public enum EHCResponsibleParty: String, Sendable, Equatable {
    case council, advisers, family
    public var description: String {
        switch self {
        case .council: "The council (your caseworker)"
        case .advisers: "The professionals asked for advice"
        case .family: "You (the family), if you wish to comment"
        }
    }
}

/// The next statutory step of a case: what must happen, by when, and who does it. Nil `due`
/// means the duty is "as soon as practicable" (an exception) with no fixed date.
public struct EHCNextStep: Hashable, Sendable {
    public let what: String
    public let due: CalendarDate?
    public let responsible: EHCResponsibleParty
    public let regulation: String

    public init(what: String, due: CalendarDate?, responsible: EHCResponsibleParty, regulation: String) {
        self.what = what; self.due = due; self.responsible = responsible; self.regulation = regulation
    }

    /// Days late on `today` (positive) or left (negative or zero); nil without a fixed date.
    public func daysOverdue(on today: CalendarDate) -> Int? { due.map { $0.days(to: today) } }

    public func isOverdue(on today: CalendarDate) -> Bool { (daysOverdue(on: today) ?? 0) > 0 }

    /// The next step for a case at `stage`; nil when the case is closed.
    public static func compute(stage: EHCStage, dates: EHCCaseDates, adviceOutstanding: Bool) -> EHCNextStep? {
        let timeline = dates.timeline
        switch stage {
        case .requested where timeline.decisionDue == nil:
            // SEND Regulations 2014 reg 5(4) (rulebook EHC-2): with an exception the decision is due "as soon as practicable".
            return EHCNextStep(what: "Decide whether to carry out an EHC needs assessment as soon as practicable", due: nil,
                               responsible: .council, regulation: "reg 5(4)")
        case .requested:
            // SEND Regulations 2014 reg 5(1): decide whether to assess within 6 weeks of the request.
            return EHCNextStep(what: "Decide whether to carry out an EHC needs assessment", due: timeline.decisionDue,
                               responsible: .council, regulation: "reg 5(1)")
        case .assessing:
            if adviceOutstanding, let due = timeline.adviceDue, timeline.finalDue.map({ due < $0 }) ?? true {
                // SEND Regulations 2014 reg 8: advice within 6 weeks of being asked.
                return EHCNextStep(what: "Send the advice the council asked for", due: due, responsible: .advisers, regulation: "reg 8")
            }
            if dates.kind == .reassessment {
                // SEND Regulations 2014 reg 27(2): the amended or replacement plan within 14 weeks of deciding to re-assess.
                return EHCNextStep(what: dates.exception == nil ? "Send the draft amended or replacement plan, leaving the family 15 days to comment before the final plan is due"
                                    : "Send the draft amended or replacement plan as soon as practicable",
                                   due: timeline.finalDue?.adding(days: -EHCTimeline.representationDays), responsible: .council, regulation: "reg 27(2)")
            }
            if dates.exception != nil {
                // SEND Regulations 2014 reg 10(4), 13(3): with an exception the duty is "as soon as practicable".
                return EHCNextStep(what: "Send the draft EHC plan, or notice that no plan will be issued, as soon as practicable",
                                   due: nil, responsible: .council, regulation: "reg 10(4)")
            }
            // SEND Regulations 2014 reg 10(1): notice of a decision not to issue within 16 weeks; a draft by then keeps week 20 reachable.
            return EHCNextStep(what: "Tell the family whether a plan will be issued: send the draft plan, or notice that no plan will be issued",
                               due: timeline.notIssuingNoticeDue, responsible: .council, regulation: "reg 10(1)")
        case .draftIssued where dates.kind == .reassessment:
            // SEND Regulations 2014 reg 27(2): the amended or replacement plan within 14 weeks of deciding to re-assess.
            return EHCNextStep(what: "Issue the final amended or replacement plan, after the family's 15 days for comments (until \(timeline.commentsUntil?.longFormat ?? "—"))",
                               due: timeline.finalDue, responsible: .council, regulation: "reg 27(2)")
        case .draftIssued:
            // SEND Regulations 2014 reg 13(2): the final plan within 20 weeks of the request.
            return EHCNextStep(what: "Issue the final EHC plan, after the family's 15 days for comments (until \(timeline.commentsUntil?.longFormat ?? "—"))",
                               due: timeline.finalDue, responsible: .council, regulation: "reg 13(2)")
        case .finalIssued:
            let from = dates.lastReviewDecision ?? dates.finalIssued
            let next = from.map { dates.nextReviewDue(after: $0) }
            if next?.interim == true, let annual = from.map({ dates.reviews(after: $0).annualDue }) {
                // Rulebook AR-2: the interim review is extra; the annual review stays due.
                return EHCNextStep(what: "Hold an interim review of the plan (the child is under 5); the annual review is still due by \(annual.longFormat)",
                                   due: next?.due, responsible: .council, regulation: "SEND Code of Practice 9.178")
            }
            // Children and Families Act 2014 s.44(1): review within 12 months of the plan or the last review.
            return EHCNextStep(what: "Hold the annual review and decide whether to keep, amend or cease the plan",
                               due: next?.due, responsible: .council, regulation: "CFA 2014 s.44")
        case .underReview where dates.reviewMeeting != nil:
            let review = AnnualReviewTimeline(meeting: dates.reviewMeeting!)
            // SEND Regulations 2014 reg 20 (rulebook AR-3): the decision to keep, amend or cease within 4 weeks of the meeting.
            return EHCNextStep(what: "Hold the review meeting on \(review.meeting.longFormat), send the report within 2 weeks and the decision to keep, amend or cease the plan",
                               due: review.decisionDue, responsible: .council, regulation: "reg 20")
        case .amendmentProposed where dates.reviewMeeting != nil && dates.lastReviewDecision != nil:
            let review = AnnualReviewTimeline(meeting: dates.reviewMeeting!)
            // SEND Regulations 2014 reg 22(3) and R (L, M and P) v Devon CC [2022]: 8 weeks from the amendments, 12 from the meeting.
            return EHCNextStep(what: "Issue the final amended plan", due: review.finalAmendedDue(proposedAmendmentsSent: dates.lastReviewDecision!),
                               responsible: .council, regulation: "reg 22(3)")
        case .underReview, .amendmentProposed:
            let from = dates.lastReviewDecision ?? dates.finalIssued
            return EHCNextStep(what: "Finish the review and send the decision (and any amended plan)",
                               due: from.map { AnnualReviewTimeline.nextReviewDue(lastReviewOrIssue: $0) },
                               responsible: .council, regulation: "regs 20, 22")
        case .refusedToAssess, .decisionNotToIssue, .withdrawn, .ceased, .replaced:
            return nil
        }
    }
}
