import Foundation

/// A census-based allocation run (issue 15 item 2; TOPUP-2, Medway's £490,000 added to schools' notional SEN
/// budgets): a pot shared among schools by their counts of eligible pupils on a census day, by a rate per pupil
/// or as shares of the pot, with an optional cap and floor per school. Amounts are whole pence.
public enum AllocationRunRules {
    // TOPUP-2 ⚠: "probably s251 line 1.2.4 (additional high needs targeted funding for mainstream schools and academies)" — the rulebook's own mapping.
    public static let s251Line = "1.2.4"

    /// Which pupils count (TOPUP-2: "an E or K count").
    public enum Eligibility: String, CaseIterable, Sendable, Codable {
        case senSupport = "sen-support"
        case ehcPlan = "ehc-plan"
        case either

        public var label: String {
            switch self {
            case .senSupport: "Pupils on SEN support (K)"
            case .ehcPlan: "Pupils with an EHC plan (E)"
            case .either: "Pupils on SEN support or with an EHC plan (K or E)"
            }
        }

        public func count(senSupport: Int, ehcPlans: Int) -> Int {
            switch self {
            case .senSupport: senSupport
            case .ehcPlan: ehcPlans
            case .either: senSupport + ehcPlans
            }
        }
    }

    /// TOPUP-2: "per-pupil rate or share of pot".
    public enum Formula: String, CaseIterable, Sendable, Codable {
        case perPupil = "per-pupil"
        case shareOfPot = "share-of-pot"

        public var label: String {
            switch self {
            case .perPupil: "A rate per eligible pupil"
            case .shareOfPot: "Shares of the pot, pro rata to each school's eligible pupils"
            }
        }
    }

    public struct Spec: Sendable, Equatable {
        public let pot: Money
        public let eligibility: Eligibility
        public let formula: Formula
        /// Per eligible pupil; required for `.perPupil`, ignored otherwise.
        public let rate: Money?
        public let cap: Money?
        public let floor: Money?
        public init(pot: Money, eligibility: Eligibility, formula: Formula, rate: Money? = nil, cap: Money? = nil, floor: Money? = nil) {
            self.pot = pot; self.eligibility = eligibility; self.formula = formula; self.rate = rate; self.cap = cap; self.floor = floor
        }
    }

    /// One school's counts on the census day: the frozen snapshot a run is computed from.
    public struct School: Sendable, Equatable {
        public let urn: String
        public let name: String
        public let senSupport: Int
        public let ehcPlans: Int
        public init(urn: String, name: String, senSupport: Int, ehcPlans: Int) {
            self.urn = urn; self.name = name; self.senSupport = senSupport; self.ehcPlans = ehcPlans
        }
    }

    public struct Line: Sendable, Equatable {
        public let urn: String
        public let name: String
        public let eligible: Int
        public let amount: Money
    }

    public struct Outcome: Sendable, Equatable {
        public let lines: [Line]
        public var total: Money { Money.sum(lines.map(\.amount)) }
        /// The part of the pot not allocated: where caps bind, or a per-pupil rate comes to less than the pot.
        public let unallocated: Money
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case potNotPositive
        case rateMissing
        case floorAboveCap
        case floorsExceedPot(Money)
        case perPupilExceedsPot(Money)
        case noSchools

        public var field: String {
            switch self {
            case .potNotPositive, .noSchools: "pot"
            case .rateMissing, .perPupilExceedsPot: "rate"
            case .floorAboveCap, .floorsExceedPot: "floor"
            }
        }

        public var description: String {
            switch self {
            case .potNotPositive: "The pot must be more than £0.00"
            case .rateMissing: "Enter the rate per eligible pupil, or choose shares of the pot"
            case .floorAboveCap: "The floor per school must not be more than the cap per school"
            case let .floorsExceedPot(total): "The floor for every school comes to \(total.display), more than the pot"
            case let .perPupilExceedsPot(total): "The rate per pupil comes to \(total.display) for these schools, more than the pot"
            case .noSchools: "No schools have pupils on the council's records, so there is nothing to allocate"
            }
        }
    }

    public static func run(_ spec: Spec, schools: [School]) -> Result<Outcome, Problem> {
        guard spec.pot > .zero else { return .failure(.potNotPositive) }
        guard !schools.isEmpty else { return .failure(.noSchools) }
        if let floor = spec.floor, let cap = spec.cap, cap < floor { return .failure(.floorAboveCap) }
        let floor = spec.floor?.pence ?? 0
        let floors = Int64(schools.count) * floor
        if floors > spec.pot.pence { return .failure(.floorsExceedPot(Money(pence: floors))) }
        let counts = schools.map { spec.eligibility.count(senSupport: $0.senSupport, ehcPlans: $0.ehcPlans) }
        let amounts: [Int64]
        switch spec.formula {
        case .perPupil:
            guard let rate = spec.rate, rate > .zero else { return .failure(.rateMissing) }
            amounts = counts.map { clamp(rate.pence * Int64($0), floor: floor, cap: spec.cap?.pence) }
            let total = amounts.reduce(0, +)
            if total > spec.pot.pence { return .failure(.perPupilExceedsPot(Money(pence: total))) }
        case .shareOfPot:
            amounts = shares(pot: spec.pot.pence, counts: counts, floor: floor, cap: spec.cap?.pence, tieBreak: schools.map(\.urn))
        }
        let lines = zip(schools, zip(counts, amounts)).map { school, pair in
            Line(urn: school.urn, name: school.name, eligible: pair.0, amount: Money(pence: pair.1))
        }
        return .success(Outcome(lines: lines, unallocated: spec.pot - Money.sum(lines.map(\.amount))))
    }

    private static func clamp(_ value: Int64, floor: Int64, cap: Int64?) -> Int64 {
        min(max(value, floor), cap ?? .max)
    }

    /// The pot shared pro rata to counts, each school held within [floor, cap]: amount = clamp(λ × count) for the
    /// one λ that spends the pot (or every eligible school at its cap, when caps bind), then rounded to pence.
    static func shares(pot: Int64, counts: [Int], floor: Int64, cap: Int64?, tieBreak: [String]) -> [Int64] {
        // λ as a fraction (pence per pupil). Its breakpoints are floor/count and cap/count: where a school leaves its floor or reaches its cap.
        struct Fraction { let num: Int128; let den: Int128 }
        func le(_ a: Fraction, _ b: Fraction) -> Bool { a.num * b.den <= b.num * a.den }
        var points: [Fraction] = []
        for count in counts where count > 0 {
            if floor > 0 { points.append(Fraction(num: Int128(floor), den: Int128(count))) }
            if let cap { points.append(Fraction(num: Int128(cap), den: Int128(count))) }
        }
        points.sort { !le($1, $0) }
        let zero = Fraction(num: 0, den: 1)
        // Segments [lo, hi] between breakpoints; hi nil is +∞. Within one, each school is at its floor, its cap, or free.
        let bounds: [(Fraction, Fraction?)] = zip([zero] + points, points.map(Optional.some) + [nil]).map { ($0, $1) }
        var fixed: [Int64?] = Array(repeating: nil, count: counts.count)
        for (lo, hi) in bounds {
            var fixedSum: Int64 = 0
            var freeCount: Int128 = 0
            for (index, count) in counts.enumerated() {
                let c = Int128(count)
                if count == 0 { fixed[index] = floor }
                else if let hi, le(hi, Fraction(num: Int128(floor), den: c)) { fixed[index] = floor }
                else if let cap, le(Fraction(num: Int128(cap), den: c), lo) { fixed[index] = cap }
                else { fixed[index] = nil; freeCount += c }
                fixedSum += fixed[index] ?? 0
            }
            let remaining = Int128(pot - fixedSum)
            if freeCount == 0 {
                // Every school is pinned here: the pot is spent only if the pins add up to it, or caps bind at +∞.
                if remaining == 0 || hi == nil { return fixed.map { $0 ?? 0 } }
                continue
            }
            guard remaining >= 0 else { continue }
            let lambda = Fraction(num: remaining, den: freeCount)
            guard le(lo, lambda), hi.map({ le(lambda, $0) }) ?? true else { continue }
            return largestRemainder(Int64(remaining), counts: counts.enumerated().map { fixed[$0.offset] == nil ? $0.element : 0 },
                                    tieBreak: tieBreak).enumerated().map { fixed[$0.offset] ?? $0.element }
        }
        return fixed.map { $0 ?? 0 }
    }

    // Largest remainder (Hamilton) method: each share rounded down to the penny, the pence left over go one each to the largest remainders, so shares sum exactly to the pot.
    static func largestRemainder(_ total: Int64, counts: [Int], tieBreak: [String]) -> [Int64] {
        let sum = Int128(counts.reduce(0, +))
        guard sum > 0 else { return counts.map { _ in 0 } }
        var amounts = counts.map { Int64(Int128(total) * Int128($0) / sum) }
        let remainders = counts.map { Int128(total) * Int128($0) % sum }
        var left = total - amounts.reduce(0, +)
        // Ties: the larger count, then the lower URN, so a run repeats exactly.
        let order = counts.indices.sorted { a, b in
            if remainders[a] != remainders[b] { return remainders[a] > remainders[b] }
            if counts[a] != counts[b] { return counts[a] > counts[b] }
            return tieBreak[a] < tieBreak[b]
        }
        for index in order where left > 0 && counts[index] > 0 { amounts[index] += 1; left -= 1 }
        return amounts
    }
}
