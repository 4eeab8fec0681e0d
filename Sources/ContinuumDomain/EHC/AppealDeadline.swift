/// The last day for an SEN appeal to reach the First-tier Tribunal (SEND).
///
/// Implements rulebook DR-4 as written:
/// `max(letter + 2 months, certificate + 1 month)`, then the Christmas and
/// August moves. Months clamp to the month's end (`CalendarDate.adding(months:)`).
///
/// ⚠ Open points, all left as the rulebook states them:
/// - The Christmas/August moves come from IPSEA only (rulebook section M). The
///   Upper Tribunal's rule 12(3) instead says those days "must not be counted"
///   and names disability discrimination in schools cases too, whereas IPSEA
///   says the moves do not apply to them. Disability discrimination claims run
///   from the act complained of, not from a decision letter, so they are not
///   computed here at all.
/// - No general move off a weekend or bank holiday: the rulebook states none
///   (Tribunal rules 12(2) appear to allow the next working day). The date shown
///   is therefore never later than the true limit.
/// - "The date on the decision letter": some sources say the date it was sent;
///   the letter date must equal the dispatch date.
/// - Bank holidays beyond the data's years are unknown, so only weekends are skipped there.
public enum AppealDeadline: Sendable {
    /// Before the holiday moves: the later of the two periods. The certificate is
    /// absent for appeals about Section I alone, which need no mediation certificate (DR-1).
    // Tribunal Procedure (HESC) Rules 2008 via rulebook DR-4: 2 months from the decision letter or 1 month from the mediation certificate, whichever is later.
    public static func unadjusted(decisionLetter: CalendarDate, mediationCertificate: CalendarDate?) -> CalendarDate {
        let fromLetter = decisionLetter.adding(months: 2)
        guard let certificate = mediationCertificate else { return fromLetter }
        return max(fromLetter, certificate.adding(months: 1))
    }

    /// The appeal deadline after the Christmas and August moves.
    public static func deadline(decisionLetter: CalendarDate, mediationCertificate: CalendarDate? = nil,
                                bankHolidays: BankHolidays = .englandAndWales) -> CalendarDate {
        adjusted(unadjusted(decisionLetter: decisionLetter, mediationCertificate: mediationCertificate),
                 bankHolidays: bankHolidays)
    }

    /// Moves a deadline that ends over Christmas or in August; any other date is returned unchanged.
    public static func adjusted(_ date: CalendarDate, bankHolidays: BankHolidays = .englandAndWales) -> CalendarDate {
        // Rulebook DR-4 ⚠ (IPSEA): ending 25 December–1 January → the next working day on or after 2 January.
        if (date.month == 12 && date.day >= 25) || (date.month == 1 && date.day == 1) {
            let year = date.month == 12 ? date.year + 1 : date.year
            return firstWorkingDay(onOrAfter: CalendarDate(year: year, month: 1, day: 2), bankHolidays: bankHolidays)
        }
        // Rulebook DR-4 ⚠ (IPSEA): ending in August → the first working day in September.
        if date.month == 8 {
            return firstWorkingDay(onOrAfter: CalendarDate(year: date.year, month: 9, day: 1), bankHolidays: bankHolidays)
        }
        return date
    }

    // Rulebook "Date arithmetic": working days are Monday to Friday, excluding bank holidays in England and Wales.
    private static func firstWorkingDay(onOrAfter start: CalendarDate, bankHolidays: BankHolidays) -> CalendarDate {
        var day = start
        while !bankHolidays.isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }
}
