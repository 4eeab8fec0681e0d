import XCTest
@testable import ContinuumDomain

/// TOPUP-2: census-based allocation runs (Medway's £490,000), in whole pence.
final class AllocationRunTests: XCTestCase {
    private let medway = [
        AllocationRunRules.School(urn: "118001", name: "Alpha Primary", senSupport: 37, ehcPlans: 4),
        AllocationRunRules.School(urn: "118002", name: "Beacon Academy", senSupport: 112, ehcPlans: 19),
        AllocationRunRules.School(urn: "118003", name: "Castle Juniors", senSupport: 23, ehcPlans: 1),
        AllocationRunRules.School(urn: "118004", name: "Downs Infants", senSupport: 0, ehcPlans: 0),
        AllocationRunRules.School(urn: "118005", name: "Estuary High", senSupport: 201, ehcPlans: 33),
        AllocationRunRules.School(urn: "118006", name: "Fort Pitt", senSupport: 58, ehcPlans: 7),
    ]
    private let pot = Money(decimal: "490000.00")!

    private func outcome(_ spec: AllocationRunRules.Spec, _ schools: [AllocationRunRules.School]? = nil) throws -> AllocationRunRules.Outcome {
        try AllocationRunRules.run(spec, schools: schools ?? medway).get()
    }

    func testMedwaysPotSharedProRataSumsExactlyToThePenny() throws {
        let result = try outcome(.init(pot: pot, eligibility: .senSupport, formula: .shareOfPot))
        XCTAssertEqual(result.total, pot, "largest remainder: shares sum exactly to the pot")
        XCTAssertEqual(result.unallocated, .zero)
        XCTAssertEqual(result.lines.map(\.eligible), [37, 112, 23, 0, 201, 58])
        XCTAssertEqual(result.lines[3].amount, .zero, "a school with no eligible pupils gets nothing")
        // 431 pupils: £490,000 × 37 / 431 = £42,064.96519… each share within a penny of its exact value.
        for line in result.lines {
            let exact = Double(pot.pence) * Double(line.eligible) / 431
            XCTAssertLessThan(abs(Double(line.amount.pence) - exact), 1.0, line.name)
        }
        XCTAssertEqual(result.lines[0].amount, Money(decimal: "42064.97")!)
        XCTAssertEqual(AllocationRunRules.s251Line, "1.2.4")
    }

    func testEligibilityCountsKOrEOrEither() throws {
        XCTAssertEqual(try outcome(.init(pot: pot, eligibility: .ehcPlan, formula: .shareOfPot)).lines.map(\.eligible), [4, 19, 1, 0, 33, 7])
        let either = try outcome(.init(pot: pot, eligibility: .either, formula: .shareOfPot))
        XCTAssertEqual(either.lines.map(\.eligible), [41, 131, 24, 0, 234, 65])
        XCTAssertEqual(either.total, pot)
    }

    func testAwkwardPotsStillSumExactly() throws {
        for pence: Int64 in [1, 2, 5, 7, 99, 100_001, 49_000_003] {
            let three = [AllocationRunRules.School(urn: "1", name: "A", senSupport: 1, ehcPlans: 0),
                         AllocationRunRules.School(urn: "2", name: "B", senSupport: 1, ehcPlans: 0),
                         AllocationRunRules.School(urn: "3", name: "C", senSupport: 1, ehcPlans: 0)]
            let result = try outcome(.init(pot: Money(pence: pence), eligibility: .senSupport, formula: .shareOfPot), three)
            XCTAssertEqual(result.total, Money(pence: pence), "\(pence)p")
            XCTAssertLessThanOrEqual(result.lines.map(\.amount.pence).max()! - result.lines.map(\.amount.pence).min()!, 1)
        }
        // Ties go to the lower URN, so a run repeats exactly.
        let tie = try outcome(.init(pot: Money(pence: 100), eligibility: .senSupport, formula: .shareOfPot),
                              [.init(urn: "9", name: "Z", senSupport: 1, ehcPlans: 0), .init(urn: "2", name: "B", senSupport: 1, ehcPlans: 0),
                               .init(urn: "5", name: "M", senSupport: 1, ehcPlans: 0)])
        XCTAssertEqual(tie.lines.map(\.amount.pence), [33, 34, 33])
    }

    /// Every school's amount is clamp(λ × count, floor, cap) to within a penny, for the one λ the free schools share.
    private func assertProRata(_ result: AllocationRunRules.Outcome, floor: Money?, cap: Money?, file: StaticString = #filePath, line: UInt = #line) {
        let lo = floor?.pence ?? 0, hi = cap?.pence ?? .max
        let free = result.lines.filter { $0.eligible > 0 && $0.amount.pence > lo && $0.amount.pence < hi }
        guard !free.isEmpty else { return }
        let lambda = Double(free.map(\.amount.pence).reduce(0, +)) / Double(free.map(\.eligible).reduce(0, +))
        for row in result.lines {
            let expected = min(max(lambda * Double(row.eligible), Double(lo)), Double(hi))
            XCTAssertLessThanOrEqual(abs(Double(row.amount.pence) - expected), 1.0 + Double(row.eligible) * 0.01, "\(row.name)", file: file, line: line)
        }
    }

    func testACapBindsAndTheRestIsSharedAmongTheOthers() throws {
        let cap = Money(decimal: "150000.00")!
        let result = try outcome(.init(pot: pot, eligibility: .senSupport, formula: .shareOfPot, cap: cap))
        XCTAssertEqual(result.lines[4].amount, cap, "Estuary High's pro-rata share (£228,515) is capped")
        XCTAssertEqual(result.lines[1].amount, cap, "then Beacon's share of what is left (£165,565) is capped too")
        XCTAssertEqual(result.total, pot, "the capped excess goes to the other schools")
        XCTAssertTrue(result.lines.allSatisfy { $0.amount <= cap })
        // The other three share £190,000 pro rata over 118 pupils: 37 × 190000 / 118 = 59,576.27…
        XCTAssertEqual(result.lines[0].amount.pence / 100, 59_576)
        assertProRata(result, floor: nil, cap: cap)
    }

    func testAllCappedLeavesTheRestUnallocated() throws {
        let cap = Money(decimal: "10000.00")!
        let result = try outcome(.init(pot: pot, eligibility: .senSupport, formula: .shareOfPot, cap: cap))
        XCTAssertEqual(result.lines.map(\.amount), [cap, cap, cap, .zero, cap, cap])
        XCTAssertEqual(result.unallocated, pot - Money(decimal: "50000.00")!)
    }

    func testAFloorGivesEverySchoolItsMinimumIncludingOneWithNoEligiblePupils() throws {
        let floor = Money(decimal: "5000.00")!
        let result = try outcome(.init(pot: pot, eligibility: .senSupport, formula: .shareOfPot, floor: floor))
        XCTAssertEqual(result.lines[3].amount, floor, "no eligible pupils, but the floor")
        XCTAssertTrue(result.lines.allSatisfy { $0.amount >= floor })
        XCTAssertEqual(result.total, pot)
        // A floor and a cap together.
        let both = try outcome(.init(pot: pot, eligibility: .senSupport, formula: .shareOfPot, cap: Money(decimal: "150000.00")!, floor: Money(decimal: "30000.00")!))
        XCTAssertEqual(both.total, pot)
        XCTAssertEqual(both.lines[3].amount, Money(decimal: "30000.00")!)
        XCTAssertEqual(both.lines[4].amount, Money(decimal: "150000.00")!)
        assertProRata(both, floor: Money(decimal: "30000.00")!, cap: Money(decimal: "150000.00")!)
        assertProRata(result, floor: floor, cap: nil)
        XCTAssertTrue(both.lines.allSatisfy { $0.amount >= Money(decimal: "30000.00")! && $0.amount <= Money(decimal: "150000.00")! })
    }

    func testPerPupilRateWithCapAndFloor() throws {
        let rate = Money(decimal: "1000.00")!
        let plain = try outcome(.init(pot: pot, eligibility: .senSupport, formula: .perPupil, rate: rate))
        XCTAssertEqual(plain.lines.map(\.amount.decimal), ["37000.00", "112000.00", "23000.00", "0.00", "201000.00", "58000.00"])
        XCTAssertEqual(plain.unallocated, Money(decimal: "59000.00")!)
        let bounded = try outcome(.init(pot: pot, eligibility: .senSupport, formula: .perPupil, rate: rate,
                                        cap: Money(decimal: "100000.00")!, floor: Money(decimal: "2500.00")!))
        XCTAssertEqual(bounded.lines.map(\.amount.decimal), ["37000.00", "100000.00", "23000.00", "2500.00", "100000.00", "58000.00"])
    }

    func testBadSpecificationsAreRefused() {
        func problem(_ spec: AllocationRunRules.Spec) -> AllocationRunRules.Problem? {
            if case let .failure(p) = AllocationRunRules.run(spec, schools: medway) { return p } else { return nil }
        }
        XCTAssertEqual(problem(.init(pot: .zero, eligibility: .senSupport, formula: .shareOfPot)), .potNotPositive)
        XCTAssertEqual(problem(.init(pot: pot, eligibility: .senSupport, formula: .perPupil)), .rateMissing)
        XCTAssertEqual(problem(.init(pot: pot, eligibility: .senSupport, formula: .perPupil, rate: Money(decimal: "2000.00")!)),
                       .perPupilExceedsPot(Money(decimal: "862000.00")!))
        XCTAssertEqual(problem(.init(pot: pot, eligibility: .senSupport, formula: .shareOfPot, cap: Money(pence: 100), floor: Money(pence: 200))), .floorAboveCap)
        XCTAssertEqual(problem(.init(pot: pot, eligibility: .senSupport, formula: .shareOfPot, floor: Money(decimal: "100000.00")!)),
                       .floorsExceedPot(Money(decimal: "600000.00")!))
        if case .failure(.noSchools) = AllocationRunRules.run(.init(pot: pot, eligibility: .either, formula: .shareOfPot), schools: []) {} else { XCTFail() }
    }
}
