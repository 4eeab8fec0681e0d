/// The reason categories in the council paper (about 80% anxiety and mental health).
public enum ReferralReason: String, CaseIterable, Codable, Sendable {
    case anxietyMentalHealth = "anxiety_mental_health"
    case lowImmunity = "low_immunity"
    case reducedMobility = "reduced_mobility"
    case hospitalTreatment = "hospital_treatment"
    case postOperative = "post_operative"
    case other

    public var label: String {
        switch self {
        case .anxietyMentalHealth: "Anxiety and mental health"
        case .lowImmunity: "Low immunity"
        case .reducedMobility: "Reduced mobility"
        case .hospitalTreatment: "Hospital treatment"
        case .postOperative: "Post-operative recovery"
        case .other: "Other"
        }
    }
}
