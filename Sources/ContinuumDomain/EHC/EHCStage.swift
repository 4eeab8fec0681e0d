/// Where an EHC case is, and which moves the process allows from there, so a
/// page can offer only lawful next steps and an import can reject impossible histories.
///
/// Raw values are the stored form. A re-assessment (reg 27) is a case of its own (`EHCCaseKind.reassessment`);
/// the plan it replaces moves to `replaced` when the new plan is issued.
public enum EHCStage: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// Request for an EHC needs assessment received; the 6-week decision clock runs.
    case requested
    /// The authority decided to assess (reg 5) and is gathering advice.
    case assessing
    /// The authority decided not to assess (reg 5), with appeal rights.
    case refusedToAssess = "refused_to_assess"
    /// The request was withdrawn by whoever made it.
    case withdrawn
    /// A draft plan has been served for representations (reg 13(1)).
    case draftIssued = "draft_issued"
    /// After assessment the authority decided not to issue a plan (reg 10), with appeal rights.
    case decisionNotToIssue = "decision_not_to_issue"
    /// A final plan is in force: first issued, or kept or amended after a review.
    case finalIssued = "final_issued"
    /// An annual or phase-transfer review is under way (regs 18, 20).
    case underReview = "under_review"
    /// Proposed amendments have been sent after a review (reg 22).
    case amendmentProposed = "amendment_proposed"
    /// The authority has stopped maintaining the plan.
    case ceased
    /// A re-assessment ended in a new final plan, which replaced this one (reg 27).
    case replaced

    /// Stages reachable in one step. Terminal stages have none.
    public var next: Set<EHCStage> {
        switch self {
        // SEND Regulations 2014 reg 5(1): the decision whether to assess follows the request; a request may be withdrawn.
        case .requested: [.assessing, .refusedToAssess, .withdrawn]
        // SEND Regulations 2014 regs 10(1) and 13: assessment ends in a draft plan or a notice not to issue.
        // ⚠ Withdrawal during assessment is allowed (a parent or young person may withdraw their request).
        case .assessing: [.draftIssued, .decisionNotToIssue, .withdrawn]
        // Children and Families Act 2014 s.51(2)(a): an appeal against a refusal to assess can lead to an assessment.
        case .refusedToAssess: [.assessing]
        // Children and Families Act 2014 s.51(2)(b): an appeal against a refusal to issue can lead to a plan.
        case .decisionNotToIssue: [.draftIssued]
        // SEND Regulations 2014 reg 13(1)–(2): the final plan follows the draft after at least 15 days.
        case .draftIssued: [.finalIssued]
        // Children and Families Act 2014 ss.44–45: a plan is reviewed at least yearly and may be ceased.
        // SEND Regulations 2014 reg 27(2): a re-assessment's final plan replaces the plan in force.
        case .finalIssued: [.underReview, .ceased, .replaced]
        // SEND Regulations 2014 reg 20 and Children and Families Act 2014 s.45: a review keeps, amends or ceases the plan.
        case .underReview: [.finalIssued, .amendmentProposed, .ceased, .replaced]
        // SEND Regulations 2014 reg 22(3): the final amended plan (or the decision not to amend) ends the amendment.
        case .amendmentProposed: [.finalIssued, .replaced]
        case .withdrawn, .ceased, .replaced: []
        }
    }

    /// Whether one step to `stage` is allowed; staying in the same stage is not a move.
    public func canMove(to stage: EHCStage) -> Bool { next.contains(stage) }

    /// No further moves: the case is closed.
    public var isTerminal: Bool { next.isEmpty }

    /// Label for pages and letters.
    public var description: String {
        switch self {
        case .requested: "Request received"
        case .assessing: "Needs assessment under way"
        case .refusedToAssess: "Decided not to assess"
        case .withdrawn: "Request withdrawn"
        case .draftIssued: "Draft plan issued"
        case .decisionNotToIssue: "Decided not to issue a plan"
        case .finalIssued: "Final plan issued"
        case .underReview: "Plan under review"
        case .amendmentProposed: "Amendments proposed"
        case .ceased: "Plan ceased"
        case .replaced: "Replaced after re-assessment"
        }
    }
}
