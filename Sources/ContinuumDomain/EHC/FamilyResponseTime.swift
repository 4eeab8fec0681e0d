/// How quickly the council answers families' messages, in working days (weekdays that are not
/// bank holidays in England and Wales). Kent parents petitioned for replies within five working days.
public enum FamilyResponseTime {
    /// The target shown on the manager's dashboard (LOCAL; Kent petition).
    public static let targetWorkingDays = 5

    /// Working days after `sent` up to and including `replied`: a reply the next working day is 1, the same day 0.
    public static func workingDays(from sent: CalendarDate, to replied: CalendarDate, bankHolidays: BankHolidays = .englandAndWales) -> Int {
        guard replied > sent else { return 0 }
        var count = 0
        var day = sent.adding(days: 1)
        while day <= replied {
            if !day.isWeekend && !bankHolidays.contains(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    public struct Summary: Sendable, Equatable {
        public let messages: Int
        public let answered: Int
        public let withinTarget: Int
        /// Unanswered messages already past the target on the day measured.
        public let overdueUnanswered: Int
        public let medianWorkingDays: Int?
    }

    /// `pairs`: each family message's sent date and the council's first reply after it, if any.
    public static func summary(_ pairs: [(sent: CalendarDate, replied: CalendarDate?)], today: CalendarDate,
                               bankHolidays: BankHolidays = .englandAndWales) -> Summary {
        var durations: [Int] = []
        var overdue = 0
        for pair in pairs {
            if let replied = pair.replied { durations.append(workingDays(from: pair.sent, to: replied, bankHolidays: bankHolidays)) }
            else if workingDays(from: pair.sent, to: today, bankHolidays: bankHolidays) > targetWorkingDays { overdue += 1 }
        }
        durations.sort()
        return Summary(messages: pairs.count, answered: durations.count, withinTarget: durations.filter { $0 <= targetWorkingDays }.count,
                       overdueUnanswered: overdue, medianWorkingDays: durations.isEmpty ? nil : durations[durations.count / 2])
    }
}
