import Foundation

/// A type of special educational need, as coded in the school census and SEN2.
// School census SEN type codes (rulebook SEN-2): 12 need types plus NSA; SEMH replaced BESD in 2015.
public enum SENNeed: String, CaseIterable, Codable, Sendable {
    case spld = "SPLD"
    case mld = "MLD"
    case sld = "SLD"
    case pmld = "PMLD"
    case semh = "SEMH"
    case slcn = "SLCN"
    case hi = "HI"
    case vi = "VI"
    case msi = "MSI"
    case pd = "PD"
    case asd = "ASD"
    case oth = "OTH"
    case nsa = "NSA"

    /// Reads a code as staff and MIS exports write it, mapping the local term ASC to ASD.
    // Rulebook SEN-2: map the local term "ASC" to the code ASD.
    public init?(code: String) {
        let upper = code.trimmingCharacters(in: .whitespaces).uppercased()
        if upper == "ASC" { self = .asd; return }
        self.init(rawValue: upper)
    }

    public var code: String { rawValue }

    public var displayName: String {
        switch self {
        case .spld: "Specific learning difficulty"
        case .mld: "Moderate learning difficulty"
        case .sld: "Severe learning difficulty"
        case .pmld: "Profound and multiple learning difficulty"
        case .semh: "Social, emotional and mental health"
        case .slcn: "Speech, language and communication needs"
        case .hi: "Hearing impairment"
        case .vi: "Visual impairment"
        case .msi: "Multi-sensory impairment"
        case .pd: "Physical disability"
        case .asd: "Autistic spectrum disorder"
        case .oth: "Other difficulty or disability"
        case .nsa: "SEN support but no specialist assessment of type of need"
        }
    }

    /// SEN2 (the EHC plan return) uses the 12 need types without NSA.
    // Rulebook SEN-2: NSA is never valid in SEN2.
    public var isValidInSEN2: Bool { self != .nsa }

    public static let needWithoutProvisionMessage =
        "Remove the type of need, because the child has no special educational needs"
    public static let primaryRequiredMessage = "Select the child's primary type of need"
    public static let nsaOnlyWithSupportMessage =
        "NSA (no specialist assessment) can only be used with SEN support"
    public static let sameNeedTwiceMessage =
        "The secondary type of need must be different from the primary type of need"

    /// Problems with a provision and its ranked needs, empty when they are consistent.
    // Rulebook SEN-1: provision N has no SEN type.
    // Rulebook SEN-2: rank 1 required for E and K; rank 2 optional; rank 1 ≠ rank 2; NSA only with K.
    public static func validateNeeds(provision: SENProvision, primary: SENNeed?, secondary: SENNeed?) -> [String] {
        var messages: [String] = []
        switch provision {
        case .none:
            if primary != nil || secondary != nil { messages.append(needWithoutProvisionMessage) }
        case .senSupport, .ehcPlan:
            if primary == nil { messages.append(primaryRequiredMessage) }
            if provision == .ehcPlan && (primary == .nsa || secondary == .nsa) {
                messages.append(nsaOnlyWithSupportMessage)
            }
            if let primary, primary == secondary { messages.append(sameNeedTwiceMessage) }
        }
        return messages
    }
}
