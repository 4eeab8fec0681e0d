/// What medical evidence an authority asks for with a Section 19 referral. Whatever it asks,
/// evidence never blocks a decision: the referral shows what was asked for, of whom, and when it came.
// Arranging education for children who cannot attend school because of health needs (DfE, 2023) paras 23–25 (rulebook HN-4):
// councils should not demand a consultant's letter and must not delay provision waiting for evidence.
public enum EvidencePolicy: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case consultantLetter = "consultant_letter"
    case anyHealthProfessional = "any_health_professional"
    case notRequired = "not_required"

    /// ⚠ The documented default: any health professional, including a GP (HN-4).
    public static let `default`: EvidencePolicy = .anyHealthProfessional

    public var description: String {
        switch self {
        case .consultantLetter: "A letter from a consultant (the referral can still be decided before it arrives)"
        case .anyHealthProfessional: "Evidence from any health professional, including a GP"
        case .notRequired: "No medical evidence is required"
        }
    }

    /// The sentence a referral page shows about evidence.
    public var ask: String {
        switch self {
        case .consultantLetter: "The council asks for a consultant's letter. A decision is not delayed while it is awaited."
        case .anyHealthProfessional: "The council asks for evidence from any health professional, including a GP. A decision is not delayed while it is awaited."
        case .notRequired: "The council does not require medical evidence for a referral."
        }
    }
}

/// Agencies a child's Section 19 case works with (issue 3 item 7).
public enum AgencyKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case earlyHelp = "early_help", socialCare = "social_care", camhs, communityHealth = "community_health", educationalPsychology = "educational_psychology", other
    public var description: String {
        switch self {
        case .earlyHelp: "Early help"
        case .socialCare: "Children's social care"
        case .camhs: "CAMHS (child and adolescent mental health services)"
        case .communityHealth: "Community health (for example school nursing or paediatrics)"
        case .educationalPsychology: "Educational psychology"
        case .other: "Other agency"
        }
    }
}
