/// What the Medical Education Team teaches (council paper): Maths, English and Science by
/// qualified teachers; PSHE; Business Studies for Year 11; mentoring.
public enum TeachingSubject: String, CaseIterable, Codable, Sendable {
    case maths, english, science, pshe
    case businessStudies = "business_studies"
    case mentoring

    public var label: String {
        switch self {
        case .maths: "Maths"
        case .english: "English"
        case .science: "Science"
        case .pshe: "PSHE"
        case .businessStudies: "Business Studies"
        case .mentoring: "Mentoring"
        }
    }

    /// The core subjects the paper says are taught by qualified teachers.
    public var needsQualifiedTeacher: Bool { [.maths, .english, .science].contains(self) }
}

/// How a timetabled session went, recorded by the teacher. The home school uses "delivered" to
/// record code K (SI 2024/208 reg 10: attending LA-arranged provision) and chooses another code otherwise.
public enum SessionOutcome: String, CaseIterable, Codable, Sendable {
    case delivered
    case childAbsent = "child_absent"
    case cancelledByService = "cancelled_by_service"

    public var label: String {
        switch self {
        case .delivered: "Delivered"
        case .childAbsent: "Child absent"
        case .cancelledByService: "Cancelled by the service"
        }
    }
}
