import Foundation

/// Ages, national curriculum years, key stages and compulsory school age,
/// all from a date of birth and the date they are asked about.
public enum AgeAndStage {
    /// The date of the `age`th birthday; a 29 February birthday in a common
    /// year follows `convention`.
    public static func birthday(_ age: Int, dateOfBirth: CalendarDate,
                                convention: LeapDayBirthdayConvention = .default) -> CalendarDate {
        let year = dateOfBirth.year + age
        if dateOfBirth.month == 2 && dateOfBirth.day == 29 && !CalendarDate.isLeapYear(year) {
            switch convention {
            case .firstOfMarch: return CalendarDate(year: year, month: 3, day: 1)
            case .twentyEighthOfFebruary: return CalendarDate(year: year, month: 2, day: 28)
            }
        }
        return CalendarDate(year: year, month: dateOfBirth.month, day: dateOfBirth.day)
    }

    /// Age in whole years on `date`.
    public static func age(dateOfBirth: CalendarDate, on date: CalendarDate,
                           convention: LeapDayBirthdayConvention = .default) -> Int {
        let years = date.year - dateOfBirth.year
        return date < birthday(years, dateOfBirth: dateOfBirth, convention: convention) ? years - 1 : years
    }

    /// The chronological national curriculum year (NCY) in the academic year
    /// containing `date`: Reception = 0, nursery negative, Year 14 and above possible.
    /// Store the year actually taught separately: summer-born children may be taught out of cohort.
    // Rulebook AGE-3: Reception is the 1 Sept–31 Aug year in which the child turns 5; NCY = Y − birth year − (5 if born Sept–Dec else 4).
    public static func yearGroup(dateOfBirth: CalendarDate, on date: CalendarDate) -> Int {
        date.academicYearStart - dateOfBirth.year - (dateOfBirth.month >= 9 ? 5 : 4)
    }

    /// The national curriculum year the child is taught in: the chronological year moved by
    /// `yearOffset`, the stored difference between the year the school reports (CTF
    /// `NCyearActual`) and the chronological one. An offset rather than a year is kept so that it
    /// stays true every September: a child kept back a year is still a year behind next year.
    // Rulebook AGE-3: store ncy_actual separately from ncy_chronological; summer-born children may be admitted late or taught out of cohort.
    public static func yearGroup(dateOfBirth: CalendarDate, on date: CalendarDate, yearOffset: Int?) -> Int {
        yearGroup(dateOfBirth: dateOfBirth, on: date) + (yearOffset ?? 0)
    }

    /// The offset to store for a child reported in `actualYearGroup` on `date`: nil when the
    /// school teaches the child in their chronological year, so only a difference is stored.
    // Rulebook AGE-3: ncy_actual is stored where it differs from ncy_chronological.
    public static func yearOffset(actualYearGroup: Int, dateOfBirth: CalendarDate, on date: CalendarDate) -> Int? {
        let offset = actualYearGroup - yearGroup(dateOfBirth: dateOfBirth, on: date)
        return offset == 0 ? nil : offset
    }

    /// What a school census or CTF `NCyearActual` code says.
    public enum ActualYearCode: Equatable, Sendable {
        /// A national curriculum year: Reception 0, nursery negative.
        case year(Int)
        /// "X": the pupil does not follow the national curriculum, so the chronological year applies.
        case notFollowingNationalCurriculum
    }

    /// Reads an `NCyearActual` code: E1 and E2 (under-threes), N1, N2, R, 1 to 14, or X.
    /// Nil for anything else. ⚠ The value list is the school census one (no CTF XSD is in
    /// shared/data; see ctf/ctf-structure-notes.md).
    // Rulebook AGE-3: R = 0, N2 = −1, N1 = −2; school census NCyearActual codes E1, E2, N1, N2, R, 1–14, X.
    public static func actualYearCode(_ raw: String) -> ActualYearCode? {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        switch code {
        case "X": return .notFollowingNationalCurriculum
        case "R": return .year(0)
        case "N2": return .year(-1)
        case "N1": return .year(-2)
        case "E2": return .year(-3)
        case "E1": return .year(-4)
        default:
            // "06" and "6" are both written by census software; a sign or letters are not.
            guard !code.isEmpty, code.count <= 2, code.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(code),
                  (1...14).contains(year) else { return nil }
            return .year(year)
        }
    }

    /// "Reception", "Year 8", "Nursery 2".
    public static func yearGroupName(_ yearGroup: Int) -> String {
        switch yearGroup {
        case 0: "Reception"
        case -1: "Nursery 2"
        case -2: "Nursery 1"
        case ..<(-2): "Not yet in nursery"
        default: "Year \(yearGroup)"
        }
    }

    /// Nil below nursery age (NCY below −2), where no stage applies.
    // Education Act 2002 s.82 and rulebook AGE-4: R → EYFS; 1–2 KS1; 3–6 KS2; 7–9 KS3; 10–11 KS4; 12+ post-16.
    // Education Act 2002 s.81 (foundation stage): from first funded education after age 3 to the end of the Reception year.
    public static func keyStage(yearGroup: Int) -> KeyStage? {
        switch yearGroup {
        case -2...0: .earlyYears
        case 1...2: .ks1
        case 3...6: .ks2
        case 7...9: .ks3
        case 10...11: .ks4
        case 12...: .post16
        default: nil
        }
    }

    /// The key stage for a child not taught in a class, where the law uses
    /// the child's own school year rather than the class majority's.
    // Education Act 2002 s.82(3): a pupil not in a class is placed by the school year in which he attains the age.
    public static func keyStage(dateOfBirth: CalendarDate, on date: CalendarDate) -> KeyStage? {
        keyStage(yearGroup: yearGroup(dateOfBirth: dateOfBirth, on: date))
    }

    /// The key stage of the year the child is taught in (see `yearGroup(dateOfBirth:on:yearOffset:)`);
    /// the benchmark for full-time hours, which are "on par with" the child's class at school.
    /// With a nil offset this is the chronological key stage, as for a child not taught in a class.
    // Education Act 2002 s.82(1) and rulebook AGE-4: key stage from the class NCY when the child is taught in a class (the actual year).
    public static func keyStage(dateOfBirth: CalendarDate, on date: CalendarDate, yearOffset: Int?) -> KeyStage? {
        keyStage(yearGroup: yearGroup(dateOfBirth: dateOfBirth, on: date, yearOffset: yearOffset))
    }

    /// The first day of compulsory school age.
    // Education Act 1996 s.8(2): CSA starts on the 5th birthday if that is a prescribed day, else on the next prescribed day.
    // Education (Start of Compulsory School Age) Order 1998: the prescribed days are 31 March, 31 August and 31 December.
    public static func compulsorySchoolAgeStart(dateOfBirth: CalendarDate,
                                                leapDayConvention: LeapDayBirthdayConvention = .default) -> CalendarDate {
        let fifth = birthday(5, dateOfBirth: dateOfBirth, convention: leapDayConvention)
        let prescribed = [(3, 31), (8, 31), (12, 31)].map { CalendarDate(year: fifth.year, month: $0.0, day: $0.1) }
        // 31 December is always on or after a birthday in the same year, so one is always found.
        return prescribed.first { $0 >= fifth }!
    }

    /// The last day of compulsory school age (the child is of compulsory school age on it).
    // Education Act 1996 s.8(3): CSA ends on the school leaving date (last Friday in June) of the school year in which the child turns 16.
    public static func compulsorySchoolAgeEnd(dateOfBirth: CalendarDate,
                                              rule: CompulsorySchoolAgeEndRule = .default,
                                              leapDayConvention: LeapDayBirthdayConvention = .default) -> CalendarDate {
        switch rule {
        case .cohort:
            let yearTurning16 = dateOfBirth.month >= 9 ? dateOfBirth.year + 16 : dateOfBirth.year + 15
            return CalendarDate.lastFriday(ofJuneIn: yearTurning16 + 1)
        case .schoolYearBeginsWithFirstTerm(let calendar):
            let sixteenth = birthday(16, dateOfBirth: dateOfBirth, convention: leapDayConvention)
            let leavingDate = CalendarDate.lastFriday(ofJuneIn: sixteenth.year)
            // s.8(3)(b) and (c): on or before this year's leaving date, that date ends it.
            if sixteenth <= leavingDate { return leavingDate }
            // Education Act 1996 s.8(3)(a) and s.579(1): turning 16 after the leaving date but before the school year begins.
            let august1 = CalendarDate(year: sixteenth.year, month: 8, day: 1)
            let schoolYearBegins = calendar.terms.map(\.start).filter { $0 >= august1 && $0.year == sixteenth.year }.min()
                ?? CalendarDate(year: sixteenth.year, month: 9, day: 1)
            if sixteenth < schoolYearBegins { return leavingDate }
            return CalendarDate.lastFriday(ofJuneIn: sixteenth.year + 1)
        }
    }

    /// Whether the child is of compulsory school age on `date` (both ends included).
    public static func isCompulsorySchoolAge(dateOfBirth: CalendarDate, on date: CalendarDate,
                                             rule: CompulsorySchoolAgeEndRule = .default,
                                             leapDayConvention: LeapDayBirthdayConvention = .default) -> Bool {
        compulsorySchoolAgeStart(dateOfBirth: dateOfBirth, leapDayConvention: leapDayConvention) <= date
            && date <= compulsorySchoolAgeEnd(dateOfBirth: dateOfBirth, rule: rule, leapDayConvention: leapDayConvention)
    }
}
