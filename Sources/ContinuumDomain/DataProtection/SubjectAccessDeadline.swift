/// When a subject access request must be answered. UK GDPR Article 12(3): "without undue delay
/// and in any event within one month of receipt", extendable "by two further months where
/// necessary, taking into account the complexity and number of the requests".
///
/// The ICO's reading, encoded here: count from the day the request is received (working day or
/// not) to the corresponding date in the next month; if the next month has no such date, its last
/// day; if that day is a weekend or bank holiday, the next working day.
// UK GDPR Art 12(3); ICO "Right of access: time limits for responding" (corresponding calendar date, next working day).
public struct SubjectAccessDeadline: Hashable, Sendable {
    public let received: CalendarDate
    /// One month on, moved to a working day.
    public let due: CalendarDate
    /// Two further months: the earlier of three months from receipt and two months after the one-month date
    /// (they differ at month ends: 31 January gives 28 April, not 30 April), moved to a working day.
    public let extendedDue: CalendarDate

    public init(received: CalendarDate, bankHolidays: BankHolidays = .englandAndWales) {
        func workingDayFrom(_ date: CalendarDate) -> CalendarDate {
            var day = date
            while !bankHolidays.isWorkingDay(day) { day = day.adding(days: 1) }
            return day
        }
        self.received = received
        // `adding(months:)` clamps 31 January to the end of February: "the last day of the following month".
        let oneMonth = received.adding(months: 1)
        due = workingDayFrom(oneMonth)
        extendedDue = workingDayFrom(min(received.adding(months: 3), oneMonth.adding(months: 2)))
    }
}
