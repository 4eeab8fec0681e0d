/// The circumstances in which the authority "need not comply" with the EHC
/// time limits. An exception does not give a new fixed date: the duty becomes
/// "as soon as practicable", so a case with one leaves the 20-week measure.
///
/// Raw values are the letters the CLI and the import file use (`--exception a`).
/// There is no COVID case: SI 2020/471's exception ran only from 1 May to
/// 25 September 2020 (rulebook EHC-6 ⚠) and belongs with historic data, not the live clock.
// SEND Regulations 2014 reg 10(4)(a)–(d): the exceptions, applied to the 20-week limit by reg 13(3).
public enum EHCException: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    // SEND Regulations 2014 reg 10(4)(a): school or post-16 institution asked for advice around a closure of 4+ weeks.
    case a
    // SEND Regulations 2014 reg 10(4)(b): the same for a provider of relevant early years education.
    case b
    // SEND Regulations 2014 reg 10(4)(c): exceptional personal circumstances of the child, parent or young person.
    case c
    // SEND Regulations 2014 reg 10(4)(d): child, parent or young person absent from the area for 4+ continuous weeks.
    case d

    /// "10(4)(a)", for notices and audit entries that must name the provision relied on.
    public var regulation: String { "10(4)(\(rawValue))" }

    /// "10_4_a": the `exception_code` the rulebook (EHC-6) stores.
    public var code: String { "10_4_\(rawValue)" }

    /// Plain-English reason, shown to caseworkers and families when a case leaves the 20-week measure.
    public var description: String {
        switch self {
        case .a:
            "The council asked a school or college for advice in the period from one week before it closed "
                + "for at least 4 weeks to one week before it re-opened"
        case .b:
            "The council asked an early years provider for advice in the period from one week before it closed "
                + "for at least 4 weeks to one week before it re-opened"
        case .c:
            "Exceptional personal circumstances affected the child, the parent or the young person"
        case .d:
            "The child, the parent or the young person was away from the council's area for at least 4 weeks in a row"
        }
    }

    /// Whether an advice request falls in a closure window that allows exception (a) or (b).
    ///
    /// `reopening` is the first day open again, so the closure length is
    /// `closureStart.days(to: reopening)`.
    // SEND Regulations 2014 reg 10(4)(a)/(b): closed ≥ 4 weeks; request from closure − 7 days to re-opening − 7 days (rulebook EHC-6).
    public static func closureWindowApplies(adviceRequested: CalendarDate, closureStart: CalendarDate,
                                            reopening: CalendarDate) -> Bool {
        closureStart.days(to: reopening) >= 28
            && adviceRequested >= closureStart.adding(days: -7)
            && adviceRequested <= reopening.adding(days: -7)
    }

    /// Whether an absence from the area allows exception (d).
    ///
    /// `returned` is the first day back, so the absence lasts `absentFrom.days(to: returned)` days.
    /// ⚠ Follows the rulebook's "overlaps the 20-week period"; a stricter reading of
    /// "during that time period" would need all 4 weeks inside it. Confirm with legal.
    // SEND Regulations 2014 reg 10(4)(d): absent ≥ 4 continuous weeks during the period (rulebook EHC-6: overlap check).
    public static func absenceApplies(absentFrom: CalendarDate, returned: CalendarDate,
                                      request: CalendarDate) -> Bool {
        absentFrom.days(to: returned) >= 28
            && absentFrom <= request.adding(days: 140)
            && returned > request
    }
}
