/// Rulebook HN-4's evidence types: a GP letter or what the parent holds is as acceptable as a consultant's.
public enum EvidenceType: String, CaseIterable, Sendable {
    case consultant, gp, camhs, nurse, hospitalDischarge = "hospital_discharge", parentSupplied = "parent_supplied", other

    public var label: String {
        switch self {
        case .consultant: "Consultant letter"
        case .gp: "GP letter"
        case .camhs: "CAMHS or mental health professional"
        case .nurse: "Nurse or other health professional"
        case .hospitalDischarge: "Hospital discharge summary"
        case .parentSupplied: "From the parent (appointment card, prescription, NHS App record)"
        case .other: "Other"
        }
    }
}
