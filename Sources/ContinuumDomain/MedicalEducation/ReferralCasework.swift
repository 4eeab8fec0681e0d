import Foundation

// The casework on a referral that does not move its status: reviews, the reintegration plan, the
// timetable and its sessions, and medical evidence. `ReferralWorkflow.apply` sends these actions here;
// each gives the effects on other records, or the problems worded as the referral and teaching pages show them.

/// A review held, as recorded (rulebook HN-12).
public struct CaseReviewEntry: Hashable, Sendable {
    public let held: CalendarDate
    public let healthInput: String
    public let outcome: String
}

/// The reintegration plan (rulebook HN-11).
public struct ReintegrationPlanEntry: Hashable, Sendable {
    public let goals: String
    public let steps: String
    public let schoolContact: String
    public let target: CalendarDate
}

/// A MET teacher chosen on the timetable form, as the app found them among the council's teachers.
public struct TimetableTeacher: Hashable, Sendable {
    public let id: UUID
    /// For the audit row.
    public let email: String
    public init(id: UUID, email: String) { self.id = id; self.email = email }
}

/// The timetable form as typed; `teacher` is nil when none was chosen or the choice is not one of the council's MET teachers.
public struct TimetableSlotInput: Hashable, Sendable {
    public var subject: TeachingSubject?
    public var teacher: TimetableTeacher?
    public var place: String?
    /// Nil when none was chosen; a weekend day is refused.
    public var weekday: Weekday?
    public var startsAt: String?
    public var minutes: String?

    public init(subject: TeachingSubject?, teacher: TimetableTeacher?, place: String?, weekday: Weekday?, startsAt: String?, minutes: String?) {
        self.subject = subject; self.teacher = teacher; self.place = place; self.weekday = weekday; self.startsAt = startsAt; self.minutes = minutes
    }
}

/// A weekly slot to create.
public struct NewTimetableSlot: Hashable, Sendable {
    public let subject: TeachingSubject
    public let teacherID: UUID
    public let place: String
    public let weekday: Weekday
    /// "HH:MM".
    public let startsAt: String
    public let minutes: Int
}

/// The teacher's session form: the slot (found among the teacher's own), and what they recorded.
public struct SessionInput: Hashable, Sendable {
    public var slot: UUID
    /// The day the slot is timetabled on.
    public var slotWeekday: Weekday?
    public var date: CalendarDate?
    public var outcome: SessionOutcome?
    public var reason: String?

    public init(slot: UUID, slotWeekday: Weekday?, date: CalendarDate?, outcome: SessionOutcome?, reason: String?) {
        self.slot = slot; self.slotWeekday = slotWeekday; self.date = date; self.outcome = outcome; self.reason = reason
    }
}

/// One session's record.
public struct SessionEntry: Hashable, Sendable {
    public let slot: UUID
    public let on: CalendarDate
    public let outcome: SessionOutcome
    /// Nil when none was given.
    public let reason: String?
}

/// The record of a medical evidence file.
public struct NewEvidence: Hashable, Sendable {
    public let type: EvidenceType
    public let contentType: String
    public let bytes: Int
    public let received: CalendarDate
}

extension ReferralWorkflow {
    static func recordReview(heldOn: CalendarDate?, healthInput: String?, outcome: String?, on state: ReferralCaseState, today: CalendarDate,
                             rules: ReferralRules) -> Result<ReferralTransition, EHCActionProblems> {
        var problems: [EHCFieldProblem] = []
        let refused = state.status != .accepted
        if refused { problems.append(EHCFieldProblem("heldOn", "Only a case receiving provision is reviewed")) }
        if let heldOn {
            if heldOn > today { problems.append(EHCFieldProblem("heldOn", "The review date can't be in the future")) }
        } else {
            problems.append(EHCFieldProblem("heldOn", "Enter the date the review was held, for example 20 11 2026"))
        }
        let health = (healthInput ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if health.isEmpty { problems.append(EHCFieldProblem("healthInput", "Record the health professionals' input, or that none was given and why")) }
        let outcome = (outcome ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if outcome.isEmpty { problems.append(EHCFieldProblem("reviewOutcome", "Record the outcome of the review")) }
        guard problems.isEmpty, let heldOn else { return .failure(EHCActionProblems(problems, refused: refused)) }
        // Rulebook HN-12 (LOCAL): the next review is due at the authority's interval from the one held.
        let next = rules.reviewDue(after: heldOn)
        return .success(ReferralTransition(state: state, audit: EHCAuditFact(action: "case.reviewed", detail: "held \(heldOn), next \(next)"),
                                           effects: [.recordReview(CaseReviewEntry(held: heldOn, healthInput: health, outcome: outcome)), .scheduleReview(due: next)]))
    }

    /// Rulebook HN-11: every case has a reintegration plan, kept from the start of the case, so it may be recorded whatever the status.
    static func savePlan(goals: String?, steps: String?, schoolContact: String?, targetOn: CalendarDate?,
                         on state: ReferralCaseState) -> Result<ReferralTransition, EHCActionProblems> {
        var problems: [EHCFieldProblem] = []
        func text(_ value: String?, _ field: String, _ message: String) -> String {
            let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { problems.append(EHCFieldProblem(field, message)) }
            return trimmed
        }
        let goals = text(goals, "goals", "Enter the goals of the reintegration plan")
        let steps = text(steps, "steps", "Enter the steps back to school")
        let contact = text(schoolContact, "schoolContact", "Enter the home school's contact for the return")
        if targetOn == nil { problems.append(EHCFieldProblem("targetOn", "Enter a target date for the return, for example 20 4 2027")) }
        guard problems.isEmpty, let targetOn else { return .failure(EHCActionProblems(problems)) }
        var next = state
        next.hasReintegrationPlan = true
        return .success(ReferralTransition(state: next, audit: EHCAuditFact(action: "case.reintegration_plan"),
                                           effects: [.savePlan(ReintegrationPlanEntry(goals: goals, steps: steps, schoolContact: contact, target: targetOn))]))
    }

    /// Sessions are timetabled only for an accepted referral, Monday to Friday in the school day.
    static func addTimetableSlot(_ input: TimetableSlotInput, on state: ReferralCaseState) -> Result<ReferralTransition, EHCActionProblems> {
        var problems: [EHCFieldProblem] = []
        let refused = state.status != .accepted
        if refused { problems.append(EHCFieldProblem("subject", "Sessions can only be timetabled for an accepted referral")) }
        if input.subject == nil { problems.append(EHCFieldProblem("subject", "Select the subject")) }
        if input.teacher == nil { problems.append(EHCFieldProblem("teacherID", "Select the teacher")) }
        let place = (input.place ?? "").trimmingCharacters(in: .whitespaces)
        if place.isEmpty { problems.append(EHCFieldProblem("place", "Enter where the session happens, for example Redditch base, home or online")) }
        if input.weekday?.isWeekend ?? true { problems.append(EHCFieldProblem("weekday", "Select the day")) }
        let parts = (input.startsAt ?? "").trimmingCharacters(in: .whitespaces).split(separator: ":").compactMap { Int($0) }
        let timeOK = parts.count == 2 && (7...18).contains(parts[0]) && (0...59).contains(parts[1])
        if !timeOK { problems.append(EHCFieldProblem("startsAt", "Enter a start time between 07:00 and 18:59, like 09:30")) }
        let minutes = input.minutes.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if minutes == nil || !(15...360).contains(minutes!) { problems.append(EHCFieldProblem("minutes", "Length must be a whole number of minutes from 15 to 360")) }
        guard problems.isEmpty, let subject = input.subject, let teacher = input.teacher, let weekday = input.weekday, let minutes else {
            return .failure(EHCActionProblems(problems, refused: refused))
        }
        let slot = NewTimetableSlot(subject: subject, teacherID: teacher.id, place: place, weekday: weekday,
                                    startsAt: String(format: "%02d:%02d", parts[0], parts[1]), minutes: minutes)
        return .success(ReferralTransition(state: state, audit: EHCAuditFact(action: "timetable.slot_added", detail: "\(subject.rawValue) with \(teacher.email) weekday \(weekday.rawValue)"),
                                           effects: [.addSlot(slot), .linkTeacher(id: teacher.id)]))
    }

    static func recordSession(_ input: SessionInput, on state: ReferralCaseState, today: CalendarDate) -> Result<ReferralTransition, EHCActionProblems> {
        var problems: [EHCFieldProblem] = []
        // The teaching page offers this week's days (next week's at the weekend), so nothing further ahead is one of them.
        let onItsDay = input.date.map { $0.weekday == input.slotWeekday && $0 <= today.adding(days: 7) } ?? false
        if !onItsDay { problems.append(EHCFieldProblem("main-content", "That date is not one of this session's days")) }
        if input.outcome == nil { problems.append(EHCFieldProblem("main-content", "Select how the session went")) }
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespaces)
        // Rulebook HN-10: the school records code K only for a session attended and chooses an absence code otherwise, so an absence says why.
        if input.outcome == .childAbsent && reason.isEmpty { problems.append(EHCFieldProblem("main-content", "Give the reason the child was absent")) }
        guard problems.isEmpty, let date = input.date, let outcome = input.outcome else { return .failure(EHCActionProblems(problems)) }
        return .success(ReferralTransition(state: state, audit: EHCAuditFact(action: "session.recorded", detail: "\(date) \(outcome.rawValue)"),
                                           effects: [.recordSession(SessionEntry(slot: input.slot, on: date, outcome: outcome, reason: reason.isEmpty ? nil : reason))]))
    }

    /// Rulebook HN-4: evidence is never a condition of the decision, so it is taken whatever the referral's status.
    static func receiveEvidence(type: EvidenceType?, file: EHCAdviceFile, on state: ReferralCaseState, today: CalendarDate) -> Result<ReferralTransition, EHCActionProblems> {
        var problems: [EHCFieldProblem] = []
        if type == nil { problems.append(EHCFieldProblem("evidenceType", "Select what kind of evidence this is")) }
        switch file {
        case .none: problems.append(EHCFieldProblem("file", "Select a file"))
        case .tooLarge: problems.append(EHCFieldProblem("file", "The file must be smaller than 10 MB"))
        case .unrecognised: problems.append(EHCFieldProblem("file", "The file must be a PDF, JPEG or PNG"))
        case .document: break
        }
        guard problems.isEmpty, let type, case let .document(contentType, bytes) = file else { return .failure(EHCActionProblems(problems)) }
        var next = state
        // Rulebook HN-4: the day the first evidence arrived is kept, so the delay it caused can be reported.
        next.evidenceReceived = state.evidenceReceived ?? today
        return .success(ReferralTransition(state: next, audit: EHCAuditFact(action: "evidence.uploaded", detail: "\(type.rawValue) \(contentType) \(bytes) bytes"),
                                           effects: [.storeEvidence(NewEvidence(type: type, contentType: contentType, bytes: bytes, received: today))]))
    }
}
