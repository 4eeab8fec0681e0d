/// One academic year of a pupil's marks as a row of school days, each with its AM and PM code and a
/// category for colour and words: what the attendance strip on the child's page draws (issue 4 item 4).
public struct AttendanceStrip: Sendable, Equatable {
    public enum Category: String, Sendable, CaseIterable {
        case present, approvedActivity = "approved", illness, authorisedAbsence = "authorised", unauthorisedAbsence = "unauthorised", notPossible = "not_possible", noMark = "none"
        public var label: String {
            switch self {
            case .present: "Present"
            case .approvedActivity: "Approved educational activity (including K, Section 19 provision)"
            case .illness: "Illness (I)"
            case .authorisedAbsence: "Other authorised absence"
            case .unauthorisedAbsence: "Unauthorised absence"
            case .notPossible: "Not a possible session"
            case .noMark: "No mark"
            }
        }
    }

    public struct Day: Sendable, Equatable {
        public let date: CalendarDate
        public let am: AttendanceCode?
        public let pm: AttendanceCode?
        /// The day's category: the worse of its two sessions, so a half day of illness shows.
        public let category: Category
    }

    public let academicYear: Int
    public let days: [Day]

    public static func category(_ code: AttendanceCode?) -> Category {
        guard let code else { return .noMark }
        if code.isIllness { return .illness }
        // One classification for every code, Q included (AttendanceCode.treatment).
        switch code.treatment {
        case .notPossibleSession: return .notPossible
        case .authorisedAbsence: return .authorisedAbsence
        case .unauthorisedAbsence: return .unauthorisedAbsence
        case .attendance: return code.group.hasPrefix("Present") ? .present : .approvedActivity
        }
    }

    private static let severity: [Category] = [.noMark, .notPossible, .present, .approvedActivity, .authorisedAbsence, .illness, .unauthorisedAbsence]

    /// Days with at least one mark, in date order (weekends and holidays carry no marks and are left out).
    public init(_ codes: SessionCodes) {
        academicYear = codes.academicYear
        var days: [Day] = []
        var date = codes.firstDay
        while date <= codes.lastDay {
            let am = codes.code(on: date, session: .am), pm = codes.code(on: date, session: .pm)
            if am != nil || pm != nil {
                let a = Self.category(am), p = Self.category(pm)
                let worse = Self.severity.firstIndex(of: a)! >= Self.severity.firstIndex(of: p)! ? a : p
                days.append(Day(date: date, am: am, pm: pm, category: worse))
            }
            date = date.adding(days: 1)
        }
        self.days = days
    }

    /// Days per category, for the text summary beside the picture.
    public var counts: [(Category, Int)] {
        Category.allCases.compactMap { c in
            let n = days.filter { $0.category == c }.count
            return n == 0 ? nil : (c, n)
        }
    }
}
