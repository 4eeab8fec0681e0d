import Foundation

/// Which leavers' guarantee an offer belongs to (NCCIS-4).
public enum SeptemberGuaranteeCohort: String, CaseIterable, Sendable {
    case year11 = "Y11"
    case year12 = "Y12"
    public var label: String { self == .year11 ? "Year 11" : "Year 12" }
}

/// An offer's status. Stored as its raw value; it moves only through `next(_:)`. ⚠ The NCCIS offer code list was not
/// retrieved (NCCIS-4), so these are the states a council works with.
public enum SeptemberGuaranteeOfferStatus: String, CaseIterable, Sendable {
    case offered
    case accepted
    case declined
    case withdrawn
    /// The young person took up the place in September.
    case started

    public var label: String {
        switch self {
        case .offered: "Offered"
        case .accepted: "Accepted"
        case .declined: "Declined"
        case .withdrawn: "Withdrawn by the provider"
        case .started: "Started"
        }
    }

    /// Still an offer of a place: the guarantee is met by it.
    public var isLive: Bool { self == .offered || self == .accepted || self == .started }

    public enum Action: String, CaseIterable, Sendable { case accept, decline, withdraw, start }

    // NCCIS-4: an offer is made, then accepted or declined; the provider may withdraw a place not yet taken up; an accepted place is started.
    public func next(_ action: Action) -> SeptemberGuaranteeOfferStatus? {
        switch (self, action) {
        case (.offered, .accept): .accepted
        case (.offered, .decline), (.accepted, .decline): .declined
        case (.offered, .withdraw), (.accepted, .withdraw): .withdrawn
        case (.accepted, .start), (.offered, .start): .started
        default: nil
        }
    }
}

public enum SeptemberGuarantee {
    /// NCCIS-4: an offer by the end of September.
    public static func deadline(year: Int) -> CalendarDate { CalendarDate(year: year, month: 9, day: 30) }

    /// NCCIS-4: the "no offer" queue opens in July.
    public static func queueOpens(year: Int) -> CalendarDate { CalendarDate(year: year, month: 7, day: 1) }

    /// The guarantee a list on `date` is about: this September until it ends, then next year's.
    public static func year(on date: CalendarDate) -> Int { date.month <= 9 ? date.year : date.year + 1 }

    /// Nobody has a live offer for the guarantee.
    public static func hasNoOffer(_ offers: [SeptemberGuaranteeOfferStatus]) -> Bool { !offers.contains(where: \.isLive) }

    /// Follow-up: a live offer but no participating activity starting in or after that September.
    public static func needsFollowUp(offers: [SeptemberGuaranteeOfferStatus], spells: [Post16Spell], year: Int, codes: NCCISCodeSet) -> Bool {
        guard offers.contains(where: \.isLive) else { return false }
        let september = CalendarDate(year: year, month: 9, day: 1)
        return !spells.contains { $0.start >= september && codes[$0.code]?.countsAs == .participating }
    }
}
