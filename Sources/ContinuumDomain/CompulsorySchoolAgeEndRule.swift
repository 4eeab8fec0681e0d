import Foundation

/// How to find the day a child stops being of compulsory school age.
///
/// ⚠ Rulebook AGE-2: s.8(3)(a) speaks of "the beginning of the school year next
/// following", and s.579 makes the school year begin with the first term after
/// July, not on 1 September. A child whose 16th birthday falls between 1
/// September and the first day of the autumn term would, read literally, have
/// left compulsory school age in the June before. Until legal sign-off, the
/// default is the cohort rule, which keeps every child with their year group.
public enum CompulsorySchoolAgeEndRule: Sendable {
    /// The last Friday in June of the 1 September–31 August school year in
    /// which the child turns 16.
    case cohort
    /// The literal reading of s.8(3), taking the beginning of each school year
    /// from the first term starting after July in `calendar`, or 1 September
    /// when the calendar has no such term.
    case schoolYearBeginsWithFirstTerm(SchoolCalendar)

    public static let `default`: CompulsorySchoolAgeEndRule = .cohort
}
