/// The Section 19 decision clock, in school days: how long a referral has waited for its decision,
/// and when the council's target falls. Every page, report and home screen that shows the clock
/// reads it from here, so the list, the referral page and the dashboard can never disagree.
///
/// The day of receipt is day 0 whatever kind of day it is, and each school day after it counts,
/// up to and including the day of the decision (or today while it is undecided). The older count
/// (school days from receipt to decision, both ends, minus one) gave the same answer for a
/// referral received on a school day but lost a day for one received on a weekend, in a holiday
/// or on an INSET day, because there was no school day of receipt to subtract.
public enum DecisionClock {
    /// School days after `received`, up to and including `until`; 0 when `until` is not after `received`.
    // Rulebook HN-4: "decision − referral > N days", N in school days (suggested default 5); counted from the day after receipt.
    public static func schoolDaysElapsed(received: CalendarDate, until: CalendarDate, calendar: SchoolCalendar) -> Int {
        guard received < until else { return 0 }
        return calendar.schoolDays(from: received.adding(days: 1), to: until)
    }

    /// Whether an undecided referral has passed the council's decision target.
    // Rulebook HN-4: raise an alert when the decision takes more than N school days (N configurable).
    public static func isOverdue(elapsed: Int, targets: ServiceTargets) -> Bool {
        elapsed > targets.decisionSchoolDays
    }

    /// The last day a decision is within target: the target-th school day after receipt. On that
    /// day `schoolDaysElapsed` equals the target; on the next school day it is overdue.
    // Rulebook HN-4: the alert fires when decision − referral exceeds N school days.
    public static func due(received: CalendarDate, targets: ServiceTargets, calendar: SchoolCalendar) -> CalendarDate {
        targets.decisionSchoolDays <= 0 ? received : calendar.addingSchoolDays(targets.decisionSchoolDays, to: received)
    }
}
