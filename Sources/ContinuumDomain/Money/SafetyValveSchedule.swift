import Foundation

/// A Safety Valve agreement's payment schedule (SV-4): instalments by financial year, each planned,
/// released, withheld, suspended or paid back-dated. A re-profile makes a new version with the same total
/// and never edits an old one; the reporting calendar is kept apart (SV-5: not one payment per return).
public struct SafetyValveSchedule: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable, Codable {
        case planned, released, withheld, suspended
        case backdatedPaid = "backdated_paid"
    }

    public struct Instalment: Sendable, Equatable {
        public let year: FinancialYear
        public let number: Int
        public let planned: Money
        public let status: Status
        public init(year: FinancialYear, number: Int, planned: Money, status: Status = .planned) {
            self.year = year; self.number = number; self.planned = planned; self.status = status
        }
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case totalDiffers(expected: Money, found: Money)
        case negativeInstalment(year: FinancialYear, number: Int)
        case repeatedInstalment(year: FinancialYear, number: Int)

        public var description: String {
            switch self {
            case let .totalDiffers(expected, found):
                "The schedule totals \(found.display), \(Money(pence: abs(found.pence - expected.pence)).display) \(found < expected ? "less" : "more") than the agreement's \(expected.display): a re-profile keeps the same total (SV-4)"
            case let .negativeInstalment(year, number): "Instalment \(number) of \(year) must not be negative"
            case let .repeatedInstalment(year, number): "Instalment \(number) of \(year) appears twice"
            }
        }
    }

    public let version: Int
    public let instalments: [Instalment]

    public var total: Money { Money.sum(instalments.map(\.planned)) }
    /// What DfE has paid: released instalments and those paid back-dated after a suspension.
    public var paid: Money { Money.sum(instalments.filter { $0.status == .released || $0.status == .backdatedPaid }.map(\.planned)) }

    // SV-4: every schedule version must have the same total as the agreement.
    public static func make(version: Int, instalments: [Instalment], agreementTotal: Money) -> Result<SafetyValveSchedule, Problem> {
        var seen = Set<String>()
        for item in instalments {
            if item.planned < .zero { return .failure(.negativeInstalment(year: item.year, number: item.number)) }
            if !seen.insert("\(item.year)#\(item.number)").inserted { return .failure(.repeatedInstalment(year: item.year, number: item.number)) }
        }
        let schedule = SafetyValveSchedule(version: version, instalments: instalments)
        guard schedule.total == agreementTotal else { return .failure(.totalDiffers(expected: agreementTotal, found: schedule.total)) }
        return .success(schedule)
    }

    /// WX-1 (*illustrative*, calibrated to Medway): £17.5m over five years, £5.7m first, then four
    /// instalments of £737,500 a year for four years.
    public static func wx1(firstYear: FinancialYear) -> SafetyValveSchedule {
        var items = [Instalment(year: firstYear, number: 1, planned: Money(pence: 570_000_000))]
        for offset in 1...4 {
            for number in 1...4 { items.append(Instalment(year: FinancialYear(startYear: firstYear.startYear + offset), number: number, planned: Money(pence: 73_750_000))) }
        }
        return SafetyValveSchedule(version: 1, instalments: items)
    }
}
