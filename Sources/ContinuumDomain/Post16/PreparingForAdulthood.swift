import Foundation

/// The four preparing-for-adulthood areas an EHC plan's outcomes are tagged with from Year 9 (issue 17).
// SEND Regulations 2014 reg 6(1)(g) and SEND Code of Practice 8.3 and 8.9: from Year 9, outcomes and provision preparing for adulthood —
// employment, independent living, friends and community (participating in society), and good health.
public enum PreparingForAdulthoodArea: String, CaseIterable, Sendable {
    case employment
    case independentLiving = "independent_living"
    case friendsAndCommunity = "friends_community"
    case goodHealth = "good_health"

    public var label: String {
        switch self {
        case .employment: "Employment (higher education and employment)"
        case .independentLiving: "Independent living"
        case .friendsAndCommunity: "Friends, relationships and community"
        case .goodHealth: "Good health"
        }
    }

    /// Code of Practice 8.9: the plan must include these outcomes from the Year 9 review onwards.
    public static func applies(toYearGroup yearGroup: Int) -> Bool { yearGroup >= 9 }
}
