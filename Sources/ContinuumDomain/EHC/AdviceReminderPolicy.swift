/// When an adviser who has not yet sent their advice is reminded. Reminders begin a week before
/// the reg 8 date and repeat weekly until the advice arrives, so an overdue request is never left
/// silent and an adviser is never sent more than one reminder a week.
public struct AdviceReminderPolicy: Hashable, Sendable {
    /// Days before the due date that the first reminder goes.
    public var daysBeforeDue: Int
    /// Days between reminders.
    public var interval: Int

    public init(daysBeforeDue: Int = 7, interval: Int = 7) {
        self.daysBeforeDue = daysBeforeDue; self.interval = interval
    }

    /// True when a reminder should go today for advice due on `due`, last reminded on `lastReminded`.
    public func shouldRemind(due: CalendarDate, received: Bool, lastReminded: CalendarDate?, today: CalendarDate) -> Bool {
        guard !received, today >= due.adding(days: -daysBeforeDue) else { return false }
        guard let lastReminded else { return true }
        return lastReminded.days(to: today) >= interval
    }
}
