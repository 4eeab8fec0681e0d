/// A move between phases of education for a child with an EHC plan, which
/// brings forward the review-and-amend deadline to a fixed day in the
/// calendar year of the move, so the new school or college is named in time.
public struct PhaseTransfer: Hashable, Sendable {
    public let kind: Kind
    /// The calendar year in which the child or young person moves.
    public let year: Int

    /// Nil when `year` is outside 1...9999, where `CalendarDate` cannot hold the deadline.
    public init?(kind: Kind, year: Int) {
        guard (1...9999).contains(year) else { return nil }
        self.kind = kind
        self.year = year
    }

    /// The day named in regulation 18(1), printed as `phase_transfer_deadline`.
    ///
    /// The regulation says the plan must be reviewed and amended "before" this day;
    /// `lastCompliantDay(reading:)` gives the last day that meets it.
    public var deadline: CalendarDate {
        switch kind {
        // SEND Regulations 2014 reg 18(1)(a): before 31 March of the year of transfer from secondary to post-16.
        case .post16: CalendarDate(year: year, month: 3, day: 31)
        // SEND Regulations 2014 reg 18(1)(b): before 15 February of the year of transfer in any other case.
        case .secondary: CalendarDate(year: year, month: 2, day: 15)
        }
    }

    /// The last day on which the amended plan is on time.
    ///
    /// ⚠ Rulebook AR-5: the regulation says "before", guidance says "by"; the
    /// default is the statutory reading (14 February / 30 March) until legal confirms.
    public func lastCompliantDay(reading: PhaseTransferDeadlineReading = .before) -> CalendarDate {
        switch reading {
        case .before: deadline.adding(days: -1)
        case .by: deadline
        }
    }

    /// Review date for a move between two post-16 institutions at any other time.
    // SEND Regulations 2014 reg 18(2): review at least 5 months before a post-16 → post-16 transfer.
    public static func post16ToPost16ReviewBy(transferDate: CalendarDate) -> CalendarDate {
        transferDate.adding(months: -5)
    }
}
