import Fluent
import Foundation
import ContinuumDomain

/// The demo county's money (issue 15 item 9), calibrated to the seed papers: a High Needs Block of about
/// £54m a year with a £23m deficit brought forward (Medway, SEED-2), and a placement with its top-up for
/// every plan in force, in the mix of settings a county like this has. Only the full demo has it, so the
/// small test county keeps no money the tests did not put there.
enum DemoFinance {
    /// (type, s251 line, weight, annual top-up range in pounds): *illustrative*, after HNB-4's benchmarks.
    /// Top-up only: place funding (£10,000 a special place) is paid apart. Many mainstream plans get little or
    /// no top-up (HNF-1: a plan does not mean top-up). Weighted so the year's cost is near the allocation.
    static let mix: [(PlacementType, String, Double, ClosedRange<Int>)] = [
        (.mainstreamMaintained, "1.2.1", 40, 0...4_000),
        (.mainstreamAcademy, "1.2.2", 30, 0...4_000),
        (.unitRP, "1.2.1", 6, 4_000...8_000),
        (.specialState, "1.2.1", 16, 8_000...14_000),
        (.independentSpecial, "1.2.3", 3, 40_000...70_000),
        (.nmss, "1.2.3", 1, 35_000...55_000),
        (.apPRU, "1.2.7", 2, 8_000...15_000),
        (.feSPI, "1.2.2", 2, 5_000...12_000),
    ]

    static func seed(authorityID: UUID, today: CalendarDate, on db: any Database) async throws {
        // Its own stream, so adding money to the demo leaves every other demo record as it was.
        var rng = SeededRandom(seed: 885_015)
        let year = FinancialYear(containing: today)
        for (offset, opening) in [(-1, Money(pence: -2_300_000_000)), (0, Money(pence: -1_930_000_000))] {
            let allocation = HighNeedsAllocation()
            allocation.$authority.id = authorityID
            allocation.financialYear = FinancialYear(startYear: year.startYear + offset).description
            allocation.highNeedsPence = offset == 0 ? 5_600_000_000 : 5_400_000_000
            allocation.transferInPence = 100_000_000
            allocation.openingBalancePence = opening.pence
            try await allocation.create(on: db)
        }
        let plans = try await EHCCase.query(on: db).filter(\.$authority.$id == authorityID)
            .filter(\.$stageRaw == EHCStage.finalIssued.rawValue).filter(\.$upn != nil).all()
        var placements: [Placement] = []
        var seen = Set<String>()
        for plan in plans {
            guard let upn = plan.upn, let issued = plan.finalIssuedOn, seen.insert(upn).inserted else { continue }
            let (type, line, _, range) = rng.weighted(mix.map { (($0.0, $0.1, $0.2, $0.3), $0.2) })
            let placement = Placement()
            placement.$authority.id = authorityID
            placement.$child.id = plan.$child.id
            placement.upn = upn
            placement.setting = String(100_000 + Int.random(in: 0..<900_000, using: &rng))
            placement.settingTypeRaw = type.rawValue
            placement.residential = type == .independentSpecial && rng.chance(0.15)
            placement.commissioningLA = DemoSeeder.laCode
            placement.providerLA = type.isIndependentOrNonMaintained ? nil : DemoSeeder.laCode
            placement.placeFundingPence = type.defaultPlaceFunding?.pence
            placement.s251Line = line
            placement.annualPence = Int64(Int.random(in: range, using: &rng) / 50 * 50) * 100
            placement.startsOn = issued
            placement.source = "continuum"
            placements.append(placement)
        }
        for chunk in placements.chunked(into: 400) { try await chunk.create(on: db) }
    }
}
