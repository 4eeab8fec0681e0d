import Foundation

/// Who the authority must track (rulebook P16-4, issue 17).
public enum Post16Cohort {
    /// Why a young person is in the tracking cohort on a day.
    public enum Basis: String, CaseIterable, Sendable {
        /// Academic age 16 or 17: the NEET and not-known cohort.
        case academicAge16To17 = "age_16_17"
        /// Academic age 18 to the 25th birthday, with an EHC plan.
        case ehcPlanTo25 = "ehc_plan_to_25"
        /// Year 11 from the January before they leave, for the September Guarantee.
        case year11 = "year_11"

        public var label: String {
            switch self {
            case .academicAge16To17: "Academic age 16 or 17"
            case .ehcPlanTo25: "EHC plan, tracked to 25"
            case .year11: "Year 11 (September Guarantee)"
            }
        }
    }

    /// Age on the 31 August before the academic year that contains `date`.
    // Rulebook P16-4: academic age is measured at 31 August (the start of the academic year).
    public static func academicAge(dateOfBirth: CalendarDate, on date: CalendarDate) -> Int {
        AgeAndStage.age(dateOfBirth: dateOfBirth, on: CalendarDate(year: date.academicYearStart, month: 8, day: 31))
    }

    /// Whether the young person is in the academic-age 16–17 cohort the NEET figures count.
    // Rulebook P16-4: the tracking requirement is academic age 16–17 (Years 12–13); 18-year-olds were relaxed from September 2016.
    public static func isAcademicAge16To17(dateOfBirth: CalendarDate, on date: CalendarDate) -> Bool {
        (16...17).contains(academicAge(dateOfBirth: dateOfBirth, on: date))
    }

    /// Nil when the authority need not track them on `date`.
    // Rulebook P16-4: academic age 16–17, and young people with an EHC plan to 25; NCCIS-4 and issue 17: Year 11 from the January before they leave.
    public static func basis(dateOfBirth: CalendarDate, hasEHCPlan: Bool, on date: CalendarDate) -> Basis? {
        let age = academicAge(dateOfBirth: dateOfBirth, on: date)
        if (16...17).contains(age) { return .academicAge16To17 }
        // Plan holders are tracked until the day before their 25th birthday (they are "up to 25", not 25).
        if hasEHCPlan, age >= 18, date < AgeAndStage.birthday(25, dateOfBirth: dateOfBirth) { return .ehcPlanTo25 }
        // Year 11 is academic age 15; January to August of that academic year is the run-up to the September Guarantee.
        if age == 15, date.month <= 8 { return .year11 }
        return nil
    }

    /// The academic age a young person has in the September Guarantee cohort: 15 for Year 11, 16 for Year 12.
    public static func guaranteeYearGroup(dateOfBirth: CalendarDate, guaranteeYear: Int) -> SeptemberGuaranteeCohort? {
        // The guarantee for September G is made to those in Year 11 or Year 12 in the academic year G-1 to G.
        let age = academicAge(dateOfBirth: dateOfBirth, on: CalendarDate(year: guaranteeYear, month: 6, day: 1))
        switch age {
        case 15: return .year11
        case 16: return .year12
        default: return nil
        }
    }
}

/// A day's end-of-month snapshot date for an NCCIS month.
public struct NCCISMonth: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) { self.year = year; self.month = month }

    /// "2026-11"; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              (1900...2200).contains(y), (1...12).contains(m) else { return nil }
        year = y; month = m
    }

    public init(containing date: CalendarDate) { year = date.year; month = date.month }

    public var description: String { String(format: "%04d-%02d", year, month) }

    /// NCCIS-3: NCCIS months are calendar months; the figures are for the month's last day.
    public var lastDay: CalendarDate { CalendarDate(year: year, month: month, day: 1).adding(months: 1).adding(days: -1) }
    public var firstDay: CalendarDate { CalendarDate(year: year, month: month, day: 1) }

    public func adding(months: Int) -> NCCISMonth {
        let index = year * 12 + (month - 1) + months
        return NCCISMonth(year: index / 12, month: index % 12 + 1)
    }

    /// "November 2026".
    public var longName: String { "\(CalendarDate.monthName(month)) \(year)" }
    /// "Nov 26", for chart axes.
    public var shortName: String { "\(CalendarDate.monthName(month).prefix(3)) \(String(year).suffix(2))" }

    public static func < (a: NCCISMonth, b: NCCISMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
