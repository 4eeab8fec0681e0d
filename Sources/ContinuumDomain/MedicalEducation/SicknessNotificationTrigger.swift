/// Whether a school's sickness notification (HN-3) means the council should now consider arranging
/// education (HN-2): the illness already recorded this academic year plus the absence the school
/// expects, against the council's trigger. The app loads the marks and the council's settings;
/// the rule is only here.
public enum SicknessNotificationTrigger {
    public struct Assessment: Sendable, Equatable {
        /// Days of illness (code I, half days as 0.5) recorded this academic year before the notified absence began.
        public let recordedIllnessDays: Double
        /// School days the school expects the child to miss; nil when it cannot say when the child will be back.
        public let notifiedSchoolDays: Int?
        /// The council's trigger, in school days (ServiceTargets.absenceTriggerDays).
        public let triggerDays: Int
        /// Recorded plus notified; nil when the return date is not known.
        public var totalDays: Double? { notifiedSchoolDays.map { recordedIllnessDays + Double($0) } }
        /// Whether the council should consider Section 19 now. Not knowing when the child will be
        /// back counts as reaching it: "as soon as it is clear" cannot wait for a date nobody has.
        public var reached: Bool { totalDays.map { $0 >= Double(triggerDays) } ?? true }
    }

    /// The trigger test for one notification.
    // Rulebook HN-2: alert when actual count + projected further absence ≥ 15 (configurable), consecutive or cumulative, without waiting for day 15.
    public static func assess(recordedIllnessDays: Double, notifiedSchoolDays: Int?, targets: ServiceTargets) -> Assessment {
        Assessment(recordedIllnessDays: max(0, recordedIllnessDays), notifiedSchoolDays: notifiedSchoolDays.map { max(0, $0) },
                   triggerDays: targets.absenceTriggerDays)
    }

    /// School days the notified absence covers: from the first day absent up to the day before the
    /// child is expected back, both ends counted; nil when the return date is not known.
    // Rulebook HN-3: the return names the dates of the absence; HN-2 counts school days, not calendar days.
    public static func notifiedSchoolDays(firstDayAbsent: CalendarDate, expectedReturn: CalendarDate?, calendar: SchoolCalendar) -> Int? {
        expectedReturn.map { calendar.schoolDays(from: firstDayAbsent, to: $0.adding(days: -1)) }
    }

    /// Illness already on the register this academic year, before the notified absence began: I
    /// sessions ÷ 2. Marks on or after the first day absent are left out because the notified
    /// absence counts those days itself, and counting both would reach the trigger early.
    // Rulebook HN-2: "Keep a per-child, per-academic-year count of school days missed for health reasons (illness absence)."
    public static func recordedIllnessDays(_ merged: SessionCodes, before firstDayAbsent: CalendarDate) -> Double {
        guard merged.academicYear == firstDayAbsent.academicYearStart else { return 0 }
        var sessions = 0
        var day = merged.firstDay
        while day < firstDayAbsent && day <= merged.lastDay {
            for session in [AttendanceSession.am, .pm] where merged.code(on: day, session: session)?.isIllness == true { sessions += 1 }
            day = day.adding(days: 1)
        }
        return Double(sessions) / 2
    }
}
