import Foundation

/// Sufficiency of specialist places (HNB-4): what independent and non-maintained placements cost against
/// a local special school place, and what moving some of them would save (WX-1's lever).
public enum Sufficiency {
    /// Count and cost of one sector's placements in force on a day: annual amounts as recorded.
    public struct Sector: Hashable, Sendable {
        public let placements: Int
        public let annualTotal: Money
        /// Place funding recorded on the placements (£10,000 a state special place, HNF-2); independent ones have none.
        public let placeFundingTotal: Money
        public init(placements: Int, annualTotal: Money, placeFundingTotal: Money) {
            self.placements = placements; self.annualTotal = annualTotal; self.placeFundingTotal = placeFundingTotal
        }

        /// Mean annual cost per placement, rounded half-up to the penny; nil with no placements.
        public var meanAnnual: Money? { placements == 0 ? nil : annualTotal.scaled(by: 1, over: placements) }
        /// HNB-4: a state place costs its place funding plus its top-up; an independent place is all fee.
        public var meanFullCost: Money? { placements == 0 ? nil : (annualTotal + placeFundingTotal).scaled(by: 1, over: placements) }
    }

    /// WX-1's lever: moving `pupils` from independent places to local special places saves, each year,
    /// pupils × (independent cost − (place funding + top-up)). Negative when the local place costs more.
    public struct Scenario: Hashable, Sendable {
        public let pupils: Int
        public let independentCost: Money
        public let localPlaceFunding: Money
        public let localTopUp: Money
        public init(pupils: Int, independentCost: Money, localPlaceFunding: Money, localTopUp: Money) {
            self.pupils = pupils; self.independentCost = independentCost; self.localPlaceFunding = localPlaceFunding; self.localTopUp = localTopUp
        }

        public var localCost: Money { localPlaceFunding + localTopUp }
        public var savingPerPupil: Money { independentCost - localCost }
        // HNB-4 / WX-1: 10 × (£55k − (£10k + £15k)) = £300k a year.
        public var savingPerYear: Money { savingPerPupil.scaled(by: pupils, over: 1) }
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case pupilsOutOfRange
        public var description: String { "Number of pupils must be a whole number from 1 to 1,000" }
    }

    public static let largestScenario = 1_000

    public static func scenario(pupils: Int, independentCost: Money, localPlaceFunding: Money, localTopUp: Money) -> Result<Scenario, Problem> {
        guard (1...largestScenario).contains(pupils) else { return .failure(.pupilsOutOfRange) }
        return .success(Scenario(pupils: pupils, independentCost: independentCost, localPlaceFunding: localPlaceFunding, localTopUp: localTopUp))
    }
}
