import XCTest
@testable import ContinuumDomain

/// HNB-4 and WX-1's lever: independent against local special places.
final class SufficiencyTests: XCTestCase {
    func testWX1sLeverSavesAbout300000AYear() throws {
        // WX-1: 10 pupils from independent day places (about £55k) to local special places (£10k place + £15k top-up).
        let scenario = try Sufficiency.scenario(pupils: 10, independentCost: Money(pence: 5_500_000), localPlaceFunding: Money(pence: 1_000_000),
                                                localTopUp: Money(pence: 1_500_000)).get()
        XCTAssertEqual(scenario.localCost, Money(pence: 2_500_000))
        XCTAssertEqual(scenario.savingPerPupil, Money(pence: 3_000_000))
        XCTAssertEqual(scenario.savingPerYear, Money(pence: 30_000_000), "£0.30m a year")
    }

    func testALocalPlaceDearerThanTheIndependentOneSavesNothing() throws {
        let scenario = try Sufficiency.scenario(pupils: 3, independentCost: Money(pence: 2_000_000), localPlaceFunding: Money(pence: 1_000_000),
                                                localTopUp: Money(pence: 1_500_000)).get()
        XCTAssertEqual(scenario.savingPerYear, Money(pence: -1_500_000))
    }

    func testPupilsOutsideOneToAThousandAreRefused() {
        for pupils in [0, -1, 1_001] {
            XCTAssertEqual(Sufficiency.scenario(pupils: pupils, independentCost: .zero, localPlaceFunding: .zero, localTopUp: .zero), .failure(.pupilsOutOfRange))
        }
    }

    func testSectorMeansRoundHalfUpAndIncludePlaceFunding() {
        let state = Sufficiency.Sector(placements: 3, annualTotal: Money(pence: 4_000_000), placeFundingTotal: Money(pence: 3_000_000))
        XCTAssertEqual(state.meanAnnual, Money(pence: 1_333_333), "£40,000 ÷ 3 = £13,333.33")
        XCTAssertEqual(state.meanFullCost, Money(pence: 2_333_333), "with £10,000 place funding each")
        XCTAssertNil(Sufficiency.Sector(placements: 0, annualTotal: .zero, placeFundingTotal: .zero).meanAnnual)
        let two = Sufficiency.Sector(placements: 2, annualTotal: Money(pence: 1), placeFundingTotal: .zero)
        XCTAssertEqual(two.meanAnnual, Money(pence: 1), "½p rounds up")
    }
}
