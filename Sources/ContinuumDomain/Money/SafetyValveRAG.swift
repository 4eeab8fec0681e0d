import Foundation

/// The red, amber, green rating of a Safety Valve target for the members' briefing (SV-8, LOCAL ⚠: no
/// national definition). Stored with the tolerance it was rated under, so history keeps its colour.
public enum RAG: String, CaseIterable, Sendable, Codable {
    case red, amber, green

    public var label: String {
        switch self {
        case .red: "Red: outside tolerance"
        case .amber: "Amber: within tolerance"
        case .green: "Green: on or ahead of target"
        }
    }
}

public struct SafetyValveTolerance: Hashable, Sendable, Codable {
    public let amount: Money
    /// Whole percent of the target.
    public let percent: Int

    public init(amount: Money, percent: Int) { self.amount = amount; self.percent = percent }

    // SV-8 defaults: amber when the in-year variance is within £0.5m or 10% of the target.
    public static let `default` = SafetyValveTolerance(amount: Money(pence: 50_000_000), percent: 10)
}

public enum SafetyValveRAG {
    public struct Rating: Hashable, Sendable {
        public let rag: RAG
        /// Forecast minus target: negative is behind the trajectory.
        public let variance: Money
        public let tolerance: SafetyValveTolerance
    }

    // SV-8: green on or ahead of the trajectory; amber within tolerance (≤ £0.5m or ≤ 10% of target); red outside it or a condition missed.
    public static func rate(targetInYear target: Money, forecastInYear forecast: Money,
                            tolerance: SafetyValveTolerance = .default, conditionMissed: Bool = false) -> Rating {
        let variance = forecast - target
        if conditionMissed { return Rating(rag: .red, variance: variance, tolerance: tolerance) }
        if variance >= .zero { return Rating(rag: .green, variance: variance, tolerance: tolerance) }
        let shortfall = -variance
        let withinAmount = shortfall <= tolerance.amount
        // shortfall ≤ percent% of |target|, compared in whole pence × 100 so no rounding decides it.
        let withinPercent = shortfall.pence.magnitude * 100 <= target.pence.magnitude * UInt64(max(0, tolerance.percent))
        return Rating(rag: withinAmount || withinPercent ? .amber : .red, variance: variance, tolerance: tolerance)
    }
}
