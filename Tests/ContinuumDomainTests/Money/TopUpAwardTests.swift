import XCTest
@testable import ContinuumDomain

/// TOPUP-3, TOPUP-4 and TOPUP-6: band frameworks by date, panel decisions, and time-limited SEN K awards.
final class TopUpAwardTests: XCTestCase {
    private func d(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    private let dob = CalendarDate(year: 2016, month: 10, day: 3)

    private func framework(_ version: Int, from: String, to: String? = nil, name: String = "London Banding") -> BandFramework {
        BandFramework(name: name, version: version, effectiveFrom: d(from), effectiveTo: to.map(d), bands: [
            .init(code: "B1", descriptor: "Low", annual: Money(pence: 300_000)),
            .init(code: "B2", descriptor: "Medium", annual: Money(pence: 600_000)),
        ])
    }

    private func senK(start: String, end: String? = nil, cost: String? = "9600", decision: BandDecision = BandDecision(requested: nil, awarded: nil, reason: nil),
                      framework: BandFramework? = nil, dob: CalendarDate? = nil, plan: Bool = false, basis: TopUpBasis = .senKTimeLimited) -> TopUpAwardRules.Input {
        .init(basis: basis, start: d(start), end: end.map(d), provisionMapCost: cost.flatMap { Money(decimal: $0) }, decision: decision,
              framework: framework, childDateOfBirth: dob ?? self.dob, hasActivePlan: plan)
    }

    // WX-3: £9,600 provision map, the school meets £6,000, top-up £3,600 a year, 1 Sep–28 Feb, 181/365 ≈ £1,785.21, review 31 January.
    func testWX3() throws {
        let award = try TopUpAwardRules.check(senK(start: "2025-09-01")).get()
        XCTAssertEqual(award.annual, Money(decimal: "3600"))
        XCTAssertEqual(award.end, d("2026-02-28"), "start + 6 months, inclusive")
        XCTAssertTrue(award.endDefaulted)
        XCTAssertEqual(award.reviewDue, d("2026-01-31"), "4 weeks before the end")
        XCTAssertTrue(award.promptsEHCAssessment, "£9,600 is above £6,000")
        let due = try TopUpProRata.due(annual: award.annual, start: award.start, end: award.end, year: FinancialYear("2025-26")!).get()
        XCTAssertEqual(due.days, 181)
        XCTAssertEqual(due.amount.decimal, "1785.21", "3,600 × 181 ÷ 365 = 1,785.205… rounded half-up")
        XCTAssertEqual(TopUpAwardRules.periodCost(annual: award.annual, start: award.start, end: award.end), due)
        // The same award with the end given explicitly is the same award.
        let explicit = try TopUpAwardRules.check(senK(start: "2025-09-01", end: "2026-02-28")).get()
        XCTAssertEqual(explicit.reviewDue, d("2026-01-31"))
        XCTAssertFalse(explicit.endDefaulted)
    }

    func testDefaultEndOverLeapYearsAndShortMonths() {
        XCTAssertEqual(TopUpAwardRules.defaultEnd(start: d("2023-09-01"), months: 6), d("2024-02-29"), "a leap year's February")
        XCTAssertEqual(TopUpAwardRules.reviewDue(end: d("2024-02-29")), d("2024-02-01"))
        XCTAssertEqual(TopUpAwardRules.defaultEnd(start: d("2025-08-31"), months: 6), d("2026-02-28"), "no 31 February: the month's last day")
        XCTAssertEqual(TopUpAwardRules.defaultEnd(start: d("2023-08-30"), months: 6), d("2024-02-29"))
        XCTAssertEqual(TopUpAwardRules.defaultEnd(start: d("2024-03-01"), months: 6), d("2024-08-31"))
        XCTAssertEqual(TopUpAwardRules.defaultEnd(start: d("2025-09-01"), months: 3), d("2025-11-30"), "configurable months (LOCAL)")
        // A leap-year award is pro-rated over the 366-day financial year it falls in.
        let cost = TopUpAwardRules.periodCost(annual: Money(decimal: "3600")!, start: d("2023-09-01"), end: d("2024-02-29"))
        XCTAssertEqual(cost?.days, 182)
        XCTAssertEqual(cost?.amount.decimal, "1790.16")
        // Across two financial years each year's share is rounded, then summed (TOPUP-5).
        let across = TopUpAwardRules.periodCost(annual: Money(decimal: "3650")!, start: d("2026-01-01"), end: d("2026-06-30"))
        XCTAssertEqual(across?.days, 181)
        XCTAssertEqual(across?.amount.decimal, "1810.00", "90 days of 2025-26 (900.00) and 91 of 2026-27 (910.00)")
    }

    func testPolicyMonthsAndShortAwards() throws {
        let three = try TopUpAwardRules.check(senK(start: "2025-09-01"), policy: TopUpAwardPolicy(senKMonths: 3)).get()
        XCTAssertEqual(three.end, d("2025-11-30"))
        XCTAssertEqual(three.reviewDue, d("2025-11-02"))
        let short = try TopUpAwardRules.check(senK(start: "2025-09-01", end: "2025-09-10")).get()
        XCTAssertEqual(short.reviewDue, d("2025-09-01"), "an award shorter than 4 weeks is reviewed from its start")
        let plan = try TopUpAwardRules.check(senK(start: "2025-09-01", basis: .ehcp)).get()
        XCTAssertNil(plan.end, "only SEN K awards are time-limited")
        XCTAssertNil(plan.reviewDue)
        XCTAssertFalse(plan.promptsEHCAssessment, "a plan's top-up needs no prompt")
    }

    func testEndBeforeStartAndNoAmount() {
        guard case let .failure(problems) = TopUpAwardRules.check(senK(start: "2025-09-01", end: "2025-08-31", cost: nil)) else { return XCTFail("accepted") }
        XCTAssertEqual(problems.list, [.endsBeforeStart, .noAmount])
        XCTAssertEqual(problems.list.map(\.field), ["end", "provision-map-cost"])
    }

    func testThePromptIsAdvisoryAndOnlyAboveTheLine() throws {
        let at = try TopUpAwardRules.check(senK(start: "2025-09-01", cost: "6000")).get()
        XCTAssertFalse(at.promptsEHCAssessment, "exactly £6,000 is not above it")
        XCTAssertEqual(at.annual, .zero)
        let above = try TopUpAwardRules.check(senK(start: "2025-09-01", cost: "6000.01")).get()
        XCTAssertTrue(above.promptsEHCAssessment, "the prompt comes with a successful award: it never blocks")
        XCTAssertEqual(above.annual, Money(pence: 1))
    }

    // TOPUP-6: a top-up award for a student aged 19 or over requires a linked active EHC plan.
    func testPost19NeedsAPlan() throws {
        let born = d("2006-09-02")
        guard case let .failure(p) = TopUpAwardRules.check(senK(start: "2025-09-02", dob: born)) else { return XCTFail("accepted at 19") }
        XCTAssertEqual(p.list, [.post19NeedsPlan(age: 19)])
        XCTAssertNoThrow(try TopUpAwardRules.check(senK(start: "2025-09-01", dob: born)).get(), "18 the day before the birthday")
        XCTAssertNoThrow(try TopUpAwardRules.check(senK(start: "2025-09-02", dob: born, plan: true, basis: .ehcp)).get())
        // A 29 February birthday: 19 on 1 March in a common year (the default convention).
        XCTAssertTrue(TopUpAwardRules.needsPlan(dateOfBirth: d("2004-02-29"), start: d("2023-03-01")))
        XCTAssertFalse(TopUpAwardRules.needsPlan(dateOfBirth: d("2004-02-29"), start: d("2023-02-28")))
    }

    // TOPUP-4: the framework in force on a date.
    func testCurrentFramework() {
        let v1 = framework(1, from: "2023-04-01"), v2 = framework(2, from: "2025-04-01"), old = framework(1, from: "2020-04-01", to: "2021-03-31", name: "Matrix")
        let all = [v2, old, v1]
        XCTAssertNil(BandFrameworks.current(all, on: d("2019-01-01")))
        XCTAssertEqual(BandFrameworks.current(all, on: d("2020-06-01"))?.name, "Matrix")
        XCTAssertNil(BandFrameworks.current(all, on: d("2022-06-01")), "the Matrix ended and nothing replaced it until 2023")
        XCTAssertEqual(BandFrameworks.current(all, on: d("2025-03-31"))?.version, 1)
        XCTAssertEqual(BandFrameworks.current(all, on: d("2025-04-01"))?.version, 2)
        XCTAssertEqual(BandFrameworks.effectiveTo(of: v1, among: all), d("2025-03-31"))
        XCTAssertNil(BandFrameworks.effectiveTo(of: v2, among: all))
        XCTAssertEqual(v2.band("b2")?.annual, Money(decimal: "6000"))
    }

    // TOPUP-4: the reason is required when the awarded band differs from the requested one.
    func testPanelDecision() throws {
        let f = framework(2, from: "2025-04-01")
        XCTAssertEqual(BandDecision.make(requested: "B2", awarded: "B1", reason: " ", framework: f), .failure(.reasonRequired(requested: "B2", awarded: "B1")))
        XCTAssertEqual(BandDecision.make(requested: "B2", awarded: nil, reason: nil, framework: f), .failure(.reasonRequired(requested: "B2", awarded: nil)))
        let agreed = try BandDecision.make(requested: "b2", awarded: "B2", reason: nil, framework: f).get()
        XCTAssertEqual(agreed, BandDecision(requested: "B2", awarded: "B2", reason: nil), "codes stored as the framework spells them")
        XCTAssertFalse(agreed.differs)
        let lowered = try BandDecision.make(requested: "B2", awarded: "B1", reason: "Needs met with less support", framework: f).get()
        XCTAssertTrue(lowered.differs)
        XCTAssertEqual(BandDecision.make(requested: nil, awarded: "B9", reason: nil, framework: f),
                       .failure(.unknownBand(field: "awarded-band", code: "B9", framework: "London Banding version 2")))
        XCTAssertEqual(BandDecision.make(requested: "B1", awarded: "B1", reason: nil, framework: nil), .failure(.bandWithoutFramework))
        // The awarded band sets the amount and the award keeps the framework's version.
        let award = try TopUpAwardRules.check(senK(start: "2025-09-01", cost: nil, decision: lowered, framework: f)).get()
        XCTAssertEqual(award.annual, Money(decimal: "3000"))
        XCTAssertEqual(award.frameworkVersion, 2)
        XCTAssertTrue(award.promptsEHCAssessment, "band B1 plus the school's £6,000 is projected above £6,000")
    }

    func testBandsFile() {
        let header = "framework,version,effective_from,code,descriptor,annual_amount,setting_types\n"
        let good = header + "London Banding,2,2025-04-01,B1,Low,3000.00,\nLondon Banding,2,2025-04-01,B2,Medium,6000,mainstream-maintained;mainstream-academy\n"
        guard case let .frameworks(read) = BandFrameworkImportFile.parse(Data(good.utf8)) else { return XCTFail("refused") }
        XCTAssertEqual(read.count, 1)
        XCTAssertEqual(read[0].line, 2)
        XCTAssertEqual(read[0].framework.bands.map(\.code), ["B1", "B2"])
        XCTAssertEqual(read[0].framework.band("B2")?.settingTypes, [.mainstreamMaintained, .mainstreamAcademy])
        let bad = header + """
        London Banding,2,2025-04-01,B1,Low,3000.00,
        London Banding,2,2025-05-01,B2,Medium,6000,
        London Banding,2,2025-04-01,b1,Again,1,
        London Banding,0,2025-02-30,,Low,-1,academy
        Matrix,1,2025-04-01,M1,One,1,
        """
        guard case let .problems(problems) = BandFrameworkImportFile.parse(Data(bad.utf8)) else { return XCTFail("accepted") }
        let text = problems.map(\.description)
        XCTAssertTrue(text.contains("line 3: effective_from 2025-05-01 differs from 2025-04-01 on line 2 for London Banding version 2"), "\(text)")
        XCTAssertTrue(text.contains("line 4: repeats band b1 of London Banding version 2 from line 2"), "\(text)")
        XCTAssertTrue(text.contains("line 5: version \"0\" must be a whole number above 0"), "\(text)")
        XCTAssertTrue(text.contains("line 5: effective_from \"2025-02-30\" is not a real date in the format YYYY-MM-DD"), "\(text)")
        XCTAssertTrue(text.contains("line 5: code must be 1 to 20 characters"), "\(text)")
        XCTAssertTrue(text.contains("line 5: annual_amount must not be negative"), "\(text)")
        XCTAssertTrue(text.contains { $0.hasPrefix("line 5: setting_types \"academy\" must be one of") }, "\(text)")
        XCTAssertTrue(text.contains("line 6: Matrix version 1 starts on 2025-04-01, the same day as London Banding version 2: give each version its own effective_from"), "\(text)")
        guard case let .problems(empty) = BandFrameworkImportFile.parse(Data(header.utf8)) else { return XCTFail() }
        XCTAssertEqual(empty.map(\.description), ["line 2: the file has a header but no bands"])
    }
}
