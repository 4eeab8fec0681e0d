import Foundation

/// Why a child has top-up (TOPUP-3). Top-up is never tied to having an EHC plan (HNF-1).
public enum TopUpBasis: String, CaseIterable, Sendable, Codable {
    case ehcp
    case senKTimeLimited = "sen-k-time-limited"
    case other

    public var label: String {
        switch self {
        case .ehcp: "EHC plan"
        case .senKTimeLimited: "SEN support (K), time-limited"
        case .other: "Other"
        }
    }
}

/// A council's settings for top-up awards (LOCAL). The defaults are TOPUP-3's and HNF-1's.
public struct TopUpAwardPolicy: Hashable, Sendable {
    /// TOPUP-3: an SEN K award runs for six months unless the officer sets an end date.
    public var senKMonths: Int = 6
    /// TOPUP-3: the review task is raised four weeks before the award ends.
    public var reviewDaysBeforeEnd: Int = 28
    /// HNF-1: the school meets the first £6,000 a year; above it, consider an EHC needs assessment.
    public var threshold: Money = TopUpRequired.defaultThreshold

    public init(senKMonths: Int = 6) { self.senKMonths = max(1, senKMonths) }
}

/// The rules for recording a top-up award (TOPUP-3, TOPUP-4, TOPUP-6).
public enum TopUpAwardRules {
    public struct Input: Sendable {
        public var basis: TopUpBasis
        public var start: CalendarDate
        public var end: CalendarDate?
        /// The costed provision map's annual cost (TOPUP-3), when there is one.
        public var provisionMapCost: Money?
        public var decision: BandDecision
        public var framework: BandFramework?
        public var childDateOfBirth: CalendarDate
        public var hasActivePlan: Bool

        public init(basis: TopUpBasis, start: CalendarDate, end: CalendarDate?, provisionMapCost: Money?, decision: BandDecision,
                    framework: BandFramework?, childDateOfBirth: CalendarDate, hasActivePlan: Bool) {
            self.basis = basis; self.start = start; self.end = end; self.provisionMapCost = provisionMapCost; self.decision = decision
            self.framework = framework; self.childDateOfBirth = childDateOfBirth; self.hasActivePlan = hasActivePlan
        }
    }

    public struct Award: Hashable, Sendable {
        public let basis: TopUpBasis
        public let start: CalendarDate
        public let end: CalendarDate?
        /// True when the end is the policy's default, not one the officer gave.
        public let endDefaulted: Bool
        public let reviewDue: CalendarDate?
        public let annual: Money
        public let provisionMapCost: Money?
        public let frameworkVersion: Int?
        public let decision: BandDecision
        /// Advisory only (TOPUP-3, EHC-1): it never stops the award or anyone's request.
        public let promptsEHCAssessment: Bool
    }

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case endsBeforeStart
        case post19NeedsPlan(age: Int)
        case noAmount
        case band(BandDecision.Problem)

        public var field: String {
            switch self {
            case .endsBeforeStart: "end"
            case .post19NeedsPlan: "upn"
            case .noAmount: "provision-map-cost"
            case let .band(problem): problem.field
            }
        }

        public var description: String {
            switch self {
            case .endsBeforeStart: "The award's end date must be on or after its start date"
            case let .post19NeedsPlan(age):
                "The student is \(age) on the start date: a top-up award for a student aged 19 or over needs an EHC plan in force (TOPUP-6)"
            case .noAmount: "Enter the annual cost of the costed provision map, or award a band"
            case let .band(problem): problem.description
            }
        }
    }

    // TOPUP-3: an SEN K award with no end date ends the day before the same date `months` later (1 September → 28 or 29 February); a start on a day the end month lacks ends on that month's last day.
    public static func defaultEnd(start: CalendarDate, months: Int) -> CalendarDate {
        let later = start.adding(months: months)
        return later.day < start.day ? later : later.adding(days: -1)
    }

    // TOPUP-3: a review task is raised 4 weeks (28 days) before the award ends.
    public static func reviewDue(end: CalendarDate, daysBefore: Int = 28) -> CalendarDate { end.adding(days: -daysBefore) }

    // TOPUP-6: students aged 19–25 get high-needs funding only with an EHC plan; the age is taken on the award's start date.
    public static func needsPlan(dateOfBirth: CalendarDate, start: CalendarDate) -> Bool {
        AgeAndStage.age(dateOfBirth: dateOfBirth, on: start) >= 19
    }

    /// Every problem with an award, reported together.
    public struct Problems: Error, Hashable, Sendable { public let list: [Problem] }

    public static func check(_ input: Input, policy: TopUpAwardPolicy = TopUpAwardPolicy()) -> Result<Award, Problems> {
        var problems: [Problem] = []
        // TOPUP-3: for SEN K awards end_date is required; default start + 6 months (configurable).
        let end = input.end ?? (input.basis == .senKTimeLimited ? defaultEnd(start: input.start, months: policy.senKMonths) : nil)
        if let end, end < input.start { problems.append(.endsBeforeStart) }
        if needsPlan(dateOfBirth: input.childDateOfBirth, start: input.start) && !input.hasActivePlan {
            problems.append(.post19NeedsPlan(age: AgeAndStage.age(dateOfBirth: input.childDateOfBirth, on: input.start)))
        }
        // TOPUP-4 then HNF-1: the awarded band's amount; otherwise the provision map's cost above the school's £6,000.
        let bandAmount = input.decision.awarded.flatMap { input.framework?.band($0)?.annual }
        let annual = bandAmount ?? input.provisionMapCost.map { TopUpRequired.annual(additionalSupportCost: $0, threshold: policy.threshold) }
        if annual == nil { problems.append(.noAmount) }
        guard problems.isEmpty, let annual else { return .failure(Problems(list: problems)) }
        let review = input.basis == .senKTimeLimited ? end.map { max(input.start, Self.reviewDue(end: $0, daysBefore: policy.reviewDaysBeforeEnd)) } : nil
        // TOPUP-3: prompt when the projected annual cost is above £6,000; advisory, never blocking (EHC-1).
        let prompts = input.basis != .ehcp && !input.hasActivePlan
            && TopUpRequired.promptsEHCAssessment(projectedAnnualCost: input.provisionMapCost ?? (annual + policy.threshold), threshold: policy.threshold)
        return .success(Award(basis: input.basis, start: input.start, end: end, endDefaulted: input.end == nil && end != nil, reviewDue: review,
                              annual: annual, provisionMapCost: input.provisionMapCost,
                              frameworkVersion: input.decision.awarded == nil && input.decision.requested == nil ? nil : input.framework?.version,
                              decision: input.decision, promptsEHCAssessment: prompts))
    }

    /// What the award costs over its whole period, pro rata by financial year (TOPUP-5: each year's share rounded to the penny, then summed).
    /// Nil for an open award.
    public static func periodCost(annual: Money, start: CalendarDate, end: CalendarDate?, divisor: TopUpDivisor = .daysInFinancialYear) -> TopUpProRata.Due? {
        guard let end, start <= end else { return nil }
        var year = FinancialYear(containing: start)
        var dues: [TopUpProRata.Due] = []
        while year.start <= end {
            guard case let .success(due) = TopUpProRata.due(annual: annual, start: start, end: end, year: year, divisor: divisor) else { return nil }
            dues.append(due)
            year = FinancialYear(containing: year.end.adding(days: 1))
        }
        return TopUpProRata.Due(days: dues.reduce(0) { $0 + $1.days }, amount: TopUpProRata.total(dues))
    }
}
