/// Day counts for the annual review and the amendment that may follow it.
///
/// ⚠ Rulebook AR-4: DfE consulted in 2022 on changing annual review timescales
/// after the Devon judgment and no outcome was found, so these are configuration
/// with the current law as the default rather than constants.
public struct AnnualReviewTimescales: Hashable, Codable, Sendable {
    /// Notice of the meeting, given at least this many days before it.
    // SEND Regulations 2014 reg 20(3): at least two weeks' notice of the date of the meeting.
    public var invitationNoticeDays: Int
    /// Advice circulated at least this many days before the meeting.
    // SEND Regulations 2014 reg 20(4): advice circulated at least two weeks in advance of the meeting.
    public var adviceCirculationDays: Int
    /// Report to everyone invited within this many days after the meeting.
    // SEND Regulations 2014 reg 20 (paragraph unverified, rulebook AR-3 ⚠): report within 2 weeks of the meeting.
    public var reportDays: Int
    /// Decision (keep, amend or cease) notified within this many days after the meeting.
    // SEND Regulations 2014 reg 20 (paragraph unverified, rulebook AR-3 ⚠): decision within 4 weeks of the meeting.
    public var decisionDays: Int
    /// Proposed amendments sent within this many days after the meeting.
    // R (L, M and P) v Devon CC [2022] EWHC 493 (Admin): the 4-week decision notice must include the proposed amendments.
    public var amendmentsProposedDays: Int
    /// Final amended plan within this many days of sending the proposed amendments.
    // SEND Regulations 2014 reg 22(3): final amended plan within 8 weeks of sending the proposed amendments.
    public var finalAmendedAfterProposalDays: Int
    /// Final amended plan within this many days of the meeting, whatever the above gives.
    // R (L, M and P) v Devon CC [2022] EWHC 493 (Admin): final amended plan at most 12 weeks after the meeting.
    public var finalAmendedMaxAfterMeetingDays: Int

    /// The defaults are the law as the rulebook states it (AR-3, AR-4).
    public init(invitationNoticeDays: Int = 14, adviceCirculationDays: Int = 14, reportDays: Int = 14,
                decisionDays: Int = 28, amendmentsProposedDays: Int = 28,
                finalAmendedAfterProposalDays: Int = 56, finalAmendedMaxAfterMeetingDays: Int = 84) {
        self.invitationNoticeDays = invitationNoticeDays
        self.adviceCirculationDays = adviceCirculationDays
        self.reportDays = reportDays
        self.decisionDays = decisionDays
        self.amendmentsProposedDays = amendmentsProposedDays
        self.finalAmendedAfterProposalDays = finalAmendedAfterProposalDays
        self.finalAmendedMaxAfterMeetingDays = finalAmendedMaxAfterMeetingDays
    }

    /// The timescales in force now.
    public static let current = AnnualReviewTimescales()
}

/// Months between the extra reviews of a plan for a child under 5, held as well as the
/// statutory 12-month review, never instead of it.
///
/// ⚠ Rulebook AR-2 and section L item 5: the Code says "consider … every three to six months";
/// the brief said 6 and some councils fix 6. Configurable, default 6, and only 3 to 6 allowed.
// SEND Code of Practice 2015 para 9.178 (rulebook AR-2): consider reviewing a plan for a child under 5 at least every 3 to 6 months.
public struct InterimReviewInterval: Hashable, Sendable, Codable {
    public static let allowedMonths = 3...6
    public let months: Int

    /// Nil outside 3 to 6 months, so an interval the Code does not allow cannot be configured.
    public init?(months: Int) {
        guard Self.allowedMonths.contains(months) else { return nil }
        self.months = months
    }

    /// The nearest allowed interval, for a value stored before the limit existed.
    public init(clamping months: Int) {
        self.months = min(max(months, Self.allowedMonths.lowerBound), Self.allowedMonths.upperBound)
    }

    public init(from decoder: any Decoder) throws {
        let months = try decoder.singleValueContainer().decode(Int.self)
        guard let interval = Self(months: months) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "an interim review interval is 3 to 6 months, not \(months)"))
        }
        self = interval
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(months)
    }

    /// The outer bound of the Code's range, as the rulebook's default.
    public static let `default` = InterimReviewInterval(clamping: 6)
}
