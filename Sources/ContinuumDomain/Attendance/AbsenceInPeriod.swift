/// Sessions missed for any reason in a date range, from one pupil's merged codes: the measure behind
/// the "EHC assessment pending and missing school" identification (issue 4 item 3; rulebook HN-10).
public enum AbsenceInPeriod {
    /// Ten school days, in sessions: the default threshold for a child with an EHC request pending.
    public static let defaultThresholdSessions = 20

    /// A possible session coded as authorised or unauthorised absence (DfE 2024 statistical treatment,
    /// as `AttendanceCode.treatment` fixes it: Q is not a possible session, so not an absence).
    public static func isAbsence(_ code: AttendanceCode) -> Bool {
        code.treatment == .authorisedAbsence || code.treatment == .unauthorisedAbsence
    }

    /// Absent sessions between `from` and `to` inclusive.
    public static func sessions(_ codes: SessionCodes, from: CalendarDate, to: CalendarDate) -> Int {
        var count = 0
        var day = max(from, codes.firstDay)
        let last = min(to, codes.lastDay)
        while day <= last {
            for session in [AttendanceSession.am, .pm] {
                if let code = codes.code(on: day, session: session), isAbsence(code) { count += 1 }
            }
            day = day.adding(days: 1)
        }
        return count
    }
}
