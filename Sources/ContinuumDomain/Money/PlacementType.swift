import Foundation

/// The kind of setting a plan's placement is in: DSGMP-3's suggested `placement_type` list, with the
/// slugs issue 15 gives for `continuum import placements`.
public enum PlacementType: String, CaseIterable, Sendable, Codable {
    case mainstreamMaintained = "mainstream-maintained"
    case mainstreamAcademy = "mainstream-academy"
    case unitRP = "unit-rp"
    case specialState = "special-state"
    case nmss
    case independentSpecial = "independent-special"
    case apPRU = "ap-pru"
    case feSPI = "fe-spi"
    case eotas
    case notPlaced = "not-placed"
    case other

    public var label: String {
        switch self {
        case .mainstreamMaintained: "Mainstream, maintained"
        case .mainstreamAcademy: "Mainstream, academy"
        case .unitRP: "SEN unit or resourced provision"
        case .specialState: "State special school"
        case .nmss: "Non-maintained special school"
        case .independentSpecial: "Independent special school"
        case .apPRU: "Alternative provision or PRU"
        case .feSPI: "Further education or specialist post-16 institution"
        case .eotas: "Education otherwise than at school"
        case .notPlaced: "Not placed"
        case .other: "Other"
        }
    }

    /// HNB-4: independent and non-maintained settings have no place funding; the whole fee is top-up from
    /// the commissioning LA (s251 1.2.3). Used for the sufficiency comparison.
    public var isIndependentOrNonMaintained: Bool { self == .nmss || self == .independentSpecial }

    // HNF-2: special and AP places £10,000; SEN units, resourced provision and FE £6,000 (element 2); independent special schools are outside place funding.
    public var defaultPlaceFunding: Money? {
        switch self {
        case .specialState, .apPRU: Money(pence: 1_000_000)
        case .unitRP, .feSPI: Money(pence: 600_000)
        case .mainstreamMaintained, .mainstreamAcademy, .nmss, .independentSpecial, .eotas, .notPlaced, .other: nil
        }
    }
}
