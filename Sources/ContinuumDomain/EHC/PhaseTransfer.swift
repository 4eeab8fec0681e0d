/// A move between phases of education for a child with an EHC plan, which
/// brings forward the review-and-amend deadline to a fixed day in the
/// calendar year of the move, so the new school or college is named in time.
public struct PhaseTransfer: Hashable, Sendable {
    public let kind: Kind
    /// The calendar year in which the child or young person moves.
    public let year: Int
    /// Which of regulation 2's transfers this is, when known; a transfer made from `kind` alone
    /// knows it only for post-16 (regulation 18(1)(a) has one case, (b) has all the others).
    public let move: Move?

    /// Nil when `year` is outside 1...9999, where `CalendarDate` cannot hold the deadline.
    public init?(kind: Kind, year: Int) {
        guard (1...9999).contains(year) else { return nil }
        self.kind = kind
        self.year = year
        self.move = kind == .post16 ? .secondaryToPost16 : nil
    }

    /// Nil for post-16 → post-16, which has no fixed day (use `post16ToPost16ReviewBy`), and
    /// for a year `CalendarDate` cannot hold.
    public init?(move: Move, year: Int) {
        guard let kind = move.kind, (1...9999).contains(year) else { return nil }
        self.kind = kind
        self.year = year
        self.move = move
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

    /// The last day the plan can be reviewed and amended for `move` on `transferDate`, for every
    /// transfer: regulation 18(1)'s fixed day in the transfer's calendar year, or for post-16 →
    /// post-16 five months before the move. Nil only for a year `CalendarDate` cannot hold.
    // SEND Regulations 2014 reg 18(1) (15 February / 31 March) and reg 18(2) (5 months before), rulebook AR-5.
    public static func lastCompliantDay(move: Move, transferDate: CalendarDate,
                                        reading: PhaseTransferDeadlineReading = .before) -> CalendarDate? {
        guard move.kind != nil else { return post16ToPost16ReviewBy(transferDate: transferDate) }
        return PhaseTransfer(move: move, year: transferDate.year)?.lastCompliantDay(reading: reading)
    }

    /// The transfer a child in `yearGroup` (the year they are taught in: pass the actual year)
    /// makes at the end of the school year containing `date`, or nil when they stay where they
    /// are. Without `setting` the school is taken to be two-tier (nursery, primary, secondary);
    /// pass the child's setting so infant → junior, first → middle and middle → secondary are found.
    /// The move is taken to be in September, so its calendar year is the one after the school year starts.
    // SEND Regulations 2014 reg 18(1), with the phases of reg 2 (rulebook AR-5), from the actual NC year (rulebook AGE-3).
    public static func next(yearGroup: Int, on date: CalendarDate, setting: Setting? = nil) -> PhaseTransfer? {
        let setting = setting ?? .inferred(yearGroup: yearGroup)
        guard let move = setting.moveOut, let year = setting.transferYear, yearGroup == year else { return nil }
        return PhaseTransfer(move: move, year: date.academicYearStart + 1)
    }

    /// `next(yearGroup:on:setting:)` for a child born on `dateOfBirth`, taught `yearOffset`
    /// years from their chronological year (the stored difference; nil when none).
    public static func next(dateOfBirth: CalendarDate, on date: CalendarDate, yearOffset: Int? = nil,
                            setting: Setting? = nil) -> PhaseTransfer? {
        next(yearGroup: AgeAndStage.yearGroup(dateOfBirth: dateOfBirth, on: date, yearOffset: yearOffset), on: date, setting: setting)
    }
}
