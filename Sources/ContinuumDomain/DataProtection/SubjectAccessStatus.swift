/// Where a logged subject access request stands, from its deadline and whether it was answered.
// UK GDPR Art 12(3): answer within one month of receipt, or within the extended period when extended for complexity.
public enum SubjectAccessStatus: String, Sendable, Equatable {
    case open, overdue, completed

    public static func of(received: CalendarDate, extended: Bool, completedOn: CalendarDate?, today: CalendarDate,
                          bankHolidays: BankHolidays = .englandAndWales) -> SubjectAccessStatus {
        if completedOn != nil { return .completed }
        let deadline = SubjectAccessDeadline(received: received, bankHolidays: bankHolidays)
        return today > (extended ? deadline.extendedDue : deadline.due) ? .overdue : .open
    }

    /// The date the answer is due: one month, or the extended date when extended.
    public static func due(received: CalendarDate, extended: Bool, bankHolidays: BankHolidays = .englandAndWales) -> CalendarDate {
        let deadline = SubjectAccessDeadline(received: received, bankHolidays: bankHolidays)
        return extended ? deadline.extendedDue : deadline.due
    }
}
