import ContinuumDomain

/// One referral in the demo county's Section 19 history, as it stands on the `today` the
/// history was generated for: nothing in it is dated after that day. One case per child, so a
/// child is never active in two cases at once.
public struct HistoricalCase: Sendable, Equatable {
    /// Stable for a seed ("MET-0001"…, numbered in order of referral), so seeding is repeatable.
    public let key: String
    public let child: HistoricalChild

    // The referral as made.
    public let reason: ReferralReason
    public let urgent: Bool
    /// "school", "health" or "parent" (a caseworker records a parent's or GP's referral).
    public let referredBy: String
    public let receivedOn: CalendarDate
    /// Evidence is asked for but never waited for (HN-4), so it may arrive after the decision.
    public let evidenceRequestedOn: CalendarDate?
    public let evidenceReceivedOn: CalendarDate?
    public let expectedAbsenceSchoolDays: Int
    public let schoolDaysMissed: Int
    /// "none", "pending" (an EHC needs assessment has been requested) or "plan".
    public let ehcPlan: String

    // The decision.
    /// Where the referral stands on `today`.
    public let status: ReferralStatus
    /// The written decision (accepted or declined); nil while undecided or if withdrawn.
    public let decidedOn: CalendarDate?
    /// Set only for withdrawn referrals: withdrawal settles a referral without a decision.
    public let withdrawnOn: CalendarDate?
    /// The written reasons; empty while no decision has been made.
    public let decisionReasons: String

    // The provision.
    /// In date order, never overlapping; an open episode (nil end) is still running on `today`.
    public let episodes: [Census.Episode]
    /// HN-5: why any episode offers less than full time for the child's key stage.
    public let partTimeReason: String?
    /// Reviews held so far, about every 30 school days from the first day of provision.
    public let reviews: [CalendarDate]
    public let closure: HistoricalClosure?
    /// The reintegration plan's target date, set from the start (HN-11); nil until accepted.
    public let reintegrationTarget: CalendarDate?

    public init(key: String, child: HistoricalChild, reason: ReferralReason, urgent: Bool, referredBy: String,
                receivedOn: CalendarDate, evidenceRequestedOn: CalendarDate?, evidenceReceivedOn: CalendarDate?,
                expectedAbsenceSchoolDays: Int, schoolDaysMissed: Int, ehcPlan: String, status: ReferralStatus,
                decidedOn: CalendarDate?, withdrawnOn: CalendarDate?, decisionReasons: String, episodes: [Census.Episode],
                partTimeReason: String?, reviews: [CalendarDate], closure: HistoricalClosure?, reintegrationTarget: CalendarDate?) {
        self.key = key
        self.child = child
        self.reason = reason
        self.urgent = urgent
        self.referredBy = referredBy
        self.receivedOn = receivedOn
        self.evidenceRequestedOn = evidenceRequestedOn
        self.evidenceReceivedOn = evidenceReceivedOn
        self.expectedAbsenceSchoolDays = expectedAbsenceSchoolDays
        self.schoolDaysMissed = schoolDaysMissed
        self.ehcPlan = ehcPlan
        self.status = status
        self.decidedOn = decidedOn
        self.withdrawnOn = withdrawnOn
        self.decisionReasons = decisionReasons
        self.episodes = episodes
        self.partTimeReason = partTimeReason
        self.reviews = reviews
        self.closure = closure
        self.reintegrationTarget = reintegrationTarget
    }

    /// The referral stops waiting when it is decided or withdrawn, whichever recorded it.
    public var settledOn: CalendarDate? { decidedOn ?? withdrawnOn }

    /// The census's view of this case, so the demo figures are computed by the same code as the
    /// real report rather than counted separately.
    public func censusCase() -> Census.Case {
        Census.Case(childKey: key, reason: reason, dateOfBirth: child.dateOfBirth, referredOn: receivedOn,
                    settledOn: settledOn, episodes: episodes)
    }
}
