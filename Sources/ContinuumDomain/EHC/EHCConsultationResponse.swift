/// What a consulted school or college said about being named in the plan.
public enum EHCConsultationResponse: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case agree, decline

    public var description: String {
        switch self {
        case .agree: "Can meet the child's needs and agrees to be named"
        case .decline: "Says it cannot meet the child's needs or should not be named"
        }
    }

    // SEND Code of Practice 9.78–9.79 (rulebook EHC-5): the institution has 15 days to respond, beginning with the day it is consulted.
    public static let responseDays = 15

    /// The last day for the institution's response: day 1 is the day it was consulted.
    public static func responseDue(consulted: CalendarDate) -> CalendarDate {
        consulted.adding(days: responseDays - 1)
    }
}

/// Whether a case is the first assessment for a plan or a re-assessment of an existing plan.
public enum EHCCaseKind: String, CaseIterable, Codable, Sendable {
    /// A request for an EHC needs assessment: the 20-week clock (reg 13(2)) and the SEN2 timeliness measure.
    case new
    /// A re-assessment of a child who has a plan: the 14-week clock (reg 27(2)), outside the 20-week measure.
    case reassessment
}
