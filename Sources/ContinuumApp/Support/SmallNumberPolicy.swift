import Vapor
import GOVUK
import ContinuumDomain

extension Request {
    /// The suppression an aggregate view applies for this person: council staff with case access see exact
    /// figures (nil); finance and elected members (aggregates only, SECURITY.md) see small numbers suppressed.
    func smallNumberPolicy(for principal: Principal) -> SmallNumberSuppression? {
        principal.role.isAggregateOnly ? SmallNumberSuppression(threshold: application.continuumConfiguration.smallNumberThreshold) : nil
    }
}

/// The words every suppressed view shows once, above its figures.
enum SuppressionNote {
    static func paragraph(_ figures: SuppressedFigures) -> HTMLNode {
        guard let policy = figures.policy else { return .empty }
        return p("Numbers below \(policy.threshold) are shown as \"\(policy.primaryLabel)\". Where a total would let such a number be worked out, another figure is hidden too and shown as \"\(SmallNumberSuppression.complementaryLabel)\". No child can be identified from this page.")
    }
}
