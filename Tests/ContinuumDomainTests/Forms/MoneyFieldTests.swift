import XCTest
@testable import ContinuumDomain

/// `FieldChecks.money`: amounts in pounds typed into forms, with GOV.UK-style messages.
final class MoneyFieldTests: XCTestCase {
    private func check(_ raw: String?, allowNegative: Bool = false, required: Bool = true) -> (Money?, [String]) {
        var checks = FieldChecks(today: CalendarDate(year: 2026, month: 12, day: 3))
        let amount = checks.money(raw, field: "saving", subject: "the saving in 2027-28", allowNegative: allowNegative, required: required)
        return (amount, checks.problems.map(\.message))
    }

    func testAmountsAsPeopleTypeThem() {
        XCTAssertEqual(check("1200.50").0, Money(pence: 120_050))
        XCTAssertEqual(check("£1,200,000").0, Money(pence: 120_000_000))
        XCTAssertEqual(check(" 0 ").0, .zero)
        XCTAssertEqual(check("-£5.25", allowNegative: true).0, Money(pence: -525))
    }

    func testProblemsAreNamedAndNothingIsReturned() {
        XCTAssertEqual(check("").1, ["Enter the saving in 2027-28"])
        XCTAssertEqual(check("", required: false).1, [])
        XCTAssertNil(check("", required: false).0)
        XCTAssertEqual(check("twelve").1, ["The saving in 2027-28 must be an amount in pounds, like 1200.50"])
        XCTAssertEqual(check("12.345").1, ["The saving in 2027-28 must be an amount in pounds, like 1200.50"], "at most two decimal places")
        XCTAssertEqual(check("-5").1, ["The saving in 2027-28 must be £0 or more"])
        XCTAssertNil(check("-5").0)
        XCTAssertEqual(check("99999999999999").1.count, 1, "beyond £10 billion is a typing mistake")
    }
}
