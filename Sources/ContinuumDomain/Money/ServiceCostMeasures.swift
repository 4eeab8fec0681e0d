import Foundation

/// A cost and the financial year it belongs to.
public struct YearCost: Sendable, Equatable {
    public let year: FinancialYear
    public let amount: Money
    /// "the 2019-20 budget, all sources".
    public let describes: String

    public init(year: FinancialYear, amount: Money, describes: String) { self.year = year; self.amount = amount; self.describes = describes }
}

/// A count of children or hours, tagged with its year, as a fraction so a mean or hours from minutes stay exact.
public struct ServiceCount: Sendable, Equatable {
    public let year: FinancialYear
    public let numerator: Int
    public let denominator: Int
    /// "84 children on roll in January 2020".
    public let describes: String

    public init(year: FinancialYear, numerator: Int, denominator: Int = 1, describes: String) {
        self.year = year; self.numerator = numerator; self.denominator = max(1, denominator); self.describes = describes
    }

    /// MET-FIN-3: distinct children who had any provision in the year.
    public static func childrenServed(_ children: Int, in year: FinancialYear) -> ServiceCount {
        ServiceCount(year: year, numerator: children, describes: "\(children) \(children == 1 ? "child" : "children") with any provision in \(year)")
    }

    /// MET-FIN-3: the mean of the month-end roll counts.
    public static func averageRoll(_ monthEnds: [Int], in year: FinancialYear) -> ServiceCount {
        let sum = monthEnds.reduce(0, +)
        return ServiceCount(year: year, numerator: sum, denominator: monthEnds.count,
                            describes: "an average roll of \(sum) ÷ \(monthEnds.count) month ends in \(year)")
    }

    /// MET-FIN-3 and HN-5: hours delivered, counted in minutes.
    public static func taughtHours(minutes: Int, in year: FinancialYear) -> ServiceCount {
        let hours = minutes / 60, rest = minutes % 60
        return ServiceCount(year: year, numerator: minutes, denominator: 60,
                            describes: "\(hours) \(hours == 1 ? "hour" : "hours")\(rest > 0 ? " \(rest) minutes" : "") of teaching delivered in \(year)")
    }

    /// A roll count on one day (WX-2's snapshots), in the financial year holding that day.
    public static func onRoll(_ children: Int, on date: CalendarDate) -> ServiceCount {
        ServiceCount(year: FinancialYear(containing: date), numerator: children, describes: "\(children) children on roll on \(date.longFormat)")
    }
}

/// A cost measure with its stated basis (MET-FIN-3: always state the basis).
public struct CostMeasure: Sendable, Equatable {
    public let name: String
    /// Nil when the count is nothing: no figure rather than a division by zero.
    public let amount: Money?
    public let basis: String
    /// The cost and the count are from different years: shown with ⚠, never as a like-for-like figure.
    public let mixesYears: Bool
}

/// Cost per child served, per average roll and per taught hour (MET-FIN-3, WX-2). Each figure is the cost
/// ÷ the count, rounded half-up to the penny (as TOPUP-5 rounds); WX-2 quotes the same figures to the pound.
public enum ServiceCostMeasures {
    // MET-FIN-3: never one year's cost over another year's count without a ⚠ label.
    public static func measure(_ name: String, cost: YearCost, per count: ServiceCount) -> CostMeasure {
        let mixes = cost.year != count.year
        var basis = "\(cost.amount.display) (\(cost.describes)) ÷ \(count.describes)"
        if mixes { basis = "⚠ Different years: the cost is for \(cost.year) but the count is from \(count.year), so this is not a like-for-like figure. " + basis }
        guard count.numerator > 0 else {
            return CostMeasure(name: name, amount: nil, basis: "No figure: there is nothing to divide by (\(count.describes)).", mixesYears: mixes)
        }
        return CostMeasure(name: name, amount: cost.amount.scaled(by: count.denominator, over: count.numerator), basis: basis + ", rounded half-up to the penny.", mixesYears: mixes)
    }

    public static func perChildServed(_ cost: YearCost, children: Int) -> CostMeasure {
        measure("Cost per child served", cost: cost, per: .childrenServed(children, in: cost.year))
    }

    public static func perAverageRoll(_ cost: YearCost, monthEndRolls: [Int]) -> CostMeasure {
        measure("Cost per child on the average roll", cost: cost, per: .averageRoll(monthEndRolls, in: cost.year))
    }

    public static func perTaughtHour(_ cost: YearCost, deliveredMinutes: Int) -> CostMeasure {
        measure("Cost per hour taught", cost: cost, per: .taughtHours(minutes: deliveredMinutes, in: cost.year))
    }
}
