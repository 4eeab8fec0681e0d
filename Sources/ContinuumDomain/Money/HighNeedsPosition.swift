import Foundation

/// The High Needs Block position for a financial year (issue 15 item 3; HNB, S251, DSG-1, DSG-2): what
/// the year's placements cost to date and to 31 March, against the allocation, by s251 line.
public struct HighNeedsPosition: Sendable, Equatable {
    /// One cost Continuum computes from a placement: its annual rate, its dates and its s251 line (S251-3).
    public struct Commitment: Sendable, Equatable {
        public let s251Line: String
        public let annual: Money
        public let start: CalendarDate
        public let end: CalendarDate?
        public init(s251Line: String, annual: Money, start: CalendarDate, end: CalendarDate?) {
            self.s251Line = s251Line; self.annual = annual; self.start = start; self.end = end
        }
    }

    /// A line finance enters by hand (SEN support services, hospital education…): spent so far and forecast.
    public struct OtherLine: Sendable, Equatable {
        public let s251Line: String
        public let spentToDate: Money
        public let forecastOutturn: Money
        public init(s251Line: String, spentToDate: Money, forecastOutturn: Money) {
            self.s251Line = s251Line; self.spentToDate = spentToDate; self.forecastOutturn = forecastOutturn
        }
    }

    public struct Allocation: Sendable, Equatable {
        public let highNeeds: Money
        public let transferIn: Money
        public let openingCumulative: Money
        public init(highNeeds: Money, transferIn: Money = .zero, openingCumulative: Money = .zero) {
            self.highNeeds = highNeeds; self.transferIn = transferIn; self.openingCumulative = openingCumulative
        }
    }

    public struct LineFigures: Sendable, Equatable {
        public var spentToDate: Money = .zero
        public var forecastOutturn: Money = .zero
    }

    public let year: FinancialYear
    public let asAt: CalendarDate
    public let allocation: Allocation
    public let spentToDate: Money
    public let forecastOutturn: Money
    public let byLine: [String: LineFigures]

    // DSG-1/HNB: in-year balance = allocation + transfer in − forecast outturn.
    public var inYearBalance: Money { allocation.highNeeds + allocation.transferIn - forecastOutturn }
    // DSG-2: the cumulative position carries forward: closing = opening + in-year balance.
    public var closingCumulativeForecast: Money { allocation.openingCumulative + inYearBalance }

    /// `spent_to_date` is each placement's pro-rata cost from 1 April to `asAt` (capped at 31 March);
    /// `forecast_outturn` its cost to 31 March, open placements running to the year's end (TOPUP-5: each
    /// placement rounded, totals the sums of the rounded amounts).
    public static func compute(year: FinancialYear, asAt: CalendarDate, allocation: Allocation, commitments: [Commitment],
                               otherLines: [OtherLine] = [], divisor: TopUpDivisor = .daysInFinancialYear) -> HighNeedsPosition {
        let divisorDays = divisor.days(in: year)
        let toDate = min(asAt, year.end)
        var byLine: [String: LineFigures] = [:]
        for commitment in commitments {
            var figures = byLine[commitment.s251Line, default: LineFigures()]
            if toDate >= year.start, case let .success(due) = TopUpProRata.due(annual: commitment.annual, start: commitment.start, end: commitment.end,
                                                                             from: year.start, to: toDate, divisorDays: divisorDays) {
                figures.spentToDate += due.amount
            }
            if case let .success(due) = TopUpProRata.due(annual: commitment.annual, start: commitment.start, end: commitment.end,
                                                        from: year.start, to: year.end, divisorDays: divisorDays) {
                figures.forecastOutturn += due.amount
            }
            byLine[commitment.s251Line] = figures
        }
        for line in otherLines {
            var figures = byLine[line.s251Line, default: LineFigures()]
            figures.spentToDate += line.spentToDate
            figures.forecastOutturn += line.forecastOutturn
            byLine[line.s251Line] = figures
        }
        return HighNeedsPosition(year: year, asAt: asAt, allocation: allocation,
                                 spentToDate: Money.sum(byLine.values.map(\.spentToDate)),
                                 forecastOutturn: Money.sum(byLine.values.map(\.forecastOutturn)), byLine: byLine)
    }

    /// Lines in s251 order (1.2.2 before 1.2.10).
    public var lineCodes: [String] {
        byLine.keys.sorted { a, b in
            let x = a.split(separator: ".").compactMap { Int($0) }, y = b.split(separator: ".").compactMap { Int($0) }
            return x.lexicographicallyPrecedes(y)
        }
    }
}
