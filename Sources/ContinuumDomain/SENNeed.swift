import Foundation

/// A type of special educational need, as coded in the school census and SEN2.
// School census SEN type codes (rulebook SEN-2): 12 need types plus NSA; SEMH replaced BESD in 2015.
// DfE SEN2 2025 guide item 5.8a (../shared/data/sen2/sen2-code-lists.csv): DS (Down syndrome) is a 13th SEN2 SENtype.
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
    case ds = "DS"
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
        case .ds: "Down syndrome"
        case .oth: "Other difficulty or disability"
        case .nsa: "SEN support but no specialist assessment of type of need"
        }
    }

    /// SEN2 (the EHC plan return) uses the 2025 list's 13 codes: the 12 need types and DS, without NSA.
    // Rulebook SEN-2: NSA is never valid in SEN2; DfE SEN2 2025 guide item 5.8a lists DS.
    public var isValidInSEN2: Bool { self != .nsa }

    /// The SEN2 SENtype list in the guide's order (SPLD … ASD, DS, OTH).
    public static let sen2Types: [SENNeed] = allCases.filter(\.isValidInSEN2)

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

/// The retired provision code S (statement of SEN), accepted only on records dated before the
/// statements' withdrawal, when MIS suppliers read it as E.
// Rulebook SEN-1: "S is allowed only on historical records before the transition"; the transition to EHC
// plans ended on 1 April 2018 (Children and Families Act 2014 transitional orders: all statements transferred by 31 March 2018).
public enum SENStatementCode {
    /// The first day on which S is refused. ⚠ The rulebook names the transition, not a day: this is the
    /// statutory end of the transfer period, to confirm against the DfE census guide if it differs.
    public static let withdrawnOn = CalendarDate(year: 2018, month: 4, day: 1)

    /// True for the raw code S (any case, spaces trimmed).
    public static func isStatement(_ raw: String?) -> Bool {
        raw?.trimmingCharacters(in: .whitespaces).uppercased() == "S"
    }

    /// Whether S may stand on a record dated `recordedOn`. An undated record is a current one
    /// (a census extract, a form), so it is after the withdrawal.
    public static func allowed(recordedOn: CalendarDate?) -> Bool {
        guard let recordedOn else { return false }
        return recordedOn < withdrawnOn
    }

    /// The problem to report for `raw` on a record dated `recordedOn`, or nil when it is not S or S is allowed then.
    public static func problem(_ raw: String?, recordedOn: CalendarDate?) -> String? {
        guard isStatement(raw), !allowed(recordedOn: recordedOn) else { return nil }
        let when = recordedOn.map { "dated \($0)" } ?? "with no date"
        return "SEN provision S (statement) was withdrawn on \(withdrawnOn.longFormat): use E for an EHC plan (this record is \(when))"
    }
}
