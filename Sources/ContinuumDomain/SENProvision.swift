import Foundation

/// A pupil's SEN provision as the school census records it.
// School census SEN provision codes (rulebook SEN-1): E = EHC plan, K = SEN support, N = no SEN.
public enum SENProvision: String, CaseIterable, Codable, Sendable {
    case none = "N"
    case senSupport = "K"
    case ehcPlan = "E"

    /// Reads a census or MIS code. The retired "S" (statement) is read as an
    /// EHC plan, as MIS suppliers do, so historical records still import;
    /// it is never written back out.
    // Rulebook SEN-1: S (statement) is obsolete and treated as equivalent to E.
    public init?(censusCode: String) {
        let code = censusCode.trimmingCharacters(in: .whitespaces).uppercased()
        if code == "S" { self = .ehcPlan; return }
        self.init(rawValue: code)
    }

    public var code: String { rawValue }

    public var displayName: String {
        switch self {
        case .none: "No special educational needs"
        case .senSupport: "SEN support"
        case .ehcPlan: "Education, health and care plan"
        }
    }

    /// Same rules as `SENNeed.validateNeeds`, reachable from either type.
    public static func validateNeeds(provision: SENProvision, primary: SENNeed?, secondary: SENNeed?) -> [String] {
        SENNeed.validateNeeds(provision: provision, primary: primary, secondary: secondary)
    }
}
