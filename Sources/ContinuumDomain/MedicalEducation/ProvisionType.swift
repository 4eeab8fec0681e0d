/// Rulebook HN-7: the kinds of provision, stored per episode so hours can be checked by type.
public enum ProvisionType: String, CaseIterable, Codable, Sendable {
    case base
    case home
    case hospital
    case virtual
    case outreach

    public var label: String {
        switch self {
        case .base: "Place at a teaching base"
        case .home: "Home tuition"
        case .hospital: "Hospital tuition"
        case .virtual: "Virtual or online teaching"
        case .outreach: "Outreach support in the home school"
        }
    }

    /// When a child has several episodes at once, the census counts them once, under the main
    /// one: most hours first, then this order.
    public var censusPriority: Int {
        switch self {
        case .base: 0
        case .hospital: 1
        case .home: 2
        case .virtual: 3
        case .outreach: 4
        }
    }
}
