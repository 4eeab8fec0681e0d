/// The roles SECURITY.md lists. What each can reach is decided per route (`RoutePolicy`) and per
/// record (the scoped repositories); this type only names them and says which are staff.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case administrator
    case caseworker
    case metCoordinator = "met_coordinator"
    case metTeacher = "met_teacher"
    case schoolUser = "school_user"
    case healthProfessional = "health_professional"
    case parentCarer = "parent_carer"
    case finance
    case electedMember = "elected_member"
    /// An outreach provider's account (issue 16 part 3): its own bids and contracts, and the pupils it was asked to support.
    case provider
    /// A post-16 adviser or youth worker (issue 17): the authority's tracking cohort, with no health or safeguarding detail.
    case post16Adviser = "post16_adviser"

    public var displayName: String {
        switch self {
        case .administrator: "Administrator"
        case .caseworker: "Caseworker"
        case .metCoordinator: "Medical Education Team coordinator"
        case .metTeacher: "Medical Education Team teacher"
        case .schoolUser: "School user"
        case .healthProfessional: "Health professional"
        case .parentCarer: "Parent or carer"
        case .finance: "Finance officer"
        case .electedMember: "Elected member"
        case .provider: "Outreach provider"
        case .post16Adviser: "Post-16 adviser"
        }
    }

    /// SECURITY.md: TOTP is required for staff roles; parents and carers may use it but are not made to.
    public var requiresTwoFactor: Bool { self != .parentCarer }

    /// Roles that only ever see aggregates: no child-level record reaches them.
    public var isAggregateOnly: Bool { self == .finance || self == .electedMember }

    /// Roles whose scope is the whole authority's children.
    public var seesAuthorityChildren: Bool { self == .administrator || self == .caseworker || self == .metCoordinator }

    /// Field-level access: confidential addresses and health detail only for roles that act on them.
    public var seesConfidentialDetail: Bool { seesAuthorityChildren }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public init?(argument: String) {
        let key = argument.lowercased().replacingOccurrences(of: "-", with: "_")
        if let role = Role(rawValue: key) { self = role; return }
        switch key {
        case "admin": self = .administrator
        case "officer": self = .caseworker
        case "coordinator": self = .metCoordinator
        case "teacher": self = .metTeacher
        case "school", "senco", "dsl": self = .schoolUser
        case "health": self = .healthProfessional
        case "parent", "carer": self = .parentCarer
        case "member", "councillor": self = .electedMember
        case "outreach", "outreach_provider": self = .provider
        case "adviser", "youth_worker", "post16": self = .post16Adviser
        default: return nil
        }
    }
}
