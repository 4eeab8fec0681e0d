import XCTest
@testable import ContinuumDomain

/// The EHC state machine, exhaustively: every stage × every action, with inputs that are valid for
/// the action, so the only thing that can refuse is the stage. Every move `apply` makes must be a
/// chain of moves `EHCStage.canMove` allows.
final class EHCWorkflowTests: XCTestCase {
    let today = CalendarDate(year: 2026, month: 6, day: 1)
    let adviceID = EHCAdviceRequestID()
    let consultationID = EHCConsultationID()

    func d(_ month: Int, _ day: Int) -> EHCDateEntry { .date(CalendarDate(year: 2026, month: month, day: day)) }

    /// A case at `stage` with the history such a case has: decided, advice asked for, a draft, a
    /// consultation, a final plan and its review.
    func state(at stage: EHCStage) -> EHCCaseState {
        var s = EHCCaseState(id: EHCCaseID(), childID: ChildID(), stage: stage, request: CalendarDate(year: 2026, month: 1, day: 5))
        s.decision = CalendarDate(year: 2026, month: 1, day: 20)
        s.advice = [.init(id: adviceID, kind: .educational, adviserName: "Oak School", requested: CalendarDate(year: 2026, month: 2, day: 2))]
        s.draftServed = CalendarDate(year: 2026, month: 3, day: 2)
        s.consultations = [.init(id: consultationID, institution: "Elm Academy", consulted: CalendarDate(year: 2026, month: 3, day: 4))]
        if [.finalIssued, .underReview, .amendmentProposed, .ceased, .replaced].contains(stage) {
            s.finalIssued = CalendarDate(year: 2026, month: 4, day: 1)
        }
        if stage == .amendmentProposed { s.lastReview = CalendarDate(year: 2026, month: 5, day: 1) }
        return s
    }

    /// One valid input for each action.
    func action(_ name: EHCActionName) -> EHCAction {
        switch name {
        case .decision: .decision(outcome: .assess, on: d(1, 20), reasons: nil)
        case .withdraw: .withdraw(on: d(5, 1))
        case .exception: .exception(EHCExceptionInput(exception: .c, reasons: "The child was in hospital for two months"))
        case .advice: .advice(kind: .medical, adviser: .outside(name: "Dr Patel, community paediatrics"), on: d(2, 10), familyMissedAppointment: false)
        case .remind: .remind(advice: adviceID, byEmail: false)
        case .draft: .draft(sections: [EHCDraftSection(key: "B", field: "sectionB", text: "Speech and language needs")],
                            outcomes: [EHCDraftOutcomeRow(need: "Speech", outcome: "Speaks in class", provision: "SALT weekly")], on: d(3, 2))
        case .notIssue: .notIssue(on: d(3, 2), reasons: "Needs can be met from the school's resources")
        case .final: .final(placement: "Elm Academy", consultedOn: d(3, 4), on: d(4, 1), waived: false)
        case .comments: .comments(comments: "We would like more speech therapy", preferredSchool: "Elm Academy", received: d(3, 10), byCouncil: true)
        case .consult: .consult(institution: "Birch School", on: d(5, 20))
        case .consultReply: .consultReply(consultation: consultationID, response: .agree, notes: nil, on: d(5, 21))
        case .appeal: .appeal(mediation: d(5, 1), tribunal: .blank)
        case .scheduleReview: .scheduleReview(meeting: d(6, 20))
        case .review: .review(meeting: d(5, 10), outcome: .amend, on: d(5, 20))
        case .cease: .cease(on: d(5, 30), reason: .needsMet)
        case .reassess: .reassess(on: d(5, 15), requester: .parent, reasons: "Needs have changed", newCase: EHCCaseID())
        case .amended: .amended(on: d(5, 25))
        case .allocate: .allocate(caseworker: (UserID(), "Sam Caseworker"))
        case .answer: .answer(advice: adviceID, text: "The child needs speech therapy", file: .none)
        case .missedAppointment: .missedAppointment(advice: adviceID)
        }
    }

    func testEveryStageTimesEveryAction() {
        XCTAssertEqual(EHCStage.allCases.count * EHCActionName.allCases.count, 11 * 20)
        for stage in EHCStage.allCases {
            for name in EHCActionName.allCases {
                let result = EHCWorkflow.apply(action(name), on: state(at: stage), today: today)
                let label = "\(name.rawValue) at \(stage.rawValue)"
                if EHCWorkflow.allowedActions(at: stage).contains(name) {
                    guard case let .success(transition) = result else { XCTFail("\(label) should apply: \(result)"); continue }
                    let after = transition.state.stage
                    if after != stage {
                        // Only reviews pass through another stage; every step is one the stage machine allows.
                        let path = EHCWorkflow.path(for: name, from: stage, to: after)
                        var at = stage
                        for step in path { XCTAssertTrue(at.canMove(to: step), "\(label): \(at) → \(step)"); at = step }
                    }
                    XCTAssertFalse(transition.audit.isEmpty, "\(label) writes an audit fact")
                } else {
                    guard case let .failure(problems) = result else { XCTFail("\(label) should be refused"); continue }
                    XCTAssertTrue(problems.refused, label)
                    XCTAssertEqual(problems.problems.count, 1, label)
                }
            }
        }
    }

    func testTerminalStagesAllowNothing() {
        for stage in EHCStage.allCases where stage.isTerminal {
            XCTAssertTrue(EHCWorkflow.allowedActions(at: stage).isEmpty, stage.rawValue)
        }
    }

    /// The defect the review found: "review" with "amend" jumped finalIssued → amendmentProposed.
    func testAmendingReviewPassesThroughUnderReview() throws {
        let result = EHCWorkflow.apply(action(.review), on: state(at: .finalIssued), today: today)
        let transition = try result.get()
        XCTAssertEqual(transition.state.stage, .amendmentProposed)
        XCTAssertFalse(EHCStage.finalIssued.canMove(to: .amendmentProposed))
        XCTAssertEqual(EHCWorkflow.path(for: .review, from: .finalIssued, to: .amendmentProposed), [.underReview, .amendmentProposed])
        XCTAssertEqual(transition.state.lastReview, CalendarDate(year: 2026, month: 5, day: 20))
    }

    func testDecisionToAssessAndToRefuse() throws {
        let assess = try EHCWorkflow.apply(action(.decision), on: state(at: .requested), today: today).get()
        XCTAssertEqual(assess.state.stage, .assessing)
        XCTAssertEqual(assess.audit, [EHCAuditFact(action: "ehc.decision", detail: "assess")])
        XCTAssertEqual(assess.events.map(\.on), [CalendarDate(year: 2026, month: 1, day: 20)])

        let refusal = EHCWorkflow.apply(.decision(outcome: .refuse, on: d(1, 20), reasons: nil), on: state(at: .requested), today: today)
        guard case let .failure(problems) = refusal else { return XCTFail("reasons are required to refuse") }
        XCTAssertEqual(problems.problems.map(\.field), ["reasons"])
        XCTAssertFalse(problems.refused)

        let refused = try EHCWorkflow.apply(.decision(outcome: .refuse, on: d(1, 20), reasons: "Needs met at SEN support"), on: state(at: .requested), today: today).get()
        XCTAssertEqual(refused.state.stage, .refusedToAssess)
        XCTAssertEqual(refused.state.assessmentClosed, CalendarDate(year: 2026, month: 1, day: 20))
    }

    func testFieldProblemsAreCollectedTogether() {
        let result = EHCWorkflow.apply(.decision(outcome: nil, on: .unreadable, reasons: nil), on: state(at: .requested), today: today)
        guard case let .failure(problems) = result else { return XCTFail("blank decision applied") }
        XCTAssertEqual(Set(problems.problems.map(\.field)), ["outcome", "on"])
        XCTAssertFalse(problems.refused)
    }

    func testDatesBeforeTheRequestOrInTheFutureAreRefused() {
        let early = EHCWorkflow.apply(.withdraw(on: d(1, 1)), on: state(at: .requested), today: today)
        guard case let .failure(a) = early else { return XCTFail("withdrawn before the request") }
        XCTAssertTrue(a.problems[0].message.contains("on or after 5 January 2026"), a.problems[0].message)
        let future = EHCWorkflow.apply(.withdraw(on: d(6, 2)), on: state(at: .requested), today: today)
        guard case let .failure(b) = future else { return XCTFail("withdrawn tomorrow") }
        XCTAssertEqual(b.problems[0].message, "The date the request was withdrawn must be today or in the past")
    }

    /// Reg 13(1): the final plan can't be issued before the family's 15 days, unless they waived them.
    func testFinalPlanWaitsForTheFamilysFifteenDays() throws {
        let early = EHCWorkflow.apply(.final(placement: "Elm Academy", consultedOn: .blank, on: d(3, 10), waived: false), on: state(at: .draftIssued), today: today)
        guard case let .failure(problems) = early else { return XCTFail("final inside the comment period") }
        XCTAssertEqual(problems.problems.map(\.field), ["on"])
        let waived = try EHCWorkflow.apply(.final(placement: "Elm Academy", consultedOn: .blank, on: d(3, 10), waived: true), on: state(at: .draftIssued), today: today).get()
        XCTAssertEqual(waived.state.stage, .finalIssued)
        XCTAssertEqual(waived.state.placement, "Elm Academy")
    }

    /// Reg 27: a re-assessment is a case of its own; its final plan replaces the plan in force.
    func testReassessmentOpensACaseAndItsFinalReplacesThePrevious() throws {
        let fresh = EHCCaseID()
        let opened = try EHCWorkflow.apply(.reassess(on: d(5, 15), requester: .parent, reasons: "Needs changed", newCase: fresh),
                                           on: state(at: .finalIssued), today: today).get()
        XCTAssertEqual(opened.state.stage, .finalIssued, "the plan stays in force")
        guard case let .openReassessment(id, decided, _, _, _)? = opened.effects.first else { return XCTFail("no case opened") }
        XCTAssertEqual(id, fresh)
        XCTAssertEqual(decided, CalendarDate(year: 2026, month: 5, day: 15))
        let again = EHCWorkflow.apply(.reassess(on: d(5, 16), requester: .parent, reasons: "Again", newCase: EHCCaseID()), on: opened.state, today: today)
        guard case let .failure(problems) = again else { return XCTFail("two re-assessments at once") }
        XCTAssertEqual(problems.problems.map(\.message), ["A re-assessment of this plan is already under way"])

        let previous = EHCCaseID()
        var re = EHCCaseState(id: fresh, childID: nil, kind: .reassessment, stage: .draftIssued, request: CalendarDate(year: 2026, month: 5, day: 15))
        re.draftServed = CalendarDate(year: 2026, month: 5, day: 16)
        re.previousID = previous
        re.previousStage = .finalIssued
        let final = try EHCWorkflow.apply(.final(placement: "Elm Academy", consultedOn: .blank, on: .date(today), waived: false), on: re, today: today).get()
        guard case let .replacePrevious(replaced, on, _)? = final.effects.first else { return XCTFail("previous plan not replaced") }
        XCTAssertEqual(replaced, previous)
        XCTAssertEqual(on, today)
        XCTAssertTrue(final.audit[0].detail.contains("within 14 weeks"), final.audit[0].detail)
    }

    /// Rulebook EHC-3: no reminder once the family missed an appointment, and the duty's date is gone.
    func testMissedAppointmentLiftsTheAdvisersDuty() throws {
        let missed = try EHCWorkflow.apply(.missedAppointment(advice: adviceID), on: state(at: .assessing), today: today).get()
        XCTAssertEqual(missed.state.advice[0].familyMissedAppointment, true)
        XCTAssertNil(missed.state.advice[0].due)
        XCTAssertNil(missed.state.earliestRunningAdviceRequest)
        let remind = EHCWorkflow.apply(.remind(advice: adviceID, byEmail: true), on: missed.state, today: today)
        guard case let .failure(problems) = remind else { return XCTFail("reminded after a missed appointment") }
        XCTAssertTrue(problems.refused)
    }

    /// EHC-7: a re-assessment's letter promises 14 weeks; an exception removes the fixed dates.
    func testLetterDates() {
        var s = state(at: .assessing)
        let normal = EHCWorkflow.letterDates(s)
        XCTAssertEqual(normal.weeks, 20)
        XCTAssertEqual(normal.finalBy, CalendarDate(year: 2026, month: 1, day: 5).adding(days: 140))
        s.kind = .reassessment
        XCTAssertEqual(EHCWorkflow.letterDates(s).weeks, 14)
        XCTAssertNil(EHCWorkflow.letterDates(s).notIssuingBy)
        s.exception = .c
        XCTAssertNil(EHCWorkflow.letterDates(s).finalBy)
    }

    /// Rulebook EHC-6 (reg 10(4)(a)): recording exception (a) checks the closure against the educational advice request.
    func testClosureExceptionIsCheckedAgainstTheAdviceRequest() throws {
        // The educational advice was asked for on 2 February 2026.
        func closure(_ from: EHCDateEntry, _ reopened: EHCDateEntry) -> Result<EHCTransition, EHCActionProblems> {
            EHCWorkflow.apply(.exception(EHCExceptionInput(exception: .a, reasons: "Half-term closure for refurbishment", adviceRequest: adviceID,
                                                           closedFrom: from, reopenedOn: reopened)), on: state(at: .assessing), today: today)
        }
        // Closed 9 February (a week after the request) to 9 March: 28 days, advice 7 days before the closure.
        let ok = try closure(d(2, 9), d(3, 9)).get()
        XCTAssertEqual(ok.state.exception, .a)
        XCTAssertEqual(ok.state.exceptionEvidence, .closure(adviceRequest: adviceID, closedFrom: CalendarDate(year: 2026, month: 2, day: 9),
                                                            reopened: CalendarDate(year: 2026, month: 3, day: 9)))
        XCTAssertNil(EHCWorkflow.letterDates(ok.state).finalBy, "the letter no longer promises a date")
        // 27 days is not a closure of at least 4 weeks.
        guard case let .failure(short) = closure(d(2, 9), d(3, 8)) else { return XCTFail("27-day closure accepted") }
        XCTAssertEqual(short.problems.map(\.field), ["reopenedOn"])
        // Asked for 8 days before the closure: outside the window.
        guard case let .failure(early) = closure(d(2, 10), d(3, 20)) else { return XCTFail("advice asked for too early") }
        XCTAssertEqual(early.problems.map(\.field), ["exceptionAdvice"])
        // No advice request chosen.
        let none = EHCWorkflow.apply(.exception(EHCExceptionInput(exception: .a, reasons: "Closure", closedFrom: d(2, 9), reopenedOn: d(3, 9))),
                                     on: state(at: .assessing), today: today)
        guard case let .failure(missing) = none else { return XCTFail("closure with no advice request") }
        XCTAssertEqual(missing.problems.map(\.field), ["exceptionAdvice"])
    }

    /// Rulebook EHC-6 (reg 10(4)(d)): an absence of at least 28 days overlapping the 20 weeks from the request.
    func testAbsenceExceptionNeedsFourWeeksInsideThePeriod() throws {
        func absence(_ from: EHCDateEntry, _ back: EHCDateEntry) -> Result<EHCTransition, EHCActionProblems> {
            EHCWorkflow.apply(.exception(EHCExceptionInput(exception: .d, reasons: "Family abroad", absentFrom: from, returnedOn: back)),
                              on: state(at: .assessing), today: today)
        }
        XCTAssertEqual(try absence(d(3, 1), d(3, 29)).get().state.exceptionEvidence,
                       .absence(from: CalendarDate(year: 2026, month: 3, day: 1), returned: CalendarDate(year: 2026, month: 3, day: 29)))
        guard case let .failure(short) = absence(d(3, 1), d(3, 28)) else { return XCTFail("27 days accepted") }
        XCTAssertEqual(short.problems.map(\.field), ["returnedOn"])
        // The 20 weeks from 5 January 2026 end on 25 May 2026; an absence from 1 June is outside them.
        guard case let .failure(outside) = absence(.date(CalendarDate(year: 2026, month: 6, day: 1)), .date(CalendarDate(year: 2026, month: 7, day: 1))) else {
            return XCTFail("absence after the period accepted")
        }
        XCTAssertEqual(outside.problems.map(\.field), ["absentFrom"])
    }
}
