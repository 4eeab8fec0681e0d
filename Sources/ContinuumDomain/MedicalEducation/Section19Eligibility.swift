import Foundation

/// Who the Section 19 duty covers (HN-1) and what provision must be (HN-5): the two checks a referral
/// and its provision go through, kept here so the referral pages, the letter and any later report
/// all ask the same question the same way.
public enum Section19Eligibility {
    /// Whether the council must arrange education, or may.
    public enum Route: String, Sendable, Equatable, CaseIterable {
        /// The child is of compulsory school age on the date the education is needed: the s.19 duty.
        case duty
        /// Outside compulsory school age on that date: the council may help, but has a power, not a duty.
        case power
        /// No date of birth is recorded, so the age test cannot be made; the referral goes ahead as if a duty.
        case ageNotKnown = "age_not_known"
    }

    /// Why a child is outside compulsory school age on the date the education is needed.
    public enum OutsideAge: Sendable, Equatable {
        /// Too young: compulsory school age starts on this date.
        case notYet(startsOn: CalendarDate)
        /// Too old: compulsory school age ended on this date.
        case ended(endedOn: CalendarDate)
    }

    public struct Assessment: Sendable, Equatable {
        public let route: Route
        /// The date the age test was made on: when the education is needed, not the day of the referral.
        public let neededOn: CalendarDate
        public let outsideAge: OutsideAge?

        /// One sentence for the referral page and the letter.
        public var explanation: String {
            switch (route, outsideAge) {
            case (.power, .notYet(let starts)?):
                return "The child is not yet of compulsory school age on \(neededOn.longFormat) (it starts on \(starts.longFormat)), so the Section 19 duty does not apply then, but the council may help (a power, not a duty)."
            case (.power, .ended(let ended)?):
                return "The child is past compulsory school age on \(neededOn.longFormat) (its last day is \(ended.longFormat)), so the Section 19 duty does not apply then, but the council may help (a power, not a duty)."
            case (.ageNotKnown, _):
                return "No date of birth is recorded, so whether the child is of compulsory school age on \(neededOn.longFormat) cannot be checked. Record it on the child's record."
            default:
                return "The child is of compulsory school age on \(neededOn.longFormat), so the Section 19 duty applies."
            }
        }
    }

    /// The age test of s.19(1), made on the date the education is needed.
    // Rulebook HN-1 (Education Act 1996 s.19(1), with AGE-1 and AGE-2): the duty covers children of compulsory school age on the service date; outside it LAs have powers, not duties.
    public static func assess(dateOfBirth: CalendarDate?, neededOn: CalendarDate,
                              rule: CompulsorySchoolAgeEndRule = .default) -> Assessment {
        guard let dob = dateOfBirth else { return Assessment(route: .ageNotKnown, neededOn: neededOn, outsideAge: nil) }
        let start = AgeAndStage.compulsorySchoolAgeStart(dateOfBirth: dob)
        let end = AgeAndStage.compulsorySchoolAgeEnd(dateOfBirth: dob, rule: rule)
        if neededOn < start { return Assessment(route: .power, neededOn: neededOn, outsideAge: .notYet(startsOn: start)) }
        if neededOn > end { return Assessment(route: .power, neededOn: neededOn, outsideAge: .ended(endedOn: end)) }
        return Assessment(route: .duty, neededOn: neededOn, outsideAge: nil)
    }

    // MARK: - HN-5: full time unless health makes part time in the child's best interests

    /// What is wrong with a provision's part-time determination, field by field.
    public enum PartTimeProblem: Sendable, Equatable {
        /// Less than full time with no reason linked to the child's health.
        case reasonMissing(hours: Double, fullTime: Double)
        case reviewMissing
        case reviewNotAfterStart

        /// The form field the problem belongs to.
        public var field: String {
            switch self {
            case .reasonMissing: "partTimeReason"
            case .reviewMissing, .reviewNotAfterStart: "reviewOn"
            }
        }

        public var message: String {
            switch self {
            case .reasonMissing(let hours, let fullTime):
                String(format: "%.1f hours is less than full time (%.1f): record why the child's health means part time is in their best interests", hours, fullTime)
            case .reviewMissing: "Enter a review date for part-time provision"
            case .reviewNotAfterStart: "The review date must be after the start date"
            }
        }
    }

    /// Whether `hours` a week is less than full time for the child's key stage.
    // Rulebook HN-5: full time is a configurable benchmark by key stage; there is no statutory hours figure.
    public static func isPartTime(hours: Double, fullTime: Double) -> Bool { hours < fullTime }

    /// The LA determination part-time provision needs: a reason linked to health and a review date after the start.
    // Rulebook HN-5: "If the package is part-time, require an LA determination with … reason linked to health, … review date."
    public static func partTimeProblems(hours: Double, fullTime: Double, reason: String, reviewOn: CalendarDate?,
                                        start: CalendarDate?) -> [PartTimeProblem] {
        guard isPartTime(hours: hours, fullTime: fullTime) else { return [] }
        var problems: [PartTimeProblem] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.reasonMissing(hours: hours, fullTime: fullTime)) }
        if let reviewOn {
            if let start, reviewOn <= start { problems.append(.reviewNotAfterStart) }
        } else {
            problems.append(.reviewMissing)
        }
        return problems
    }
}
