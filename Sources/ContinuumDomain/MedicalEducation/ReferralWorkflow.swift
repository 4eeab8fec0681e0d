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

    public init(id: ReferralID, status: ReferralStatus, urgent: Bool, decided: CalendarDate? = nil, decisionReasons: String? = nil,
                decidedBy: String? = nil, closed: CalendarDate? = nil, closureOutcome: String? = nil, hasReintegrationPlan: Bool = false) {
        self.id = id; self.status = status; self.urgent = urgent; self.decided = decided; self.decisionReasons = decisionReasons
        self.decidedBy = decidedBy; self.closed = closed; self.closureOutcome = closureOutcome; self.hasReintegrationPlan = hasReintegrationPlan
    }
}

/// What someone did to a referral, with what they typed. Dates arrive parsed (nil when blank or not a date).
public enum ReferralAction: Sendable {
    /// A move that is not a decision: to awaiting information, to panel, or withdrawn.
    case move(to: ReferralStatus?)
    case decide(outcome: ReferralStatus?, reasons: String?, by: String)
    /// GCSE results as typed, by subject (blank means none); grades must be 1 to 9.
    case close(outcome: ClosureOutcome?, on: CalendarDate?, results: [(subject: GCSESubject, label: String, typed: String?)])

    public var name: String {
        switch self {
        case .move: "move"
        case .decide: "decide"
        case .close: "close"
        }
    }
}

/// The authority's settings a referral's dates depend on.
public struct ReferralRules: Sendable {
    public let calendar: SchoolCalendar
    /// Rulebook HN-12: school days from the decision to the first case review (LOCAL, per authority).
    public let reviewIntervalSchoolDays: Int
    public init(calendar: SchoolCalendar, reviewIntervalSchoolDays: Int) {
        self.calendar = calendar; self.reviewIntervalSchoolDays = reviewIntervalSchoolDays
    }
}

/// Changes to records other than the referral.
public enum ReferralEffect: Hashable, Sendable {
    /// Rulebook HN-12: the first review, due at the authority's interval from the decision.
    case scheduleReview(due: CalendarDate)
    /// Closing ends every open provision episode, on the closing day (or its start if later).
    case endOpenEpisodes(on: CalendarDate)
    case recordGCSEResults([GCSEResultEntry])
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
            let effects: [ReferralEffect] = outcome == .accepted
                ? [.scheduleReview(due: rules.calendar.addingSchoolDays(rules.reviewIntervalSchoolDays, to: rules.calendar.nextSchoolDay(onOrAfter: today)))]
                : []
            return .success(ReferralTransition(state: next, audit: EHCAuditFact(action: "referral.decided", detail: outcome.rawValue), effects: effects))

        case let .close(outcome, on, typedResults):
            var refused = false
            if let refusal = state.status.refusal(to: .closed, urgent: state.urgent) {
                problems.append(EHCFieldProblem("closeOutcome", refusal)); refused = true
            }
            if outcome == nil { problems.append(EHCFieldProblem("closeOutcome", "Select how the case ended")) }
            if on == nil { problems.append(EHCFieldProblem("closedOn", "Enter the date the case closed, like 2026-12-18")) }
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
        }
    }
}
