import Foundation

/// What the annual top-up rate is divided by to give a day's worth (TOPUP-5, LOCAL ⚠: councils use 365,
/// school days (190), or 38 or 52 weeks). The default, the days in the financial year, is issue 15's;
/// an authority may set a fixed number instead.
public enum TopUpDivisor: Hashable, Sendable {
    case daysInFinancialYear
    case fixed(Int)

    public func days(in year: FinancialYear) -> Int {
        switch self {
        case .daysInFinancialYear: year.days
        case let .fixed(days): days
        }
    }
}

/// Top-up pro rata (TOPUP-5): `annual × days in placement within the period ÷ divisor`.
public enum TopUpProRata {
    public struct Due: Hashable, Sendable {
        public let days: Int
        public let amount: Money
    }

    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case endsBeforeStart
        case negativeAnnual
        case divisorNotPositive

        public var description: String {
            switch self {
            case .endsBeforeStart: "the placement ends before it starts"
            case .negativeAnnual: "the annual amount must not be negative"
            case .divisorNotPositive: "the divisor must be a whole number of days above 0"
            }
        }
    }

    /// The days of a placement (start to end inclusive; an open placement runs on) that fall within
    /// `from...to` inclusive. Zero where they don't meet.
    public static func daysWithin(start: CalendarDate, end: CalendarDate?, from: CalendarDate, to: CalendarDate) -> Int {
        let first = max(start, from)
        let last = min(end ?? to, to)
        return first <= last ? first.days(to: last) + 1 : 0
    }

    // TOPUP-5: due(period) = annual_rate × days_in_placement_within(period) / divisor; days inclusive, rounded half-up to the penny per placement.
    public static func due(annual: Money, start: CalendarDate, end: CalendarDate?, year: FinancialYear,
                           divisor: TopUpDivisor = .daysInFinancialYear) -> Result<Due, Problem> {
        due(annual: annual, start: start, end: end, from: year.start, to: year.end, divisorDays: divisor.days(in: year))
    }

    /// The same for any period within a year (a month's or a term's payment run).
    public static func due(annual: Money, start: CalendarDate, end: CalendarDate?, from: CalendarDate, to: CalendarDate,
                           divisorDays: Int) -> Result<Due, Problem> {
        if let end, end < start { return .failure(.endsBeforeStart) }
        if annual < .zero { return .failure(.negativeAnnual) }
        if divisorDays <= 0 { return .failure(.divisorNotPositive) }
        let days = daysWithin(start: start, end: end, from: from, to: to)
        return .success(Due(days: days, amount: annual.scaled(by: days, over: divisorDays)))
    }

    /// Totals are sums of the rounded amounts (TOPUP-5), never a rounding of the exact sum.
    public static func total(_ dues: [Due]) -> Money { Money.sum(dues.map(\.amount)) }
}

/// HNF-1 and TOPUP-3: the school meets additional support up to £6,000 a pupil from its notional SEN
/// budget; top-up is the cost above that. The threshold is configurable (LOCAL), £6,000 by default.
public enum TopUpRequired {
    public static let defaultThreshold = Money(pence: 600_000)

    // HNF-1: top_up_required = max(0, assessed_additional_support_cost − 6000) for mainstream pupils.
    public static func annual(additionalSupportCost cost: Money, threshold: Money = defaultThreshold) -> Money {
        max(.zero, cost - threshold)
    }

    // TOPUP-3: above £6,000 a year the officer is prompted to consider an EHC needs assessment; the prompt never blocks a request (EHC-1).
    public static func promptsEHCAssessment(projectedAnnualCost cost: Money, threshold: Money = defaultThreshold) -> Bool {
        cost > threshold
    }
}
