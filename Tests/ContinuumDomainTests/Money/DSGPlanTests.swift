import XCTest
@testable import ContinuumDomain

/// DSGMP-2 to DSGMP-4: the plan's tabs, age bands, trend and financial summary.
final class DSGPlanTests: XCTestCase {
    func testTheTemplatesSevenTabsInOrder() {
        XCTAssertEqual(DSGPlan.Tab.allCases.map(\.title), ["Cover", "Introduction", "Summary narrative", "Financial summary",
                                                         "Children and young people", "Governance and management", "Stakeholder engagement"])
        XCTAssertEqual(DSGPlan.Audience.allCases.count, 6, "DSGMP-2 (7): six sub-sections")
    }

    func testAgeBandsAndTheAgeTheyAreReadAt() {
        XCTAssertEqual(DSGPlan.AgeBand(age: 0), .under5)
        XCTAssertEqual(DSGPlan.AgeBand(age: 4), .under5)
        XCTAssertEqual(DSGPlan.AgeBand(age: 5), .from5to10)
        XCTAssertEqual(DSGPlan.AgeBand(age: 10), .from5to10)
        XCTAssertEqual(DSGPlan.AgeBand(age: 11), .from11to15)
        XCTAssertEqual(DSGPlan.AgeBand(age: 15), .from11to15)
        XCTAssertEqual(DSGPlan.AgeBand(age: 16), .from16to19)
        XCTAssertEqual(DSGPlan.AgeBand(age: 19), .from16to19)
        XCTAssertEqual(DSGPlan.AgeBand(age: 20), .from20to25)
        XCTAssertEqual(DSGPlan.AgeBand(age: 25), .from20to25)
        XCTAssertNil(DSGPlan.AgeBand(age: 26), "a plan ends by the 26th birthday")
        // Age on 31 August 2025 for the January 2026 census: born 1 September 2020 is 4, born 31 August 2020 is 5.
        XCTAssertEqual(DSGPlan.AgeBand.age(dateOfBirth: CalendarDate(year: 2020, month: 9, day: 1), censusYear: 2026), 4)
        XCTAssertEqual(DSGPlan.AgeBand.age(dateOfBirth: CalendarDate(year: 2020, month: 8, day: 31), censusYear: 2026), 5)
    }

    func testTheTrendIsALeastSquaresLineRoundedHalfUpAndNeverNegative() {
        let rising = [(2022, 100), (2023, 110), (2024, 120)].map { DSGPlan.CensusCount(censusYear: $0.0, plans: $0.1) }
        XCTAssertEqual(DSGPlan.trend(rising, at: 2026), 140)
        XCTAssertEqual(DSGPlan.trend(rising, at: 2023), 110)
        // Slope 1.5 through (2023, 11.33…): 14.33 at 2025, 15.83 at 2026.
        let uneven = [(2022, 10), (2023, 11), (2024, 13)].map { DSGPlan.CensusCount(censusYear: $0.0, plans: $0.1) }
        XCTAssertEqual(DSGPlan.trend(uneven, at: 2025), 14)
        XCTAssertEqual(DSGPlan.trend(uneven, at: 2026), 16)
        // Half-up: (2022, 1), (2024, 2) read at 2023 is 1.5 → 2. (2022, 1), (2023, 2) runs on to 4 at 2025.
        XCTAssertEqual(DSGPlan.trend([.init(censusYear: 2022, plans: 1), .init(censusYear: 2024, plans: 2)], at: 2023), 2)
        XCTAssertEqual(DSGPlan.trend([.init(censusYear: 2022, plans: 1), .init(censusYear: 2023, plans: 2)], at: 2025), 4)
        XCTAssertEqual(DSGPlan.trend([.init(censusYear: 2025, plans: 7)], at: 2030), 7, "one census: flat")
        XCTAssertNil(DSGPlan.trend([], at: 2030))
        XCTAssertEqual(DSGPlan.trend([.init(censusYear: 2022, plans: 10), .init(censusYear: 2023, plans: 5)], at: 2026), 0, "never below zero")
    }

    func testTheFinancialSummaryCarriesTheBalanceAndTakesSavingsOffLaterYearsOnly() {
        let last = FinancialYear(startYear: 2025), now = FinancialYear(startYear: 2026), next = FinancialYear(startYear: 2027), after = FinancialYear(startYear: 2028)
        let census = [(2025, 1_000), (2026, 1_100)].map { DSGPlan.CensusCount(censusYear: $0.0, plans: $0.1) }
        let inputs = DSGPlan.FinanceInputs(
            income: [last: Money(pence: 5_500_000_000), now: Money(pence: 5_700_000_000)],
            openingCumulative: [last: Money(pence: -2_300_000_000)],
            placementCost: [last: Money(pence: 5_800_000_000), now: Money(pence: 6_000_000_000)],
            savings: [now: Money(pence: 999), next: Money(pence: 100_000_000)],
            safetyValveTargets: [next: Money(pence: 150_000_000)], census: census)
        let rows = DSGPlan.financialSummary(inputs, first: last, current: now, horizon: after)
        XCTAssertEqual(rows.map(\.year), [last, now, next, after])
        XCTAssertEqual(rows.map(\.basis), [.actual, .forecast, .projected, .projected])
        // 2025-26: 55m − 58m on −23m = −26m. 2026-27: 57m − 60m = −29m.
        XCTAssertEqual(rows[0].unmitigatedCumulative, Money(pence: -2_600_000_000))
        XCTAssertEqual(rows[1].unmitigatedCumulative, Money(pence: -2_900_000_000))
        XCTAssertEqual(rows[1].savings, .zero, "this year is the commitments' forecast: savings start next year")
        // 2026-27 holds the January 2027 census: fitted 1,200; then 1,300 (January 2028) and 1,400 (January 2029).
        XCTAssertEqual(rows[2].unmitigatedSpend, Money(pence: 6_500_000_000), "60m × 1300/1200")
        XCTAssertEqual(rows[3].unmitigatedSpend, Money(pence: 7_000_000_000), "60m × 1400/1200")
        XCTAssertEqual(rows[2].income, Money(pence: 5_700_000_000))
        XCTAssertTrue(rows[2].incomeAssumed, "no allocation set for 2027-28: the latest is carried forward")
        XCTAssertFalse(rows[1].incomeAssumed)
        XCTAssertEqual(rows[2].savings, Money(pence: 100_000_000))
        XCTAssertEqual(rows[2].mitigatedSpend, rows[2].unmitigatedSpend - Money(pence: 100_000_000))
        XCTAssertEqual(rows[2].mitigatedCumulative - rows[2].unmitigatedCumulative, Money(pence: 100_000_000))
        XCTAssertEqual(rows[3].mitigatedCumulative - rows[3].unmitigatedCumulative, Money(pence: 100_000_000), "a saving stays in the balance")
        XCTAssertEqual(rows[2].safetyValveTarget, Money(pence: 150_000_000))
        XCTAssertNil(rows[3].safetyValveTarget)
        for row in rows { XCTAssertEqual(row.unmitigatedInYear, row.income - row.unmitigatedSpend) }
    }

    func testTheCYPForecastScalesEachCellAndRoundsIt() {
        let latest = DSGPlan.CYPTable(censusYear: 2026, basis: .actual,
                                      counts: [.from5to10: [.specialState: 3, nil: 1], .from11to15: [.mainstreamAcademy: 10]])
        let census = [(2025, 10), (2026, 14)].map { DSGPlan.CensusCount(censusYear: $0.0, plans: $0.1) }
        let forecast = DSGPlan.cypForecast(latest: latest, census: census, through: 2028)
        XCTAssertEqual(forecast.map(\.censusYear), [2027, 2028])
        // Fitted 14 → 18 → 22: 3 × 18/14 = 3.86 → 4; 1 × 18/14 = 1.29 → 1; 10 × 18/14 = 12.86 → 13.
        XCTAssertEqual(forecast[0].count(.from5to10, .specialState), 4)
        XCTAssertEqual(forecast[0].count(.from5to10, nil), 1)
        XCTAssertEqual(forecast[0].count(.from11to15, .mainstreamAcademy), 13)
        XCTAssertEqual(forecast[0].total, 18, "the total is the sum of the rounded cells")
        XCTAssertEqual(forecast[1].count(.from11to15, .mainstreamAcademy), 16, "10 × 22/14 = 15.7")
        XCTAssertTrue(DSGPlan.cypForecast(latest: latest, census: census, through: 2026).isEmpty)
    }
}
