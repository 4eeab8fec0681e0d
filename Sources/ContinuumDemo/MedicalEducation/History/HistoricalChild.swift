import ContinuumDomain

/// The child on a demo referral: only what the referral form and the census need.
public struct HistoricalChild: Sendable, Equatable {
    public let forename: String
    public let surname: String
    /// "M" or "F", the values the school census uses.
    public let sex: String
    public let dateOfBirth: CalendarDate
    /// "Primary" or "Secondary": the phase of the home school when the referral was made, which
    /// decides who at the school is contacted about reintegration.
    public let homeSchoolPhase: String

    public init(forename: String, surname: String, sex: String, dateOfBirth: CalendarDate, homeSchoolPhase: String) {
        self.forename = forename
        self.surname = surname
        self.sex = sex
        self.dateOfBirth = dateOfBirth
        self.homeSchoolPhase = homeSchoolPhase
    }

    public var fullName: String { "\(forename) \(surname)" }
}
