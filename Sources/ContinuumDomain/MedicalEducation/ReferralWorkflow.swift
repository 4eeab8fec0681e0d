import Foundation

/// The Section 19 referral and case workflow, in EHC's shape (README "Where a new workflow goes"):
/// a state value, typed actions, and `apply`, the only place that moves a referral between statuses
/// (through `ReferralStatus.canMove`) and computes its dates.
extension IDTag {
    public enum Referral {}
}

public typealias ReferralID = TypedID<IDTag.Referral>

/// How a Section 19 case ends (issue 3 item 6).
public enum ClosureOutcome: String, CaseIterable, Sendable {
    case returnedFullTime = "returned_full_time"
    case returnedPartTime = "returned_part_time"
    case specialistProvision = "specialist_provision"
    case post16
    case movedAway = "moved_away"
    case other

    public var label: String {
        switch self {
        case .returnedFullTime: "Returned to the home school full time"
        case .returnedPartTime: "Returned to the home school part time"
        case .specialistProvision: "Moved to specialist provision"
        case .post16: "Moved to Post-16"
        case .movedAway: "Moved away"
        case .other: "Other"
        }
    }

    /// Rulebook HN-11: a reintegration plan is expected before closing, except where return isn't the aim.
    public var needsReintegrationPlan: Bool { ![.specialistProvision, .movedAway, .post16].contains(self) }
}

/// A referral as its workflow sees it.
public struct ReferralCaseState: Hashable, Sendable {
    public var id: ReferralID
    public var status: ReferralStatus
    public var urgent: Bool
    public var decided: CalendarDate?
    public var decisionReasons: String?
    public var decidedBy: String?
    public var closed: CalendarDate?
    /// The outcome's code, followed by the GCSE grades in words where there are any (older readers use this text).
    public var closureOutcome: String?
    public var hasReintegrationPlan: Bool
    /// Rulebook HN-4: when medical evidence was asked for and when the first arrived, so delay can be reported.
    public var evidenceRequested: CalendarDate?
    public var evidenceReceived: CalendarDate?

    public init(id: ReferralID, status: ReferralStatus, urgent: Bool, decided: CalendarDate? = nil, decisionReasons: String? = nil,
                decidedBy: String? = nil, closed: CalendarDate? = nil, closureOutcome: String? = nil, hasReintegrationPlan: Bool = false,
                evidenceRequested: CalendarDate? = nil, evidenceReceived: CalendarDate? = nil) {
        self.id = id; self.status = status; self.urgent = urgent; self.decided = decided; self.decisionReasons = decisionReasons
        self.decidedBy = decidedBy; self.closed = closed; self.closureOutcome = closureOutcome; self.hasReintegrationPlan = hasReintegrationPlan
        self.evidenceRequested = evidenceRequested; self.evidenceReceived = evidenceReceived
    }
}

/// What someone did to a referral, with what they typed. Dates arrive parsed (nil when blank or not a date).
public enum ReferralAction: Sendable {
    /// A move that is not a decision: to awaiting information, to panel, or withdrawn.
    case move(to: ReferralStatus?)
    case decide(outcome: ReferralStatus?, reasons: String?, by: String)
    /// GCSE results as typed, by subject (blank means none); grades must be 1 to 9.
    case close(outcome: ClosureOutcome?, on: CalendarDate?, results: [(subject: GCSESubject, label: String, typed: String?)])
    /// A provision episode: where, how many hours a week, from when (rulebook HN-5).
    case arrangeProvision(ProvisionInput)
    /// A case review held (rulebook HN-12): the day, the health professionals' input and the outcome.
    case recordReview(heldOn: CalendarDate?, healthInput: String?, outcome: String?)
    /// The reintegration plan (rulebook HN-11), saved over any earlier one.
    case savePlan(goals: String?, steps: String?, schoolContact: String?, targetOn: CalendarDate?)
    /// A weekly timetabled session with a MET teacher.
    case addTimetableSlot(TimetableSlotInput)
    /// The teacher's record of how one timetabled session went (rulebook HN-10).
    case recordSession(SessionInput)
    /// Medical evidence uploaded (rulebook HN-4); the app has sniffed and measured the file.
    case receiveEvidence(type: EvidenceType?, file: EHCAdviceFile)

    public var name: String {
        switch self {
        case .move: "move"
        case .decide: "decide"
        case .close: "close"
        case .arrangeProvision: "provision"
        case .recordReview: "review"
        case .savePlan: "plan"
        case .addTimetableSlot: "timetable"
        case .recordSession: "session"
        case .receiveEvidence: "evidence"
        }
    }
}

/// The teaching base chosen on the provision form, as the app found it among the council's bases.
public enum ProvisionBaseChoice: Hashable, Sendable {
    /// Left blank.
    case none
    /// Something was chosen that is not one of the council's bases (or a base was chosen for another kind of place).
    case unknown
    /// One of the council's bases; `openOnStart` whether it is open on the start date.
    case base(id: UUID, name: String, openOnStart: Bool)
}

/// The provision form as typed. `start` is nil when blank or not a date (`startTyped` tells which);
/// `fullTimeHours` is the authority's full time for the child's actual key stage on the start date.
public struct ProvisionInput: Hashable, Sendable {
    public var type: ProvisionType?
    public var base: ProvisionBaseChoice
    public var hours: String?
    public var start: CalendarDate?
    public var startTyped: Bool
    public var partTimeReason: String?
    public var reviewOn: CalendarDate?
    public var fullTimeHours: Double

    public init(type: ProvisionType?, base: ProvisionBaseChoice, hours: String?, start: CalendarDate?, startTyped: Bool,
                partTimeReason: String?, reviewOn: CalendarDate?, fullTimeHours: Double) {
        self.type = type; self.base = base; self.hours = hours; self.start = start; self.startTyped = startTyped
        self.partTimeReason = partTimeReason; self.reviewOn = reviewOn; self.fullTimeHours = fullTimeHours
    }
}

/// A provision episode to create.
public struct NewProvisionEpisode: Hashable, Sendable {
    public let type: ProvisionType
    public let baseID: UUID?
    public let hoursPerWeek: Double
    public let start: CalendarDate
    /// Set only when the hours are below full time (HN-5).
    public let partTimeReason: String?
    public let partTimeReviewOn: CalendarDate?
}

/// The authority's settings a referral's dates depend on.
public struct ReferralRules: Sendable {
    public let calendar: SchoolCalendar
    /// Rulebook HN-12: school days from the decision to the first case review (LOCAL, per authority).
    public let reviewIntervalSchoolDays: Int
    public init(calendar: SchoolCalendar, reviewIntervalSchoolDays: Int) {
        self.calendar = calendar; self.reviewIntervalSchoolDays = reviewIntervalSchoolDays
    }

    /// Rulebook HN-12 (LOCAL): a review falls due the authority's interval of school days after `date`,
    /// counted from the next school day on or after it.
    public func reviewDue(after date: CalendarDate) -> CalendarDate {
        calendar.addingSchoolDays(reviewIntervalSchoolDays, to: calendar.nextSchoolDay(onOrAfter: date))
    }
}

/// Changes to records other than the referral.
public enum ReferralEffect: Hashable, Sendable {
    /// Rulebook HN-12: the first review, due at the authority's interval from the decision.
    case scheduleReview(due: CalendarDate)
    /// Closing ends every open provision episode, on the closing day (or its start if later).
    case endOpenEpisodes(on: CalendarDate)
    case recordGCSEResults([GCSEResultEntry])
    case createEpisode(NewProvisionEpisode)
    /// A review held: it fills the earliest review still open, or is recorded as due on the day it was held.
    case recordReview(CaseReviewEntry)
    /// The one reintegration plan of the case, made or replaced.
    case savePlan(ReintegrationPlanEntry)
    case addSlot(NewTimetableSlot)
    /// Teachers see their pupils through a relationship link, so timetabling a teacher grants it.
    case linkTeacher(id: UUID)
    /// Saved over any earlier record of the same slot on the same day.
    case recordSession(SessionEntry)
    /// The evidence's record; the app stores the file and names it.
    case storeEvidence(NewEvidence)
}

/// One GCSE result recorded at closure.
public struct GCSEResultEntry: Hashable, Sendable {
    public let subject: GCSESubject
    public let grade: GCSEGrade
}

public struct ReferralTransition: Sendable {
    public var state: ReferralCaseState
    public var audit: EHCAuditFact
    public var effects: [ReferralEffect]
}

public enum ReferralWorkflow {
    /// The statuses a person moves a referral to by hand; the others come only from a decision or a closure.
    public static let decisionStatuses: Set<ReferralStatus> = [.accepted, .declined, .closed]

    /// The moves to offer on the page: lawful, and not a decision.
    public static func offeredMoves(from state: ReferralCaseState) -> [ReferralStatus] {
        ReferralStatus.allCases.filter { state.status.canMove(to: $0, urgent: state.urgent) && !decisionStatuses.contains($0) }
    }

    public static func apply(_ action: ReferralAction, on state: ReferralCaseState, today: CalendarDate,
                             rules: ReferralRules) -> Result<ReferralTransition, EHCActionProblems> {
        var problems: [EHCFieldProblem] = []
        var next = state
        switch action {
        case let .move(target):
            guard let target else { return .failure(EHCActionProblems([EHCFieldProblem("status", "Select the new status")])) }
            if let refusal = state.status.refusal(to: target, urgent: state.urgent)
                ?? (decisionStatuses.contains(target) ? "Record a decision with its reasons instead" : nil) {
                return .failure(EHCActionProblems([EHCFieldProblem("status", refusal)], refused: true))
            }
            next.status = target
            return .success(ReferralTransition(state: next, audit: EHCAuditFact(action: "referral.status", detail: "\(state.status.rawValue) -> \(target.rawValue)"), effects: []))

        case let .decide(outcome, reasons, by):
            if outcome != .accepted && outcome != .declined { problems.append(EHCFieldProblem("outcome", "Select whether the referral is accepted or declined")) }
            let reasons = (reasons ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if reasons.isEmpty { problems.append(EHCFieldProblem("reasons", "Enter the reasons for the decision")) }
            else if reasons.count > 4000 { problems.append(EHCFieldProblem("reasons", "Reasons must be 4,000 characters or fewer")) }
            var refused = false
            if let outcome, let refusal = state.status.refusal(to: outcome, urgent: state.urgent) {
                problems.insert(EHCFieldProblem("outcome", refusal), at: 0)
                refused = true
            }
            guard problems.isEmpty, let outcome else { return .failure(EHCActionProblems(problems, refused: refused)) }
            next.status = outcome
            next.decided = today
            next.decisionReasons = reasons
            next.decidedBy = by
            // Rulebook HN-12: the first review is scheduled at the authority's interval from the decision.
            let effects: [ReferralEffect] = outcome == .accepted ? [.scheduleReview(due: rules.reviewDue(after: today))] : []
            return .success(ReferralTransition(state: next, audit: EHCAuditFact(action: "referral.decided", detail: outcome.rawValue), effects: effects))

        case let .close(outcome, on, typedResults):
            var refused = false
            if let refusal = state.status.refusal(to: .closed, urgent: state.urgent) {
                problems.append(EHCFieldProblem("closeOutcome", refusal)); refused = true
            }
            if outcome == nil { problems.append(EHCFieldProblem("closeOutcome", "Select how the case ended")) }
            if on == nil { problems.append(EHCFieldProblem("closedOn", "Enter the date the case closed, for example 18 12 2026")) }
            var words: [String] = []
            var results: [GCSEResultEntry] = []
            for result in typedResults {
                let text = (result.typed ?? "").trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let grade = Int(text), (1...9).contains(grade) else {
                    problems.append(EHCFieldProblem(result.label.lowercased(), "\(result.label) GCSE grade must be from 1 to 9")); continue
                }
                words.append("\(result.label) \(grade)")
                results.append(GCSEResultEntry(subject: result.subject, grade: .numeric(grade)))
            }
            // Rulebook HN-11: a case that returns to school closes only once its reintegration plan is recorded.
            if let outcome, outcome.needsReintegrationPlan, !state.hasReintegrationPlan {
                problems.append(EHCFieldProblem("closeOutcome", "Record the reintegration plan before closing a case that returns to school"))
            }
            guard problems.isEmpty, let outcome, let on else { return .failure(EHCActionProblems(problems, refused: refused)) }
            next.status = .closed
            next.closed = on
            next.closureOutcome = outcome.rawValue + (words.isEmpty ? "" : " (GCSE " + words.joined(separator: ", ") + ")")
            var effects: [ReferralEffect] = [.endOpenEpisodes(on: on)]
            if !results.isEmpty { effects.append(.recordGCSEResults(results)) }
            return .success(ReferralTransition(state: next, audit: EHCAuditFact(action: "case.closed", detail: next.closureOutcome ?? ""), effects: effects))

        case let .arrangeProvision(input): return arrangeProvision(input, on: state)
        case let .recordReview(heldOn, healthInput, outcome):
            return recordReview(heldOn: heldOn, healthInput: healthInput, outcome: outcome, on: state, today: today, rules: rules)
        case let .savePlan(goals, steps, schoolContact, targetOn): return savePlan(goals: goals, steps: steps, schoolContact: schoolContact, targetOn: targetOn, on: state)
        case let .addTimetableSlot(input): return addTimetableSlot(input, on: state)
        case let .recordSession(input): return recordSession(input, on: state, today: today)
        case let .receiveEvidence(type, file): return receiveEvidence(type: type, file: file, on: state, today: today)
        }
    }

    /// Rulebook HN-5: full time unless the child's health makes part time in their best interests, recorded with a review date.
    static func arrangeProvision(_ input: ProvisionInput, on state: ReferralCaseState) -> Result<ReferralTransition, EHCActionProblems> {
        guard state.status == .accepted else {
            return .failure(EHCActionProblems([EHCFieldProblem("type", "Provision can only be arranged for an accepted referral; this one is \(state.status.label.lowercased())")], refused: true))
        }
        var problems: [EHCFieldProblem] = []
        if input.type == nil { problems.append(EHCFieldProblem("type", "Select the type of provision")) }
        var base: (id: UUID, name: String)?
        if input.type == .base {
            switch input.base {
            case .none, .unknown: problems.append(EHCFieldProblem("baseID", "Select the teaching base"))
            case let .base(id, name, open):
                if open { base = (id, name) } else { problems.append(EHCFieldProblem("baseID", "\(name) is not open then: select an open teaching base")) }
            }
        } else if input.base != .none {
            problems.append(EHCFieldProblem("baseID", "Choose a teaching base only for a base place"))
        }
        let hoursText = (input.hours ?? "").trimmingCharacters(in: .whitespaces)
        let hours = Double(hoursText)
        if hoursText.isEmpty { problems.append(EHCFieldProblem("hoursPerWeek", "Enter the hours a week")) }
        else if hours == nil || !(0.5...40).contains(hours!) { problems.append(EHCFieldProblem("hoursPerWeek", "Hours a week must be a number from 0.5 to 40")) }
        if input.start == nil { problems.append(EHCFieldProblem("start", input.startTyped ? "Start date must be a real date, for example 30 11 2026" : "Enter the start date")) }
        else if let decided = state.decided, input.start! < decided { problems.append(EHCFieldProblem("start", "Start date must be on or after the decision (\(decided.longFormat))")) }
        let reason = (input.partTimeReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let hours {
            problems += Section19Eligibility.partTimeProblems(hours: hours, fullTime: input.fullTimeHours, reason: reason, reviewOn: input.reviewOn, start: input.start)
                .map { EHCFieldProblem($0.field, $0.message) }
        }
        guard problems.isEmpty, let type = input.type, let hours, let start = input.start else { return .failure(EHCActionProblems(problems)) }
        let partTime = Section19Eligibility.isPartTime(hours: hours, fullTime: input.fullTimeHours)
        let episode = NewProvisionEpisode(type: type, baseID: base?.id, hoursPerWeek: hours, start: start,
                                          partTimeReason: partTime ? reason : nil, partTimeReviewOn: partTime ? input.reviewOn : nil)
        return .success(ReferralTransition(state: state, audit: EHCAuditFact(action: "provision.arranged", detail: "\(type.rawValue) \(base?.name ?? "") \(hours)h from \(start)"),
                                           effects: [.createEpisode(episode)]))
    }
}
