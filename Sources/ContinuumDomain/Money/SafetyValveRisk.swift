import Foundation

/// A Safety Valve reform condition's progress (SV-3, SV-9) and its RAG for the briefing (SV-8, LOCAL ⚠).
public enum SafetyValveConditionStatus: String, CaseIterable, Sendable, Codable {
    case onTrack = "on_track"
    case met
    case late
    case missed

    public var label: String {
        switch self {
        case .onTrack: "On track"
        case .met: "Met"
        case .late: "Late by up to one period"
        case .missed: "Missed, or late by more than one period"
        }
    }

    // SV-8: green on or ahead of the milestone; amber a milestone late by ≤ 1 period; red a condition missed.
    public var rag: RAG {
        switch self {
        case .onTrack, .met: .green
        case .late: .amber
        case .missed: .red
        }
    }
}

/// Likelihood × impact, each 1 to 5 (SV-7, LOCAL: Medway keeps a register): the score runs 1 to 25.
public struct RiskScore: Hashable, Sendable, Codable {
    public let likelihood: Int
    public let impact: Int

    public static let range = 1...5

    /// nil unless both are whole numbers from 1 to 5.
    public init?(likelihood: Int, impact: Int) {
        guard Self.range.contains(likelihood), Self.range.contains(impact) else { return nil }
        self.likelihood = likelihood; self.impact = impact
    }

    // SV-7: score = likelihood × impact.
    public var score: Int { likelihood * impact }

    /// The usual 5 × 5 bands: 15 and over high, 8 to 14 medium, under 8 low (LOCAL, stated on the page).
    public var band: String { score >= 15 ? "High" : score >= 8 ? "Medium" : "Low" }

    public var text: String { "\(score) (likelihood \(likelihood) × impact \(impact), \(band.lowercased()))" }
}

/// One risk of a Safety Valve agreement's register (SV-7): the score before controls (inherent) and after
/// them (residual), its owner and controls, and its links to a condition and a workstream.
public struct SafetyValveRisk: Hashable, Sendable, Codable {
    public var title: String
    public var owner: String
    public var controls: String
    public var inherent: RiskScore
    public var residual: RiskScore
    public var condition: String?
    public var workstream: String?

    public init(title: String, owner: String, controls: String, inherent: RiskScore, residual: RiskScore, condition: String? = nil, workstream: String? = nil) {
        self.title = title; self.owner = owner; self.controls = controls; self.inherent = inherent; self.residual = residual
        self.condition = condition; self.workstream = workstream
    }
}

/// The register as it stood when a monitoring return was made (SV-5: each return freezes a copy of the risk
/// register). A frozen copy is values, not references: editing a risk later never changes a return.
public struct FrozenRiskRegister: Hashable, Sendable, Codable {
    public let risks: [SafetyValveRisk]

    // SV-5: the return keeps a copy of the register, never a link to the live one.
    public static func freeze(_ register: [SafetyValveRisk]) -> FrozenRiskRegister { FrozenRiskRegister(risks: register) }

    public var count: Int { risks.count }
    /// The highest residual score, for the briefing.
    public var highestResidual: Int? { risks.map(\.residual.score).max() }
}

/// DfE's decision on a monitoring return (SV-4, SV-5) and the status it gives the instalment it is about.
public enum SafetyValveDecision: String, CaseIterable, Sendable, Codable {
    case released, withheld, suspended, backdated

    public var label: String {
        switch self {
        case .released: "Released"
        case .withheld: "Withheld"
        case .suspended: "Suspended during a review"
        case .backdated: "Paid back-dated after a review"
        }
    }

    // SV-4: a decision sets the instalment's status; back-dated is paid once a revised agreement is reached.
    public var instalmentStatus: SafetyValveSchedule.Status {
        switch self {
        case .released: .released
        case .withheld: .withheld
        case .suspended: .suspended
        case .backdated: .backdatedPaid
        }
    }
}
