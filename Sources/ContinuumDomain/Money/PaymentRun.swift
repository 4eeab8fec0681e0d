import Foundation

/// A payment run (issue 15 item 2; TOPUP-5): what each placement is due for a period (a term or a month),
/// with backdated adjustments where a band, an amount or a date changed after an earlier run was paid.
public enum PaymentRunRules {
    public struct Placement: Sendable, Equatable {
        public let id: UUID
        public let annual: Money
        public let start: CalendarDate
        public let end: CalendarDate?
        public init(id: UUID, annual: Money, start: CalendarDate, end: CalendarDate?) {
            self.id = id; self.annual = annual; self.start = start; self.end = end
        }
    }

    /// What an earlier run of the same year paid a placement for its period.
    public struct Paid: Sendable, Equatable {
        public let placement: UUID
        public let from: CalendarDate
        public let to: CalendarDate
        public let amount: Money
        public init(placement: UUID, from: CalendarDate, to: CalendarDate, amount: Money) {
            self.placement = placement; self.from = from; self.to = to; self.amount = amount
        }
    }

    public struct Line: Sendable, Equatable {
        public let placement: UUID
        public let days: Int
        /// Due for this run's own period.
        public let due: Money
        /// Recomputed due for earlier paid periods minus what was paid: positive is owed, negative recovered.
        public let adjustment: Money
        public var total: Money { due + adjustment }
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case endsBeforeStart
        case crossesFinancialYears
        /// A run for a period that overlaps one already made: a period is never paid twice.
        case alreadyPaid(from: CalendarDate, to: CalendarDate)

        public var description: String {
            switch self {
            case .endsBeforeStart: "The end of the period must be on or after its start"
            case .crossesFinancialYears: "A payment run must fall within one financial year (1 April to 31 March)"
            case let .alreadyPaid(from, to): "A payment run for \(from.longFormat) to \(to.longFormat) has already been made: a period is never paid twice"
            }
        }
    }

    // TOPUP-5: due(period) = annual × days in placement within the period ÷ divisor (the year's days by default); backdated when a band or date changes.
    public static func lines(from: CalendarDate, to: CalendarDate, placements: [Placement], earlierRuns: [(from: CalendarDate, to: CalendarDate)],
                             paid: [Paid], divisor: TopUpDivisor = .daysInFinancialYear) -> Result<[Line], Problem> {
        if to < from { return .failure(.endsBeforeStart) }
        let year = FinancialYear(containing: from)
        guard year.contains(to) else { return .failure(.crossesFinancialYears) }
        if let clash = earlierRuns.first(where: { $0.from <= to && from <= $0.to }) { return .failure(.alreadyPaid(from: clash.from, to: clash.to)) }
        let divisorDays = divisor.days(in: year)
        let paidBy = Dictionary(grouping: paid, by: \.placement)
        var lines: [Line] = []
        for placement in placements {
            let due = TopUpProRata.due(annual: placement.annual, start: placement.start, end: placement.end, from: from, to: to, divisorDays: divisorDays)
            guard case let .success(now) = due else { continue }
            // Every earlier run of the year, paid or not for this placement (a placement added later is owed its back pay).
            var adjustment = Money.zero
            for run in earlierRuns where year.contains(run.from) {
                let owed = (try? TopUpProRata.due(annual: placement.annual, start: placement.start, end: placement.end,
                                                  from: run.from, to: run.to, divisorDays: divisorDays).get())?.amount ?? .zero
                let already = Money.sum((paidBy[placement.id] ?? []).filter { $0.from == run.from && $0.to == run.to }.map(\.amount))
                adjustment += owed - already
            }
            if now.amount == .zero && adjustment == .zero { continue }
            lines.append(Line(placement: placement.id, days: now.days, due: now.amount, adjustment: adjustment))
        }
        return .success(lines)
    }
}
