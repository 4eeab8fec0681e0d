/// A step in the case's history that the family sees, with the day it happened.
public struct EHCEvent: Hashable, Sendable {
    public let on: CalendarDate
    public let summary: String
    public init(on: CalendarDate, summary: String) { self.on = on; self.summary = summary }
}

/// What the audit row for the change says: `action` ("ehc.final") and its detail.
public struct EHCAuditFact: Hashable, Sendable {
    public let action: String
    public let detail: String
    public init(action: String, detail: String = "") { self.action = action; self.detail = detail }
}

/// An advice request to create (reg 6).
public struct EHCNewAdvice: Hashable, Sendable {
    public let kind: EHCAdviceKind
    public let adviserUserID: UserID?
    public let adviserName: String
    public let requested: CalendarDate
    public let familyMissedAppointment: Bool
}

/// Changes to records other than the case itself, for the app to write in the same transaction.
public enum EHCEffect: Sendable {
    case requestAdvice(EHCNewAdvice)
    case replacePlanContent(sections: [(key: String, text: String)], outcomes: [(need: String, outcome: String, provision: String)])
    case consult(institution: String, on: CalendarDate)
    case recordConsultationReply(EHCConsultationID, on: CalendarDate, response: EHCConsultationResponse, notes: String?)
    case remindAdviser(EHCAdviceRequestID, byEmail: Bool)
    case receiveAdvice(EHCAdviceRequestID, on: CalendarDate, text: String?)
    case markFamilyMissedAppointment(EHCAdviceRequestID)
    /// A re-assessment (reg 27) is a case of its own, opened at `assessing` with its first event.
    case openReassessment(id: EHCCaseID, decided: CalendarDate, requester: EHCRequester, reasons: String, event: EHCEvent)
    /// A re-assessment's final plan replaces the plan it re-assessed (reg 27(2)); the move was checked here.
    case replacePrevious(EHCCaseID, on: CalendarDate, event: EHCEvent)
}

/// The result of an allowed action: the case's new state, what the family sees, what the audit records,
/// and the other records to write.
public struct EHCTransition: Sendable {
    public var state: EHCCaseState
    public var events: [EHCEvent]
    public var audit: [EHCAuditFact]
    public var effects: [EHCEffect]
}

/// Why an action was not applied: field problems for the error summary. `refused` when the action
/// can't be done at this stage at all (or refers to something no longer there), rather than mistyped.
public struct EHCActionProblems: Error, Hashable, Sendable {
    public var problems: [EHCFieldProblem]
    public var refused: Bool
    public init(_ problems: [EHCFieldProblem], refused: Bool = false) { self.problems = problems; self.refused = refused }
}

/// The EHC workflow: which actions each stage allows, and `apply`, the only place that moves a case
/// between stages (through `EHCStage.canMove`) and computes its statutory dates.
public enum EHCWorkflow {
    /// What can be done to a case at each stage. Terminal stages allow nothing.
    public static func allowedActions(at stage: EHCStage) -> Set<EHCActionName> {
        var actions: Set<EHCActionName> = [.allocate]
        switch stage {
        case .requested: actions.formUnion([.decision, .withdraw, .exception])
        case .assessing: actions.formUnion([.advice, .remind, .draft, .notIssue, .withdraw, .exception, .answer, .missedAppointment])
        case .draftIssued: actions.formUnion([.final, .comments, .consult, .consultReply, .exception])
        case .refusedToAssess, .decisionNotToIssue: actions.formUnion([.appeal])
        case .finalIssued, .underReview: actions.formUnion([.scheduleReview, .review, .cease, .reassess])
        // An amended plan may name a new school, which must be consulted like any other.
        case .amendmentProposed: actions.formUnion([.amended, .consult, .consultReply])
        case .withdrawn, .ceased, .replaced: actions = []
        }
        return actions
    }

    /// The refusal shown when an action is not open at `stage`.
    public static func refusal(at stage: EHCStage) -> String {
        "This can't be done while the case is at \"\(stage.description)\". " + (stage.isTerminal ? "The case is closed." : "Next steps from here: "
            + stage.next.map(\.description).sorted().joined(separator: ", ") + ".")
    }

    /// The stages a case passes through for an action that ends at `target`. Each step is checked with `canMove`.
    ///
    /// A review recorded on a plan whose meeting was not arranged first passes through `underReview`:
    /// rulebook AR-3 (SEND Regulations 2014 reg 20(1)) makes a review a meeting, and the keep or amend
    /// decision (reg 20, AR-4 reg 22) follows it. So `finalIssued → amendmentProposed` is two lawful steps,
    /// `finalIssued → underReview → amendmentProposed`, never one unchecked jump.
    static func path(for action: EHCActionName, from stage: EHCStage, to target: EHCStage) -> [EHCStage] {
        if action == .review && stage == .finalIssued { return [.underReview, target] }
        return [target]
    }

    public static func apply(_ action: EHCAction, on state: EHCCaseState, today: CalendarDate) -> Result<EHCTransition, EHCActionProblems> {
        let name = action.name
        guard allowedActions(at: state.stage).contains(name) else {
            switch name {
            // The family's own form and the adviser's form have their own wording and fields.
            case .comments: return .failure(EHCActionProblems([EHCFieldProblem("comments", "Comments can be given while a draft plan is out for comment")], refused: true))
            case .answer:
                if case let .answer(id, _, _) = action { return .failure(answerRefusal(id)) }
            default: break
            }
            return .failure(EHCActionProblems([EHCFieldProblem("action", refusal(at: state.stage))], refused: true))
        }
        var work = Work(state: state, today: today, name: name)
        work.run(action)
        if !work.checks.problems.isEmpty { return .failure(EHCActionProblems(work.checks.problems, refused: work.refused)) }
        return .success(EHCTransition(state: work.state, events: work.events, audit: work.audit, effects: work.effects))
    }

    static func answerRefusal(_ id: EHCAdviceRequestID) -> EHCActionProblems {
        EHCActionProblems([EHCFieldProblem("advice-\(id.rawValue.uuidString)", "This advice has already been received, or the assessment has moved on")], refused: true)
    }

    /// The dates a decision letter may promise. Nil means "as soon as practicable": a recorded reg 10(4)
    /// exception removes the fixed date, and the letter must not promise one.
    public static func letterDates(_ state: EHCCaseState) -> (notIssuingBy: CalendarDate?, finalBy: CalendarDate?, weeks: Int) {
        let timeline = state.dates.timeline
        // SEND Regulations 2014 regs 10(1), 13(2)–(3) and 10(4) (rulebook EHC-4, EHC-6): no fixed date once an exception applies.
        let notIssuing: CalendarDate? = state.exception == nil ? Optional(timeline.notIssuingNoticeDue) ?? nil : nil
        let final: CalendarDate? = state.exception == nil ? timeline.finalDue : nil
        // SEND Regulations 2014 reg 27(2) (rulebook EHC-7): a re-assessment's plan is due 14 weeks from the decision.
        return (state.kind == .reassessment ? nil : notIssuing, final, state.kind == .reassessment ? EHCTimeline.reassessmentDays / 7 : EHCTimeline.finalDays / 7)
    }

    /// "Reminder by email to …": the event the family sees when an adviser is chased.
    public static func reminderEvent(adviserName: String, kind: EHCAdviceKind, due: CalendarDate?, byEmail: Bool) -> String {
        "Reminder " + (byEmail ? "by email to" : "sent to") + " \(adviserName) about the \(kind.description.lowercased()), due " + (due?.longFormat ?? "now")
    }

    /// One application of one action: collects problems, then (only if there are none) the changes.
    private struct Work {
        var state: EHCCaseState
        let today: CalendarDate
        let name: EHCActionName
        var checks: FieldChecks
        var refused = false
        var events: [EHCEvent] = []
        var audit: [EHCAuditFact] = []
        var effects: [EHCEffect] = []

        init(state: EHCCaseState, today: CalendarDate, name: EHCActionName) {
            self.state = state; self.today = today; self.name = name; checks = FieldChecks(today: today)
        }

        var ok: Bool { checks.problems.isEmpty }
        var request: CalendarDate { state.request }

        /// Stop here with one problem that refuses the action outright.
        mutating func refuse(_ field: String, _ message: String) { checks.add(field, message); refused = true }

        /// Moves the case to `target`, checking every step against the stage machine.
        mutating func move(to target: EHCStage) {
            var stage = state.stage
            for next in EHCWorkflow.path(for: name, from: stage, to: target) where next != stage {
                // Staying in the same stage is not a move; any real move must be one the domain allows.
                guard stage.canMove(to: next) else { refuse("action", EHCWorkflow.refusal(at: state.stage)); return }
                stage = next
            }
            state.stage = stage
        }

        mutating func record(_ summary: String, on date: CalendarDate, detail: String = "") {
            if !summary.isEmpty { events.append(EHCEvent(on: date, summary: summary)) }
            audit.append(EHCAuditFact(action: "ehc.\(name.rawValue)", detail: detail))
        }

        // swiftlint:disable:next cyclomatic_complexity function_body_length
        mutating func run(_ action: EHCAction) {
            switch action {
            case let .decision(outcome, on, reasons): decision(outcome, on, reasons)
            case let .withdraw(on):
                guard let on = checks.date(on, field: "on", label: "the request was withdrawn", notBefore: request) else { return }
                move(to: .withdrawn)
                guard ok else { return }
                state.assessmentClosed = on
                record("The request was withdrawn", on: on)
            case let .exception(input): exception(input)
            case let .advice(kind, adviser, on, missed): advice(kind, adviser, on, missed)
            case let .remind(id, byEmail):
                guard let advice = state.advice.first(where: { $0.id == id && $0.received == nil }) else {
                    return refuse("action", "That advice has already arrived, so no reminder is needed")
                }
                // Rulebook EHC-3 (reg 8): once the family missed an appointment the adviser has no 6-week date to be chased to.
                guard !advice.familyMissedAppointment else {
                    return refuse("action", "The family missed an appointment, so the adviser's 6-week duty no longer applies and no reminder is sent (regulation 8)")
                }
                effects.append(.remindAdviser(advice.id, byEmail: byEmail))
                if let index = state.advice.firstIndex(where: { $0.id == advice.id }) { state.advice[index].lastReminded = today }
                record(EHCWorkflow.reminderEvent(adviserName: advice.adviserName, kind: advice.kind, due: advice.due, byEmail: byEmail), on: today, detail: advice.kind.rawValue)
            case let .draft(sections, rows, on): draft(sections, rows, on)
            case let .notIssue(on, reasons):
                let on = checks.date(on, field: "on", label: "of the decision", notBefore: request)
                let reasons = checks.text(reasons, field: "reasons", missing: "Give the reasons for not issuing a plan")
                guard let on, ok else { return }
                move(to: .decisionNotToIssue)
                guard ok else { return }
                state.decisionReasons = reasons
                state.assessmentClosed = on
                record("The council decided not to issue an EHC plan (the letter explains how to appeal)", on: on)
            case let .final(placement, consultedOn, on, waived): final(placement, consultedOn, on, waived)
            case let .comments(comments, school, received, byCouncil): self.comments(comments, school, received, byCouncil)
            case let .consult(institution, on):
                let institution = checks.text(institution, field: "institution", missing: "Name the school or college being consulted", limit: 300)
                let amending = state.stage == .amendmentProposed
                let from = (amending ? state.lastReview : state.draftServed) ?? request
                guard let on = checks.date(on, field: "on", label: "the school was consulted", notBefore: from,
                                           notBeforeLabel: amending ? "the amendments were proposed" : "the draft was sent"), ok else { return }
                effects.append(.consult(institution: institution, on: on))
                // SEND Code of Practice 9.78–9.79 (rulebook EHC-5): 15 days to respond.
                record("\(institution) was consulted about being named in the plan and has until \(EHCConsultationResponse.responseDue(consulted: on).longFormat) to respond", on: on)
            case let .consultReply(id, response, notes, on):
                let consultation = state.consultations.first { $0.id == id && $0.responded == nil }
                if consultation == nil { checks.add("consultation", "Select the school whose response this is") }
                if response == nil { checks.add("response", "Select what the school said") }
                let notes = response == .decline
                    ? checks.text(notes, field: "responseNotes", missing: "Give the school's reasons: the council must weigh them before deciding what to name", limit: 4000)
                    : checks.optionalText(notes, field: "responseNotes", limit: 4000)
                let on = checks.date(on, field: "on", label: "the response was received", notBefore: consultation?.consulted, notBeforeLabel: "the school was consulted")
                guard let on, let consultation, let response, ok else { return }
                effects.append(.recordConsultationReply(consultation.id, on: on, response: response, notes: notes))
                let late = on > EHCConsultationResponse.responseDue(consulted: consultation.consulted) ? ", after its 15 days" : ""
                record("\(consultation.institution) responded to the consultation\(late): \(response == .agree ? "it can meet the child's needs" : "it says it cannot meet the child's needs")",
                       on: on, detail: response.rawValue)
            case let .appeal(mediation, tribunal):
                let mediation = checks.optionalDate(mediation, field: "mediationOn", label: "of mediation", allowFuture: true)
                let tribunal = checks.optionalDate(tribunal, field: "tribunalOn", label: "the appeal was registered")
                if mediation == nil && tribunal == nil && ok { checks.add("mediationOn", "Enter a mediation date or the date the appeal was registered") }
                guard ok else { return }
                if let mediation { state.mediation = mediation }
                if let tribunal { state.tribunalRegistered = tribunal }
                record([mediation.map { "Mediation on \($0.longFormat)" }, tribunal.map { "Appeal registered with the tribunal on \($0.longFormat)" }]
                    .compactMap { $0 }.joined(separator: "; "), on: today)
            case let .scheduleReview(meeting):
                guard let meeting = checks.date(meeting, field: "meetingOn", label: "of the review meeting", notBefore: state.finalIssued,
                                                notBeforeLabel: "the plan was issued", allowFuture: true) else { return }
                move(to: .underReview)
                guard ok else { return }
                state.reviewMeeting = meeting
                // SEND Regulations 2014 reg 20(3)–(4) and the 4-week decision (rulebook AR-3).
                let review = AnnualReviewTimeline(meeting: meeting)
                record("Annual review meeting arranged for \(meeting.longFormat). Invitations with two weeks' notice and the advice are due by \(review.inviteBy.longFormat); the decision by \(review.decisionDue.longFormat)",
                       on: today, detail: meeting.description)
            case let .review(meeting, outcome, on):
                let meeting = checks.date(meeting, field: "meetingOn", label: "of the review meeting", notBefore: state.finalIssued, notBeforeLabel: "the plan was issued")
                let on = checks.date(on, field: "on", label: "of the decision", notBefore: meeting, notBeforeLabel: "the meeting was held")
                if outcome == nil { checks.add("outcome", "Select whether the plan is kept as it is or amended (to cease a plan, use \"Cease the plan\")") }
                guard let meeting, let on, let outcome, ok else { return }
                // Rulebook AR-3/AR-4 (regs 20, 22): keep returns the plan to force; amend sends proposed amendments.
                move(to: outcome == .amend ? .amendmentProposed : .finalIssued)
                guard ok else { return }
                state.lastReview = on
                state.reviewMeeting = meeting
                let late = on > AnnualReviewTimeline(meeting: meeting).decisionDue ? " (decision later than 4 weeks after the meeting)" : ""
                record(outcome == .amend ? "Annual review held on \(meeting.longFormat); the council proposed amendments\(late)"
                       : "Annual review held on \(meeting.longFormat); the plan is kept as it is\(late)", on: on, detail: outcome.rawValue)
            case let .amended(on):
                guard let on = checks.date(on, field: "on", label: "the amended plan was issued", notBefore: state.lastReview, notBeforeLabel: "the review decision") else { return }
                move(to: .finalIssued)
                guard ok else { return }
                record("Final amended EHC plan issued", on: on)
            case let .cease(on, reason):
                let on = checks.date(on, field: "on", label: "the plan ceased", notBefore: state.finalIssued, notBeforeLabel: "the plan was issued", allowFuture: true)
                if reason == nil { checks.add("ceaseReason", "Select why the plan is ceasing") }
                guard let on, let reason, ok else { return }
                move(to: .ceased)
                guard ok else { return }
                state.ceased = on
                state.ceaseReason = reason
                record("The EHC plan ceased: \(reason.description.lowercased())", on: on, detail: String(reason.rawValue))
            case let .reassess(on, requester, reasons, newCase): reassess(on, requester, reasons, newCase)
            case let .allocate(caseworker):
                guard let caseworker else { return refuse("caseworker", "Select a caseworker") }
                state.caseworker = caseworker.id
                record("", on: today, detail: caseworker.name)
            case let .answer(id, text, file): answer(id, text, file)
            case let .missedAppointment(id):
                guard let advice = state.advice.first(where: { $0.id == id && $0.received == nil }) else {
                    return refuse("action", "That advice has already arrived, so there is no appointment to record")
                }
                guard !advice.familyMissedAppointment else { return refuse("action", "A missed appointment is already recorded for this advice") }
                effects.append(.markFamilyMissedAppointment(advice.id))
                if let index = state.advice.firstIndex(where: { $0.id == advice.id }) { state.advice[index].familyMissedAppointment = true }
                // SEND Regulations 2014 reg 8 (rulebook EHC-3): the family's missed appointment lifts the adviser's 6-week duty.
                record("The family missed an appointment for the \(advice.kind.description.lowercased()) from \(advice.adviserName), so the 6-week time limit for that advice no longer applies (regulation 8)",
                       on: today, detail: advice.kind.rawValue)
            }
        }

        mutating func decision(_ outcome: EHCAssessmentDecision?, _ on: EHCDateEntry, _ reasons: String?) {
            if outcome == nil { checks.add("outcome", "Select whether the council will carry out an assessment") }
            let on = checks.date(on, field: "on", label: "of the decision", notBefore: request)
            let reasons = outcome == .refuse
                ? checks.text(reasons, field: "reasons", missing: "Give the reasons for not assessing: the family is told them with their right to appeal")
                : checks.optionalText(reasons, field: "reasons")
            guard let on, let outcome, ok else { return }
            // SEND Regulations 2014 reg 5(1) (rulebook EHC-2): the decision whether to assess.
            move(to: outcome == .assess ? .assessing : .refusedToAssess)
            guard ok else { return }
            state.decision = on
            state.decisionReasons = reasons
            if outcome == .refuse { state.assessmentClosed = on }
            record(outcome == .assess ? "The council decided to carry out an EHC needs assessment"
                   : "The council decided not to carry out an EHC needs assessment (the letter explains how to appeal)", on: on, detail: outcome.rawValue)
        }

        mutating func exception(_ input: EHCExceptionInput) {
            if input.exception == nil { checks.add("exception", "Select which exception in regulation 10(4) applies") }
            let reason = checks.text(input.reasons, field: "reasons", missing: "Describe the circumstances and the evidence for the exception")
            guard let exception = input.exception else { return }
            // Rulebook EHC-6 / EHC-7: 20 weeks from the request, or a re-assessment's 14 weeks (reg 27(3) applies the same exceptions).
            let periodDays = state.kind == .reassessment ? EHCTimeline.reassessmentDays : EHCTimeline.finalDays
            var evidence: EHCExceptionEvidence?
            if exception.needsClosure {
                let setting = exception == .b ? "the early years provider" : "the school or college"
                let advice = state.advice.first { $0.id == input.adviceRequest }
                if advice == nil {
                    checks.add("exceptionAdvice", "Select the request for advice to \(setting) that the closure affected")
                } else if advice?.kind != .educational {
                    // Reg 10(4)(a)/(b) covers advice asked of the head teacher, principal or early years provider: the educational advice (reg 6(1)(b)).
                    checks.add("exceptionAdvice", "Regulation \(exception.regulation) covers the educational advice asked for from \(setting): choose that request")
                }
                let closed = checks.date(input.closedFrom, field: "closedFrom", label: "\(setting) closed", allowFuture: true)
                let reopened = checks.date(input.reopenedOn, field: "reopenedOn", label: "\(setting) re-opened", allowFuture: true)
                if let advice, advice.kind == .educational, let closed, let reopened {
                    checks.problems += EHCExceptionEvidenceCheck.closure(exception, adviceRequested: advice.requested, closedFrom: closed, reopened: reopened)
                    evidence = .closure(adviceRequest: advice.id, closedFrom: closed, reopened: reopened)
                }
            } else if exception.needsAbsence {
                let from = checks.date(input.absentFrom, field: "absentFrom", label: "the absence began", allowFuture: true)
                let back = checks.date(input.returnedOn, field: "returnedOn", label: "they came back", allowFuture: true)
                if let from, let back {
                    checks.problems += EHCExceptionEvidenceCheck.absence(from: from, returned: back, periodStart: request, periodDays: periodDays)
                    evidence = .absence(from: from, returned: back)
                }
            }
            guard ok else { return }
            state.exception = exception
            state.exceptionReason = reason
            state.exceptionEvidence = evidence
            let limit = state.kind == .reassessment ? "14-week" : "20-week"
            record("An exception to the \(limit) time limit applies (reg \(exception.regulation)): the plan must now be issued as soon as practicable", on: today, detail: exception.rawValue)
        }

        mutating func advice(_ kind: EHCAdviceKind?, _ adviser: EHCAdviserChoice, _ on: EHCDateEntry, _ missed: Bool) {
            if kind == nil { checks.add("kind", "Select the kind of advice") }
            let on = checks.date(on, field: "on", label: "advice was asked for", notBefore: state.decision ?? request, notBeforeLabel: "the council decided to assess")
            var adviserID: UserID?
            var adviserName = ""
            switch adviser {
            case let .user(id, name): adviserID = id; adviserName = name
            case .unknownUser: checks.add("adviser", "Select an adviser from the list")
            case let .outside(name):
                adviserName = name.trimmingCharacters(in: .whitespaces)
                if adviserName.isEmpty { checks.add("adviserName", "Enter the adviser's name and organisation, or choose an adviser who uses Continuum") }
                else if adviserName.count > 200 { checks.add("adviserName", "The name must be 200 characters or fewer") }
            }
            guard let kind, let on, ok else { return }
            effects.append(.requestAdvice(EHCNewAdvice(kind: kind, adviserUserID: adviserID, adviserName: adviserName, requested: on, familyMissedAppointment: missed)))
            // SEND Regulations 2014 reg 8 (rulebook EHC-3): 6 weeks from being asked, unless the family missed an appointment.
            let due = EHCAdviceDuty.due(requested: on, familyMissedAppointment: missed)
            record("\(kind.description) asked for from \(adviserName)" + (due.map { ", due \($0.longFormat)" }
                   ?? "; the family missed an appointment, so the 6-week time limit for this advice does not apply (regulation 8)"), on: on, detail: kind.rawValue)
        }

        mutating func draft(_ sections: [EHCDraftSection], _ rows: [EHCDraftOutcomeRow], _ on: EHCDateEntry) {
            let on = checks.date(on, field: "on", label: "the draft plan was sent", notBefore: request)
            let contents = sections.map { ($0.key, checks.optionalText($0.text, field: $0.field)) }
            if contents.first(where: { $0.0 == "B" })?.1 == nil { checks.add("sectionB", "Describe the child's special educational needs (section B)") }
            var outcomes: [(need: String, outcome: String, provision: String)] = []
            for (index, row) in rows.enumerated() {
                let parts = [row.need, row.outcome, row.provision].map { ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
                if parts.allSatisfy(\.isEmpty) { continue }
                if parts.contains(where: \.isEmpty) {
                    checks.add("need\(index + 1)", "Outcome \(index + 1): give the need, the outcome and the provision that serves it, or leave all three blank")
                } else { outcomes.append((parts[0], parts[1], parts[2])) }
            }
            if outcomes.isEmpty && !checks.problems.contains(where: { $0.field.hasPrefix("need") }) {
                checks.add("need1", "Give at least one outcome (section E) with the need it meets and the provision (section F)")
            }
            guard let on, ok else { return }
            move(to: .draftIssued)
            guard ok else { return }
            state.draftServed = on
            effects.append(.replacePlanContent(sections: contents.compactMap { key, text in text.map { (key, $0) } }, outcomes: outcomes))
            // SEND Regulations 2014 reg 13(1)(a) (rulebook EHC-5): 15 days beginning with the day served.
            let until = EHCTimeline.compute(request: request, draftServed: on).commentsUntil ?? on
            record("Draft EHC plan sent. The family has until \(until.longFormat) to comment and name a preferred school (section I is left blank in the draft)", on: on)
        }

        mutating func final(_ placement: String?, _ consultedOn: EHCDateEntry, _ on: EHCDateEntry, _ waived: Bool) {
            let served = state.draftServed ?? request
            let on = checks.date(on, field: "on", label: "the final plan was issued", notBefore: served, notBeforeLabel: "the draft was sent")
            let placement = checks.text(placement, field: "placement", missing: "Name the school or other institution (section I)", limit: 300)
            let consulted = checks.optionalDate(consultedOn, field: "consultedOn", label: "the school was consulted", notBefore: served, notBeforeLabel: "the draft was sent")
            // Rulebook EHC-5 ⚠ (LOCAL policy, default on): a family may say in writing that they have no more comments.
            let earliest = EHCTimeline.compute(request: request, draftServed: served).earliestFinal ?? served
            if let on, !waived, on < earliest {
                // SEND Regulations 2014 reg 13(1): the family has at least 15 days to comment on the draft.
                checks.add("on", "The final plan can't be issued before \(earliest.longFormat): the family has 15 days from \(served.longFormat) to comment on the draft, unless they have told you in writing that they have no more comments")
            }
            guard let on, ok else { return }
            move(to: .finalIssued)
            guard ok else { return }
            state.finalIssued = on
            state.placement = placement
            state.schoolConsulted = consulted
            state.assessmentClosed = on
            let measure: String
            if state.kind == .reassessment {
                // SEND Regulations 2014 reg 27(2)–(3) (rulebook EHC-7): 14 weeks from deciding to re-assess.
                let due = EHCTimeline.reassessmentFinalDue(decidedToReassess: request, exception: state.exception)
                measure = due.map { on <= $0 ? "within 14 weeks of deciding to re-assess" : "later than 14 weeks after deciding to re-assess" } ?? "an exception applies"
                // SEND Regulations 2014 reg 27(2): the new plan replaces the plan in force, if that plan can still be replaced.
                if let previous = state.previousID, let stage = state.previousStage, stage.canMove(to: .replaced) {
                    effects.append(.replacePrevious(previous, on: on, event: EHCEvent(on: on, summary: "This plan was replaced by the plan issued on \(on.longFormat) after re-assessment")))
                }
            } else {
                let within = EHCTimeliness.isWithin20Weeks(request: request, finalIssued: on, exception: state.exception)
                measure = within.map { $0 ? "within 20 weeks" : "later than 20 weeks" } ?? "an exception applies, so it is outside the 20-week measure"
            }
            record("Final EHC plan issued, naming \(placement) (\(measure))" + (waived ? "; the family said in writing they had no more comments on the draft" : ""), on: on, detail: measure)
        }

        mutating func comments(_ comments: String?, _ school: String?, _ received: EHCDateEntry, _ byCouncil: Bool) {
            let comments = checks.optionalText(comments, field: "comments")
            let school = checks.optionalText(school, field: "preferredSchool", limit: 300)
            if comments == nil && school == nil { checks.add("comments", "Enter your comments on the draft plan, a preferred school, or both") }
            // Comments sent by post or email are recorded by the caseworker with the day they arrived.
            let on = byCouncil ? checks.date(received, field: "on", label: "the comments were received", notBefore: state.draftServed, notBeforeLabel: "the draft was sent") : today
            guard let on, ok else { return }
            state.familyComments = [state.familyComments, comments.map { "\(on.longFormat): \($0)" }].compactMap { $0 }.joined(separator: "\n\n")
            if let school { state.preferredSchool = school }
            record("The family's comments on the draft plan were received" + (byCouncil ? " (recorded by the council)" : "") + (school.map { "; preferred school: \($0)" } ?? ""), on: on)
        }

        mutating func reassess(_ on: EHCDateEntry, _ requester: EHCRequester?, _ reasons: String?, _ newCase: EHCCaseID) {
            let on = checks.date(on, field: "on", label: "the council decided to re-assess", notBefore: state.finalIssued, notBeforeLabel: "the plan was issued")
            let requester = requester == .imported ? nil : requester
            if requester == nil { checks.add("requester", "Select who asked for the re-assessment") }
            let reasons = checks.text(reasons, field: "reasons", missing: "Say why the child's needs are being re-assessed", limit: 4000)
            if state.reassessments.contains(where: { EHCCaseState.openAssessmentStages.contains($0.stage) }) {
                checks.add("on", "A re-assessment of this plan is already under way")
            } else if let on, state.reassessments.contains(where: { $0.decided == on }) {
                checks.add("on", "A re-assessment decided on \(on.longFormat) is already recorded")
            }
            guard let on, let requester, ok else { return }
            // SEND Regulations 2014 reg 27(2) (rulebook EHC-7): 14 weeks from deciding to re-assess.
            let due = EHCTimeline.reassessmentFinalDue(decidedToReassess: on, exception: nil) ?? on.adding(days: EHCTimeline.reassessmentDays)
            effects.append(.openReassessment(id: newCase, decided: on, requester: requester, reasons: reasons,
                                             event: EHCEvent(on: on, summary: "The council decided to re-assess. The amended or replacement plan is due by \(due.longFormat) (14 weeks, reg 27)")))
            state.reassessments.append(.init(decided: on, stage: .assessing))
            record("The council decided to re-assess; the plan stays in force until a new plan replaces it", on: on, detail: newCase.rawValue.uuidString)
        }

        mutating func answer(_ id: EHCAdviceRequestID, _ text: String?, _ file: EHCAdviceFile) {
            guard let advice = state.advice.first(where: { $0.id == id }), advice.received == nil else {
                checks.problems = EHCWorkflow.answerRefusal(id).problems; refused = true; return
            }
            let field = "advice-\(id.rawValue.uuidString)"
            let text = checks.optionalText(text, field: field, limit: 20000)
            switch file {
            case .tooLarge: checks.add("\(field)-file", "The file must be smaller than 10 MB")
            case .unrecognised: checks.add("\(field)-file", "The file must be a PDF, JPEG or PNG")
            case .none: if text == nil && ok { checks.add(field, "Enter your advice or attach it as a file") }
            case .document: break
            }
            guard ok else { return }
            effects.append(.receiveAdvice(id, on: today, text: text))
            if let index = state.advice.firstIndex(where: { $0.id == id }) { state.advice[index].received = today }
            var detail = advice.kind.rawValue
            if case let .document(_, bytes) = file { detail += " with a file of \(bytes) bytes" }
            events.append(EHCEvent(on: today, summary: "\(advice.kind.description) received from \(advice.adviserName)"))
            audit.append(EHCAuditFact(action: "ehc.advice_received", detail: detail))
        }
    }
}
