/// The teaching week the timetable pages show, and the hours in it.
public enum TeachingWeek {
    /// Monday to Friday of the week containing `date` (the following week at weekends).
    public static func days(containing date: CalendarDate) -> [CalendarDate] {
        let monday = date.weekday.rawValue <= 5 ? date.adding(days: 1 - date.weekday.rawValue) : date.adding(days: 8 - date.weekday.rawValue)
        return (0..<5).map { monday.adding(days: $0) }
    }

    /// Timetabled minutes as hours.
    public static func hours(minutes: [Int]) -> Double { Double(minutes.reduce(0, +)) / 60 }

    /// Only a delivered session is education received (rulebook HN-10: the school records code K for it alone).
    public static func deliveredHours(_ sessions: [(outcome: SessionOutcome, minutes: Int)]) -> Double {
        hours(minutes: sessions.filter { $0.outcome == .delivered }.map(\.minutes))
    }
}
