/// The Section 19 evidence a council is asked for (issue 12 item 7): hours offered and delivered
/// per child per term against full time, part-time arrangements past review, outcomes at closure.
public enum Section19Hours {
    /// One provision episode as the hours arithmetic needs it.
    public struct Episode: Sendable, Equatable {
        public let type: ProvisionType
        public let hoursPerWeek: Double
        public let start: CalendarDate
        public let end: CalendarDate?
        public init(type: ProvisionType, hoursPerWeek: Double, start: CalendarDate, end: CalendarDate?) {
            self.type = type; self.hoursPerWeek = hoursPerWeek; self.start = start; self.end = end
        }
    }

    /// A child's hours for one term.
    public struct TermHours: Sendable, Equatable {
        /// School days pupils are taught in the term (half term, bank holidays and INSET excluded).
        public let termSchoolDays: Int
        public let fullTimeHoursPerWeek: Double
        /// Full time over the whole term: the key stage's weekly hours × the term's school weeks.
        public let fullTimeHours: Double
        public let offeredHours: Double
        public let deliveredHours: Double
        /// Offered hours by provision type (HN-7: a virtual-only package is still checked against HN-5).
        public let offeredByType: [ProvisionType: Double]
        /// Some school day of the term had provision, but less than full time a week (HN-5).
        public let isPartTime: Bool

        public var offeredPercent: Int { Section19Hours.percent(offeredHours, of: fullTimeHours) }
        public var deliveredPercent: Int { Section19Hours.percent(deliveredHours, of: fullTimeHours) }
    }

    /// School days a week when nothing closes the school: a week with a bank holiday counts as 4/5.
    public static let schoolDaysPerWeek = 5.0

    // HN-5 (hospital education guide): education "must be full time unless … part-time education would be in a child's best interests";
    // hours offered = each episode's weekly hours × the school weeks (school days / 5) it covers in the term, per the authority's calendar.
    public static func term(_ term: TermDates, calendar: SchoolCalendar, episodes: [Episode], deliveredMinutes: Int,
                            fullTimeHoursPerWeek: Double) -> TermHours {
        let termDays = calendar.schoolDays(from: term.start, to: term.end)
        var byType: [ProvisionType: Double] = [:]
        var offered = 0.0
        for episode in episodes {
            let from = max(episode.start, term.start), to = min(episode.end ?? term.end, term.end)
            let days = calendar.schoolDays(from: from, to: to)
            guard days > 0 else { continue }
            let hours = episode.hoursPerWeek * Double(days) / schoolDaysPerWeek
            offered += hours
            byType[episode.type, default: 0] += hours
        }
        // Part time is judged on the package in place each school day (concurrent episodes add up), not the
        // term total, so a full-time package that starts mid-term is not mistaken for a part-time one.
        var partTime = false
        var day = max(term.start, episodes.map(\.start).min() ?? term.end.adding(days: 1))
        while day <= term.end, !partTime {
            if calendar.isSchoolDay(day) {
                let weekly = episodes.filter { $0.start <= day && ($0.end.map { day <= $0 } ?? true) }.reduce(0) { $0 + $1.hoursPerWeek }
                if weekly > 0 && weekly < fullTimeHoursPerWeek { partTime = true }
            }
            day = day.adding(days: 1)
        }
        return TermHours(termSchoolDays: termDays, fullTimeHoursPerWeek: fullTimeHoursPerWeek,
                         fullTimeHours: fullTimeHoursPerWeek * Double(termDays) / schoolDaysPerWeek,
                         offeredHours: offered, deliveredHours: Double(deliveredMinutes) / 60, offeredByType: byType, isPartTime: partTime)
    }

    /// Whole per cent, rounded half up; 0 when there is no full time to measure against.
    public static func percent(_ value: Double, of whole: Double) -> Int {
        guard whole > 0 else { return 0 }
        return Int((value / whole * 100).rounded(.toNearestOrAwayFromZero))
    }

    /// Hours to one decimal place, as the evidence tables show them.
    public static func format(_ hours: Double) -> String {
        let tenths = Int((hours * 10).rounded(.toNearestOrAwayFromZero))
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// HN-5 and HN-6: a part-time arrangement is temporary and must be reviewed by its review date.
public enum PartTimeReview {
    public enum Status: Sendable, Equatable {
        case fullTime
        case dueOn(CalendarDate)
        case overdue(since: CalendarDate)
        case noReviewDate
    }

    // HN-5: part-time provision needs a review date; HN-6: "it must be clear when the part-time timetable will end" — past it, flag.
    public static func status(hoursPerWeek: Double, fullTimeHoursPerWeek: Double, reviewOn: CalendarDate?, endsOn: CalendarDate?,
                              today: CalendarDate) -> Status {
        guard hoursPerWeek < fullTimeHoursPerWeek else { return .fullTime }
        if let endsOn, endsOn < today { return .fullTime } // an ended arrangement needs no review
        guard let reviewOn else { return .noReviewDate }
        return reviewOn < today ? .overdue(since: reviewOn) : .dueOn(reviewOn)
    }
}

/// A GCSE grade as a school reports it: 9 to 1 and U since the 2017 reforms, or the legacy A* to G.
public enum GCSEGrade: Sendable, Equatable, Hashable {
    case numeric(Int)
    case ungraded
    case legacy(String)

    public static let legacyLetters = ["A*", "A", "B", "C", "D", "E", "F", "G"]

    // Ofqual, GCSE (9 to 1) grading: grades 9 (highest) to 1, U unclassified; legacy letter grades A* to G.
    public init?(_ raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if let n = Int(text), (1...9).contains(n), text.count == 1 { self = .numeric(n) }
        else if text == "U" { self = .ungraded }
        else if Self.legacyLetters.contains(text) { self = .legacy(text) }
        else { return nil }
    }

    /// What is stored and shown: "7", "U" or "B".
    public var code: String {
        switch self {
        case .numeric(let n): String(n)
        case .ungraded: "U"
        case .legacy(let letter): letter
        }
    }

    /// Every grade, highest first, for a select list.
    public static var all: [GCSEGrade] { (1...9).reversed().map { .numeric($0) } + [.ungraded] + legacyLetters.map { .legacy($0) } }

    /// Grade 4 or above, or C or above: the "standard pass" the DfE reports.
    public var isStandardPass: Bool {
        switch self {
        case .numeric(let n): n >= 4
        case .ungraded: false
        case .legacy(let letter): ["A*", "A", "B", "C"].contains(letter)
        }
    }
}

/// Subjects a GCSE result can be recorded for: a fixed list, so reports count like with like.
public enum GCSESubject: String, CaseIterable, Sendable {
    case englishLanguage = "english_language", englishLiterature = "english_literature", maths
    case combinedScience = "combined_science", biology, chemistry, physics
    case history, geography, religiousStudies = "religious_studies", french, spanish, german
    case computerScience = "computer_science", art, designTechnology = "design_technology", music, drama
    case physicalEducation = "physical_education", business, citizenship, statistics, other

    public var label: String {
        switch self {
        case .englishLanguage: "English language"
        case .englishLiterature: "English literature"
        case .maths: "Maths"
        case .combinedScience: "Combined science"
        case .biology: "Biology"
        case .chemistry: "Chemistry"
        case .physics: "Physics"
        case .history: "History"
        case .geography: "Geography"
        case .religiousStudies: "Religious studies"
        case .french: "French"
        case .spanish: "Spanish"
        case .german: "German"
        case .computerScience: "Computer science"
        case .art: "Art and design"
        case .designTechnology: "Design and technology"
        case .music: "Music"
        case .drama: "Drama"
        case .physicalEducation: "Physical education"
        case .business: "Business"
        case .citizenship: "Citizenship"
        case .statistics: "Statistics"
        case .other: "Another subject"
        }
    }
}

/// Where a child went when their Section 19 case closed.
// HN-11: reintegration into school is the aim; the destination shows whether it happened and where.
public enum ClosureDestination: String, CaseIterable, Sendable {
    case homeSchool = "home_school"
    case newSchool = "new_school"
    case specialistSchool = "specialist_school"
    case alternativeProvision = "alternative_provision"
    case post16
    case movedAway = "moved_away"
    case other

    public var label: String {
        switch self {
        case .homeSchool: "Returned to the home school"
        case .newSchool: "A new mainstream school"
        case .specialistSchool: "A specialist school"
        case .alternativeProvision: "Alternative provision"
        case .post16: "Post-16 education, training or employment"
        case .movedAway: "Moved out of the area"
        case .other: "Other"
        }
    }

    /// The child went back into a school (reintegration, HN-11).
    public var isReintegration: Bool { [.homeSchool, .newSchool, .specialistSchool].contains(self) }
}

/// Virtual and e-learning platforms a child is given access to (HN-7).
public enum VirtualPlatform: String, CaseIterable, Sendable {
    case liveOnlineLessons = "live_online"
    case recordedCourses = "recorded_courses"
    case virtualSchool = "virtual_school"
    case robotAvatar = "robot_avatar"
    case other

    public var label: String {
        switch self {
        case .liveOnlineLessons: "Live online lessons"
        case .recordedCourses: "E-learning courses (self-paced)"
        case .virtualSchool: "Virtual school"
        case .robotAvatar: "Classroom telepresence robot"
        case .other: "Other platform"
        }
    }
}
