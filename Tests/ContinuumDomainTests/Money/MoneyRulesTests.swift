import XCTest
@testable import ContinuumDomain

/// Issue 15 item 1 and 2: money in whole pence, financial years, top-up pro rata (TOPUP-5), the
/// £6,000 line (HNF-1, TOPUP-3) and the Safety Valve RAG (SV-8), against the rulebook's worked examples.
final class MoneyRulesTests: XCTestCase {
    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    private func money(_ text: String) -> Money { Money(decimal: text)! }

    func testMoneyParsesAndPrintsWithoutFloatingPoint() {
        XCTAssertEqual(money("12000.00").pence, 1_200_000)
        XCTAssertEqual(money("12000").pence, 1_200_000)
        XCTAssertEqual(money("0.5").pence, 50)
        XCTAssertEqual(money("-23000000.00").pence, -2_300_000_000)
        XCTAssertEqual(money("0.1") + money("0.2"), money("0.3"), "what a Double gets wrong")
        for bad in ["", "-", "1.234", "1,000", "£5", "1.", ".5", "1e3", "12 000", "--1", "99999999999"] {
            XCTAssertNil(Money(decimal: bad), bad)
        }
        XCTAssertEqual(money("1234.5").decimal, "1234.50")
        XCTAssertEqual(money("-0.05").decimal, "-0.05")
        XCTAssertEqual(money("23000000").display, "£23,000,000.00")
        XCTAssertEqual(money("-600000").display, "−£600,000.00")
        XCTAssertEqual(money("999.99").display, "£999.99")
    }

    func testRoundingIsHalfUpToThePennyAndExact() {
        XCTAssertEqual(Money(pence: 1).scaled(by: 1, over: 2).pence, 1, "half a penny rounds up")
        XCTAssertEqual(Money(pence: 1).scaled(by: 1, over: 3).pence, 0)
        XCTAssertEqual(Money(pence: 5).scaled(by: 1, over: 2).pence, 3)
        XCTAssertEqual(Money(pence: -5).scaled(by: 1, over: 2).pence, -3, "symmetric: half away from zero")
        // £10bn for 366 of 365 days: no overflow, exact.
        XCTAssertEqual(money("10000000000").scaled(by: 366, over: 365).decimal, "10027397260.27")
    }

    func testFinancialYears() {
        let year = FinancialYear("2025-26")!
        XCTAssertEqual(year.start, date("2025-04-01"))
        XCTAssertEqual(year.end, date("2026-03-31"))
        XCTAssertEqual(year.days, 365)
        XCTAssertEqual(FinancialYear("2027-28")!.days, 366, "holds 29 February 2028")
        XCTAssertEqual(FinancialYear("1999-00")?.description, "1999-00")
        XCTAssertEqual(FinancialYear(containing: date("2026-03-31")).description, "2025-26")
        XCTAssertEqual(FinancialYear(containing: date("2026-04-01")).description, "2026-27")
        for bad in ["2025-27", "2025/26", "25-26", "2025-2026", "2025-6", "abcd-ef", ""] { XCTAssertNil(FinancialYear(bad), bad) }
    }

    func testWX3SENKTimeLimitedTopUp() {
        // WX-3: provision map £9,600 a year; the school meets the first £6,000, so top-up is £3,600.
        let annual = TopUpRequired.annual(additionalSupportCost: money("9600"))
        XCTAssertEqual(annual, money("3600"))
        XCTAssertTrue(TopUpRequired.promptsEHCAssessment(projectedAnnualCost: money("9600")))
        XCTAssertFalse(TopUpRequired.promptsEHCAssessment(projectedAnnualCost: money("6000")), "the line is above £6,000")
        XCTAssertEqual(TopUpRequired.annual(additionalSupportCost: money("5000")), .zero)
        // 1 September to 28 February inclusive is 181 days; on a 365-day basis, 3,600 × 181 ÷ 365 ≈ £1,785.
        let due = try! TopUpProRata.due(annual: annual, start: date("2025-09-01"), end: date("2026-02-28"), year: FinancialYear("2025-26")!).get()
        XCTAssertEqual(due.days, 181)
        XCTAssertEqual(due.amount.decimal, "1785.21")
    }

    func testProRataEdges() throws {
        let year = FinancialYear("2025-26")!
        let annual = money("12000")
        let whole = try TopUpProRata.due(annual: annual, start: date("2024-01-01"), end: nil, year: year).get()
        XCTAssertEqual(whole.days, 365)
        XCTAssertEqual(whole.amount, annual, "an open placement covering the year is due in full")
        let oneDay = try TopUpProRata.due(annual: annual, start: date("2026-03-31"), end: date("2026-03-31"), year: year).get()
        XCTAssertEqual(oneDay.days, 1, "days count inclusively")
        XCTAssertEqual(oneDay.amount.decimal, "32.88")
        let outside = try TopUpProRata.due(annual: annual, start: date("2026-04-01"), end: nil, year: year).get()
        XCTAssertEqual(outside.days, 0)
        XCTAssertEqual(outside.amount, .zero)
        let leap = try TopUpProRata.due(annual: annual, start: date("2027-04-01"), end: date("2027-04-30"), year: FinancialYear("2027-28")!).get()
        XCTAssertEqual(leap.amount.decimal, "983.61", "12000 × 30 ÷ 366")
        let school = try TopUpProRata.due(annual: annual, start: date("2025-04-01"), end: date("2025-04-30"), year: year, divisor: .fixed(190)).get()
        XCTAssertEqual(school.amount.decimal, "1894.74", "a council dividing by 190 school days (LOCAL)")
        XCTAssertEqual(TopUpProRata.due(annual: annual, start: date("2025-05-01"), end: date("2025-04-30"), year: year), .failure(.endsBeforeStart))
        XCTAssertEqual(TopUpProRata.due(annual: -annual, start: date("2025-05-01"), end: nil, year: year), .failure(.negativeAnnual))
        XCTAssertEqual(TopUpProRata.due(annual: annual, start: date("2025-05-01"), end: nil, year: year, divisor: .fixed(0)), .failure(.divisorNotPositive))
    }

    func testTotalsAreSumsOfRoundedAmounts() throws {
        let year = FinancialYear("2025-26")!
        // Three one-day placements at £100 a year: each 100 × 1 ÷ 365 = 0.27397… rounds to 0.27;
        // the total is 0.81, not the 0.82 a rounding of the exact sum would give.
        let dues = try (0..<3).map { _ in try TopUpProRata.due(annual: money("100"), start: date("2025-06-02"), end: date("2025-06-02"), year: year).get() }
        XCTAssertEqual(TopUpProRata.total(dues).decimal, "0.81")
    }

    func testSafetyValveRAG() {
        // WX-1, return 2 of 2024-25: forecast +0.9m against a target of +1.5m, variance −0.6m (40%): red.
        let red = SafetyValveRAG.rate(targetInYear: money("1500000"), forecastInYear: money("900000"))
        XCTAssertEqual(red.rag, .red)
        XCTAssertEqual(red.variance.decimal, "-600000.00")
        XCTAssertEqual(red.tolerance, .default)
        XCTAssertEqual(SafetyValveRAG.rate(targetInYear: money("1500000"), forecastInYear: money("1500000")).rag, .green)
        XCTAssertEqual(SafetyValveRAG.rate(targetInYear: money("1500000"), forecastInYear: money("1000000")).rag, .amber, "£0.5m short: within the amount")
        XCTAssertEqual(SafetyValveRAG.rate(targetInYear: money("1500000"), forecastInYear: money("999999.99")).rag, .red, "a penny past both tolerances")
        XCTAssertEqual(SafetyValveRAG.rate(targetInYear: money("10000000"), forecastInYear: money("9000000")).rag, .amber, "£1m short is 10% of £10m")
        XCTAssertEqual(SafetyValveRAG.rate(targetInYear: money("1500000"), forecastInYear: money("1500000"), conditionMissed: true).rag, .red)
        let strict = SafetyValveTolerance(amount: money("100000"), percent: 0)
        XCTAssertEqual(SafetyValveRAG.rate(targetInYear: money("1500000"), forecastInYear: money("1000000"), tolerance: strict).rag, .red)
    }

    func testS251LinesAreVersionedByYear() {
        let lines = S251LineList.forYear(FinancialYear("2025-26")!)
        XCTAssertEqual(lines?.line("1.2.3")?.title, "Top-up and other funding – non-maintained and independent providers")
        XCTAssertNil(lines?.line("1.2.12"), "retired (S251-1 ⚠)")
        XCTAssertEqual(lines?.lines.count, 13)
        XCTAssertNil(S251LineList.forYear(FinancialYear("2019-20")!), "a year before the known lists is not guessed")
    }
}

/// Issue 15 item 3: the High Needs position from placements and finance's own lines.
final class HighNeedsPositionTests: XCTestCase {
    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    private func money(_ text: String) -> Money { Money(decimal: text)! }

    func testPositionFromPlacementsAndOtherLines() {
        let year = FinancialYear("2025-26")!
        let commitments = [
            // A whole-year independent placement: £55,000 on 1.2.3.
            HighNeedsPosition.Commitment(s251Line: "1.2.3", annual: money("55000"), start: date("2024-09-01"), end: nil),
            // A state special top-up starting in September, open: 212 of 365 days of £15,000.
            HighNeedsPosition.Commitment(s251Line: "1.2.1", annual: money("15000"), start: date("2025-09-01"), end: nil),
            // Ended in June: 91 days of £7,300.
            HighNeedsPosition.Commitment(s251Line: "1.2.1", annual: money("7300"), start: date("2025-04-01"), end: date("2025-06-30")),
        ]
        let allocation = HighNeedsPosition.Allocation(highNeeds: money("54000000"), transferIn: money("1000000"), openingCumulative: money("-23000000"))
        let position = HighNeedsPosition.compute(year: year, asAt: date("2025-09-30"), allocation: allocation, commitments: commitments,
                                                 otherLines: [.init(s251Line: "1.2.5", spentToDate: money("400000"), forecastOutturn: money("800000"))])
        // To 30 September: 183 days of £55,000 = 27575.34; 30 days of £15,000 = 1232.88; 91 days of £7,300 = 1820.00.
        XCTAssertEqual(position.byLine["1.2.3"]?.spentToDate.decimal, "27575.34")
        XCTAssertEqual(position.byLine["1.2.1"]?.spentToDate.decimal, "3052.88")
        XCTAssertEqual(position.byLine["1.2.3"]?.forecastOutturn.decimal, "55000.00")
        // 15000 × 212 ÷ 365 = 8712.33; plus 1820.00.
        XCTAssertEqual(position.byLine["1.2.1"]?.forecastOutturn.decimal, "10532.33")
        XCTAssertEqual(position.spentToDate.decimal, "430628.22")
        XCTAssertEqual(position.forecastOutturn.decimal, "865532.33")
        XCTAssertEqual(position.inYearBalance.decimal, "54134467.67")
        XCTAssertEqual(position.closingCumulativeForecast.decimal, "31134467.67")
        XCTAssertEqual(position.lineCodes, ["1.2.1", "1.2.3", "1.2.5"])
    }

    func testAsAtOutsideTheYear() {
        let year = FinancialYear("2025-26")!
        let commitment = HighNeedsPosition.Commitment(s251Line: "1.2.1", annual: money("3650"), start: date("2020-01-01"), end: nil)
        let before = HighNeedsPosition.compute(year: year, asAt: date("2025-03-31"), allocation: .init(highNeeds: .zero), commitments: [commitment])
        XCTAssertEqual(before.spentToDate, .zero, "nothing spent before the year starts")
        XCTAssertEqual(before.forecastOutturn.decimal, "3650.00")
        let after = HighNeedsPosition.compute(year: year, asAt: date("2026-06-30"), allocation: .init(highNeeds: .zero), commitments: [commitment])
        XCTAssertEqual(after.spentToDate.decimal, "3650.00", "as at a later date: the whole year")
    }
}

/// Issue 15 item 2: payment runs, backdating and never paying a period twice.
final class PaymentRunRulesTests: XCTestCase {
    private func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    func testARunPaysThePeriodAndBackdatesAChange() throws {
        let a = UUID(), b = UUID()
        let autumn = (from: date("2025-09-01"), to: date("2025-12-31"))
        let first = try PaymentRunRules.lines(from: autumn.from, to: autumn.to,
                                              placements: [.init(id: a, annual: Money(decimal: "7300")!, start: date("2025-09-01"), end: nil)],
                                              earlierRuns: [], paid: []).get()
        // 122 days of £7,300 ÷ 365 = £2,440.00.
        XCTAssertEqual(first.map(\.due.decimal), ["2440.00"])
        XCTAssertEqual(first.first?.adjustment, .zero)
        // The band rises to £10,950 from the start; a second placement is found to have started in October.
        let paid = [PaymentRunRules.Paid(placement: a, from: autumn.from, to: autumn.to, amount: first[0].due)]
        let spring = try PaymentRunRules.lines(from: date("2026-01-01"), to: date("2026-03-31"),
                                               placements: [.init(id: a, annual: Money(decimal: "10950")!, start: date("2025-09-01"), end: nil),
                                                            .init(id: b, annual: Money(decimal: "3650")!, start: date("2025-10-01"), end: nil)],
                                               earlierRuns: [autumn], paid: paid).get()
        let byID = Dictionary(uniqueKeysWithValues: spring.map { ($0.placement, $0) })
        XCTAssertEqual(byID[a]?.due.decimal, "2700.00", "90 days of £10,950")
        XCTAssertEqual(byID[a]?.adjustment.decimal, "1220.00", "autumn recomputed at £10,950 (3660.00) less the 2440.00 paid")
        XCTAssertEqual(byID[b]?.due.decimal, "900.00")
        XCTAssertEqual(byID[b]?.adjustment.decimal, "920.00", "92 autumn days never paid")
        XCTAssertEqual(byID[a]?.total.decimal, "3920.00")
    }

    func testAPeriodIsNeverPaidTwiceAndStaysInOneYear() {
        let autumn = (from: date("2025-09-01"), to: date("2025-12-31"))
        XCTAssertEqual(PaymentRunRules.lines(from: date("2025-12-01"), to: date("2025-12-31"), placements: [], earlierRuns: [autumn], paid: []),
                       .failure(.alreadyPaid(from: autumn.from, to: autumn.to)))
        XCTAssertEqual(PaymentRunRules.lines(from: date("2026-03-01"), to: date("2026-04-30"), placements: [], earlierRuns: [], paid: []),
                       .failure(.crossesFinancialYears))
        XCTAssertEqual(PaymentRunRules.lines(from: date("2026-03-01"), to: date("2026-02-01"), placements: [], earlierRuns: [], paid: []),
                       .failure(.endsBeforeStart))
    }

    func testAnEndedPlacementRecoversAnOverpayment() throws {
        let a = UUID()
        let autumn = (from: date("2025-09-01"), to: date("2025-12-31"))
        // Paid for the whole autumn, then found to have ended on 31 October: 61 of 122 days were due.
        let lines = try PaymentRunRules.lines(from: date("2026-01-01"), to: date("2026-03-31"),
                                              placements: [.init(id: a, annual: Money(decimal: "7300")!, start: date("2025-09-01"), end: date("2025-10-31"))],
                                              earlierRuns: [autumn], paid: [.init(placement: a, from: autumn.from, to: autumn.to, amount: Money(decimal: "2440")!)]).get()
        XCTAssertEqual(lines.map(\.due), [.zero])
        XCTAssertEqual(lines.map(\.adjustment.decimal), ["-1220.00"])
    }
}

/// Issue 15 item 6, SV-4: payment schedule versions keep the agreement's total.
final class SafetyValveScheduleTests: XCTestCase {
    func testWX1AddsUpAndAReprofileMustKeepTheTotal() throws {
        let first = FinancialYear("2022-23")!
        let schedule = SafetyValveSchedule.wx1(firstYear: first)
        XCTAssertEqual(schedule.total.decimal, "17500000.00", "5.70 + 4 × 2.95 = 17.50 (WX-1's check)")
        XCTAssertEqual(schedule.instalments.count, 17)
        let total = schedule.total
        // Re-profiled: the last year's instalments moved a year later, same total.
        let moved = schedule.instalments.map { $0.year.startYear == 2026 ? .init(year: FinancialYear(startYear: 2027), number: $0.number, planned: $0.planned) : $0 }
        XCTAssertEqual(try SafetyValveSchedule.make(version: 2, instalments: moved, agreementTotal: total).get().total, total)
        // One instalment short: refused, with the two totals named.
        let short = Array(schedule.instalments.dropLast())
        guard case let .failure(problem) = SafetyValveSchedule.make(version: 2, instalments: short, agreementTotal: total) else { return XCTFail("accepted") }
        XCTAssertEqual(problem, .totalDiffers(expected: total, found: Money(decimal: "16762500")!))
        XCTAssertEqual(problem.description, "The schedule totals £16,762,500.00, £737,500.00 less than the agreement's £17,500,000.00: a re-profile keeps the same total (SV-4)")
        XCTAssertEqual(SafetyValveSchedule.make(version: 2, instalments: schedule.instalments + [schedule.instalments[1]], agreementTotal: total),
                       .failure(.repeatedInstalment(year: FinancialYear("2023-24")!, number: 1)))
        let negative = [SafetyValveSchedule.Instalment(year: first, number: 1, planned: Money(pence: -1))]
        XCTAssertEqual(SafetyValveSchedule.make(version: 2, instalments: negative, agreementTotal: total), .failure(.negativeInstalment(year: first, number: 1)))
    }

    func testPaidCountsReleasedAndBackdated() throws {
        let year = FinancialYear("2024-25")!
        let items: [SafetyValveSchedule.Instalment] = [
            .init(year: year, number: 1, planned: Money(decimal: "737500")!, status: .released),
            .init(year: year, number: 2, planned: Money(decimal: "737500")!, status: .withheld),
            .init(year: year, number: 3, planned: Money(decimal: "737500")!, status: .backdatedPaid),
            .init(year: year, number: 4, planned: Money(decimal: "737500")!, status: .suspended),
        ]
        let schedule = try SafetyValveSchedule.make(version: 1, instalments: items, agreementTotal: Money(decimal: "2950000")!).get()
        XCTAssertEqual(schedule.paid.decimal, "1475000.00")
    }
}
