/// Where a Section 19 referral stands. Moves only through `canMove(to:urgent:)`, so a declined
/// child can't be placed and a decision can't be skipped.
public enum ReferralStatus: String, CaseIterable, Codable, Sendable {
    case received
    case awaitingInformation = "awaiting_information"
    case atPanel = "at_panel"
    case accepted
    case declined
    case withdrawn
    /// Accepted, provided for, and ended with a recorded outcome.
    case closed

    public var label: String {
        switch self {
        case .received: "Received"
        case .awaitingInformation: "Awaiting information"
        case .atPanel: "At panel"
        case .accepted: "Accepted"
        case .declined: "Declined"
        case .withdrawn: "Withdrawn"
        case .closed: "Closed"
        }
    }

    public var isDecided: Bool { [.accepted, .declined, .closed].contains(self) }
    public var isOpen: Bool { [.received, .awaitingInformation, .atPanel, .accepted].contains(self) }

    /// The statuses reachable from this one. Urgent referrals may be fast-tracked straight to a
    /// decision by the coordinator; others go to the multi-agency panel first.
    public func next(urgent: Bool) -> Set<ReferralStatus> {
        switch self {
        // HN-4: missing evidence never blocks a decision, so every pre-decision status can reach the panel.
        case .received: urgent ? [.awaitingInformation, .atPanel, .accepted, .declined, .withdrawn] : [.awaitingInformation, .atPanel, .withdrawn]
        case .awaitingInformation: urgent ? [.atPanel, .accepted, .declined, .withdrawn] : [.atPanel, .withdrawn]
        case .atPanel: [.accepted, .declined, .awaitingInformation, .withdrawn]
        case .accepted: [.closed]
        case .declined, .withdrawn, .closed: []
        }
    }

    public func canMove(to target: ReferralStatus, urgent: Bool) -> Bool { next(urgent: urgent).contains(target) }

    /// Why a move isn't allowed, in words for the page.
    public func refusal(to target: ReferralStatus, urgent: Bool) -> String? {
        guard !canMove(to: target, urgent: urgent) else { return nil }
        if !isOpen { return "This referral is \(label.lowercased()); it can't be changed to \(target.label.lowercased())." }
        if (target == .accepted || target == .declined) && !urgent { return "Only the panel can decide a referral that is not urgent: move it to the panel first." }
        return "A referral that is \(label.lowercased()) can't move to \(target.label.lowercased())."
    }
}
