import XCTest
@testable import ContinuumDomain

/// Issue 15 item 7: the Section 19 service budget (MET-FIN-1..3) against WX-2's Worcestershire figures.
final class ServiceBudgetTests: XCTestCase {
    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    private func money(_ text: String) -> Money { Money(decimal: text)! }
    private let fy1920 = FinancialYear("2019-20")!

    private var worcestershire: ServiceBudget {
        ServiceBudget(year: fy1920, lines: [
            ServiceBudgetLine(source: .dsgHNB, amount: money("598000"), basisNote: "High Needs Block", s251Line: "1.2.7"),
            ServiceBudgetLine(source: .schoolContributions, amount: money("177000"), basisNote: "historical information (SEED-1)"),
        ])
    }

    func testMETFIN1FundingLinesAndTotal() {
        XCTAssertEqual(worcestershire.total, money("775000"))
        XCTAssertEqual(worcestershire.total(from: .schoolContributions), money("177000"))
        XCTAssertEqual(FundingSource.allCases.map(\.rawValue), ["DSG_HNB", "school_contributions", "LA_core", "health", "other"])
    }

    func testWX2CostPerChildOnEachSnapshotRoundedHalfUpToThePenny() {
        let cost = worcestershire.cost
        // £775k ÷ 84 on roll in January 2020 = 9226.190… → £9,226.19 (WX-2: ≈ £9,226).
        let january = ServiceCostMeasures.measure("Cost per child on roll", cost: cost, per: .onRoll(84, on: date("2020-01-31")))
        XCTAssertEqual(january.amount?.decimal, "9226.19")
        XCTAssertFalse(january.mixesYears)
        XCTAssertTrue(january.basis.contains("£775,000.00 (the 2019-20 budget, all sources) ÷ 84 children on roll on 31 January 2020"), january.basis)
        // ÷ 48 in October 2019 = 16145.833… → £16,145.83 (≈ £16,146).
        let october = ServiceCostMeasures.measure("Cost per child on roll", cost: cost, per: .onRoll(48, on: date("2019-10-31")))
        XCTAssertEqual(october.amount?.decimal, "16145.83")
        // The schools' £177k ÷ 84 = 2107.142… → £2,107.14 (≈ £2,107): not a real rate, the share is historical.
        let schools = YearCost(year: fy1920, amount: worcestershire.total(from: .schoolContributions), describes: "schools' contributions, 2019-20")
        XCTAssertEqual(ServiceCostMeasures.measure("Schools' share per child", cost: schools, per: .onRoll(84, on: date("2020-01-31"))).amount?.decimal, "2107.14")
        // Nearest pound of each, as WX-2 quotes them.
        for (pence, pounds) in [(Int64(922_619), Int64(9_226)), (1_614_583, 16_146), (210_714, 2_107)] {
            XCTAssertEqual(Money(pence: pence).scaled(by: 1, over: 100).pence, pounds)
        }
    }

    func testMETFIN3AnotherYearsCountIsLabelledNeverPassedOffAsLikeForLike() {
        // £775k ÷ 122 served over 2017-18: a different year ⚠ (WX-2: ≈ £6,352).
        let mixed = ServiceCostMeasures.measure("Cost per child served", cost: worcestershire.cost,
                                                per: .childrenServed(122, in: FinancialYear("2017-18")!))
        XCTAssertTrue(mixed.mixesYears)
        XCTAssertEqual(mixed.amount?.decimal, "6352.46")
        XCTAssertTrue(mixed.basis.hasPrefix("⚠ Different years: the cost is for 2019-20 but the count is from 2017-18"), mixed.basis)
        // The named measures take the count's year from the cost, so they cannot mix years.
        XCTAssertFalse(ServiceCostMeasures.perChildServed(worcestershire.cost, children: 84).mixesYears)
    }

    func testMETFIN3AverageRollAndTaughtHours() {
        let cost = worcestershire.cost
        // Mean of month-end rolls 80, 84, 88 = 84 → £9,226.19.
        let roll = ServiceCostMeasures.perAverageRoll(cost, monthEndRolls: [80, 84, 88])
        XCTAssertEqual(roll.amount?.decimal, "9226.19")
        XCTAssertTrue(roll.basis.contains("an average roll of 252 ÷ 3 month ends in 2019-20"), roll.basis)
        // 10,000 hours and 30 minutes = 600,030 minutes: 775000 × 60 ÷ 600030 = 77.4961… → £77.50.
        let hour = ServiceCostMeasures.perTaughtHour(cost, deliveredMinutes: 600_030)
        XCTAssertEqual(hour.amount?.decimal, "77.50")
        XCTAssertTrue(hour.basis.contains("10000 hours 30 minutes of teaching delivered in 2019-20"), hour.basis)
        let none = ServiceCostMeasures.perChildServed(cost, children: 0)
        XCTAssertNil(none.amount, "no division by zero")
        XCTAssertTrue(none.basis.hasPrefix("No figure"))
    }

    func testMETFIN2ChargesUnderEachBasis() {
        let year = FinancialYear("2025-26")!
        let child = RecordedProvision(child: "A", school: "Oak", daysOnRoll: 35, deliveredMinutes: 90 * 60 + 30, hasEHCPlan: false)
        let planned = RecordedProvision(child: "B", school: "Oak", daysOnRoll: 10, deliveredMinutes: 600, hasEHCPlan: true)
        func charge(_ basis: ChargeBasis, _ rate: String, _ p: RecordedProvision = child) -> String {
            ServiceCharging.charge(p, under: ChargeScheme(year: year, basis: basis, rate: money(rate)), in: year).decimal
        }
        XCTAssertEqual(charge(.noCharge, "50"), "0.00")
        XCTAssertEqual(charge(.negotiated, "50"), "0.00")
        XCTAssertEqual(charge(.perDay, "42.50"), "1487.50")
        XCTAssertEqual(charge(.perWeek, "100"), "500.00", "35 days is 5 weeks")
        XCTAssertEqual(charge(.perWeek, "100", planned), "142.86", "10 ÷ 7 weeks, half-up to the penny")
        XCTAssertEqual(charge(.perTerm, "1000"), "287.67", "1000 × 35 × 3 ÷ 365")
        XCTAssertEqual(charge(.perPupilFixed, "750"), "750.00")
        XCTAssertEqual(charge(.ehcpOnly, "75"), "0.00", "no EHC plan, no charge")
        XCTAssertEqual(charge(.ehcpOnly, "75", planned), "750.00", "10 hours × £75")
        let totals = ServiceCharging.bySchool([child, planned, RecordedProvision(child: "C", school: "Ash", daysOnRoll: 1, deliveredMinutes: 0, hasEHCPlan: false)],
                                              under: ChargeScheme(year: year, basis: .perDay, rate: money("10")), in: year)
        XCTAssertEqual(totals, [SchoolCharge(school: "Ash", children: 1, amount: money("10")), SchoolCharge(school: "Oak", children: 2, amount: money("450"))])
    }

    func testDaysOnRollAreTheUnionWithinTheYearAndMonthEndRolls() {
        let year = FinancialYear("2025-26")!
        // Overlapping episodes count once; the part before 1 April is outside the year; an open episode runs to `through`.
        let spans: [(start: CalendarDate, end: CalendarDate?)] = [(date("2025-03-20"), date("2025-04-10")), (date("2025-04-05"), date("2025-04-20")), (date("2025-06-01"), nil)]
        XCTAssertEqual(ServiceCharging.daysOnRoll(spans, year: year, through: date("2025-06-30")), 20 + 30)
        XCTAssertEqual(ServiceCharging.daysOnRoll(spans, year: year, through: date("2027-01-01")), 20 + 304, "never beyond 31 March")
        let rolls = ServiceCharging.monthEndRolls([spans, [(date("2025-05-31"), date("2025-05-31"))]], year: year, through: date("2025-06-30"))
        XCTAssertEqual(rolls, [0, 1, 1], "30 April: neither; 31 May: the second child; 30 June: the first")
    }
}
