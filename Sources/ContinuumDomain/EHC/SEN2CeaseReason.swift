/// Why a plan stopped being maintained, in the SEN2 return's code list, so a ceased plan can
/// only ever carry a code the DfE collection accepts.
// DfE SEN2 2025 guide, CeaseReason code list (../shared/data/sen2/sen2-code-lists.csv).
public enum SEN2CeaseReason: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case maxAge = 1, needsMet, higherEducation, employed, transferOut, noEngagement, leftEngland, deceased, other

    public var description: String {
        switch self {
        case .maxAge: "Reached maximum age"
        case .needsMet: "Needs being met without an EHC plan"
        case .higherEducation: "Moved on to higher education"
        case .employed: "Moved on to paid employment (not an apprenticeship)"
        case .transferOut: "Transferred to another local authority in England"
        case .noEngagement: "Young person no longer wishes to engage in education or training"
        case .leftEngland: "Moved outside England"
        case .deceased: "Died"
        case .other: "Other"
        }
    }
}

/// Who made a request for an EHC needs assessment.
// Children and Families Act 2014 s.36(1): a parent, the young person, or a person acting for a school or post-16 institution; others may bring a child to the council's attention (s.24).
public enum EHCRequester: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case parent, youngPerson = "young_person", school, professional, imported
    /// The council itself: a re-assessment it thinks necessary (Children and Families Act 2014 s.44(2)).
    case council
    public var description: String {
        switch self {
        case .council: "The council"
        case .parent: "Parent or carer"
        case .youngPerson: "Young person"
        case .school: "School or college"
        case .professional: "Another professional (for example health or social care)"
        case .imported: "Brought across from the previous system"
        }
    }
}

/// The advice a council must seek during an EHC needs assessment.
// SEND Regulations 2014 reg 6(1)(a)–(h): advice from the parent, educational, medical, psychological, social care and others.
public enum EHCAdviceKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case educational, medical, psychological, socialCare = "social_care", other
    public var description: String {
        switch self {
        case .educational: "Educational advice (the school or setting)"
        case .medical: "Medical advice (health professional)"
        case .psychological: "Psychological advice (educational psychologist)"
        case .socialCare: "Social care advice"
        case .other: "Other advice"
        }
    }

    /// Advice every assessment must seek, whatever the child's needs (the parent's own views, reg 6(1)(a),
    /// are asked for separately). Reg 6(1)(f)–(h) (others the council thinks appropriate, preparation for
    /// adulthood from Year 9, anyone the family reasonably asks for) depend on the child.
    // SEND Regulations 2014 reg 6(1)(b)–(e): educational, medical, psychological and social care advice.
    public static let alwaysRequired: [EHCAdviceKind] = [.educational, .medical, .psychological, .socialCare]

    /// The always-required kinds not among `asked`, in regulation order.
    public static func notYetAsked(_ asked: some Sequence<EHCAdviceKind>) -> [EHCAdviceKind] {
        let asked = Set(asked)
        return alwaysRequired.filter { !asked.contains($0) }
    }
}
